//! Named fixups: one-spot corrections of upstream's text, each a JSON Patch
//! (RFC 6902) with a reason, kept as data in `openapi/fixups/`.
//!
//! A fixup must prove its target is still what it was written against: every
//! `replace` and `remove` follows a `test` of the same path, and an `add` may
//! not land on a member that already exists. When upstream changes the spot,
//! the fixup fails loudly instead of rotting silently.

use std::path::{Path, PathBuf};

use json_patch::{Patch, PatchOperation};
use serde::Deserialize;
use serde_json::Value;

use crate::Family;
use crate::report::Change;

/// One named correction.
#[derive(Debug, Clone)]
pub struct Fixup {
    /// The file stem: short, saying what is fixed.
    pub name: String,
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
    #[error("cannot read fixup {path}: {source}")]
    Io {
        /// What was read.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A file is not a fixup.
    #[error("fixup {name} is malformed: {why}")]
    Malformed {
        /// The fixup's name.
        name: String,
        /// What is wrong.
        why: String,
    },
    /// The target is no longer what the fixup was written against.
    #[error(
        "fixup {name} no longer matches upstream at {pointer}: {why}; upstream may have fixed it: check, then update or delete openapi/fixups/{name}.json"
    )]
    Stale {
        /// The fixup's name.
        name: String,
        /// Where it failed.
        pointer: String,
        /// What did not match.
        why: String,
    },
}

impl Fixup {
    /// Parses one fixup from its JSON text.
    pub fn parse(name: &str, text: &str) -> Result<Fixup, FixupError> {
        let malformed = |why: String| FixupError::Malformed {
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
            reason: file.reason,
            source: file.source,
            families,
            patch: file.patch,
        })
    }

    /// Loads every `*.json` of a directory, by name. A missing directory has none.
    pub fn load_dir(dir: &Path) -> Result<Vec<Fixup>, FixupError> {
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
            fixups.push(Fixup::parse(&name, &text)?);
        }
        fixups.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(fixups)
    }

    /// Whether this fixup is meant for a family's spec.
    pub fn applies_to(&self, family: Family) -> bool {
        self.families.is_empty() || self.families.contains(&family)
    }

    /// Applies the fixup; the document is unchanged on error.
    pub fn apply(&self, doc: &mut Value, changes: &mut Vec<Change>) -> Result<(), FixupError> {
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
                rule: format!("fixup:{}", self.name),
                pointer: format!("#{}", op.path()),
                detail: format!("{verb}: {}", self.reason),
            });
        }
        Ok(())
    }

    fn stale(&self, pointer: &str, why: String) -> FixupError {
        FixupError::Stale {
            name: self.name.clone(),
            pointer: pointer.to_owned(),
            why,
        }
    }
}
