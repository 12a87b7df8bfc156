//! What generation needs to know of an OpenAPI document beyond what
//! progenitor reads: which keys of a path item are operations, and which
//! components the operations still reach once some were left out (a crate
//! built with only some areas).

use std::collections::BTreeSet;

use serde_json::Value;

/// HTTP methods an OpenAPI path item may hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Whether a key of a path item is an operation (an HTTP method).
pub fn is_http_method(key: &str) -> bool {
    METHODS.contains(&key)
}

/// The sections of `components` whose entries operations `$ref`.
const SECTIONS: [&str; 5] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
];

/// Removes the components no operation reaches, directly or through other
/// components; returns each removed one as `(section, name)`.
pub fn prune_unreachable(doc: &mut Value) -> Vec<(&'static str, String)> {
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
    let mut removed = Vec::new();
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
        return removed;
    };
    for section in SECTIONS {
        let Some(entries) = components.get_mut(section).and_then(Value::as_object_mut) else {
            continue;
        };
        let gone: Vec<String> = entries
            .keys()
            .filter(|name| !reached.contains(&reference(section, name)))
            .cloned()
            .collect();
        for name in gone {
            entries.remove(&name);
            removed.push((section, name));
        }
    }
    removed
}

/// `#/components/<section>/<name>`, the name escaped as a JSON pointer token.
pub fn reference(section: &str, name: &str) -> String {
    format!(
        "#/components/{section}/{}",
        name.replace('~', "~0").replace('/', "~1")
    )
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
