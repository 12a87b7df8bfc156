//! The build script of every family crate, in one place.

use std::path::{Path, PathBuf};

use crate::Family;
use crate::generate::{GenerateOptions, generate};

/// Where the workspace keeps its specs, seen from a family crate's build.
/// `CHATWOOT_OPENAPI_DIR` overrides it (a crate built outside the workspace).
pub fn openapi_dir(manifest_dir: &Path) -> PathBuf {
    match std::env::var_os("CHATWOOT_OPENAPI_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => manifest_dir.join("../../openapi"),
    }
}

/// The normalized spec of a family, inside an `openapi/` directory.
pub fn normalized_spec_path(openapi_dir: &Path, family: Family) -> PathBuf {
    openapi_dir
        .join("normalized")
        .join(format!("{family}.json"))
}

/// Runs as the `main` of a family crate's `build.rs`: reads the normalized
/// spec that `cargo xtask codegen` wrote, generates the client into
/// `OUT_DIR/<family>.rs`. On failure it prints one `cargo::error` line saying
/// what to do, which fails the build.
pub fn family_crate(family: Family) {
    if let Err(message) = try_family_crate(family) {
        println!("cargo::error={message}");
    }
}

/// Names a variant of the normalized spec to build from instead:
/// `unpruned` reads `openapi/normalized/<family>.unpruned.json`, which
/// `cargo xtask bench` writes as the baseline of its build timings.
pub const SPEC_VARIANT_ENV: &str = "CHATWOOT_SPEC_VARIANT";

fn try_family_crate(family: Family) -> Result<(), String> {
    let env = |key: &str| {
        std::env::var_os(key)
            .map(PathBuf::from)
            .ok_or(format!("{key} is not set"))
    };
    let manifest_dir = env("CARGO_MANIFEST_DIR")?;
    let out_dir = env("OUT_DIR")?;
    let mut spec_path = normalized_spec_path(&openapi_dir(&manifest_dir), family);
    // `cargo xtask bench` builds the unpruned spec as its baseline; never a user's build.
    println!("cargo::rerun-if-env-changed={SPEC_VARIANT_ENV}");
    if let Some(variant) = std::env::var_os(SPEC_VARIANT_ENV).filter(|v| !v.is_empty()) {
        let variant = variant.to_string_lossy().into_owned();
        if !variant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(format!(
                "{SPEC_VARIANT_ENV}=`{variant}` is not a variant name"
            ));
        }
        spec_path.set_file_name(format!("{family}.{variant}.json"));
    }
    println!("cargo::rerun-if-changed={}", spec_path.display());
    println!("cargo::rerun-if-env-changed=CHATWOOT_OPENAPI_DIR");

    let text = std::fs::read_to_string(&spec_path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!(
            "the {family} spec is not generated yet (openapi/normalized/{family}.json): run `cargo xtask codegen` in the workspace root first"
        ),
        _ => format!("chatwoot-{family}: cannot read {}: {e}", spec_path.display()),
    })?;
    let spec = serde_json::from_str(&text).map_err(|e| {
        format!(
            "chatwoot-{family}: {} is not valid JSON ({e}); run `cargo xtask codegen` again",
            spec_path.display()
        )
    })?;
    declare_parameters(&spec);
    let options = GenerateOptions {
        schemars: std::env::var_os("CARGO_FEATURE_SCHEMARS").is_some(),
    };
    let code = generate(family, &spec, &options).map_err(|e| format!("chatwoot-{family}: {e}"))?;
    let out = out_dir.join(format!("{family}.rs"));
    std::fs::write(&out, code)
        .map_err(|e| format!("chatwoot-{family}: cannot write {}: {e}", out.display()))?;
    // Only with the `mock` feature: users who do not test with it do not pay
    // for its generation.
    if std::env::var_os("CARGO_FEATURE_MOCK").is_some() {
        let mock = crate::mock::generate_mock(&spec)
            .map_err(|e| format!("chatwoot-{family}: mock helpers: {e}"))?;
        let out = out_dir.join(format!("{family}_mock.rs"));
        std::fs::write(&out, mock)
            .map_err(|e| format!("chatwoot-{family}: cannot write {}: {e}", out.display()))?;
    }
    Ok(())
}

/// Tells the family crate which operations and operation parameters this
/// revision's spec has, as `cfg(chatwoot_operation = "<method>")` and
/// `cfg(chatwoot_parameter = "<method>.<parameter>")`: hand-written code that
/// needs an operation or a parameter only some revisions have (the `before`
/// cursor of `list_all_messages`, `update_profile`) compiles only where it
/// exists.
fn declare_parameters(spec: &serde_json::Value) {
    use heck::ToSnakeCase;
    println!("cargo::rustc-check-cfg=cfg(chatwoot_parameter, values(any()))");
    println!("cargo::rustc-check-cfg=cfg(chatwoot_operation, values(any()))");
    let Some(paths) = spec.get("paths").and_then(serde_json::Value::as_object) else {
        return;
    };
    let resolve = |param: &serde_json::Value| -> Option<String> {
        let param = match param.get("$ref").and_then(serde_json::Value::as_str) {
            Some(reference) => spec.pointer(reference.strip_prefix('#')?)?,
            None => param,
        };
        param
            .get("name")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    for item in paths.values() {
        let shared: Vec<String> = item
            .get("parameters")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(resolve)
            .collect();
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            let Some(op) = item.get(method) else { continue };
            let Some(id) = op.get("operationId").and_then(serde_json::Value::as_str) else {
                continue;
            };
            println!(
                "cargo::rustc-cfg=chatwoot_operation=\"{}\"",
                id.to_snake_case()
            );
            let own = op
                .get("parameters")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(resolve);
            for name in shared.iter().cloned().chain(own) {
                let name = name.trim_end_matches("[]").to_snake_case();
                println!(
                    "cargo::rustc-cfg=chatwoot_parameter=\"{}.{name}\"",
                    id.to_snake_case()
                );
            }
        }
    }
}
