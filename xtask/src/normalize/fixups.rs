//! Named fixups: one-spot corrections of upstream's text, each a JSON Patch
//! (RFC 6902) with a reason, kept as data in `openapi/fixups/`; and spec
//! additions, routes the server has and upstream's spec lacks, kept the same
//! way in `openapi/additions/`.
//!
//! A fixup states what it corrects and what it wants: each `test` is the
//! defect at a target (a type, an enum, a wrapper, a status; never the text
//! around it), each `add`, `replace` or `remove` the value wanted there. At
//! every revision each target is judged on its own: corrected where it still
//! holds the defect, reported where upstream already says what we want
//! ("fixed upstream: delete me") or has no such target ("not present"), and
//! an error only where it holds something else, which only a person can
//! settle. So one fixup serves every revision, old and new, with no list of
//! revisions to skip.

use std::path::{Path, PathBuf};

use json_patch::{Patch, PatchOperation};
use serde::Deserialize;
use serde_json::Value;

use crate::normalize::Family;
use crate::normalize::report::{AddedOperation, Change};
use crate::normalize::walk;

/// What a fixup file is: a correction of upstream's text, or an addition of
/// routes upstream's text lacks. They differ in what they may do, where they
/// live and how they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixupKind {
    /// `openapi/fixups/`: changes what upstream wrote.
    Correction,
    /// `openapi/additions/`: only adds operations (and the schemas they use).
    Addition,
}

impl FixupKind {
    /// The directory under `openapi/` holding this kind.
    pub fn dir(self) -> &'static str {
        match self {
            FixupKind::Correction => "fixups",
            FixupKind::Addition => "additions",
        }
    }

    /// `fixup` or `addition`, as messages name them.
    pub fn noun(self) -> &'static str {
        match self {
            FixupKind::Correction => "fixup",
            FixupKind::Addition => "addition",
        }
    }
}

impl std::fmt::Display for FixupKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.noun())
    }
}

/// One named correction or addition.
#[derive(Debug, Clone)]
pub struct Fixup {
    /// The file stem: short, saying what is fixed.
    pub name: String,
    /// A correction or an addition.
    pub kind: FixupKind,
    /// Why upstream's text is wrong, and what it should say.
    pub reason: String,
    /// The server file (view, controller) the correction follows, if any.
    pub source: Option<String>,
    /// Families whose specs it applies to; all when empty.
    pub families: Vec<Family>,
    /// The edit itself.
    pub patch: Patch,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixupFile {
    reason: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    families: Vec<String>,
    patch: Patch,
}

/// A fixup that is malformed, or whose target no longer matches.
#[derive(Debug, thiserror::Error)]
pub enum FixupError {
    /// The fixup directory or a file in it could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What was read.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A file is not a fixup.
    #[error("{} {name} is malformed: {why}", kind.noun())]
    Malformed {
        /// A correction or an addition.
        kind: FixupKind,
        /// The fixup's name.
        name: String,
        /// What is wrong.
        why: String,
    },
    /// A target holds neither the defect the fixup corrects nor the value it
    /// wants: upstream changed it some other way, and only a person can tell
    /// which is right.
    #[error(transparent)]
    Contradiction(Box<Contradiction>),
}

/// What [`FixupError::Contradiction`] found.
#[derive(Debug, thiserror::Error)]
#[error(
    "{} {name} contradicts upstream at {pointer}: upstream has {found}, the {} corrects {defect} and wants {want}; {}",
    kind.noun(),
    kind.noun(),
    contradiction_advice(*kind, name)
)]
pub struct Contradiction {
    /// A correction or an addition.
    pub kind: FixupKind,
    /// The fixup's name.
    pub name: String,
    /// The target.
    pub pointer: String,
    /// What upstream has there (compact JSON).
    pub found: String,
    /// What the fixup corrects there (compact JSON, or `nothing`).
    pub defect: String,
    /// What the fixup wants there (compact JSON, or `nothing`).
    pub want: String,
}

fn pointer_tokens(pointer: &json_patch::jsonptr::Pointer) -> Vec<String> {
    pointer.tokens().map(|t| t.decoded().into_owned()).collect()
}

/// `(path, method)` when the tokens name one operation: `/paths/<path>/<method>`.
fn operation_target(tokens: &[String]) -> Option<(&str, &str)> {
    match tokens {
        [paths, path, method] if paths == "paths" && walk::METHODS.contains(&method.as_str()) => {
            Some((path, method))
        }
        _ => None,
    }
}

fn contradiction_advice(kind: FixupKind, name: &str) -> String {
    let dir = kind.dir();
    format!(
        "check the server, then correct openapi/{dir}/{name}.json (or delete it if upstream is right)"
    )
}

impl Fixup {
    /// Parses one correction from its JSON text.
    pub fn parse(name: &str, text: &str) -> Result<Fixup, FixupError> {
        Fixup::parse_as(FixupKind::Correction, name, text)
    }

    /// Parses one addition from its JSON text: only `add` operations, and a
    /// `source` naming the route, controller and view it follows.
    pub fn parse_addition(name: &str, text: &str) -> Result<Fixup, FixupError> {
        Fixup::parse_as(FixupKind::Addition, name, text)
    }

    fn parse_as(kind: FixupKind, name: &str, text: &str) -> Result<Fixup, FixupError> {
        let malformed = |why: String| FixupError::Malformed {
            kind,
            name: name.to_owned(),
            why,
        };
        let file: FixupFile = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
        let families = file
            .families
            .iter()
            .map(|f| f.parse::<Family>().map_err(|e| malformed(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        if file.reason.trim().is_empty() {
            return Err(malformed("`reason` is empty".into()));
        }
        if kind == FixupKind::Addition {
            if file.source.as_deref().is_none_or(|s| s.trim().is_empty()) {
                return Err(malformed(
                    "`source` is empty: name the route, controller and view".into(),
                ));
            }
            if let Some(i) = file
                .patch
                .0
                .iter()
                .position(|op| !matches!(op, PatchOperation::Add(_)))
            {
                return Err(malformed(format!(
                    "operation {i}: an addition only adds; corrections go in openapi/fixups/"
                )));
            }
            // Whole path items, or path-level parameters, would collide with
            // (or change) upstream's operations on a revision that has the path.
            for (i, op) in file.patch.0.iter().enumerate() {
                let tokens = pointer_tokens(op.path());
                let under_paths = tokens.first().is_some_and(|t| t == "paths");
                if under_paths && operation_target(&tokens).is_none() {
                    return Err(malformed(format!(
                        "operation {i}: add each operation as /paths/<path>/<method>; the path item is made when missing"
                    )));
                }
            }
        }
        check_targets(&file.patch).map_err(malformed)?;
        Ok(Fixup {
            name: name.to_owned(),
            kind,
            reason: file.reason,
            source: file.source,
            families,
            patch: file.patch,
        })
    }

    /// Loads the corrections (`fixups/`) and then the additions
    /// (`additions/`) of an `openapi/` directory: what normalization applies.
    pub fn load_openapi_dir(openapi: &Path) -> Result<Vec<Fixup>, FixupError> {
        let mut all = Fixup::load_dir(&openapi.join(FixupKind::Correction.dir()))?;
        let additions = Fixup::load_dir_as(
            FixupKind::Addition,
            &openapi.join(FixupKind::Addition.dir()),
        )?;
        if let Some(twin) = additions
            .iter()
            .find(|a| all.iter().any(|f| f.name == a.name))
        {
            return Err(FixupError::Malformed {
                kind: FixupKind::Addition,
                name: twin.name.clone(),
                why: "a fixup has the same name; rename one".into(),
            });
        }
        all.extend(additions);
        Ok(all)
    }

    /// Loads every `*.json` of a directory, by name. A missing directory has none.
    pub fn load_dir(dir: &Path) -> Result<Vec<Fixup>, FixupError> {
        Fixup::load_dir_as(FixupKind::Correction, dir)
    }

    /// [`Fixup::load_dir`] for either kind.
    pub fn load_dir_as(kind: FixupKind, dir: &Path) -> Result<Vec<Fixup>, FixupError> {
        let io = |path: &Path, source| FixupError::Io {
            path: path.to_owned(),
            source,
        };
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(dir, e)),
        };
        let mut fixups = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| io(dir, e))?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
            fixups.push(Fixup::parse_as(kind, &name, &text)?);
        }
        fixups.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(fixups)
    }

    /// Whether this fixup is meant for a family's spec.
    pub fn applies_to(&self, family: Family) -> bool {
        self.families.is_empty() || self.families.contains(&family)
    }

    /// The targets of the patch, in order: where it changes something, the
    /// defect it corrects there and the value it wants.
    pub fn targets(&self) -> Vec<Target> {
        let mut targets: Vec<Target> = Vec::new();
        let mut defects: Vec<(String, Value)> = Vec::new();
        for op in &self.patch.0 {
            let pointer = op.path().to_string();
            let defect = || {
                defects
                    .iter()
                    .filter(|(p, _)| *p == pointer)
                    .map(|(_, v)| v.clone())
                    .collect::<Vec<_>>()
            };
            let (want, append, adds) = match op {
                PatchOperation::Test(test) => {
                    defects.push((pointer, test.value.clone()));
                    continue;
                }
                PatchOperation::Add(add) => {
                    (Some(add.value.clone()), pointer.ends_with("/-"), true)
                }
                PatchOperation::Replace(replace) => (Some(replace.value.clone()), false, false),
                PatchOperation::Remove(_) => (None, false, false),
                PatchOperation::Move(_) | PatchOperation::Copy(_) => continue,
            };
            targets.push(Target {
                defect: defect(),
                pointer,
                want,
                append,
                adds,
            });
        }
        targets
    }

    /// Applies the fixup where its targets still hold the defect it corrects.
    /// Each target is judged on its own, on the document as the targets
    /// before it left it:
    ///
    /// - it holds the defect (one of the `test` values; for an `add`, also
    ///   nothing at all): the change is made;
    /// - it already holds what the fixup wants: nothing to do, upstream fixed
    ///   it ([`TargetState::FixedUpstream`]);
    /// - it, or the object it would go in, does not exist at this revision
    ///   ([`TargetState::NotPresent`]);
    /// - anything else is a [`FixupError::Contradiction`], and the document
    ///   is left as it was.
    ///
    /// Values are compared as schemas: prose (`description`, `title`,
    /// `example`...) is not compared, and `nullable: true` equals a type list
    /// with `"null"`, so upstream rewording a description or moving between
    /// OpenAPI 3.0 and 3.1 never stops the pipeline.
    ///
    /// An addition's operation is skipped where upstream documents the same
    /// route itself (same method, same path up to placeholder names).
    pub fn apply(
        &self,
        doc: &mut Value,
        changes: &mut Vec<Change>,
    ) -> Result<FixupOutcome, FixupError> {
        let mut work = doc.clone();
        let mut made = Vec::new();
        let mut outcome = FixupOutcome {
            name: self.name.clone(),
            kind: self.kind,
            targets: Vec::new(),
        };
        for target in self.targets() {
            let state = self.judge(&work, &target)?;
            if state == TargetState::Applied {
                if let Some(path) = self.make_path_item(&mut work, &target) {
                    made.push(path);
                }
                self.change(&mut work, &target)?;
                changes.push(Change {
                    rule: format!("{}:{}", self.kind.noun(), self.name),
                    pointer: format!("#{}", target.pointer),
                    detail: format!(
                        "{}: {}",
                        match (&target.want, target.defect.is_empty()) {
                            (None, _) => "remove",
                            (Some(_), true) => "add",
                            (Some(_), false) => "replace",
                        },
                        self.reason
                    ),
                });
            }
            outcome.targets.push(TargetOutcome {
                pointer: target.pointer,
                state,
            });
        }
        *doc = work;
        Ok(outcome)
    }

    fn judge(&self, doc: &Value, target: &Target) -> Result<TargetState, FixupError> {
        let contradiction = |found: &Value| {
            FixupError::Contradiction(Box::new(Contradiction {
                kind: self.kind,
                name: self.name.clone(),
                pointer: target.pointer.clone(),
                found: compact(Some(found)),
                defect: match target.defect.as_slice() {
                    [] => "nothing".to_owned(),
                    defects => defects
                        .iter()
                        .map(|d| compact(Some(d)))
                        .collect::<Vec<_>>()
                        .join(" or "),
                },
                want: compact(target.want.as_ref()),
            }))
        };
        if self.kind == FixupKind::Addition
            && let Some((path, method)) = operation_target(&target.tokens())
        {
            return Ok(if has_route(doc, method, path) {
                TargetState::FixedUpstream
            } else {
                TargetState::Applied
            });
        }
        let (parent, _) = split_pointer(&target.pointer);
        let parent = doc.pointer(&parent);
        if target.append {
            let Some(items) = parent.and_then(Value::as_array) else {
                return Ok(TargetState::NotPresent);
            };
            let want = target.want.as_ref().unwrap_or(&Value::Null);
            if items.iter().any(|item| same_schema(item, want)) {
                return Ok(TargetState::FixedUpstream);
            }
            // A parameter is one per name and location: another of the same
            // name is upstream's own version of it.
            if let Some(twin) = items.iter().find(|item| same_parameter(item, want)) {
                return Err(contradiction(twin));
            }
            return Ok(TargetState::Applied);
        }
        match doc.pointer(&target.pointer) {
            Some(found) => {
                if target.want.as_ref().is_some_and(|w| same_schema(found, w)) {
                    Ok(TargetState::FixedUpstream)
                } else if target.defect.iter().any(|d| same_schema(found, d)) {
                    Ok(TargetState::Applied)
                } else {
                    Err(contradiction(found))
                }
            }
            None if parent.is_none_or(|p| !p.is_object() && !p.is_array()) => {
                Ok(TargetState::NotPresent)
            }
            // A removal whose target is gone: what it wants.
            None if target.want.is_none() => Ok(TargetState::FixedUpstream),
            // An `add`: nothing there yet is a defect it corrects.
            None if target.adds => Ok(TargetState::Applied),
            None => Ok(TargetState::NotPresent),
        }
    }

    /// Makes the path item an addition's operation goes in, when missing.
    fn make_path_item(&self, doc: &mut Value, target: &Target) -> Option<String> {
        if self.kind != FixupKind::Addition {
            return None;
        }
        let tokens = target.tokens();
        let (path, _) = operation_target(&tokens)?;
        let paths = doc.get_mut("paths")?.as_object_mut()?;
        if paths.contains_key(path) {
            return None;
        }
        paths.insert(path.to_owned(), Value::Object(Default::default()));
        Some(path.to_owned())
    }

    /// Makes one target's change. A replacement keeps upstream's prose
    /// (`description`, `title`, `summary`) where the wanted value has none.
    fn change(&self, doc: &mut Value, target: &Target) -> Result<(), FixupError> {
        let failed = |why: String| FixupError::Malformed {
            kind: self.kind,
            name: self.name.clone(),
            why: format!("cannot change {}: {why}", target.pointer),
        };
        let (parent, last) = split_pointer(&target.pointer);
        let holder = doc
            .pointer_mut(&parent)
            .ok_or_else(|| failed("no parent".into()))?;
        match (&target.want, holder) {
            (Some(want), Value::Array(items)) => {
                let want = want.clone();
                if last == "-" {
                    items.push(want);
                } else {
                    let at: usize = last
                        .parse()
                        .map_err(|_| failed(format!("`{last}` is not an index")))?;
                    if at > items.len() {
                        return Err(failed(format!("index {at} is past the end")));
                    }
                    items.insert(at, want);
                }
            }
            (Some(want), Value::Object(members)) => {
                let mut want = want.clone();
                if let (Some(old), Some(new)) = (
                    members.get(&last).and_then(Value::as_object),
                    want.as_object_mut(),
                ) {
                    for key in KEPT_PROSE {
                        if let Some(text) = old.get(*key)
                            && !new.contains_key(*key)
                        {
                            new.insert((*key).to_owned(), text.clone());
                        }
                    }
                }
                members.insert(last, want);
            }
            (None, Value::Object(members)) => {
                members.shift_remove(&last);
            }
            (None, Value::Array(items)) => {
                let at: usize = last
                    .parse()
                    .map_err(|_| failed(format!("`{last}` is not an index")))?;
                if at >= items.len() {
                    return Err(failed(format!("index {at} is past the end")));
                }
                items.remove(at);
            }
            _ => return Err(failed("the parent is neither an object nor a list".into())),
        }
        Ok(())
    }

    /// The operations an addition adds (`add` of `/paths/<path>/<method>`),
    /// with its reason and source; none for a correction.
    pub fn added_operations(&self) -> Vec<AddedOperation> {
        if self.kind != FixupKind::Addition {
            return Vec::new();
        }
        let mut added = Vec::new();
        for op in &self.patch.0 {
            let PatchOperation::Add(add) = op else {
                continue;
            };
            let tokens = pointer_tokens(&add.path);
            let Some((path, method)) = operation_target(&tokens) else {
                continue;
            };
            added.push(AddedOperation {
                operation_id: add
                    .value
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                method: method.to_owned(),
                path: path.to_owned(),
                addition: self.name.clone(),
                reason: self.reason.clone(),
                source: self.source.clone().unwrap_or_default(),
            });
        }
        added
    }
}

/// Checks the shape of a patch: each `replace` and `remove` follows a `test`
/// of the same path (the defect it corrects), a `test` names only a path the
/// patch changes (it states a defect, not the text around it), each path is
/// changed once, and there is no `move` or `copy`.
fn check_targets(patch: &Patch) -> Result<(), String> {
    let mut tested: Vec<String> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    for (i, op) in patch.0.iter().enumerate() {
        let path = op.path().to_string();
        match op {
            PatchOperation::Test(_) => tested.push(path),
            PatchOperation::Move(_) | PatchOperation::Copy(_) => {
                return Err(format!(
                    "operation {i}: use add/replace/remove with test, not move or copy"
                ));
            }
            PatchOperation::Replace(_) | PatchOperation::Remove(_) if !tested.contains(&path) => {
                return Err(format!(
                    "operation {i} changes {path} without a `test` of it first: say the defect it corrects"
                ));
            }
            _ if changed.contains(&path) && !path.ends_with("/-") => {
                return Err(format!("operation {i} changes {path} a second time"));
            }
            _ => changed.push(path),
        }
    }
    if let Some(stray) = tested.iter().find(|t| !changed.contains(t)) {
        return Err(format!(
            "`test` of {stray}, which the patch does not change: a test states the defect at a target, not the text around it"
        ));
    }
    Ok(())
}

/// One place a fixup changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// JSON pointer into upstream's document.
    pub pointer: String,
    /// What upstream wrongly has there (the `test` values); empty when the
    /// defect is that nothing is there.
    pub defect: Vec<Value>,
    /// What the fixup wants there; `None` for a removal.
    pub want: Option<Value>,
    /// Whether the value is appended to a list (`/-`).
    pub append: bool,
    /// Whether it is an `add`: then nothing at the target is a defect too.
    pub adds: bool,
}

impl Target {
    fn tokens(&self) -> Vec<String> {
        json_patch::jsonptr::PointerBuf::parse(&self.pointer)
            .map(|p| p.tokens().map(|t| t.decoded().into_owned()).collect())
            .unwrap_or_default()
    }
}

/// What a fixup found at one target, at one revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetState {
    /// The defect was there and is corrected.
    Applied,
    /// Upstream already says what the fixup wants: the change can be deleted.
    FixedUpstream,
    /// The target (or what holds it) does not exist at this revision.
    NotPresent,
}

/// One target's state.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TargetOutcome {
    /// JSON pointer into upstream's document.
    pub pointer: String,
    /// What the fixup found there.
    pub state: TargetState,
}

/// What a fixup did to one family's spec at one revision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FixupOutcome {
    /// The fixup's name.
    pub name: String,
    /// A correction or an addition.
    #[serde(serialize_with = "kind_noun")]
    pub kind: FixupKind,
    /// Each target, in the patch's order.
    pub targets: Vec<TargetOutcome>,
}

fn kind_noun<S: serde::Serializer>(kind: &FixupKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.noun())
}

impl FixupOutcome {
    /// How many targets are in `state`.
    pub fn count(&self, state: TargetState) -> usize {
        self.targets.iter().filter(|t| t.state == state).count()
    }

    /// The one state of every target, when they agree.
    pub fn state(&self) -> Option<TargetState> {
        let first = self.targets.first()?.state;
        self.targets
            .iter()
            .all(|t| t.state == first)
            .then_some(first)
    }
}

impl std::fmt::Display for FixupOutcome {
    /// One line: `applied`, `fixed upstream: delete me`, `not present`, or
    /// the targets of each state when they differ.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = format!("openapi/{}/{}.json", self.kind.dir(), self.name);
        match self.state() {
            Some(TargetState::Applied) | None if self.targets.is_empty() => {
                write!(f, "{} {}: nothing to do", self.kind, self.name)
            }
            Some(TargetState::Applied) => write!(f, "{} {}: applied", self.kind, self.name),
            Some(TargetState::FixedUpstream) => write!(
                f,
                "{} {}: fixed upstream: delete me ({file})",
                self.kind, self.name
            ),
            Some(TargetState::NotPresent) => {
                write!(f, "{} {}: not present", self.kind, self.name)
            }
            None => {
                write!(
                    f,
                    "{} {}: applied at {}",
                    self.kind,
                    self.name,
                    self.count(TargetState::Applied)
                )?;
                for (state, words) in [
                    (
                        TargetState::FixedUpstream,
                        "fixed upstream (delete them from the patch)",
                    ),
                    (TargetState::NotPresent, "not present"),
                ] {
                    let at: Vec<&str> = self
                        .targets
                        .iter()
                        .filter(|t| t.state == state)
                        .map(|t| t.pointer.as_str())
                        .collect();
                    if !at.is_empty() {
                        write!(f, "; {words}: {}", at.join(", "))?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// Prose kept from upstream when a fixup replaces a value that has it.
const KEPT_PROSE: &[&str] = &["description", "title", "summary"];

/// Keys that are prose, never compared: rewording is not a change of type.
const PROSE: &[&str] = &[
    "description",
    "title",
    "summary",
    "example",
    "examples",
    "externalDocs",
    "$comment",
];

/// Keys whose value maps names (of properties, schemas, statuses, media
/// types) to objects: the names are data, whatever they are called.
const NAMED_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
    "responses",
    "content",
    "headers",
    "paths",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "links",
    "callbacks",
    "encoding",
    "dependentSchemas",
];

/// Whether two values say the same as schemas (see [`Fixup::apply`]).
pub fn same_schema(a: &Value, b: &Value) -> bool {
    canonical(a, false) == canonical(b, false)
}

/// `value` without prose, with nullability spelled one way.
fn canonical(value: &Value, names: bool) -> Value {
    match value {
        Value::Object(members) if names => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), canonical(v, false)))
                .collect(),
        ),
        Value::Object(members) => {
            let mut out = serde_json::Map::new();
            for (key, v) in members {
                if PROSE.contains(&key.as_str()) {
                    continue;
                }
                let v = if NAMED_MAPS.contains(&key.as_str()) && v.is_object() {
                    canonical(v, true)
                } else if ["enum", "const", "default", "required"].contains(&key.as_str()) {
                    v.clone()
                } else {
                    canonical(v, false)
                };
                out.insert(key.clone(), v);
            }
            // `nullable: true` (3.0) is `"null"` in the type list (3.1).
            let nullable = out.shift_remove("nullable") == Some(Value::Bool(true));
            match out.get_mut("type") {
                Some(Value::String(t)) if nullable => {
                    let t = std::mem::take(t);
                    out.insert("type".into(), serde_json::json!([t, "null"]));
                }
                Some(Value::Array(types)) => {
                    let has_null = types.iter().any(|t| t == "null");
                    types.retain(|t| t != "null");
                    if has_null || nullable {
                        types.push("null".into());
                    }
                    if types.len() == 1 {
                        let only = types.remove(0);
                        out.insert("type".into(), only);
                    }
                }
                _ => {
                    if nullable {
                        out.insert("nullable".into(), Value::Bool(true));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| canonical(v, false)).collect()),
        other => other.clone(),
    }
}

/// Whether two values are parameters of the same name and location.
fn same_parameter(a: &Value, b: &Value) -> bool {
    let key = |v: &Value| {
        Some((
            v.get("name")?.as_str()?.to_owned(),
            v.get("in")?.as_str()?.to_owned(),
        ))
    };
    matches!((key(a), key(b)), (Some(x), Some(y)) if x == y)
}

/// A route as `METHOD /path` with every placeholder written `{}`: the same
/// route whatever upstream names its placeholders.
pub fn route_key(method: &str, path: &str) -> String {
    let mut key = format!("{} ", method.to_ascii_uppercase());
    let mut in_placeholder = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                key.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            c => key.push(c),
        }
    }
    key
}

/// Whether the document has an operation for `method` on `path`, up to
/// placeholder names.
fn has_route(doc: &Value, method: &str, path: &str) -> bool {
    let wanted = route_key(method, path);
    doc.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .any(|(p, item)| item.get(method).is_some() && route_key(method, p) == wanted)
}

/// `(parent pointer, last token decoded)`.
fn split_pointer(pointer: &str) -> (String, String) {
    match pointer.rfind('/') {
        Some(at) => (
            pointer[..at].to_owned(),
            pointer[at + 1..].replace("~1", "/").replace("~0", "~"),
        ),
        None => (String::new(), pointer.to_owned()),
    }
}

/// A value for a message: compact JSON, cut at 300 characters.
fn compact(value: Option<&Value>) -> String {
    let Some(value) = value else {
        return "nothing".to_owned();
    };
    let text = value.to_string();
    match text.char_indices().nth(300) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text,
    }
}
