//! The whole pipeline on every upstream revision in the shared mirror
//! (`../shared/openapi` beside the workspace, or `CHATWOOT_OPENAPI_MIRROR`):
//! each family normalizes, keeps every operation, and generates code with a
//! method per operation.

use std::path::PathBuf;

use chatwoot_codegen::generate::{GenerateOptions, generate};
use chatwoot_codegen::{Family, Fixup, FixupKind, Options, normalize, normalize_with};

fn mirror() -> Option<PathBuf> {
    let dir = match std::env::var_os("CHATWOOT_OPENAPI_MIRROR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/openapi"),
    };
    dir.is_dir().then_some(dir)
}

/// The workspace's fixups and additions, as `cargo xtask codegen` loads them.
fn fixups() -> Vec<Fixup> {
    Fixup::load_openapi_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi"))
        .expect("fixups and additions load")
}

#[test]
fn every_mirrored_revision_generates_every_operation() {
    let Some(mirror) = mirror() else {
        eprintln!("no spec mirror found; set CHATWOOT_OPENAPI_MIRROR to run this test");
        return;
    };
    let all_fixups = fixups();
    let mut checked = 0;
    for revision in std::fs::read_dir(&mirror).expect("mirror readable") {
        let revision = revision.expect("entry").path();
        let fixups = Fixup::for_revision(
            &all_fixups,
            &revision.file_name().unwrap_or_default().to_string_lossy(),
        );
        let dir = revision.join("swagger/tag_groups");
        if !dir.is_dir() {
            continue;
        }
        for family in Family::ALL {
            let path = dir.join(format!("{family}_swagger.json"));
            let upstream: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("spec readable"))
                    .expect("spec is JSON");
            let normalized = normalize(family, &upstream, &fixups)
                .unwrap_or_else(|e| panic!("{}: {family}: {e}", revision.display()));
            let report = &normalized.report;
            assert_eq!(
                report.operations_in + report.operations_added.len(),
                report.operations_out,
                "{}",
                path.display()
            );
            let additions = fixups
                .iter()
                .filter(|f| f.kind == FixupKind::Addition && f.applies_to(family))
                .flat_map(Fixup::added_operations)
                .count();
            assert_eq!(
                report.operations_added.len(),
                additions,
                "{}: every addition applies",
                path.display()
            );
            let code = generate(family, &normalized.spec, &GenerateOptions::default())
                .unwrap_or_else(|e| panic!("{}: {family}: {e}", revision.display()));
            for op in &report.operations {
                let method = format!("pub fn {}(", heck_snake(&op.operation_id));
                assert!(
                    code.contains(&method),
                    "{}: no method {method}",
                    path.display()
                );
            }
            let unpruned = normalize_with(family, &upstream, &fixups, &Options { prune: false })
                .map(|n| generate(family, &n.spec, &GenerateOptions::default()))
                .unwrap_or_else(|e| panic!("{family} unpruned: {e}"))
                .unwrap_or_else(|e| panic!("{family} unpruned: {e}"));
            println!(
                "{} {family}: operations {} in, {} added, {} out; schemas {} kept of {}; generated lines {} pruned, {} unpruned",
                revision
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default(),
                report.operations_in,
                report.operations_added.len(),
                report.operations_out,
                report.schemas_kept,
                report.schemas_in,
                code.lines().count(),
                unpruned.lines().count(),
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "the mirror holds no revision");
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
    use chatwoot_codegen::build::{ALL_AREAS_FEATURE, area_feature, declared_features};
    let Some(mirror) = mirror() else {
        eprintln!("no spec mirror found; set CHATWOOT_OPENAPI_MIRROR to run this test");
        return;
    };
    let manifest = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chatwoot-application/Cargo.toml"),
    )
    .expect("manifest readable");
    let declared = declared_features(&manifest);
    assert!(declared.iter().any(|f| f == ALL_AREAS_FEATURE));
    let all_fixups = fixups();
    let mut tags = std::collections::BTreeSet::new();
    for revision in std::fs::read_dir(&mirror).expect("mirror readable") {
        let revision = revision.expect("entry").path();
        let path = revision.join("swagger/tag_groups/application_swagger.json");
        if !path.is_file() {
            continue;
        }
        let fixups = Fixup::for_revision(
            &all_fixups,
            &revision.file_name().unwrap_or_default().to_string_lossy(),
        );
        let upstream: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("spec readable"))
                .expect("spec is JSON");
        let normalized = normalize(Family::Application, &upstream, &fixups).expect("normalizes");
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
        .filter(|f| !["default", ALL_AREAS_FEATURE, "schemars", "mock"].contains(&f.as_str()));
    for area in areas {
        assert!(tags.contains(area), "the feature `{area}` names no tag");
    }
}
