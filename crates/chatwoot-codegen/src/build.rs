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
    let mut spec = serde_json::from_str(&text).map_err(|e| {
        format!(
            "chatwoot-{family}: {} is not valid JSON ({e}); run `cargo xtask codegen` again",
            spec_path.display()
        )
    })?;
    select_areas(&mut spec, &manifest_dir.join("Cargo.toml"), family)?;
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

/// The Cargo feature that builds an area of a family: the kebab-case name of
/// the spec's tag (`Account AgentBots` is `account-agent-bots`).
pub fn area_feature(tag: &str) -> String {
    use heck::ToKebabCase;
    tag.to_kebab_case()
}

/// The feature that builds every area of a family crate that has areas.
pub const ALL_AREAS_FEATURE: &str = "full";

/// Keeps only the operations of the areas the crate is built with, then
/// what they reach, so a user who needs conversations and messages compiles
/// those and not the whole family (as async-stripe does per resource).
///
/// A crate has areas when its manifest declares the feature `full`; with
/// `full` on, everything is built. An operation is kept when one of its tags
/// is an enabled feature, when a tag has no feature (a tag upstream added
/// since the crate's manifest was written: built, with a warning, rather
/// than lost) or when it has no tag.
fn select_areas(
    spec: &mut serde_json::Value,
    manifest: &Path,
    family: Family,
) -> Result<(), String> {
    let text = std::fs::read_to_string(manifest)
        .map_err(|e| format!("chatwoot-{family}: cannot read {}: {e}", manifest.display()))?;
    let declared = declared_features(&text);
    if !declared.iter().any(|f| f == ALL_AREAS_FEATURE) {
        return Ok(());
    }
    let enabled = |feature: &str| {
        let key = format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"));
        std::env::var_os(key).is_some()
    };
    if enabled(ALL_AREAS_FEATURE) {
        return Ok(());
    }
    let (kept, undeclared) = restrict_to_areas(spec, &declared, &enabled);
    for tag in undeclared {
        println!(
            "cargo::warning=chatwoot-{family}: the spec's tag `{tag}` has no feature `{}`; its operations are always built",
            area_feature(&tag)
        );
    }
    if kept == 0 {
        return Err(format!(
            "chatwoot-{family} is built with no area: enable the feature `{ALL_AREAS_FEATURE}` (the default) or at least one area, such as `conversations`"
        ));
    }
    Ok(())
}

/// Keeps the operations of the enabled areas (see [`area_feature`]), those
/// whose tag is not among the `declared` features, and those with no tag;
/// then prunes what they no longer reach. Returns how many operations are
/// kept, and the tags that have no declared feature.
pub fn restrict_to_areas(
    spec: &mut serde_json::Value,
    declared: &[String],
    enabled: &dyn Fn(&str) -> bool,
) -> (usize, std::collections::BTreeSet<String>) {
    let mut undeclared = std::collections::BTreeSet::new();
    let mut kept = 0usize;
    if let Some(paths) = spec
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut)
    {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            item.retain(|method, op| {
                if !crate::normalize::is_http_method(method) {
                    return true;
                }
                let tags: Vec<&str> = op
                    .get("tags")
                    .and_then(serde_json::Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(serde_json::Value::as_str)
                    .collect();
                let keep = tags.is_empty()
                    || tags.iter().any(|tag| {
                        let feature = area_feature(tag);
                        if declared.contains(&feature) {
                            enabled(&feature)
                        } else {
                            undeclared.insert((*tag).to_owned());
                            true
                        }
                    });
                kept += usize::from(keep);
                keep
            });
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_some_and(|item| item.keys().any(|k| crate::normalize::is_http_method(k)))
        });
    }
    crate::normalize::prune::unreachable(spec, &mut Vec::new());
    (kept, undeclared)
}

/// The feature names a manifest declares: the keys of its `[features]` table.
pub fn declared_features(manifest: &str) -> Vec<String> {
    let mut in_features = false;
    let mut features = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features || line.starts_with('#') {
            continue;
        }
        if let Some((key, _)) = line.split_once('=') {
            let key = key.trim();
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                features.push(key.to_owned());
            }
        }
    }
    features
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_the_keys_of_the_features_table() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"full\"]\n# a comment = no\nfull = [\"conversations\",\n  \"messages\"]\nconversations = []\n\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(
            declared_features(manifest),
            ["default", "full", "conversations"]
        );
    }

    #[test]
    fn areas_are_named_after_tags() {
        assert_eq!(area_feature("Account AgentBots"), "account-agent-bots");
        assert_eq!(area_feature("Conversations"), "conversations");
        assert_eq!(area_feature("Help Center"), "help-center");
        assert_eq!(area_feature("CSAT"), "csat");
    }
}
