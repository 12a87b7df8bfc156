//! `cargo xtask diff`: what changed between two upstream revisions, per
//! family, fit for release notes.
//!
//! Operations are matched by method and path. Status codes and media types
//! come from upstream's text (normalization keeps one of each kind); every
//! schema is compared on the normalized OpenAPI 3.0 form of both sides, so a
//! 3.0 spelling and a 3.1 spelling of the same thing are not a change, and
//! annotations (descriptions, examples) are ignored. A change inside a named
//! schema is listed once, under that schema, not under every operation using
//! it. Error bodies all decode into the crates' one `ErrorBody`, so only
//! their status codes are compared.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::normalize::names::NamesError;
use crate::normalize::{Family, Fixup, FixupError, Names, NormalizeError, Options, normalize_with};
use heck::ToSnakeCase;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::codegen::Layout;
use crate::fetch::{self, FetchError, Source, fetch_all};
use crate::lock::{Lock, LockError, check_revision};
use crate::update::{join_url, read_spec};

/// How the diff is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Release-notes Markdown.
    #[default]
    Markdown,
    /// The same, as JSON.
    Json,
}

/// Why a diff could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("lock: {0}")]
    Lock(#[from] LockError),
    #[error("fixups: {0}")]
    Fixups(#[from] FixupError),
    #[error("names: {0}")]
    Names(#[from] NamesError),
    #[error("revision {revision}: {source}")]
    Fetch {
        revision: String,
        source: FetchError,
    },
    #[error("revision {revision}, {family}: {reason}")]
    Read {
        revision: String,
        family: Family,
        reason: String,
    },
    #[error("normalize {family} of {revision}: {source}")]
    Normalize {
        family: Family,
        revision: String,
        source: NormalizeError,
    },
    #[error("write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where revisions the lock does not list are read from.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// Network (below the lock's `upstream` or `upstream`) or a mirror.
    pub source: Source,
    /// Another prefix to download from.
    pub upstream: Option<String>,
}

/// The whole diff.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    pub from: String,
    pub to: String,
    pub families: Vec<FamilyDiff>,
    /// What the reader should know about how it was made (skipped fixups,
    /// unverified revisions).
    pub notes: Vec<String>,
}

/// One family's changes.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyDiff {
    #[serde(serialize_with = "family_name")]
    pub family: Family,
    pub operations: OperationsDiff,
    pub schemas: SchemasDiff,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct OperationsDiff {
    pub added: Vec<OperationRef>,
    pub removed: Vec<OperationRef>,
    pub changed: Vec<OperationChange>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SchemasDiff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<SchemaChange>,
}

/// An operation, as users find it: HTTP route, our name, upstream's operationId.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationRef {
    /// Upper case.
    pub method: String,
    pub path: String,
    /// The normalized operationId: our name (`openapi/names.toml`).
    pub operation_id: String,
    /// The generated method's name.
    pub rust_method: String,
    /// Upstream's operationId, when it has one.
    pub upstream_operation_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OperationChange {
    #[serde(flatten)]
    pub operation: OperationRef,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SchemaChange {
    pub name: String,
    pub changes: Vec<Change>,
}

/// One change: what (`parameter `page` (query)`), how, and the particulars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub subject: String,
    pub kind: ChangeKind,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

fn family_name<S: serde::Serializer>(family: &Family, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(family.as_str())
}

impl FamilyDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        let o = &self.operations;
        let s = &self.schemas;
        o.added.is_empty()
            && o.removed.is_empty()
            && o.changed.is_empty()
            && s.added.is_empty()
            && s.removed.is_empty()
            && s.changed.is_empty()
    }
}

/// Diffs two revisions of all three families. A revision the lock lists is
/// fetched and checksum-verified like `cargo xtask fetch` does; any other is
/// read from `openapi/upstream/<rev>/`, else from the mirror or upstream.
pub async fn run(
    layout: &Layout,
    from: &str,
    to: &str,
    options: &DiffOptions,
) -> Result<DiffReport, DiffError> {
    let lock = Lock::load(layout.lock())?;
    let fixups = Fixup::load_openapi_dir(&layout.root)?;
    let names = Names::load_openapi_dir(&layout.root)?;
    let mut notes = Vec::new();
    let from_specs = load_revision(layout, &lock, from, options, &mut notes).await?;
    let to_specs = load_revision(layout, &lock, to, options, &mut notes).await?;
    let mut families = Vec::new();
    for ((family, from_doc), (_, to_doc)) in from_specs.iter().zip(&to_specs) {
        let (diff, family_notes) = diff_family(
            *family,
            (from, from_doc),
            (to, to_doc),
            &fixups,
            Some(&names),
        )?;
        families.push(diff);
        notes.extend(family_notes);
    }
    Ok(DiffReport {
        from: from.to_owned(),
        to: to.to_owned(),
        families,
        notes,
    })
}

/// The three upstream specs of `revision`, parsed, in `Family::ALL` order.
async fn load_revision(
    layout: &Layout,
    lock: &Lock,
    revision: &str,
    options: &DiffOptions,
    notes: &mut Vec<String>,
) -> Result<Vec<(Family, Value)>, DiffError> {
    check_revision(revision)?;
    let fetch_error = |source| DiffError::Fetch {
        revision: revision.to_owned(),
        source,
    };
    let read_error = |family, reason: String| DiffError::Read {
        revision: revision.to_owned(),
        family,
        reason,
    };
    let mut out = Vec::new();
    if lock.revisions().contains(&revision) {
        let lock = relocated(lock, options.upstream.as_deref())?;
        let fetched = fetch_all(&lock, revision, &options.source, &layout.upstream())
            .await
            .map_err(fetch_error)?;
        for spec in fetched {
            let bytes = std::fs::read(&spec.path)
                .map_err(|e| read_error(spec.family, format!("{}: {e}", spec.path.display())))?;
            out.push((spec.family, bytes));
        }
    } else {
        let local: Vec<PathBuf> = Family::ALL
            .iter()
            .map(|f| layout.upstream().join(revision).join(format!("{f}.json")))
            .collect();
        if local.iter().all(|p| p.is_file()) {
            for (family, path) in Family::ALL.into_iter().zip(&local) {
                let bytes = std::fs::read(path)
                    .map_err(|e| read_error(family, format!("{}: {e}", path.display())))?;
                out.push((family, bytes));
            }
        } else {
            let http = fetch::http_client().map_err(fetch_error)?;
            let prefix = options.upstream.as_deref().unwrap_or(&lock.upstream);
            for family in Family::ALL {
                let (bytes, _) = read_spec(family, revision, prefix, &options.source, &http)
                    .await
                    .map_err(fetch_error)?;
                out.push((family, bytes));
            }
        }
        notes.push(format!(
            "revision {revision} is not in openapi/specs.lock.toml: its files were not checked against a checksum"
        ));
    }
    out.into_iter()
        .map(|(family, bytes)| {
            serde_json::from_slice(&bytes)
                .map(|doc| (family, doc))
                .map_err(|e| read_error(family, format!("not valid JSON: {e}")))
        })
        .collect()
}

/// The lock with every url moved below `prefix` (the files are the same,
/// the checksums still apply).
fn relocated(lock: &Lock, prefix: Option<&str>) -> Result<Lock, LockError> {
    let Some(prefix) = prefix else {
        return Ok(lock.clone());
    };
    let mut out = lock.clone();
    for spec in &mut out.spec {
        let rel = spec.mirror_relative_path(&lock.upstream)?;
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        spec.url = join_url(prefix, &rel.join("/"));
    }
    out.upstream = format!("{}/", prefix.trim_end_matches('/'));
    Ok(out)
}

/// Normalizes with the fixups (and additions). A fixup that contradicts one
/// side (upstream changed its target some other way) is left out for that
/// side, and a note says so.
fn normalize_tolerant(
    family: Family,
    revision: &str,
    doc: &Value,
    fixups: &[Fixup],
    names: Option<&Names>,
    notes: &mut Vec<String>,
) -> Result<Value, DiffError> {
    let mut active: Vec<Fixup> = fixups.to_vec();
    let options = Options {
        names: names.cloned(),
        ..Options::default()
    };
    loop {
        match normalize_with(family, doc, &active, &options) {
            Ok(normalized) => return Ok(normalized.spec),
            Err(NormalizeError::Fixup(FixupError::Contradiction(c)))
                if active.iter().any(|f| f.name == c.name) =>
            {
                notes.push(format!(
                    "{} {} contradicts {family} at revision {revision} ({}): compared without it",
                    c.kind, c.name, c.pointer
                ));
                active.retain(|f| f.name != c.name);
            }
            Err(source) => {
                return Err(DiffError::Normalize {
                    family,
                    revision: revision.to_owned(),
                    source,
                });
            }
        }
    }
}

/// Diffs one family: `(revision, upstream document)` of each side.
pub fn diff_family(
    family: Family,
    from: (&str, &Value),
    to: (&str, &Value),
    fixups: &[Fixup],
    names: Option<&Names>,
) -> Result<(FamilyDiff, Vec<String>), DiffError> {
    let mut notes = Vec::new();
    let from_norm = normalize_tolerant(family, from.0, from.1, fixups, names, &mut notes)?;
    let to_norm = normalize_tolerant(family, to.0, to.1, fixups, names, &mut notes)?;
    let old = Side {
        upstream: from.1,
        normalized: &from_norm,
    };
    let new = Side {
        upstream: to.1,
        normalized: &to_norm,
    };
    Ok((
        FamilyDiff {
            family,
            operations: diff_operations(&old, &new),
            schemas: diff_schemas(&old, &new),
        },
        notes,
    ))
}

/// One revision of a family: upstream's text and its normalized form.
struct Side<'a> {
    upstream: &'a Value,
    normalized: &'a Value,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An operation of the normalized document.
struct Op<'a> {
    method: &'static str,
    path: &'a str,
    item: &'a Value,
    op: &'a Value,
}

impl Op<'_> {
    fn id(&self) -> &str {
        self.op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Upstream's operationId (ours replaced it in `operationId`).
    fn upstream_id(&self) -> Option<&str> {
        self.op
            .get(crate::normalize::names::UPSTREAM_ID)
            .and_then(Value::as_str)
    }

    fn reference(&self) -> OperationRef {
        OperationRef {
            method: self.method.to_ascii_uppercase(),
            path: self.path.to_owned(),
            operation_id: self.id().to_owned(),
            rust_method: self.id().to_snake_case(),
            upstream_operation_id: self.upstream_id().map(str::to_owned),
        }
    }
}

/// Operations by (path, method index): routes sort together, methods in order.
fn operations(doc: &Value) -> BTreeMap<(&str, usize), Op<'_>> {
    let mut out = BTreeMap::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for (i, method) in METHODS.iter().enumerate() {
            if let Some(op) = item.get(*method).filter(|o| o.is_object()) {
                out.insert(
                    (path.as_str(), i),
                    Op {
                        method,
                        path,
                        item,
                        op,
                    },
                );
            }
        }
    }
    out
}

/// Follows `$ref`s within the document (a few levels; cycles give up).
fn deref<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..8 {
        let Some(target) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| doc.pointer(p))
        else {
            break;
        };
        value = target;
    }
    value
}

fn raw_op<'a>(doc: &'a Value, path: &str, method: &str) -> Option<&'a Value> {
    doc.get("paths")?.get(path)?.get(method)
}

fn diff_operations(old: &Side, new: &Side) -> OperationsDiff {
    let before = operations(old.normalized);
    let after = operations(new.normalized);
    let gone: Vec<(&str, usize)> = before
        .keys()
        .filter(|k| !after.contains_key(*k))
        .copied()
        .collect();
    // A route that changed under the same operationId (so the same method of
    // the client) is one operation moved, not one removed and one added.
    let mut moved: BTreeMap<(&str, usize), (&str, usize)> = BTreeMap::new();
    for (key, op) in after.iter().filter(|(k, _)| !before.contains_key(*k)) {
        let origin = gone.iter().find(|g| {
            !op.id().is_empty()
                && before.get(*g).is_some_and(|p| p.id() == op.id())
                && !moved.values().any(|v| v == *g)
        });
        if let Some(origin) = origin {
            moved.insert(*key, *origin);
        }
    }
    let mut out = OperationsDiff::default();
    for key in gone.iter().filter(|g| !moved.values().any(|v| v == *g)) {
        if let Some(op) = before.get(key) {
            out.removed.push(op.reference());
        }
    }
    for (key, op) in &after {
        let mut changes = Vec::new();
        let prev = match (before.get(key), moved.get(key).and_then(|k| before.get(k))) {
            (Some(prev), _) => prev,
            (None, Some(prev)) => {
                changes.push(Change {
                    subject: "route".into(),
                    kind: ChangeKind::Changed,
                    detail: format!(
                        "`{} {}` -> `{} {}`",
                        prev.method.to_ascii_uppercase(),
                        prev.path,
                        op.method.to_ascii_uppercase(),
                        op.path
                    ),
                });
                prev
            }
            (None, None) => {
                out.added.push(op.reference());
                continue;
            }
        };
        if prev.upstream_id() != op.upstream_id() && prev.id() == op.id() {
            // Upstream's operationId is no part of our API.
            changes.push(Change {
                subject: "upstream operationId".into(),
                kind: ChangeKind::Changed,
                detail: format!(
                    "`{}` -> `{}`: renamed upstream; our name `{}` is unchanged",
                    prev.upstream_id().unwrap_or("-"),
                    op.upstream_id().unwrap_or("-"),
                    op.id().to_snake_case()
                ),
            });
        }
        if prev.id() != op.id() {
            changes.push(Change {
                subject: "name".into(),
                kind: ChangeKind::Changed,
                detail: format!(
                    "`{}` -> `{}`: our method, builder and mock helper are renamed (breaking; check openapi/names.toml)",
                    prev.id().to_snake_case(),
                    op.id().to_snake_case()
                ),
            });
        }
        diff_parameters(old, prev, new, op, &mut changes);
        diff_request_body(old, prev, new, op, &mut changes);
        diff_responses(old, prev, new, op, &mut changes);
        if !changes.is_empty() {
            out.changed.push(OperationChange {
                operation: op.reference(),
                changes,
            });
        }
    }
    out
}

/// Path-level and operation-level parameters, refs resolved, by (in, name).
fn parameters<'a>(doc: &'a Value, op: &Op<'a>) -> BTreeMap<(String, String), &'a Value> {
    let mut out = BTreeMap::new();
    for list in [op.item.get("parameters"), op.op.get("parameters")] {
        for param in list.and_then(Value::as_array).into_iter().flatten() {
            let param = deref(doc, param);
            let field = |k: &str| {
                param
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            out.insert((field("in"), field("name")), param);
        }
    }
    out
}

fn is_required(v: &Value) -> bool {
    v.get("required").and_then(Value::as_bool).unwrap_or(false)
}

fn diff_parameters<'a>(
    old: &Side<'a>,
    prev: &Op<'a>,
    new: &Side<'a>,
    op: &Op<'a>,
    changes: &mut Vec<Change>,
) {
    let before = parameters(old.normalized, prev);
    let after = parameters(new.normalized, op);
    let subject = |(location, name): &(String, String)| format!("parameter `{name}` ({location})");
    let schema_of = |p: &Value| canonical(p.get("schema").unwrap_or(&Value::Null));
    for key in before.keys() {
        if !after.contains_key(key) {
            changes.push(Change {
                subject: subject(key),
                kind: ChangeKind::Removed,
                detail: String::new(),
            });
        }
    }
    for (key, param) in &after {
        let schema = schema_of(param);
        let Some(prev_param) = before.get(key) else {
            let info = FieldInfo::of(&schema, is_required(param));
            changes.push(Change {
                subject: subject(key),
                kind: ChangeKind::Added,
                detail: info.describe(true),
            });
            continue;
        };
        let prev_schema = schema_of(prev_param);
        let a = FieldInfo::of(&prev_schema, is_required(prev_param));
        let b = FieldInfo::of(&schema, is_required(param));
        let mut parts = a.differences(&b, true);
        if parts.is_empty() && prev_schema != schema {
            parts.push("schema changed".into());
        }
        if !parts.is_empty() {
            changes.push(Change {
                subject: subject(key),
                kind: ChangeKind::Changed,
                detail: parts.join("; "),
            });
        }
    }
}

/// Media types of a body or response, in upstream's text when the operation
/// is there (normalization keeps only one), else in the normalized form.
fn media_types(body: &Value) -> BTreeSet<String> {
    body.get("content")
        .and_then(Value::as_object)
        .map(|c| c.keys().cloned().collect())
        .unwrap_or_default()
}

fn list(items: &BTreeSet<String>) -> String {
    if items.is_empty() {
        return "no body".into();
    }
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A part of an operation (request body or one response) on both sides:
/// upstream's (for media types) and the normalized one (for schemas).
struct Part<'a> {
    raw: Option<&'a Value>,
    normalized: Option<&'a Value>,
}

impl Part<'_> {
    fn media_types(&self) -> BTreeSet<String> {
        self.raw
            .or(self.normalized)
            .map(media_types)
            .unwrap_or_default()
    }

    fn schema(&self, media: &str) -> Option<Value> {
        let schema = self.normalized?.get("content")?.get(media)?.get("schema")?;
        Some(canonical(schema))
    }
}

/// Media types added or removed, then the schema of each media type both
/// normalized sides keep.
fn diff_part(subject: &str, before: &Part, after: &Part, changes: &mut Vec<Change>) {
    let (a, b) = (before.media_types(), after.media_types());
    let added: BTreeSet<String> = b.difference(&a).cloned().collect();
    let removed: BTreeSet<String> = a.difference(&b).cloned().collect();
    if !added.is_empty() {
        changes.push(Change {
            subject: subject.to_owned(),
            kind: ChangeKind::Changed,
            detail: format!("media type added: {}", list(&added)),
        });
    }
    if !removed.is_empty() {
        changes.push(Change {
            subject: subject.to_owned(),
            kind: ChangeKind::Changed,
            detail: format!("media type removed: {}", list(&removed)),
        });
    }
    for media in a.intersection(&b) {
        if let (Some(x), Some(y)) = (before.schema(media), after.schema(media)) {
            schema_changes(&format!("{subject} ({media})"), &x, &y, changes);
        }
    }
}

/// An operation's request body: upstream's (else the normalized one) and the normalized one.
fn body_of<'a>(side: &Side<'a>, o: &Op<'a>) -> (Option<&'a Value>, Option<&'a Value>) {
    let doc = side.upstream;
    let raw = raw_op(doc, o.path, o.method)
        .and_then(|r| r.get("requestBody"))
        .map(|b| deref(doc, b));
    let normalized = o.op.get("requestBody").map(|b| deref(side.normalized, b));
    (raw.or(normalized), normalized)
}

fn diff_request_body<'a>(
    old: &Side<'a>,
    prev: &Op<'a>,
    new: &Side<'a>,
    op: &Op<'a>,
    changes: &mut Vec<Change>,
) {
    let (raw_a, norm_a) = body_of(old, prev);
    let (raw_b, norm_b) = body_of(new, op);
    let subject = "request body";
    match (raw_a, raw_b) {
        (None, None) => {}
        (None, Some(b)) => changes.push(Change {
            subject: subject.into(),
            kind: ChangeKind::Added,
            detail: format!(
                "{}, {}",
                list(&media_types(b)),
                if is_required(b) {
                    "required"
                } else {
                    "optional"
                }
            ),
        }),
        (Some(_), None) => changes.push(Change {
            subject: subject.into(),
            kind: ChangeKind::Removed,
            detail: String::new(),
        }),
        (Some(a), Some(b)) => {
            if is_required(a) != is_required(b) {
                changes.push(Change {
                    subject: subject.into(),
                    kind: ChangeKind::Changed,
                    detail: if is_required(b) {
                        "now required".into()
                    } else {
                        "now optional".into()
                    },
                });
            }
            let before = Part {
                raw: Some(a),
                normalized: norm_a,
            };
            let after = Part {
                raw: Some(b),
                normalized: norm_b,
            };
            diff_part(subject, &before, &after, changes);
        }
    }
}

fn responses<'a>(doc: &'a Value, op: Option<&'a Value>) -> BTreeMap<String, &'a Value> {
    op.and_then(|o| o.get("responses"))
        .and_then(Value::as_object)
        .map(|r| r.iter().map(|(k, v)| (k.clone(), deref(doc, v))).collect())
        .unwrap_or_default()
}

/// Responses as upstream documents them (the normalized ones for a route a fixup added).
fn raw_responses<'a>(side: &Side<'a>, o: &Op<'a>) -> BTreeMap<String, &'a Value> {
    match raw_op(side.upstream, o.path, o.method) {
        Some(u) => responses(side.upstream, Some(u)),
        None => responses(side.normalized, Some(o.op)),
    }
}

fn diff_responses<'a>(
    old: &Side<'a>,
    prev: &Op<'a>,
    new: &Side<'a>,
    op: &Op<'a>,
    changes: &mut Vec<Change>,
) {
    let (raw_a, raw_b) = (raw_responses(old, prev), raw_responses(new, op));
    let norm_a = responses(old.normalized, Some(prev.op));
    let norm_b = responses(new.normalized, Some(op.op));
    for code in raw_a.keys().filter(|c| !raw_b.contains_key(*c)) {
        changes.push(Change {
            subject: format!("response `{code}`"),
            kind: ChangeKind::Removed,
            detail: String::new(),
        });
    }
    for (code, b) in &raw_b {
        let subject = format!("response `{code}`");
        let Some(a) = raw_a.get(code) else {
            changes.push(Change {
                subject,
                kind: ChangeKind::Added,
                detail: list(&media_types(b)),
            });
            continue;
        };
        let before = Part {
            raw: Some(a),
            normalized: norm_a.get(code).copied(),
        };
        let after = Part {
            raw: Some(b),
            normalized: norm_b.get(code).copied(),
        };
        diff_part(&subject, &before, &after, changes);
    }
}

fn diff_schemas(old: &Side, new: &Side) -> SchemasDiff {
    let schemas = |doc: &Value| -> Map<String, Value> {
        doc.pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (before, after) = (schemas(old.normalized), schemas(new.normalized));
    let mut out = SchemasDiff::default();
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for name in names {
        match (before.get(name), after.get(name)) {
            (Some(_), None) => out.removed.push(name.clone()),
            (None, Some(_)) => out.added.push(name.clone()),
            (Some(a), Some(b)) => {
                let (a, b) = (canonical(a), canonical(b));
                let mut changes = Vec::new();
                schema_changes("", &a, &b, &mut changes);
                if !changes.is_empty() {
                    out.changed.push(SchemaChange {
                        name: name.clone(),
                        changes,
                    });
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// Keywords that say nothing about the value on the wire.
const ANNOTATIONS: [&str; 7] = [
    "description",
    "title",
    "summary",
    "example",
    "examples",
    "externalDocs",
    "xml",
];

/// A schema with annotations dropped, defaults made explicit-free and sets
/// (`required`, `enum`) sorted: equal values mean equal wire formats.
fn canonical(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        if ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-") {
            continue;
        }
        let value = match key.as_str() {
            "properties" => Value::Object(
                value
                    .as_object()
                    .map(|props| {
                        props
                            .iter()
                            .map(|(k, v)| (k.clone(), canonical(v)))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            "items" | "not" | "additionalProperties" => canonical(value),
            "allOf" | "oneOf" | "anyOf" => Value::Array(
                value
                    .as_array()
                    .map(|l| l.iter().map(canonical).collect())
                    .unwrap_or_default(),
            ),
            "required" | "enum" => {
                let mut items = value.as_array().cloned().unwrap_or_default();
                items.sort_by_key(Value::to_string);
                if key == "required" && items.is_empty() {
                    continue;
                }
                Value::Array(items)
            }
            "nullable" | "deprecated" | "readOnly" | "writeOnly" | "uniqueItems"
                if value == &Value::Bool(false) =>
            {
                continue;
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// What a field is, in the terms users care about.
#[derive(Debug, Clone, PartialEq)]
struct FieldInfo {
    label: String,
    nullable: bool,
    required: bool,
    enumeration: Option<Vec<String>>,
    /// Every other keyword that constrains the value (`maxLength`, `pattern`...).
    other: BTreeMap<String, Value>,
}

/// Keywords `FieldInfo` covers by its own fields or by walking into them.
const STRUCTURAL: [&str; 12] = [
    "$ref",
    "type",
    "format",
    "nullable",
    "enum",
    "properties",
    "required",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "additionalProperties",
];

fn ref_name(reference: &str) -> String {
    reference
        .rsplit('/')
        .next()
        .unwrap_or(reference)
        .replace("~1", "/")
        .replace("~0", "~")
}

/// A short name for a schema's type: `string (date-time)`, `array of contact`.
fn label(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return ref_name(r);
    }
    let branches = |key: &str, sep: &str| {
        schema.get(key).and_then(Value::as_array).map(|l| {
            format!(
                "{key}({})",
                l.iter().map(label).collect::<Vec<_>>().join(sep)
            )
        })
    };
    if let Some(list) = schema.get("allOf").and_then(Value::as_array) {
        if let [single] = list.as_slice()
            && schema.get("properties").is_none()
        {
            return label(single);
        }
        return branches("allOf", " & ").unwrap_or_default();
    }
    if let Some(l) = branches("oneOf", " | ").or_else(|| branches("anyOf", " | ")) {
        return l;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => format!(
            "array of {}",
            schema
                .get("items")
                .map(label)
                .unwrap_or_else(|| "any".into())
        ),
        Some("object") | None if schema.get("properties").is_some() => "object".into(),
        Some("object") | None => match schema.get("additionalProperties") {
            Some(extra @ Value::Object(_)) => format!("map of {}", label(extra)),
            _ if schema.get("type").is_some() => "object".into(),
            _ => "any".into(),
        },
        Some(t) => match schema.get("format").and_then(Value::as_str) {
            Some(format) => format!("{t} ({format})"),
            None => t.to_owned(),
        },
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl FieldInfo {
    fn of(schema: &Value, required: bool) -> FieldInfo {
        FieldInfo {
            label: label(schema),
            nullable: schema.get("nullable") == Some(&Value::Bool(true)),
            required,
            enumeration: schema
                .get("enum")
                .and_then(Value::as_array)
                .map(|l| l.iter().map(show).collect()),
            other: schema
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter(|(k, v)| {
                            !STRUCTURAL.contains(&k.as_str())
                                || (k.as_str() == "additionalProperties" && !v.is_object())
                        })
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// `string, nullable, required, one of: a, b`.
    fn describe(&self, with_required: bool) -> String {
        let mut parts = vec![format!("`{}`", self.label)];
        if self.nullable {
            parts.push("nullable".into());
        }
        if with_required {
            parts.push(
                if self.required {
                    "required"
                } else {
                    "optional"
                }
                .into(),
            );
        }
        if let Some(values) = &self.enumeration {
            parts.push(format!("one of {}", quoted(values)));
        }
        parts.join(", ")
    }

    /// What differs from `other`, each in a few words.
    fn differences(&self, other: &FieldInfo, with_required: bool) -> Vec<String> {
        let mut parts = Vec::new();
        if self.label != other.label {
            parts.push(format!("type `{}` -> `{}`", self.label, other.label));
        }
        if self.nullable != other.nullable {
            parts.push(
                if other.nullable {
                    "now nullable"
                } else {
                    "no longer nullable"
                }
                .into(),
            );
        }
        if with_required && self.required != other.required {
            parts.push(
                if other.required {
                    "now required"
                } else {
                    "now optional"
                }
                .into(),
            );
        }
        match (&self.enumeration, &other.enumeration) {
            (None, Some(values)) => parts.push(format!("now one of {}", quoted(values))),
            (Some(_), None) => parts.push("no longer an enumeration".into()),
            (Some(a), Some(b)) => {
                let added: Vec<String> = b.iter().filter(|v| !a.contains(v)).cloned().collect();
                let removed: Vec<String> = a.iter().filter(|v| !b.contains(v)).cloned().collect();
                if !added.is_empty() {
                    parts.push(format!("enum values added: {}", quoted(&added)));
                }
                if !removed.is_empty() {
                    parts.push(format!("enum values removed: {}", quoted(&removed)));
                }
            }
            (None, None) => {}
        }
        let keys: BTreeSet<&String> = self.other.keys().chain(other.other.keys()).collect();
        for key in keys {
            match (self.other.get(key), other.other.get(key)) {
                (Some(a), Some(b)) if a != b => {
                    parts.push(format!("`{key}` {} -> {}", show(a), show(b)));
                }
                (None, Some(b)) => parts.push(format!("`{key}` added: {}", show(b))),
                (Some(_), None) => parts.push(format!("`{key}` removed")),
                _ => {}
            }
        }
        parts
    }
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Properties of a schema and of its inline `allOf` branches, with whether
/// each is required.
fn properties(schema: &Value) -> Vec<(&String, &Value, bool)> {
    fn own(s: &Value) -> (Option<&Map<String, Value>>, Vec<&str>) {
        let required = s
            .get("required")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        (s.get("properties").and_then(Value::as_object), required)
    }
    let mut out = Vec::new();
    let mut sources = vec![own(schema)];
    for branch in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if branch.get("$ref").is_none() {
            sources.push(own(branch));
        }
    }
    for (props, required) in sources {
        for (name, sub) in props.into_iter().flatten() {
            out.push((name, sub, required.contains(&name.as_str())));
        }
    }
    out
}

/// Every field below a schema by dotted path (`payload[].id`); `""` is the
/// schema itself. Named schemas (`$ref`) are leaves: their changes are listed
/// under their own name.
fn fields(
    schema: &Value,
    path: &str,
    required: bool,
    record: bool,
    out: &mut BTreeMap<String, FieldInfo>,
) {
    if record {
        out.insert(path.to_owned(), FieldInfo::of(schema, required));
    }
    if schema.get("$ref").is_some() {
        return;
    }
    for (name, sub, req) in properties(schema) {
        let child = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        fields(sub, &child, req, true, out);
    }
    if let Some(items) = schema.get("items") {
        fields(items, &format!("{path}[]"), false, false, out);
    }
    if let Some(extra) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        fields(extra, &format!("{path}{{*}}"), false, false, out);
    }
}

/// Field-level changes between two canonical schemas, under `subject`
/// (empty for a named schema, whose changes are listed under its name).
fn schema_changes(subject: &str, a: &Value, b: &Value, changes: &mut Vec<Change>) {
    if a == b {
        return;
    }
    let (mut before, mut after) = (BTreeMap::new(), BTreeMap::new());
    fields(a, "", false, true, &mut before);
    fields(b, "", false, true, &mut after);
    let name = |path: &str| match (subject.is_empty(), path.is_empty()) {
        (true, true) => "the schema".to_owned(),
        (true, false) => format!("field `{path}`"),
        (false, true) => format!("{subject} schema"),
        (false, false) => format!("{subject}, field `{path}`"),
    };
    let start = changes.len();
    // Inside an added or removed field, its own entry says it all.
    let within = |path: &str, roots: &[String]| {
        roots.iter().any(|r| {
            path.len() > r.len()
                && path.starts_with(r.as_str())
                && matches!(path.as_bytes()[r.len()], b'.' | b'[' | b'{')
        })
    };
    let mut removed: Vec<String> = Vec::new();
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        if !within(path, &removed) {
            changes.push(Change {
                subject: name(path),
                kind: ChangeKind::Removed,
                detail: String::new(),
            });
            removed.push(path.clone());
        }
    }
    let mut added: Vec<String> = Vec::new();
    for (path, info) in &after {
        match before.get(path) {
            None => {
                if !within(path, &added) {
                    changes.push(Change {
                        subject: name(path),
                        kind: ChangeKind::Added,
                        detail: info.describe(!path.is_empty()),
                    });
                    added.push(path.clone());
                }
            }
            Some(prev) => {
                let parts = prev.differences(info, !path.is_empty());
                if !parts.is_empty() {
                    changes.push(Change {
                        subject: name(path),
                        kind: ChangeKind::Changed,
                        detail: parts.join("; "),
                    });
                }
            }
        }
    }
    if changes.len() == start {
        changes.push(Change {
            subject: name(""),
            kind: ChangeKind::Changed,
            detail: "structure changed (in `oneOf`/`anyOf` branches or nested constraints)".into(),
        });
    }
}

fn short(revision: &str) -> &str {
    revision.get(..7).unwrap_or(revision)
}

/// Release-notes Markdown.
pub fn render_markdown(report: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Chatwoot API changes: `{}` -> `{}`\n",
        short(&report.from),
        short(&report.to)
    );
    let _ = writeln!(
        out,
        "Upstream revisions {} (before) and {} (after).\n",
        report.from, report.to
    );
    out.push_str(
        "| family | operations added | removed | changed | schemas added | removed | changed |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for f in &report.families {
        let (o, s) = (&f.operations, &f.schemas);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            f.family,
            o.added.len(),
            o.removed.len(),
            o.changed.len(),
            s.added.len(),
            s.removed.len(),
            s.changed.len()
        );
    }
    for f in &report.families {
        let _ = writeln!(out, "\n## {}\n", f.family);
        if f.is_empty() {
            out.push_str("No changes.\n");
            continue;
        }
        let ops = &f.operations;
        section(&mut out, "Operations added", &ops.added, |out, op| {
            let _ = writeln!(out, "- {}", operation_line(op));
        });
        section(&mut out, "Operations removed", &ops.removed, |out, op| {
            let _ = writeln!(out, "- {}", operation_line(op));
        });
        section(&mut out, "Operations changed", &ops.changed, |out, op| {
            let _ = writeln!(out, "- {}", operation_line(&op.operation));
            for change in &op.changes {
                let _ = writeln!(out, "  - {}", change_line(change));
            }
        });
        let schemas = &f.schemas;
        section(&mut out, "Schemas added", &schemas.added, |out, name| {
            let _ = writeln!(out, "- `{name}`");
        });
        section(
            &mut out,
            "Schemas removed",
            &schemas.removed,
            |out, name| {
                let _ = writeln!(out, "- `{name}`");
            },
        );
        section(
            &mut out,
            "Schemas changed",
            &schemas.changed,
            |out, schema| {
                let _ = writeln!(out, "- `{}`", schema.name);
                for change in &schema.changes {
                    let _ = writeln!(out, "  - {}", change_line(change));
                }
            },
        );
    }
    if !report.notes.is_empty() {
        out.push_str("\n## Notes\n\n");
        for note in &report.notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    out
}

fn section<T>(out: &mut String, title: &str, items: &[T], mut line: impl FnMut(&mut String, &T)) {
    if items.is_empty() {
        return;
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let _ = writeln!(out, "### {title}\n");
    for item in items {
        line(out, item);
    }
}

fn operation_line(op: &OperationRef) -> String {
    format!(
        "`{} {}` (`{}`, method `{}`)",
        op.method, op.path, op.operation_id, op.rust_method
    )
}

fn change_line(change: &Change) -> String {
    let kind = match change.kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
    };
    if change.detail.is_empty() {
        format!("{}: {kind}", change.subject)
    } else {
        format!("{}: {kind}: {}", change.subject, change.detail)
    }
}

/// The report in `format`.
pub fn render(report: &DiffReport, format: Format) -> String {
    match format {
        Format::Markdown => render_markdown(report),
        Format::Json => {
            // A report has only string keys: serializing cannot fail.
            let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
            text.push('\n');
            text
        }
    }
}

/// Writes `text` to `path` (through a temporary file and a rename).
pub fn write_output(path: &Path, text: &str) -> Result<(), DiffError> {
    crate::update::write_file(path, text.as_bytes()).map_err(|source| DiffError::Write {
        path: path.to_owned(),
        source,
    })
}
