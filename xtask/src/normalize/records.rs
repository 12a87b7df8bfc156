//! One record, one type (`openapi/records.toml`). Where the server renders a
//! record with one partial and upstream describes it again at each place
//! that returns it, each description becomes a type of its own
//! (`Conversation`, `Conversation`, ...). Each entry
//! of the map names the record, the component that describes it in full,
//! and the places that describe it again; the component takes the record's
//! name and every place refers to it, so the operations that return the
//! record share one type with a short name.
//!
//! Like a fixup, an entry is judged at each place and revision: replaced
//! where the place still describes the record (an `allOf` that includes the
//! record's component), reported where it already refers to it or does not
//! exist, an error where it describes something else.

use serde_json::{Map, Value, json};

use crate::normalize::maps::{FamilyMap, SCHEMAS};
use crate::normalize::report::Change;
use crate::normalize::{Family, NormalizeError, record, walk};

/// The file in an `openapi/` directory.
pub const FILE: &str = "records.toml";

/// Every family's records.
pub type Records = FamilyMap<Entry>;

/// One record of a family.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The component name the record takes (`conversation`: the type
    /// `Conversation`).
    pub name: String,
    /// The component that describes the record in full.
    pub from: String,
    /// JSON pointers of the places that describe it again.
    pub places: Vec<String>,
    /// Why these are one record.
    pub reason: String,
    /// The server's file that renders it.
    pub source: String,
}

impl Records {
    /// Parses the file: `[[<family>]]` tables of [`Entry`].
    pub fn parse(text: &str) -> Result<Records, String> {
        FamilyMap::parse_with(text, FILE, |entry: &Entry| {
            let complete = !entry.reason.trim().is_empty() && !entry.source.trim().is_empty();
            (!complete).then(|| (entry.name.clone(), "a reason and a source"))
        })
    }
}

/// Applies a family's records to its document (after the fixups, which may
/// correct what a description holds).
pub(crate) fn apply(
    family: Family,
    doc: &mut Value,
    records: &Records,
    changes: &mut Vec<Change>,
) -> Result<(), NormalizeError> {
    for entry in records.of(family) {
        let rule = format!("record:{}", entry.name);
        let Some(full) = doc.pointer(&format!(
            "/components/schemas/{}",
            walk::escape(&entry.from)
        )) else {
            record(
                changes,
                &rule,
                &format!("{SCHEMAS}{}", entry.from),
                "not present".into(),
            );
            continue;
        };
        let (merged, bases) = flatten(doc, full).ok_or_else(|| unsupported(&entry.from))?;
        let mut own = vec![format!("{SCHEMAS}{}", entry.from)];
        own.extend(bases.iter().map(|b| format!("{SCHEMAS}{b}")));
        own.push(format!("{SCHEMAS}{}", entry.name));
        for place in &entry.places {
            let Some(at) = doc.pointer_mut(place) else {
                record(changes, &rule, &format!("#{place}"), "not present".into());
                continue;
            };
            let refers = |s: &Value| {
                s.get("$ref")
                    .and_then(Value::as_str)
                    .is_some_and(|r| own.iter().any(|o| o == r))
            };
            if refers(at) {
                record(
                    changes,
                    &rule,
                    &format!("#{place}"),
                    "refers to it already".into(),
                );
                continue;
            }
            let describes = at
                .get("allOf")
                .and_then(Value::as_array)
                .is_some_and(|parts| parts.iter().any(refers));
            if !describes {
                return Err(NormalizeError::MapMismatch {
                    pointer: format!("#{place}"),
                    what: format!(
                        "openapi/{FILE}: `{}` expects the record described again here (an allOf with its component), and found another schema",
                        entry.name
                    ),
                });
            }
            *at = json!({ "$ref": format!("{SCHEMAS}{}", entry.name) });
            record(
                changes,
                &rule,
                &format!("#{place}"),
                format!("described again -> {}", entry.name),
            );
        }
        let schemas = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
            .ok_or_else(|| unsupported(&entry.from))?;
        // A component of the record's name that is none of its descriptions
        // (upstream's `contact` is a `payload` wrapper no view renders).
        let replaced = schemas.contains_key(&entry.name)
            && entry.name != entry.from
            && !bases.contains(&entry.name);
        // The generator names the record's inline objects after it
        // (`conversation` + `meta`: `ConversationMeta`); a component of
        // that name (upstream's `conversation_meta`, another object) would
        // be a second type of the same name. It yields: `..._upstream`.
        let mut clashing = Vec::new();
        inline_type_names(&entry.name, &merged, &mut |candidate| {
            if schemas.contains_key(candidate) {
                clashing.push(candidate.to_owned());
            }
        });
        schemas.insert(entry.name.clone(), merged);
        for clash in &clashing {
            let renamed = format!("{clash}_upstream");
            if let Some(schema) = schemas.remove(clash) {
                schemas.insert(renamed.clone(), schema);
            }
        }
        for clash in &clashing {
            let renamed = format!("{clash}_upstream");
            redirect(
                doc,
                &format!("{SCHEMAS}{clash}"),
                &format!("{SCHEMAS}{renamed}"),
            );
            record(
                changes,
                &rule,
                &format!("{SCHEMAS}{clash}"),
                format!(
                    "renamed `{renamed}`: the record's own `{clash}` is generated under that name"
                ),
            );
        }
        let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        else {
            return Err(unsupported(&entry.from));
        };
        if replaced {
            record(
                changes,
                &rule,
                &format!("{SCHEMAS}{}", entry.name),
                format!(
                    "upstream's `{}` described something else: replaced by the record",
                    entry.name
                ),
            );
        }
        if entry.from != entry.name {
            schemas.remove(&entry.from);
            redirect(
                doc,
                &format!("{SCHEMAS}{}", entry.from),
                &format!("{SCHEMAS}{}", entry.name),
            );
        }
        record(
            changes,
            &rule,
            &format!("{SCHEMAS}{}", entry.name),
            format!("the record, from `{}`", entry.from),
        );
    }
    Ok(())
}

fn unsupported(from: &str) -> NormalizeError {
    NormalizeError::UnsupportedConstruct {
        pointer: format!("{SCHEMAS}{from}"),
        what: format!("openapi/{FILE}: `{from}` is not an object schema or an allOf of them"),
    }
}

/// The component's schema as one object: an `allOf` of `$ref`s to other
/// components and inline objects becomes the union of their properties
/// (the later wins); also returns the components it drew from.
fn flatten(doc: &Value, schema: &Value) -> Option<(Value, Vec<String>)> {
    let mut merged = Map::new();
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    let mut bases = Vec::new();
    let mut take = |part: &Map<String, Value>, merged: &mut Map<String, Value>| {
        for (key, value) in part {
            match key.as_str() {
                "properties" => {
                    if let Some(props) = value.as_object() {
                        properties.extend(props.clone());
                    }
                }
                "required" => {
                    for name in value.as_array().into_iter().flatten() {
                        if !required.contains(name) {
                            required.push(name.clone());
                        }
                    }
                }
                "allOf" => {}
                _ => {
                    merged.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
        }
    };
    let object = schema.as_object()?;
    take(object, &mut merged);
    for part in object
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let part = match part.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.strip_prefix(SCHEMAS)?;
                bases.push(name.to_owned());
                let base = doc.pointer(&format!("/components/schemas/{}", walk::escape(name)))?;
                let (flat, deeper) = flatten(doc, base)?;
                bases.extend(deeper);
                flat
            }
            None => part.clone(),
        };
        take(part.as_object()?, &mut merged);
    }
    merged.insert("type".into(), json!("object"));
    merged.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        merged.insert("required".into(), Value::Array(required));
    }
    Some((Value::Object(merged), bases))
}

/// Every `$ref` to `from` now refers to `to`.
fn redirect(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => {
            if map.get("$ref").and_then(Value::as_str) == Some(from) {
                map.insert("$ref".into(), json!(to));
            }
            map.values_mut().for_each(|v| redirect(v, from, to));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redirect(v, from, to)),
        _ => {}
    }
}

/// The component names the generator's names for a record's inline objects
/// correspond to: `<record>_<property>` for an object property,
/// `<record>_<property>_item` for an object in a list, and so on inward.
fn inline_type_names(prefix: &str, schema: &Value, found: &mut dyn FnMut(&str)) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (property, value) in properties {
        let (name, inner) = match value.get("items") {
            Some(items) if value.get("type").and_then(Value::as_str) == Some("array") => {
                (format!("{prefix}_{property}_item"), items)
            }
            _ => (format!("{prefix}_{property}"), value),
        };
        if inner.get("properties").is_some() && inner.get("$ref").is_none() {
            found(&name);
            inline_type_names(&name, inner, found);
        }
    }
}
