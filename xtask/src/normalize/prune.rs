//! Each family's file carries all of upstream's components (107 schemas),
//! though a family reaches only part of them. What no operation reaches is
//! removed, so the family crate compiles none of it.

use serde_json::Value;

use crate::normalize::record;
use crate::normalize::report::Change;

/// Removes unreachable components; returns the names of the pruned schemas.
pub(crate) fn unreachable(doc: &mut Value, changes: &mut Vec<Change>) -> Vec<String> {
    let mut pruned_schemas = Vec::new();
    for (section, name) in chatwoot_codegen::spec::prune_unreachable(doc) {
        if section == "schemas" {
            pruned_schemas.push(name);
        } else {
            let pointer = chatwoot_codegen::spec::reference(section, &name);
            record(changes, "prune/unreachable", &pointer, "removed".into());
        }
    }
    if !pruned_schemas.is_empty() {
        record(
            changes,
            "prune/unreachable",
            "#/components/schemas",
            format!(
                "{} schemas no operation reaches removed",
                pruned_schemas.len()
            ),
        );
    }
    pruned_schemas
}
