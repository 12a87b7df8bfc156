//! The last gate: the normalized document must use only what OpenAPI 3.0 and
//! progenitor know. A construct no rule handles is an error naming where it
//! is, never a panic inside progenitor or a silently dropped operation.

use serde_json::Value;

use super::{NormalizeError, walk};

/// Schema keywords of OpenAPI 3.0.3, besides `x-` extensions.
const SCHEMA_KEYWORDS_30: [&str; 37] = [
    "$ref",
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
    "summary",
];

/// Checks every schema's keywords and every `$ref`; then that progenitor's
/// reader takes the document.
pub(crate) fn check(doc: &mut Value) -> Result<(), NormalizeError> {
    walk::schemas_mut(doc, &mut |ptr, schema| {
        for (key, value) in schema.iter() {
            if key.starts_with("x-") {
                continue;
            }
            if !SCHEMA_KEYWORDS_30.contains(&key.as_str()) {
                return Err(NormalizeError::UnsupportedConstruct {
                    pointer: walk::join(ptr, key),
                    what: format!("schema keyword `{key}`"),
                });
            }
            let wrong_shape = match key.as_str() {
                "type" => !value.is_string(),
                "exclusiveMinimum" | "exclusiveMaximum" | "nullable" => !value.is_boolean(),
                "allOf" | "oneOf" | "anyOf" | "enum" | "required" => !value.is_array(),
                _ => false,
            };
            if wrong_shape {
                return Err(NormalizeError::UnsupportedConstruct {
                    pointer: walk::join(ptr, key),
                    what: format!("`{key}` of the form {value}"),
                });
            }
        }
        Ok(())
    })?;
    let mut dangling = None;
    find_dangling(doc, doc, "#", &mut dangling);
    if let Some((pointer, reference)) = dangling {
        return Err(NormalizeError::DanglingRef { pointer, reference });
    }
    serde_json::from_value::<openapiv3::OpenAPI>(doc.clone())
        .map_err(|source| NormalizeError::NotReadable { source })?;
    Ok(())
}

fn find_dangling(root: &Value, value: &Value, ptr: &str, found: &mut Option<(String, String)>) {
    if found.is_some() {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if let ("$ref", Value::String(r)) = (key.as_str(), v) {
                    let resolves = r
                        .strip_prefix('#')
                        .is_some_and(|p| root.pointer(p).is_some());
                    if !resolves {
                        *found = Some((ptr.to_owned(), r.clone()));
                        return;
                    }
                } else if !(key == "example" || key == "examples" || key == "default") {
                    find_dangling(root, v, &walk::join(ptr, key), found);
                }
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                find_dangling(root, v, &format!("{ptr}/{i}"), found);
            }
        }
        _ => {}
    }
}
