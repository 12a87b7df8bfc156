//! Generates the client from `openapi/normalized/application.json` (made by `cargo xtask codegen`).
fn main() {
    chatwoot_codegen::build::family_crate(chatwoot_codegen::Family::Application);
}
