//! Named fixups: one-spot corrections of upstream's text, each a JSON Patch
//! (RFC 6902) with a reason, kept as data in `openapi/fixups/`; and spec
//! additions, routes the server has and upstream's spec lacks, kept the same
//! way in `openapi/additions/`.
//!
//! A fixup must prove its target is still what it was written against: every
//! `replace` and `remove` follows a `test` of the same path, and an `add` may
//! not land on a member that already exists. When upstream changes the spot,
//! the fixup fails loudly instead of rotting silently. An addition only adds,
//! so once upstream documents the same operation it fails the same way, and
//! is then deleted.

use std::path::{Path, PathBuf};

use json_patch::{Patch, PatchOperation};
use serde::Deserialize;
use serde_json::Value;

use crate::Family;
use crate::normalize::walk;
use crate::report::{AddedOperation, Change};

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
    /// Older locked revisions whose text differs at the target, so the fixup
    /// cannot apply there. It applies to every other revision, new ones
    /// included, where a changed target still fails loudly.
    pub skip_revisions: Vec<String>,
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
    #[serde(default)]
    skip_revisions: Vec<String>,
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
    /// The target is no longer what the fixup was written against.
    #[error(
        "{} {name} no longer matches upstream at {pointer}: {why}; {}",
        kind.noun(),
        stale_advice(*kind, name)
    )]
    Stale {
        /// A correction or an addition.
        kind: FixupKind,
        /// The fixup's name.
        name: String,
        /// Where it failed.
        pointer: String,
        /// What did not match.
        why: String,
    },
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

fn stale_advice(kind: FixupKind, name: &str) -> String {
    match kind {
        FixupKind::Correction => format!(
            "upstream may have fixed it: check, then update or delete openapi/fixups/{name}.json"
        ),
        FixupKind::Addition => format!(
            "upstream may document it now: check upstream's operation against the server, then delete openapi/additions/{name}.json"
        ),
    }
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
        let mut tested: Vec<String> = Vec::new();
        for (i, op) in file.patch.0.iter().enumerate() {
            let path = op.path().to_string();
            match op {
                PatchOperation::Test(_) => tested.push(path),
                PatchOperation::Replace(_) | PatchOperation::Remove(_)
                    if !tested.contains(&path) =>
                {
                    return Err(malformed(format!(
                        "operation {i} changes {path} without a `test` of it first"
                    )));
                }
                PatchOperation::Move(_) | PatchOperation::Copy(_) => {
                    return Err(malformed(format!(
                        "operation {i}: use add/replace/remove with test, not move or copy"
                    )));
                }
                _ => {}
            }
        }
        Ok(Fixup {
            name: name.to_owned(),
            kind,
            reason: file.reason,
            source: file.source,
            families,
            skip_revisions: file.skip_revisions,
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

    /// Whether this fixup is meant for an upstream revision (a full commit
    /// hash); `skip_revisions` may name revisions by a prefix of 7 or more.
    pub fn applies_to_revision(&self, revision: &str) -> bool {
        !self
            .skip_revisions
            .iter()
            .any(|skip| skip.len() >= 7 && revision.starts_with(skip.as_str()))
    }

    /// The fixups of `fixups` meant for `revision`.
    pub fn for_revision(fixups: &[Fixup], revision: &str) -> Vec<Fixup> {
        fixups
            .iter()
            .filter(|f| f.applies_to_revision(revision))
            .cloned()
            .collect()
    }

    /// Whether this fixup is meant for a family's spec.
    pub fn applies_to(&self, family: Family) -> bool {
        self.families.is_empty() || self.families.contains(&family)
    }

    /// Applies the fixup; the document is unchanged on error. An addition's
    /// operation may land on a path upstream does not have: the path item is
    /// made for it, so the same addition fits revisions with and without it.
    pub fn apply(&self, doc: &mut Value, changes: &mut Vec<Change>) -> Result<(), FixupError> {
        let made = self.make_path_items(doc);
        let result = self.apply_patch(doc, changes);
        if result.is_err()
            && let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut)
        {
            for path in &made {
                paths.remove(path);
            }
        }
        result
    }

    /// Path items an addition's operations need and the document lacks,
    /// made empty; returns their paths.
    fn make_path_items(&self, doc: &mut Value) -> Vec<String> {
        let mut made = Vec::new();
        if self.kind != FixupKind::Addition {
            return made;
        }
        for added in self.added_operations() {
            let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
                break;
            };
            if !paths.contains_key(&added.path) {
                paths.insert(added.path.clone(), Value::Object(Default::default()));
                made.push(added.path);
            }
        }
        made
    }

    fn apply_patch(&self, doc: &mut Value, changes: &mut Vec<Change>) -> Result<(), FixupError> {
        for op in &self.patch.0 {
            if let PatchOperation::Add(add) = op {
                let path = add.path.to_string();
                let is_array_slot = path.ends_with("/-")
                    || path
                        .rsplit('/')
                        .next()
                        .is_some_and(|t| t.chars().all(|c| c.is_ascii_digit()));
                if !is_array_slot && doc.pointer(&path).is_some() {
                    return Err(self.stale(&path, "`add` target already exists".into()));
                }
            }
        }
        json_patch::patch(doc, &self.patch)
            .map_err(|e| self.stale(&e.path.to_string(), e.kind.to_string()))?;
        for op in &self.patch.0 {
            if matches!(op, PatchOperation::Test(_)) {
                continue;
            }
            let verb = match op {
                PatchOperation::Add(_) => "add",
                PatchOperation::Remove(_) => "remove",
                _ => "replace",
            };
            changes.push(Change {
                rule: format!("{}:{}", self.kind.noun(), self.name),
                pointer: format!("#{}", op.path()),
                detail: format!("{verb}: {}", self.reason),
            });
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

    fn stale(&self, pointer: &str, why: String) -> FixupError {
        FixupError::Stale {
            kind: self.kind,
            name: self.name.clone(),
            pointer: pointer.to_owned(),
            why,
        }
    }
}
