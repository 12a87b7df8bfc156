//! The build script of every family crate, in one place.

use std::path::{Path, PathBuf};

use crate::Family;
use crate::generate::{GenerateOptions, generate};

/// The environment variable naming an `openapi/` directory (a checkout's,
/// after `cargo xtask codegen`) to read the normalized spec from.
pub const OPENAPI_DIR_ENV: &str = "CHATWOOT_OPENAPI_DIR";

/// The normalized spec of a family, inside an `openapi/` directory.
pub fn normalized_spec_path(openapi_dir: &Path, family: Family) -> PathBuf {
    openapi_dir
        .join("normalized")
        .join(format!("{family}.json"))
}

/// The copy of the normalized spec a family crate's package carries:
/// `spec/<family>.json` in the crate, staged there by `cargo xtask codegen`.
pub fn packaged_spec_path(manifest_dir: &Path, family: Family) -> PathBuf {
    manifest_dir.join("spec").join(format!("{family}.json"))
}

/// Where a family crate's build looks for its spec, in order: the copy its
/// package carries, the workspace's `openapi/normalized/`, then
/// `CHATWOOT_OPENAPI_DIR`. A variant (`unpruned`) is only ever in an
/// `openapi/normalized/`.
pub fn spec_candidates(manifest_dir: &Path, family: Family, variant: Option<&str>) -> Vec<PathBuf> {
    let file = match variant {
        Some(variant) => format!("{family}.{variant}.json"),
        None => format!("{family}.json"),
    };
    let mut candidates = Vec::new();
    if variant.is_none() {
        candidates.push(packaged_spec_path(manifest_dir, family));
    }
    candidates.push(manifest_dir.join("../../openapi/normalized").join(&file));
    if let Some(dir) = std::env::var_os(OPENAPI_DIR_ENV).filter(|d| !d.is_empty()) {
        candidates.push(PathBuf::from(dir).join("normalized").join(&file));
    }
    candidates
}

/// Where the crate is being built from, for the one line that says what to
/// do when no spec is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A checkout of the repository (its `openapi/specs.lock.toml` beside).
    Workspace,
    /// A git dependency: cargo's checkout of the repository, where nobody
    /// runs `cargo xtask codegen`.
    GitDependency,
    /// An unpacked package (from crates.io or `cargo package`).
    Package,
}

impl Origin {
    /// Tells the three apart by what surrounds the manifest.
    pub fn of(manifest_dir: &Path) -> Origin {
        let in_checkout = manifest_dir.join("../../openapi/specs.lock.toml").is_file();
        let in_cargo_git = manifest_dir
            .components()
            .any(|c| c.as_os_str() == "checkouts")
            && manifest_dir.components().any(|c| c.as_os_str() == "git");
        match (in_checkout, in_cargo_git) {
            (true, true) => Origin::GitDependency,
            (true, false) => Origin::Workspace,
            (false, _) => Origin::Package,
        }
    }

    /// What to do when no spec was found, in one line.
    pub fn advice(self, family: Family) -> String {
        match self {
            Origin::Workspace => format!(
                "the {family} spec is not generated yet: run `cargo xtask codegen` in the workspace root first (offline: with `--mirror DIR`)"
            ),
            Origin::GitDependency => format!(
                "chatwoot-{family} cannot build as a git dependency (its spec is generated, never committed): depend on the crates.io release, or clone the repository, run `cargo xtask codegen` there and depend on it by path or with {OPENAPI_DIR_ENV}=<clone>/openapi"
            ),
            Origin::Package => format!(
                "this chatwoot-{family} package carries no spec/{family}.json (packaged without `cargo xtask codegen`): use a release from crates.io, or set {OPENAPI_DIR_ENV} to the openapi/ directory of a checkout where `cargo xtask codegen` ran"
            ),
        }
    }
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
    // `cargo xtask bench` builds the unpruned spec as its baseline; never a user's build.
    println!("cargo::rerun-if-env-changed={SPEC_VARIANT_ENV}");
    println!("cargo::rerun-if-env-changed={OPENAPI_DIR_ENV}");
    let variant = std::env::var_os(SPEC_VARIANT_ENV)
        .filter(|v| !v.is_empty())
        .map(|v| v.to_string_lossy().into_owned());
    if let Some(variant) = &variant
        && !variant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(format!(
            "{SPEC_VARIANT_ENV}=`{variant}` is not a variant name"
        ));
    }
    let candidates = spec_candidates(&manifest_dir, family, variant.as_deref());
    for candidate in &candidates {
        // Also where none exists yet: cargo builds again once one appears.
        println!("cargo::rerun-if-changed={}", candidate.display());
    }
    let spec_path = candidates
        .iter()
        .find(|c| c.is_file())
        .ok_or_else(|| Origin::of(&manifest_dir).advice(family))?;
    let text = std::fs::read_to_string(spec_path).map_err(|e| {
        format!(
            "chatwoot-{family}: cannot read {}: {e}",
            spec_path.display()
        )
    })?;
    let mut spec = serde_json::from_str(&text).map_err(|e| {
        format!(
            "chatwoot-{family}: {} is not valid JSON ({e}); run `cargo xtask codegen` again",
            spec_path.display()
        )
    })?;
    // For the crate's docs: which Chatwoot it speaks.
    let upstream = crate::generate::Upstream::of(&spec);
    println!(
        "cargo::rustc-env=CHATWOOT_UPSTREAM_REVISION={}",
        upstream.revision
    );
    println!("cargo::rustc-env=CHATWOOT_UPSTREAM_DATE={}", upstream.date);
    select_areas(&mut spec, &manifest_dir.join("Cargo.toml"), family)?;
    declare_parameters(&spec);
    // The mocks only with the `mock` feature: users who do not test with
    // them do not pay for their generation.
    let options = GenerateOptions {
        schemars: std::env::var_os("CARGO_FEATURE_SCHEMARS").is_some(),
        mock: std::env::var_os("CARGO_FEATURE_MOCK").is_some(),
    };
    let generated =
        generate(family, &spec, &options).map_err(|e| format!("chatwoot-{family}: {e}"))?;
    let write = |name: String, code: &str| {
        let out = out_dir.join(name);
        std::fs::write(&out, code)
            .map_err(|e| format!("chatwoot-{family}: cannot write {}: {e}", out.display()))
    };
    // `cfg(chatwoot_type = "Conversation")`: the struct is generated here.
    println!("cargo::rustc-check-cfg=cfg(chatwoot_type, values(any()))");
    for name in &generated.structs {
        println!("cargo::rustc-cfg=chatwoot_type=\"{name}\"");
    }
    write(format!("{family}.rs"), &generated.client)?;
    if let Some(mock) = &generated.mock {
        write(format!("{family}_mock.rs"), mock)?;
    }
    Ok(())
}

/// Tells the family crate which operations and operation parameters this
/// revision's spec has, as `cfg(chatwoot_operation = "<method>")` and
/// `cfg(chatwoot_parameter = "<method>.<parameter>")`: hand-written code that
/// needs an operation or a parameter only some revisions have (the `before`
/// cursor of `list_messages`, `update_profile`) compiles only where it
/// exists.
fn declare_parameters(spec: &serde_json::Value) {
    declare_cfgs(spec, "");
}

/// The build script of a crate that calls the family crates (the
/// workspace's tests, examples and benches): the same cfgs as each family
/// crate declares for itself, qualified by family
/// (`cfg(chatwoot_operation = "application::list_labels")`), read from the
/// same spec, so a test of an operation a revision lacks compiles out with
/// the operation. `workspace` is the root of the workspace the crate is in.
pub fn calling_crate(workspace: &Path, families: &[Family]) {
    if let Err(message) = try_calling_crate(workspace, families) {
        println!("cargo::error={message}");
    }
}

fn try_calling_crate(workspace: &Path, families: &[Family]) -> Result<(), String> {
    println!("cargo::rerun-if-env-changed={OPENAPI_DIR_ENV}");
    for &family in families {
        let manifest_dir = workspace.join("crates").join(format!("chatwoot-{family}"));
        let candidates = spec_candidates(&manifest_dir, family, None);
        for candidate in &candidates {
            println!("cargo::rerun-if-changed={}", candidate.display());
        }
        let path = candidates
            .iter()
            .find(|c| c.is_file())
            .ok_or_else(|| Origin::of(&manifest_dir).advice(family))?;
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let spec: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
        declare_cfgs(&spec, &format!("{family}::"));
    }
    Ok(())
}

fn declare_cfgs(spec: &serde_json::Value, prefix: &str) {
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
                "cargo::rustc-cfg=chatwoot_operation=\"{prefix}{}\"",
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
                    "cargo::rustc-cfg=chatwoot_parameter=\"{prefix}{}.{name}\"",
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

/// The features of a family crate that are not areas: `default`, `full`,
/// the extras and the TLS backends.
pub const NON_AREA_FEATURES: [&str; 8] = [
    "default",
    ALL_AREAS_FEATURE,
    "schemars",
    "mock",
    "webhook-records",
    "rustls-ring",
    "rustls-aws-lc",
    "native-tls",
];

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
                if !crate::spec::is_http_method(method) {
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
                .is_some_and(|item| item.keys().any(|k| crate::spec::is_http_method(k)))
        });
    }
    crate::spec::prune_unreachable(spec);
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
