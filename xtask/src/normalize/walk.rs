//! Finding every schema of an OpenAPI document, wherever it sits, with the
//! JSON pointer that names it in reports and errors.

use serde_json::{Map, Value};

use crate::normalize::NormalizeError;

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `base` extended by one reference token.
pub(crate) fn join(base: &str, token: &str) -> String {
    format!("{base}/{}", escape(token))
}

/// HTTP methods an OpenAPI path item may hold.
pub(crate) use chatwoot_codegen::spec::METHODS;

/// Keywords whose value is one subschema.
const SUBSCHEMA: [&str; 8] = [
    "items",
    "not",
    "additionalProperties",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
];
/// Keywords whose value is a list of subschemas.
const SUBSCHEMA_LISTS: [&str; 4] = ["allOf", "oneOf", "anyOf", "prefixItems"];
/// Keywords whose value maps names to subschemas.
const SUBSCHEMA_MAPS: [&str; 4] = [
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
];

/// A visitor of schema objects: gets the pointer and the schema, may change it.
pub(crate) type Visit<'a> =
    dyn FnMut(&str, &mut Map<String, Value>) -> Result<(), NormalizeError> + 'a;

/// Calls `visit` on every schema object of the document, parents before
/// children (so a visitor that rewrites a schema sees its new children next).
pub(crate) fn schemas_mut(doc: &mut Value, visit: &mut Visit<'_>) -> Result<(), NormalizeError> {
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        for (section, ptr) in [
            ("schemas", "#/components/schemas"),
            ("parameters", "#/components/parameters"),
            ("headers", "#/components/headers"),
            ("requestBodies", "#/components/requestBodies"),
            ("responses", "#/components/responses"),
        ] {
            let Some(entries) = components.get_mut(section).and_then(Value::as_object_mut) else {
                continue;
            };
            for (name, entry) in entries.iter_mut() {
                let ptr = join(ptr, name);
                match section {
                    "schemas" => schema(&ptr, entry, visit)?,
                    "parameters" | "headers" => parameter(&ptr, entry, visit)?,
                    "requestBodies" => content(&ptr, entry, visit)?,
                    _ => response(&ptr, entry, visit)?,
                }
            }
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let item_ptr = join("#/paths", path);
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                let ptr = join(&item_ptr, key);
                if key == "parameters" {
                    parameters(&ptr, value, visit)?;
                } else if METHODS.contains(&key.as_str()) {
                    operation(&ptr, value, visit)?;
                }
            }
        }
    }
    Ok(())
}

fn operation(ptr: &str, op: &mut Value, visit: &mut Visit<'_>) -> Result<(), NormalizeError> {
    let Some(op) = op.as_object_mut() else {
        return Ok(());
    };
    if let Some(params) = op.get_mut("parameters") {
        parameters(&join(ptr, "parameters"), params, visit)?;
    }
    if let Some(body) = op.get_mut("requestBody") {
        content(&join(ptr, "requestBody"), body, visit)?;
    }
    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
        for (code, resp) in responses.iter_mut() {
            response(&join(&join(ptr, "responses"), code), resp, visit)?;
        }
    }
    Ok(())
}

fn parameters(ptr: &str, list: &mut Value, visit: &mut Visit<'_>) -> Result<(), NormalizeError> {
    if let Some(list) = list.as_array_mut() {
        for (i, p) in list.iter_mut().enumerate() {
            parameter(&join(ptr, &i.to_string()), p, visit)?;
        }
    }
    Ok(())
}

/// A parameter or header object: a `schema`, or `content` like a body.
fn parameter(ptr: &str, param: &mut Value, visit: &mut Visit<'_>) -> Result<(), NormalizeError> {
    if let Some(s) = param.get_mut("schema") {
        schema(&join(ptr, "schema"), s, visit)?;
    }
    content(ptr, param, visit)
}

fn response(ptr: &str, resp: &mut Value, visit: &mut Visit<'_>) -> Result<(), NormalizeError> {
    if let Some(headers) = resp.get_mut("headers").and_then(Value::as_object_mut) {
        for (name, h) in headers.iter_mut() {
            parameter(&join(&join(ptr, "headers"), name), h, visit)?;
        }
    }
    content(ptr, resp, visit)
}

/// The `content` map of a body, response or parameter.
fn content(ptr: &str, holder: &mut Value, visit: &mut Visit<'_>) -> Result<(), NormalizeError> {
    let ptr = join(ptr, "content");
    if let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) {
        for (media, mt) in content.iter_mut() {
            if let Some(s) = mt.get_mut("schema") {
                schema(&join(&join(&ptr, media), "schema"), s, visit)?;
            }
        }
    }
    Ok(())
}

/// One schema and, recursively, its subschemas.
pub(crate) fn schema(
    ptr: &str,
    value: &mut Value,
    visit: &mut Visit<'_>,
) -> Result<(), NormalizeError> {
    let Some(map) = value.as_object_mut() else {
        // `true`/`false` schemas (3.1) and malformed ones are the validator's concern.
        return Ok(());
    };
    visit(ptr, map)?;
    for key in SUBSCHEMA {
        if let Some(sub) = map.get_mut(key) {
            schema(&join(ptr, key), sub, visit)?;
        }
    }
    for key in SUBSCHEMA_LISTS {
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            for (i, sub) in list.iter_mut().enumerate() {
                schema(&join(&join(ptr, key), &i.to_string()), sub, visit)?;
            }
        }
    }
    for key in SUBSCHEMA_MAPS {
        if let Some(props) = map.get_mut(key).and_then(Value::as_object_mut) {
            for (name, sub) in props.iter_mut() {
                schema(&join(&join(ptr, key), name), sub, visit)?;
            }
        }
    }
    Ok(())
}

/// Every `(pointer, method, path, operation)` of the document.
pub(crate) fn operations_mut(
    doc: &mut Value,
) -> impl Iterator<Item = (String, &'static str, String, &mut Map<String, Value>)> {
    doc.get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.iter_mut())
        .flat_map(|(path, item)| {
            let item_ptr = join("#/paths", path);
            let path = path.clone();
            item.as_object_mut()
                .into_iter()
                .flat_map(|item| item.iter_mut())
                .filter_map(move |(key, op)| {
                    let method = METHODS.into_iter().find(|m| *m == key)?;
                    Some((
                        join(&item_ptr, key),
                        method,
                        path.clone(),
                        op.as_object_mut()?,
                    ))
                })
        })
}

/// Counts the operations of a document.
pub(crate) fn count_operations(doc: &Value) -> usize {
    doc.get("paths")
        .and_then(Value::as_object)
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        })
        .unwrap_or(0)
}
