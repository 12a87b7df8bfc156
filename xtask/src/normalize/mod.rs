#![doc = include_str!("README.md")]

mod defects;
pub mod enums;
pub mod fixups;
mod limits;
pub mod maps;
pub mod names;
mod openapi31;
pub(crate) mod prune;
pub mod records;
pub mod report;
mod validate;
pub(crate) mod walk;

use serde_json::Value;

pub use limits::ERROR_MEDIA_TYPE;

pub use chatwoot_codegen::Family;
pub use fixups::{Contradiction, Fixup, FixupError, FixupKind, FixupOutcome, TargetState};
pub use names::Names;
pub use report::Report;

use crate::normalize::report::{Change, OperationEntry};

/// Why a spec could not be normalized. Each names where the problem is.
#[derive(Debug, thiserror::Error)]
pub enum NormalizeError {
    /// The document is not an OpenAPI document at all.
    #[error("not an OpenAPI document: {found}")]
    NotOpenApi {
        /// What was found instead.
        found: String,
    },
    /// An OpenAPI version other than 3.0 or 3.1.
    #[error("OpenAPI {version} is not supported (3.0.x and 3.1.x are)")]
    UnsupportedVersion {
        /// The declared version.
        version: String,
    },
    /// A named fixup failed.
    #[error(transparent)]
    Fixup(#[from] FixupError),
    /// A construct no normalization rule knows.
    #[error(
        "{what} at {pointer} has no normalization rule; add one in crates/chatwoot-codegen/src/normalize/ or a fixup in openapi/fixups/"
    )]
    UnsupportedConstruct {
        /// Where it is.
        pointer: String,
        /// What it is.
        what: String,
    },
    /// An entry of one of our maps (`records.toml`, `enums.toml`) does not
    /// fit the revision: what it expects at a place is not there.
    #[error("{what} (at {pointer}): mend the entry for this revision")]
    MapMismatch {
        /// The place.
        pointer: String,
        /// The file, the entry, what it expected and what it found.
        what: String,
    },
    /// A `$ref` that points nowhere.
    #[error("$ref {reference} at {pointer} points to nothing")]
    DanglingRef {
        /// Where the reference is.
        pointer: String,
        /// The reference.
        reference: String,
    },
    /// Path placeholders and path parameters disagree in a way no rule resolves.
    #[error(
        "path placeholders {placeholders:?} and path parameters {parameters:?} of {pointer} do not match; add a fixup"
    )]
    PathParameterMismatch {
        /// The operation.
        pointer: String,
        /// Placeholders of the path template.
        placeholders: Vec<String>,
        /// Path parameters the operation declares.
        parameters: Vec<String>,
    },
    /// Two operations would generate methods of the same name.
    #[error("operations {first} and {second} would both generate the method `{method}`")]
    DuplicateOperation {
        /// The method name.
        method: String,
        /// One operation.
        first: String,
        /// The other.
        second: String,
    },
    /// An operation was lost: a bug in a rule.
    #[error("normalization lost operations: {operations_in} in, {operations_out} out")]
    OperationsLost {
        /// Operations upstream.
        operations_in: usize,
        /// Operations after normalization.
        operations_out: usize,
    },
    /// openapiv3 (progenitor's reader) rejects the result.
    #[error("the normalized document is not readable as OpenAPI 3.0 at {pointer}: {source}")]
    NotReadable {
        /// Where the reader failed.
        pointer: String,
        /// The reader's complaint.
        source: serde_json::Error,
    },
}

/// The extension of `info` that names the upstream revision a normalized
/// spec was made from: `{"revision": "<commit>", "date": "YYYY-MM-DD"}`. The
/// family crates' builds turn it into `UPSTREAM_REVISION` and `UPSTREAM_DATE`.
pub const UPSTREAM_EXTENSION: &str = "x-chatwoot-upstream";

/// Records in a normalized spec which upstream revision it was made from.
pub fn stamp_upstream(spec: &mut Value, revision: &str, date: Option<&str>) {
    if let Some(info) = spec.get_mut("info").and_then(Value::as_object_mut) {
        info.insert(
            UPSTREAM_EXTENSION.to_owned(),
            serde_json::json!({ "revision": revision, "date": date }),
        );
    }
}

/// A normalized spec and how it was made.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The OpenAPI 3.0.3 document.
    pub spec: Value,
    /// What was done to upstream's text to make it.
    pub report: Report,
}

fn record(changes: &mut Vec<Change>, rule: &str, pointer: &str, detail: String) {
    changes.push(Change {
        rule: rule.to_owned(),
        pointer: pointer.to_owned(),
        detail,
    });
}

/// The declared `openapi` version, if it is one we take.
pub fn openapi_version(doc: &Value) -> Result<&str, NormalizeError> {
    let version = doc
        .as_object()
        .ok_or_else(|| NormalizeError::NotOpenApi {
            found: "not a JSON object".into(),
        })?
        .get("openapi")
        .ok_or_else(|| NormalizeError::NotOpenApi {
            found: match doc.get("swagger") {
                Some(v) => format!("a Swagger {v} document"),
                None => "no `openapi` field".into(),
            },
        })?
        .as_str()
        .ok_or_else(|| NormalizeError::NotOpenApi {
            found: "`openapi` is not a string".into(),
        })?;
    if version.starts_with("3.0.") || version.starts_with("3.1.") {
        Ok(version)
    } else {
        Err(NormalizeError::UnsupportedVersion {
            version: version.to_owned(),
        })
    }
}

/// Normalizes one family's upstream spec. `fixups` may hold every fixup and
/// addition; those for other families are skipped.
pub fn normalize(
    family: Family,
    upstream: &Value,
    fixups: &[Fixup],
) -> Result<Normalized, NormalizeError> {
    normalize_with(family, upstream, fixups, &Options::default())
}

/// What [`normalize_with`] may leave out, and our names.
#[derive(Debug, Clone)]
pub struct Options {
    /// Remove what no operation of the family reaches (default). Off only to
    /// measure what pruning saves.
    pub prune: bool,
    /// Our names of routes (`openapi/names.toml`); without, operations keep
    /// upstream's operationIds.
    pub names: Option<Names>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            prune: true,
            names: None,
        }
    }
}

/// [`normalize`], with options.
pub fn normalize_with(
    family: Family,
    upstream: &Value,
    fixups: &[Fixup],
    options: &Options,
) -> Result<Normalized, NormalizeError> {
    let openapi_in = openapi_version(upstream)?.to_owned();
    let operations_in = walk::count_operations(upstream);
    let schemas_in = upstream
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, |s| s.len());

    let mut doc = upstream.clone();
    let mut changes = Vec::new();
    let mut deferred = Vec::new();

    let mut operations_added = Vec::new();
    let mut fixup_outcomes = Vec::new();
    for fixup in fixups.iter().filter(|f| f.applies_to(family)) {
        let outcome = fixup.apply(&mut doc, &mut changes)?;
        // Only what was added: upstream may document an added route itself.
        operations_added.extend(fixup.added_operations().into_iter().filter(|added| {
            outcome.targets.iter().any(|t| {
                t.state == crate::normalize::fixups::TargetState::Applied
                    && t.pointer == format!("/paths/{}/{}", walk::escape(&added.path), added.method)
            })
        }));
        fixup_outcomes.push(outcome);
    }
    let mut unnamed = Vec::new();
    if let Some(names) = &options.names {
        names::apply(family, &mut doc, names, &mut changes, &mut unnamed)?;
        records::apply(family, &mut doc, &names.records, &mut changes)?;
    }
    let operations_patched = walk::count_operations(&doc);
    // Pruning first keeps the report to what the family really uses; pruning
    // again at the end removes what the rules below made unreachable.
    let mut schemas_pruned = Vec::new();
    if options.prune {
        schemas_pruned = prune::unreachable(&mut doc, &mut changes);
    }
    // A 3.0 document goes through the same rules: they only touch 3.1 forms,
    // and a 3.0.x spec mixing in 3.1 constructs is not rare.
    openapi31::downgrade(&mut doc, &mut changes)?;
    defects::repair(&mut doc, &mut changes)?;
    if let Some(names) = &options.names {
        enums::apply(family, &mut doc, &names.enums, &mut changes)?;
    }
    limits::resolve(&mut doc, &mut changes, &mut deferred)?;
    if options.prune {
        schemas_pruned.extend(prune::unreachable(&mut doc, &mut changes));
    }
    validate::check(&mut doc)?;

    let operations_out = walk::count_operations(&doc);
    // Additions add routes upstream lacks; no rule may remove one.
    if operations_out != operations_patched {
        return Err(NormalizeError::OperationsLost {
            operations_in: operations_patched,
            operations_out,
        });
    }
    let operations = walk::operations_mut(&mut doc)
        .map(|(_, method, path, op)| OperationEntry {
            operation_id: op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            upstream_operation_id: op
                .get(names::UPSTREAM_ID)
                .and_then(Value::as_str)
                .map(str::to_owned),
            method: method.to_owned(),
            path,
        })
        .collect();
    let schemas_kept = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, |s| s.len());

    Ok(Normalized {
        spec: doc,
        report: Report {
            family,
            revision: None,
            upstream_sha256: None,
            generated_lines: None,
            openapi_in,
            openapi_out: openapi31::OPENAPI_OUT.to_owned(),
            operations_in,
            operations_out,
            operations_added,
            fixups: fixup_outcomes,
            unnamed,
            operations,
            schemas_in,
            schemas_kept,
            schemas_pruned,
            changes,
            deferred,
        },
    })
}

#[cfg(test)]
mod tests;
