//! What normalization did to a spec: every change, with the rule that made it
//! and where, so that nothing done to upstream's text goes unreported.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::normalize::Family;
use crate::normalize::fixups::{FixupOutcome, TargetState};

/// The full, machine-readable account of one family's normalization; written
/// beside the normalized spec as `<family>.report.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Which family this is.
    #[serde(serialize_with = "family_name")]
    pub family: Family,
    /// The upstream revision the spec came from, when the caller knows it.
    pub revision: Option<String>,
    /// The sha256 of upstream's file, when the caller knows it.
    pub upstream_sha256: Option<String>,
    /// Lines of Rust generated from the normalized spec, when generated.
    pub generated_lines: Option<usize>,
    /// The `openapi` version upstream declared.
    pub openapi_in: String,
    /// The `openapi` version of the normalized spec.
    pub openapi_out: String,
    /// Operations in upstream's spec.
    pub operations_in: usize,
    /// Operations in the normalized spec: always `operations_in` plus
    /// `operations_added`.
    pub operations_out: usize,
    /// Operations upstream's spec lacks, added by our spec additions
    /// (`openapi/additions/`), each with why and the server route it follows.
    pub operations_added: Vec<AddedOperation>,
    /// What each fixup and addition found at this revision: applied, fixed
    /// upstream (to delete), or not present.
    pub fixups: Vec<FixupOutcome>,
    /// Routes `openapi/names.toml` does not name (named by its rule).
    pub unnamed: Vec<Unnamed>,
    /// Every operation, by operationId, with its method and path.
    pub operations: Vec<OperationEntry>,
    /// Schemas in upstream's `components/schemas`.
    pub schemas_in: usize,
    /// Schemas this family's operations reach, and so kept.
    pub schemas_kept: usize,
    /// Schemas no operation of this family reaches, removed.
    pub schemas_pruned: Vec<String>,
    /// Every change made, in the order it was made.
    pub changes: Vec<Change>,
    /// Parts of operations progenitor cannot express: the operation is still
    /// generated (its JSON variant), and these wait for a hand-written method.
    pub deferred: Vec<Deferred>,
}

/// An operation of the normalized spec.
#[derive(Debug, Clone, Serialize)]
pub struct OperationEntry {
    /// Its operationId: our name (`openapi/names.toml`), the generated
    /// method's, when normalized with names.
    pub operation_id: String,
    /// Upstream's operationId, when it had one.
    pub upstream_operation_id: Option<String>,
    /// Lower-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
}

/// An operation the server has and upstream's spec lacks, added by a spec
/// addition.
#[derive(Debug, Clone, Serialize)]
pub struct AddedOperation {
    /// The operationId we gave it.
    pub operation_id: String,
    /// Lower-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// The addition's name (`openapi/additions/<name>.json`).
    pub addition: String,
    /// Why it is added.
    pub reason: String,
    /// The route, controller and view it follows.
    pub source: String,
}

/// A route `openapi/names.toml` does not name: named by its rule, and a
/// line asks for an entry.
#[derive(Debug, Clone, Serialize)]
pub struct Unnamed {
    /// Lower-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Upstream's operationId, when it has one.
    pub upstream_operation_id: Option<String>,
    /// The name the rule gave it.
    pub name: String,
}

/// One change to upstream's text.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The rule that made it: a rule name, `fixup:<name>` for a named fixup,
    /// or `addition:<name>` for a spec addition.
    pub rule: String,
    /// JSON pointer into upstream's document, where the change was made.
    pub pointer: String,
    /// What changed, in a few words.
    pub detail: String,
}

/// Something an operation offers that the generated method cannot do.
#[derive(Debug, Clone, Serialize)]
pub struct Deferred {
    /// The operation it belongs to.
    pub operation_id: String,
    /// Where in upstream's document.
    pub pointer: String,
    /// What was left out of generation (a media type, a response).
    pub what: String,
}

fn family_name<S: serde::Serializer>(family: &Family, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(family.as_str())
}

impl Report {
    /// Number of changes per rule, for the one-screen summary; additions are
    /// listed by operation instead.
    pub fn changes_by_rule(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for change in self
            .changes
            .iter()
            .filter(|c| !c.rule.starts_with("addition:"))
        {
            *counts.entry(change.rule.as_str()).or_default() += 1;
        }
        counts
    }
}

/// The short summary `cargo xtask codegen` prints per family.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: OpenAPI {} -> {}; operations {} in{}, {} out; schemas {} kept, {} pruned of {}{}",
            self.family,
            self.openapi_in,
            self.openapi_out,
            self.operations_in,
            match self.operations_added.len() {
                0 => String::new(),
                n => format!(" + {n} added"),
            },
            self.operations_out,
            self.schemas_kept,
            self.schemas_pruned.len(),
            self.schemas_in,
            self.generated_lines
                .map(|n| format!("; {n} lines of Rust"))
                .unwrap_or_default(),
        )?;
        for (rule, count) in self.changes_by_rule() {
            writeln!(f, "  {count:>4}  {rule}")?;
        }
        for added in &self.operations_added {
            writeln!(
                f,
                "  added (not in upstream's spec): {} {} {} (openapi/additions/{}.json)",
                added.operation_id,
                added.method.to_uppercase(),
                added.path,
                added.addition
            )?;
        }
        // Fixups that did all they were written for are counted above; the
        // others say what they found.
        for outcome in &self.fixups {
            if outcome.state() != Some(TargetState::Applied) {
                writeln!(f, "  {outcome}")?;
            }
        }
        for route in &self.unnamed {
            writeln!(
                f,
                "  warning: {} {} (upstream `{}`) has no name in openapi/names.toml: named `{}` by its rule; add an entry",
                route.method.to_uppercase(),
                route.path,
                route.upstream_operation_id.as_deref().unwrap_or("-"),
                route.name
            )?;
        }
        for deferred in &self.deferred {
            writeln!(
                f,
                "  deferred to a hand-written method: {}: {}",
                deferred.operation_id, deferred.what
            )?;
        }
        Ok(())
    }
}
