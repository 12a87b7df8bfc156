//! Generates the client from `openapi/normalized/platform.json` (made by `cargo xtask codegen`).
fn main() {
    chatwoot_codegen::build::family_crate(chatwoot_codegen::Family::Platform);
}
