//! The whole pipeline on every upstream revision in the shared mirror
//! (`../shared/openapi` beside the workspace, or `CHATWOOT_OPENAPI_MIRROR`):
//! each family normalizes, keeps every operation, and generates code with a
//! method per operation.

use std::path::PathBuf;

use chatwoot_codegen::generate::{GenerateOptions, generate};
use xtask::normalize::{Family, Fixup, FixupKind, Names, Options, TargetState, normalize_with};

fn mirror() -> Option<PathBuf> {
    let dir = match std::env::var_os("CHATWOOT_OPENAPI_MIRROR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi"),
    };
    dir.is_dir().then_some(dir)
}

/// The workspace's fixups and additions, as `cargo xtask codegen` loads them.
fn fixups() -> Vec<Fixup> {
    Fixup::load_openapi_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi"))
        .expect("fixups and additions load")
}

/// The workspace's names, as `cargo xtask codegen` uses them.
fn options() -> Options {
    Options {
        names: Some(
            Names::load_openapi_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../openapi"))
                .expect("openapi/names.toml loads"),
        ),
        ..Options::default()
    }
}

/// The revisions the mirror holds, oldest name first (upstream commit ids).
fn revisions(mirror: &std::path::Path) -> Vec<PathBuf> {
    let mut revisions: Vec<PathBuf> = std::fs::read_dir(mirror)
        .expect("mirror readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("swagger/tag_groups").is_dir())
        .collect();
    revisions.sort();
    revisions
}

fn name(revision: &std::path::Path) -> String {
    revision
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Fixups, normalization and check generation of one family at one
/// revision; a line of figures, or what failed.
fn check(revision: &std::path::Path, family: Family, fixups: &[Fixup]) -> Result<String, String> {
    let path = revision.join(format!("swagger/tag_groups/{family}_swagger.json"));
    let upstream: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    let normalized =
        normalize_with(family, &upstream, fixups, &options()).map_err(|e| e.to_string())?;
    let report = &normalized.report;
    if report.operations_in + report.operations_added.len() != report.operations_out {
        return Err(format!(
            "operations {} in + {} added, {} out",
            report.operations_in,
            report.operations_added.len(),
            report.operations_out
        ));
    }
    // Every added route is there: added by us, or documented upstream.
    let additions = fixups
        .iter()
        .filter(|f| f.kind == FixupKind::Addition && f.applies_to(family))
        .flat_map(Fixup::added_operations)
        .count();
    let upstream_has = report
        .fixups
        .iter()
        .filter(|o| o.kind == FixupKind::Addition)
        .flat_map(|o| &o.targets)
        .filter(|t| t.pointer.starts_with("/paths/") && t.state == TargetState::FixedUpstream)
        .count();
    if report.operations_added.len() + upstream_has != additions {
        return Err(format!(
            "{} routes added, {upstream_has} upstream's, of {additions} additions",
            report.operations_added.len()
        ));
    }
    // The client and its mocks, as a build with the `mock` feature makes them.
    let options = GenerateOptions {
        mock: true,
        ..GenerateOptions::default()
    };
    let code = generate(family, &normalized.spec, &options)
        .map_err(|e| e.to_string())?
        .client;
    for op in &report.operations {
        let method = format!("pub fn {}(", heck_snake(&op.operation_id));
        if !code.contains(&method) {
            return Err(format!("no method {method}"));
        }
    }
    let mut line = format!(
        "{} {family}: OpenAPI {}; operations {} in, {} added, {} out; {} lines",
        name(revision),
        report.openapi_in,
        report.operations_in,
        report.operations_added.len(),
        report.operations_out,
        code.lines().count(),
    );
    let count = |state| {
        report
            .fixups
            .iter()
            .flat_map(|o| &o.targets)
            .filter(|t| t.state == state)
            .count()
    };
    line.push_str(&format!(
        "; fixup targets {} applied, {} fixed upstream, {} not present",
        count(TargetState::Applied),
        count(TargetState::FixedUpstream),
        count(TargetState::NotPresent)
    ));
    for outcome in &report.fixups {
        if outcome.state() != Some(TargetState::Applied) {
            line.push_str(&format!("\n    {outcome}"));
        }
    }
    Ok(line)
}

/// Every revision of the mirror, every family: the test reads the mirror's
/// folders, so a revision added to it is covered with no change here.
#[test]
fn every_mirrored_revision_generates_every_operation() {
    let Some(mirror) = mirror() else {
        eprintln!("no spec mirror found; set CHATWOOT_OPENAPI_MIRROR to run this test");
        return;
    };
    let fixups = fixups();
    let revisions = revisions(&mirror);
    assert!(!revisions.is_empty(), "the mirror holds no revision");
    let results: Vec<Result<String, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = revisions
            .iter()
            .flat_map(|r| Family::ALL.map(|f| (r, f)))
            .map(|(revision, family)| {
                let fixups = &fixups;
                scope.spawn(move || {
                    check(revision, family, fixups)
                        .map_err(|e| format!("{} {family}: {e}", name(revision)))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("panicked".into())))
            .collect()
    });
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(line) => println!("{line}"),
            Err(failure) => failures.push(failure),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        revisions.len() * 3,
        failures.join("\n")
    );
}

fn heck_snake(s: &str) -> String {
    use heck::ToSnakeCase;
    s.to_snake_case()
}

/// Every tag of the Application API, at every mirrored revision, is an area
/// feature of `chatwoot-application`, and every area feature names a tag: a
/// regeneration that brings a new tag fails here until the feature exists.
#[test]
fn every_application_tag_is_an_area_feature() {
    use chatwoot_codegen::build::{
        ALL_AREAS_FEATURE, NON_AREA_FEATURES, area_feature, declared_features,
    };
    let Some(mirror) = mirror() else {
        eprintln!("no spec mirror found; set CHATWOOT_OPENAPI_MIRROR to run this test");
        return;
    };
    let manifest = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/chatwoot-application/Cargo.toml"),
    )
    .expect("manifest readable");
    let declared = declared_features(&manifest);
    assert!(declared.iter().any(|f| f == ALL_AREAS_FEATURE));
    let all_fixups = fixups();
    let mut tags = std::collections::BTreeSet::new();
    for revision in revisions(&mirror) {
        let path = revision.join("swagger/tag_groups/application_swagger.json");
        if !path.is_file() {
            continue;
        }
        let fixups = &all_fixups;
        let upstream: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("spec readable"))
                .expect("spec is JSON");
        let normalized =
            normalize_with(Family::Application, &upstream, fixups, &options()).expect("normalizes");
        for item in normalized.spec["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
        {
            for op in item.as_object().into_iter().flat_map(|i| i.values()) {
                for tag in op["tags"].as_array().into_iter().flatten() {
                    tags.insert(area_feature(tag.as_str().expect("tag is a string")));
                }
            }
        }
    }
    let missing: Vec<&String> = tags.iter().filter(|t| !declared.contains(t)).collect();
    assert!(missing.is_empty(), "tags without a feature: {missing:?}");
    let full_line = manifest
        .split("\nfull = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("a `full = [...]` feature");
    for tag in &tags {
        assert!(
            full_line.contains(&format!("\"{tag}\"")),
            "`full` does not turn on `{tag}`"
        );
    }
    let areas = declared
        .iter()
        .filter(|f| !NON_AREA_FEATURES.contains(&f.as_str()));
    for area in areas {
        assert!(tags.contains(area), "the feature `{area}` names no tag");
    }
}
