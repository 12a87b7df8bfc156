//! Declares each family's operations as cfgs, from the same specs the
//! family crates are generated from: a test of an operation a revision lacks
//! (`#[cfg(chatwoot_operation = "application::list_labels")]`) compiles out
//! with the operation.

fn main() {
    let manifest =
        std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    chatwoot_codegen::build::calling_crate(&manifest.join(".."), &chatwoot_codegen::Family::ALL);
}
