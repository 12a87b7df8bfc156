//! The last gate: the normalized document must use only what OpenAPI 3.0 and
//! progenitor know. A construct no rule handles is an error naming where it
//! is, never a panic inside progenitor or a silently dropped operation.

use serde_json::Value;

use crate::normalize::{NormalizeError, walk};

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
            if key == "not" {
                return Err(unsupported(
                    walk::join(ptr, key),
                    "`not` (progenitor's type generator cannot express it)",
                ));
            }
            if key == "enum" && !schema.contains_key("type") {
                let kinds: std::collections::BTreeSet<&str> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|v| !v.is_null())
                    .map(json_kind)
                    .collect();
                if kinds.len() > 1 {
                    return Err(unsupported(
                        walk::join(ptr, key),
                        "an `enum` of mixed types without a `type`",
                    ));
                }
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
    operations(doc)?;
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(doc.clone()).map_err(|error| {
        NormalizeError::NotReadable {
            pointer: format!("#/{}", error.path().to_string().replace('.', "/")),
            source: error.into_inner(),
        }
    })?;
    Ok(())
}

fn unsupported(pointer: String, what: &str) -> NormalizeError {
    NormalizeError::UnsupportedConstruct {
        pointer,
        what: what.to_owned(),
    }
}

/// What progenitor would reject without saying where, or drop silently:
/// path-item references, operation-level `servers` and `callbacks`, and
/// parameters it cannot send (cookies, `content`, `deepObject`).
fn operations(doc: &Value) -> Result<(), NormalizeError> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Ok(());
    };
    for (path, item) in paths {
        let item_ptr = walk::join("#/paths", path);
        if item.get("$ref").is_some() {
            return Err(unsupported(
                walk::join(&item_ptr, "$ref"),
                "a path item `$ref`",
            ));
        }
        let Some(item) = item.as_object() else {
            continue;
        };
        let mut lists = vec![(walk::join(&item_ptr, "parameters"), item.get("parameters"))];
        for method in walk::METHODS {
            let Some(op) = item.get(method) else { continue };
            let op_ptr = walk::join(&item_ptr, method);
            for key in ["servers", "callbacks"] {
                if op.get(key).is_some() {
                    return Err(unsupported(
                        walk::join(&op_ptr, key),
                        &format!("operation-level `{key}`"),
                    ));
                }
            }
            lists.push((walk::join(&op_ptr, "parameters"), op.get("parameters")));
        }
        for (list_ptr, list) in lists {
            for (i, param) in list
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let ptr = format!("{list_ptr}/{i}");
                if param.get("in").and_then(Value::as_str) == Some("cookie") {
                    return Err(unsupported(ptr, "a cookie parameter"));
                }
                if param.get("content").is_some() {
                    return Err(unsupported(
                        walk::join(&ptr, "content"),
                        "a parameter with `content`",
                    ));
                }
                if param.get("style").and_then(Value::as_str) == Some("deepObject") {
                    return Err(unsupported(
                        walk::join(&ptr, "style"),
                        "a `deepObject` parameter",
                    ));
                }
            }
        }
    }
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

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
