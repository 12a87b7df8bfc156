//! Each family's file carries all of upstream's components (107 schemas),
//! though a family reaches only part of them. What no operation reaches is
//! removed, so the family crate compiles none of it.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{record, walk};
use crate::report::Change;

const SECTIONS: [&str; 5] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
];

/// Removes unreachable components; returns the names of the pruned schemas.
pub(crate) fn unreachable(doc: &mut Value, changes: &mut Vec<Change>) -> Vec<String> {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = Vec::new();
    if let Some(paths) = doc.get("paths") {
        collect_refs(paths, &mut queue);
    }
    while let Some(reference) = queue.pop() {
        if !reached.insert(reference.clone()) {
            continue;
        }
        if let Some(target) = reference.strip_prefix('#').and_then(|p| doc.pointer(p)) {
            collect_refs(target, &mut queue);
        }
    }
    let mut pruned_schemas = Vec::new();
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
        return pruned_schemas;
    };
    for section in SECTIONS {
        let Some(entries) = components.get_mut(section).and_then(Value::as_object_mut) else {
            continue;
        };
        let base = walk::join("#/components", section);
        let gone: Vec<String> = entries
            .keys()
            .filter(|name| !reached.contains(&walk::join(&base, name)))
            .cloned()
            .collect();
        for name in gone {
            entries.remove(&name);
            if section == "schemas" {
                pruned_schemas.push(name);
            } else {
                record(
                    changes,
                    "prune/unreachable",
                    &walk::join(&base, &name),
                    "removed".into(),
                );
            }
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

/// Every `$ref` string below a value.
fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
