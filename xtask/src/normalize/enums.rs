//! One set of values, one named enum (`openapi/enums.toml`). Upstream writes
//! each enum inline where it is used, so the generator names it after the
//! place (`ConversationMessageCreatePayloadMessageType`,
//! `ToggleConversationStatusBodyStatus`) and the same values in a request, a
//! response and a query become two or three types. Each entry of the map
//! names an enum and the places that hold it; the first place's schema
//! becomes a component of that name and every place refers to it.
//!
//! Like a fixup, an entry is judged at each place and revision: replaced
//! where the place holds the enum's values, reported where it refers to the
//! component already or does not exist, an error where it holds other
//! values (both named) or no enum.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::normalize::maps::{FamilyMap, SCHEMAS};
use crate::normalize::report::Change;
use crate::normalize::{Family, NormalizeError, record, walk};

/// The file in an `openapi/` directory.
pub const FILE: &str = "enums.toml";

/// Every family's named enums.
pub type Enums = FamilyMap<Entry>;

/// One named enum of a family.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The component name the enum takes (`conversation_status`: the type
    /// `ConversationStatus`).
    pub name: String,
    /// JSON pointers of the places that hold it, after fixups and records.
    pub places: Vec<String>,
    /// A place holding some of the values only (an older revision that
    /// documents fewer than the server takes) takes the enum, reported with
    /// what it lacked; otherwise such a place is an error.
    #[serde(default)]
    pub widen_subsets: bool,
    /// Why these are one enum.
    pub reason: String,
    /// The server's file that defines the values.
    pub source: String,
}

impl Enums {
    /// Parses the file: `[[<family>]]` tables of [`Entry`].
    pub fn parse(text: &str) -> Result<Enums, String> {
        FamilyMap::parse_with(text, FILE, |entry: &Entry| {
            let complete = !entry.reason.trim().is_empty()
                && !entry.source.trim().is_empty()
                && !entry.places.is_empty();
            (!complete).then(|| (entry.name.clone(), "places, a reason and a source"))
        })
    }
}

/// An enum's type and values, comparable whatever their order.
type Values = (Option<String>, BTreeSet<String>);

/// An enum's values (`null` aside: that is the place's nullability) and
/// type.
fn values_of(schema: &Value) -> Option<Values> {
    let values = schema.get("enum")?.as_array()?;
    let ty = schema
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Some((
        ty,
        values
            .iter()
            .filter(|v| !v.is_null())
            .map(Value::to_string)
            .collect(),
    ))
}

fn list(values: &BTreeSet<String>) -> String {
    values.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// Applies a family's named enums to its (3.0) document.
pub(crate) fn apply(
    family: Family,
    doc: &mut Value,
    enums: &Enums,
    changes: &mut Vec<Change>,
) -> Result<(), NormalizeError> {
    for entry in enums.of(family) {
        let rule = format!("enum:{}", entry.name);
        let reference = format!("{SCHEMAS}{}", entry.name);
        // The first place holding the values: (its pointer, its values, the
        // component it becomes).
        let mut first: Option<(String, Values, Value)> = None;
        for place in &entry.places {
            let Some(at) = doc.pointer_mut(place) else {
                record(changes, &rule, &format!("#{place}"), "not present".into());
                continue;
            };
            if at.get("$ref").and_then(Value::as_str) == Some(reference.as_str()) {
                record(
                    changes,
                    &rule,
                    &format!("#{place}"),
                    "refers to it already".into(),
                );
                continue;
            }
            let Some(values) = values_of(at) else {
                return Err(NormalizeError::MapMismatch {
                    pointer: format!("#{place}"),
                    what: format!(
                        "openapi/{FILE}: `{}` expects an enum here, and found another schema",
                        entry.name
                    ),
                });
            };
            match &first {
                None => {
                    let mut component = at.clone();
                    if let Some(map) = component.as_object_mut() {
                        map.remove("nullable");
                        map.remove("example");
                        map.remove("default");
                        if let Some(Value::Array(items)) = map.get_mut("enum") {
                            items.retain(|v| !v.is_null());
                        }
                    }
                    first = Some((place.clone(), values, component));
                }
                Some((_, first_values, _))
                    if entry.widen_subsets
                        && first_values.0 == values.0
                        && values.1.is_subset(&first_values.1)
                        && values.1 != first_values.1 =>
                {
                    let lacking: BTreeSet<String> =
                        first_values.1.difference(&values.1).cloned().collect();
                    record(
                        changes,
                        &rule,
                        &format!("#{place}"),
                        format!("holds a subset, lacking {}: widened", list(&lacking)),
                    );
                }
                Some((first_place, first_values, _)) if *first_values != values => {
                    return Err(NormalizeError::MapMismatch {
                        pointer: format!("#{place}"),
                        what: format!(
                            "openapi/{FILE}: `{}` holds {} ({}) here and {} ({}) at #{first_place}",
                            entry.name,
                            list(&values.1),
                            values.0.as_deref().unwrap_or("untyped"),
                            list(&first_values.1),
                            first_values.0.as_deref().unwrap_or("untyped"),
                        ),
                    });
                }
                Some(_) => {}
            }
            // What the place says beside the values stays: its own nullability
            // and default, which a bare `$ref` would lose.
            let nullable = at.get("nullable") == Some(&json!(true));
            let default = at.get("default").cloned();
            let mut replacement = if nullable || default.is_some() {
                json!({ "allOf": [{ "$ref": reference }] })
            } else {
                json!({ "$ref": reference })
            };
            if nullable {
                replacement["nullable"] = json!(true);
            }
            if let Some(default) = default {
                replacement["default"] = default;
            }
            *at = replacement;
            record(
                changes,
                &rule,
                &format!("#{place}"),
                format!("enum -> {}", entry.name),
            );
        }
        let Some((first_place, _, component)) = first else {
            continue;
        };
        let schemas = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
            .ok_or_else(|| NormalizeError::MapMismatch {
                pointer: "#/components/schemas".into(),
                what: format!("openapi/{FILE}: no schemas to add `{}` to", entry.name),
            })?;
        if schemas.contains_key(&entry.name) {
            return Err(NormalizeError::MapMismatch {
                pointer: reference,
                what: format!(
                    "openapi/{FILE}: `{}` names a component the spec has already: choose another name",
                    entry.name
                ),
            });
        }
        // The generator names an inline enum after where it is
        // (`conversation` + `status`: `ConversationStatus`); one that would
        // take this enum's name (upstream's `conversation.status`, other
        // values) becomes a component of its own, `..._upstream`.
        let mut clashing = Vec::new();
        for (component, schema) in schemas.iter() {
            inline_enums(component, schema, &mut |name, pointer| {
                if name == entry.name {
                    clashing.push(format!(
                        "/components/schemas/{}{pointer}",
                        walk::escape(component)
                    ));
                }
            });
        }
        schemas.insert(entry.name.clone(), component);
        let renamed = format!("{}_upstream", entry.name);
        for pointer in clashing {
            if let Some(at) = doc.pointer_mut(&pointer) {
                let schema =
                    std::mem::replace(at, json!({ "$ref": format!("{SCHEMAS}{renamed}") }));
                if let Some(schemas) = doc
                    .pointer_mut("/components/schemas")
                    .and_then(Value::as_object_mut)
                {
                    schemas.insert(renamed.clone(), schema);
                }
                record(
                    changes,
                    &rule,
                    &format!("#{pointer}"),
                    format!("another enum the generator would name alike: -> {renamed}"),
                );
            }
        }
        record(
            changes,
            &rule,
            &reference,
            format!("the enum, from #{first_place}"),
        );
    }
    Ok(())
}

/// Each inline enum in an object schema, with the name the generator gives
/// it (`<prefix>_<property>`, inward through inline objects) and its
/// pointer below the schema.
fn inline_enums(prefix: &str, schema: &Value, found: &mut dyn FnMut(&str, &str)) {
    fn visit(prefix: &str, at: &str, schema: &Value, found: &mut dyn FnMut(&str, &str)) {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            return;
        };
        for (property, value) in properties {
            let name = format!("{prefix}_{property}");
            let pointer = format!("{at}/properties/{}", walk::escape(property));
            if value.get("enum").is_some() {
                found(&name, &pointer);
            } else if value.get("properties").is_some() {
                visit(&name, &pointer, value, found);
            }
        }
    }
    visit(prefix, "", schema, found);
}
