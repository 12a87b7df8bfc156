//! Classes of defect found in upstream's specs, fixed by rule wherever they
//! occur. One-off defects are named fixups instead (see `fixups`).

use serde_json::{Map, Value, json};

use crate::normalize::report::Change;
use crate::normalize::{NormalizeError, record, walk};

pub(crate) fn repair(doc: &mut Value, changes: &mut Vec<Change>) -> Result<(), NormalizeError> {
    let sent = sent_schemas(doc);
    walk::schemas_mut(doc, &mut |ptr, schema| {
        enum_contradicts_type(ptr, schema, changes);
        array_without_items(ptr, schema, changes);
        ids_typed_as_number(ptr, schema, changes);
        if !is_sent(ptr, &sent) {
            times_without_a_time_type(ptr, schema, changes);
        }
        Ok(())
    })?;
    id_parameters_typed_as_number(doc, changes);
    array_query_parameters_in_rails_form(doc, changes);
    for (ptr, _, _, op) in walk::operations_mut(doc) {
        body_on_no_content_response(&ptr, op, changes);
    }
    path_parameters_required(doc, changes);
    Ok(())
}

/// An `enum` whose values are all strings under a non-string `type`
/// (`article.status`: `integer` with `draft`, `published`, ...). The values
/// are what the server sends (Rails renders enum attributes by name), so the
/// type follows them.
fn enum_contradicts_type(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    let Some(declared) = schema.get("type").and_then(Value::as_str) else {
        return;
    };
    if !matches!(declared, "integer" | "number" | "boolean") {
        return;
    }
    let Some(Value::Array(values)) = schema.get("enum") else {
        return;
    };
    let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    if non_null.is_empty() || !non_null.iter().all(|v| v.is_string()) {
        return;
    }
    let declared = declared.to_owned();
    schema.insert("type".into(), json!("string"));
    schema.remove("format");
    record(
        changes,
        "defect/enum-contradicts-type",
        ptr,
        format!("type {declared} with string enum values -> string"),
    );
}

/// An array schema must say what its items are in 3.0; unknown items are any value.
fn array_without_items(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    if schema.get("type").and_then(Value::as_str) == Some("array") && !schema.contains_key("items")
    {
        schema.insert("items".into(), json!({}));
        record(
            changes,
            "defect/array-without-items",
            ptr,
            "items: {} (any value)".into(),
        );
    }
}

/// 204 and 304 responses carry no body (RFC 9110), whatever the spec documents.
fn body_on_no_content_response(ptr: &str, op: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    for code in ["204", "304"] {
        if let Some(resp) = responses.get_mut(code).and_then(Value::as_object_mut)
            && resp.remove("content").is_some()
        {
            record(
                changes,
                "defect/body-on-no-content-response",
                &walk::join(&walk::join(ptr, "responses"), code),
                format!("{code} documented with a body; body removed"),
            );
        }
    }
}

/// Path parameters are always required (OpenAPI 3.0, 4.8.12.1).
fn path_parameters_required(doc: &mut Value, changes: &mut Vec<Change>) {
    let mut fix = |ptr: String, param: &mut Value| {
        if param.get("in").and_then(Value::as_str) == Some("path")
            && param.get("required") != Some(&json!(true))
            && let Some(map) = param.as_object_mut()
        {
            map.insert("required".into(), json!(true));
            record(
                changes,
                "defect/path-parameter-not-required",
                &ptr,
                "required: true".into(),
            );
        }
    };
    if let Some(params) = doc
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
    {
        for (name, p) in params.iter_mut() {
            fix(walk::join("#/components/parameters", name), p);
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let item_ptr = walk::join("#/paths", path);
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                let (list, list_ptr) = if key == "parameters" {
                    (Some(value), walk::join(&item_ptr, key))
                } else if walk::METHODS.contains(&key.as_str()) {
                    (
                        value.get_mut("parameters"),
                        walk::join(&walk::join(&item_ptr, key), "parameters"),
                    )
                } else {
                    continue;
                };
                let Some(list) = list.and_then(Value::as_array_mut) else {
                    continue;
                };
                for (i, p) in list.iter_mut().enumerate() {
                    fix(format!("{list_ptr}/{i}"), p);
                }
            }
        }
    }
}

/// Whether a property or parameter name is an identifier or a page number:
/// always whole numbers at Chatwoot.
fn is_whole_number_name(name: &str) -> bool {
    name == "id"
        || name.ends_with("_id")
        || name.ends_with("_ids")
        || name == "page"
        || name == "per_page"
}

/// Whether a property name is a count (`unread_count`, `mine_count`): the
/// size of a Rails relation, always a whole number.
fn is_count_name(name: &str) -> bool {
    name == "count" || name.ends_with("_count")
}

/// Upstream types many ids and counts `number`, which generates `f64`: a
/// request then sends `3.0` where Chatwoot expects `3`, and a count reads as
/// `1.0`. Ids, counts and page numbers without a `format` become `integer`
/// (in a list of ids, the items do).
fn ids_typed_as_number(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    let Some(Value::Object(props)) = schema.get_mut("properties") else {
        return;
    };
    for (name, prop) in props.iter_mut() {
        let rule = if is_whole_number_name(name) {
            "defect/id-typed-as-number"
        } else if is_count_name(name) {
            "defect/count-typed-as-number"
        } else {
            continue;
        };
        let target = if prop.get("type").and_then(Value::as_str) == Some("array") {
            prop.get_mut("items")
        } else {
            Some(prop)
        };
        if let Some(Value::Object(target)) = target
            && retype_number_as_integer(target)
        {
            record(
                changes,
                rule,
                &walk::join(&walk::join(ptr, "properties"), name),
                "number -> integer".into(),
            );
        }
    }
}

/// Whether a property name is a point in time: Chatwoot's `*_at` columns,
/// `timestamp` (a conversation's last activity) and `waiting_since`.
fn is_time_name(name: &str) -> bool {
    name.ends_with("_at") || name == "timestamp" || name == "waiting_since"
}

/// Upstream types the times the server renders as `number` or `integer`
/// (views render most as Unix seconds, `created_at.to_i`) or as a `string`
/// without a format (those rendered as ISO 8601), so each reads as a bare
/// number or text. In what the server sends, they become `date-time`
/// strings: `DateTime<Utc>`, read from either form by the runtime's lenient
/// rules, as the webhook types read them. Not in request bodies: what
/// Chatwoot parses there differs by endpoint, so they stay as upstream has
/// them.
fn times_without_a_time_type(
    ptr: &str,
    schema: &mut Map<String, Value>,
    changes: &mut Vec<Change>,
) {
    let Some(Value::Object(props)) = schema.get_mut("properties") else {
        return;
    };
    for (name, prop) in props.iter_mut() {
        let Some(prop) = prop.as_object_mut() else {
            continue;
        };
        if !is_time_name(name) || prop.contains_key("format") || prop.contains_key("enum") {
            continue;
        }
        let was = match prop.get("type") {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Array(ts)) => {
                let kinds: Vec<&str> = ts.iter().filter_map(Value::as_str).collect();
                match kinds.as_slice() {
                    [t] | [t, "null"] | ["null", t] => (*t).to_owned(),
                    _ => continue,
                }
            }
            _ => continue,
        };
        if !["number", "integer", "string"].contains(&was.as_str()) {
            continue;
        }
        let retyped = match prop.get("type") {
            Some(Value::Array(ts)) => Value::Array(
                ts.iter()
                    .map(|t| {
                        if t == "null" {
                            t.clone()
                        } else {
                            json!("string")
                        }
                    })
                    .collect(),
            ),
            _ => json!("string"),
        };
        prop.insert("type".into(), retyped);
        prop.insert("format".into(), json!("date-time"));
        for numeric in [
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ] {
            prop.remove(numeric);
        }
        record(
            changes,
            "defect/time-without-a-time-type",
            &walk::join(&walk::join(ptr, "properties"), name),
            format!("{was} -> date-time"),
        );
    }
}

/// The component schemas a request body reaches (directly or through
/// other components), as pointers.
fn sent_schemas(doc: &Value) -> std::collections::BTreeSet<String> {
    fn refs(value: &Value, into: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    into.push(r.clone());
                }
                map.values().for_each(|v| refs(v, into));
            }
            Value::Array(list) => list.iter().for_each(|v| refs(v, into)),
            _ => {}
        }
    }
    let mut pending = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values().filter_map(Value::as_object) {
            for op in item.values().filter_map(Value::as_object) {
                if let Some(body) = op.get("requestBody") {
                    refs(body, &mut pending);
                }
            }
        }
    }
    if let Some(bodies) = doc.pointer("/components/requestBodies") {
        refs(bodies, &mut pending);
    }
    let mut sent = std::collections::BTreeSet::new();
    while let Some(reference) = pending.pop() {
        let Some(pointer) = reference.strip_prefix('#') else {
            continue;
        };
        if sent.insert(reference.clone())
            && let Some(target) = doc.pointer(pointer)
        {
            refs(target, &mut pending);
        }
    }
    sent
}

/// Whether the schema at `ptr` is sent: inside a request body, or inside a
/// component a request body reaches.
fn is_sent(ptr: &str, sent: &std::collections::BTreeSet<String>) -> bool {
    ptr.contains("/requestBody/")
        || ptr.starts_with("#/components/requestBodies/")
        || sent.iter().any(|c| {
            ptr == c
                || ptr
                    .strip_prefix(c.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// `type: number` without a format becomes `type: integer`; returns whether it did.
fn retype_number_as_integer(schema: &mut Map<String, Value>) -> bool {
    let is_number = match schema.get("type") {
        Some(Value::String(t)) => t == "number",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "number"),
        _ => false,
    };
    if !is_number || schema.contains_key("format") {
        return false;
    }
    let retyped = match schema.get("type") {
        Some(Value::Array(ts)) => Value::Array(
            ts.iter()
                .map(|t| {
                    if t == "number" {
                        json!("integer")
                    } else {
                        t.clone()
                    }
                })
                .collect(),
        ),
        _ => json!("integer"),
    };
    schema.insert("type".into(), retyped);
    true
}

/// The same for query and path parameters named like ids or pages.
fn id_parameters_typed_as_number(doc: &mut Value, changes: &mut Vec<Change>) {
    let mut fix = |ptr: String, param: &mut Value| {
        let Some(name) = param.get("name").and_then(Value::as_str).map(str::to_owned) else {
            return;
        };
        if !is_whole_number_name(&name) {
            return;
        }
        if let Some(Value::Object(schema)) = param.get_mut("schema") {
            let target = if schema.get("type").and_then(Value::as_str) == Some("array") {
                schema.get_mut("items").and_then(Value::as_object_mut)
            } else {
                Some(schema)
            };
            if let Some(target) = target
                && retype_number_as_integer(target)
            {
                record(
                    changes,
                    "defect/id-typed-as-number",
                    &walk::join(&ptr, "schema"),
                    "number -> integer".into(),
                );
            }
        }
    };
    if let Some(params) = doc
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
    {
        for (name, p) in params.iter_mut() {
            fix(walk::join("#/components/parameters", name), p);
        }
    }
    for (ptr, _, _, op) in walk::operations_mut(doc) {
        if let Some(Value::Array(list)) = op.get_mut("parameters") {
            for (i, p) in list.iter_mut().enumerate() {
                fix(format!("{}/{i}", walk::join(&ptr, "parameters")), p);
            }
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            if let Some(Value::Array(list)) = item.get_mut("parameters") {
                for (i, p) in list.iter_mut().enumerate() {
                    fix(format!("{}/parameters/{i}", walk::join("#/paths", path)), p);
                }
            }
        }
    }
}

/// Rails reads a list from the query only as `name[]=a&name[]=b`; with plain
/// repeated `name=a&name=b` it keeps the last value. Array query parameters
/// take the `[]` in their wire name (the generated setter keeps the plain name).
fn array_query_parameters_in_rails_form(doc: &mut Value, changes: &mut Vec<Change>) {
    let mut fix = |ptr: String, param: &mut Value| {
        let is_array_query = param.get("in").and_then(Value::as_str) == Some("query")
            && param.pointer("/schema/type").and_then(Value::as_str) == Some("array");
        let Some(name) = param.get("name").and_then(Value::as_str).map(str::to_owned) else {
            return;
        };
        if is_array_query && !name.ends_with("[]") {
            param["name"] = json!(format!("{name}[]"));
            record(
                changes,
                "defect/array-query-parameter",
                &ptr,
                format!("{name} -> {name}[] (Rails' list form)"),
            );
        }
    };
    if let Some(params) = doc
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
    {
        for (name, p) in params.iter_mut() {
            fix(walk::join("#/components/parameters", name), p);
        }
    }
    for (ptr, _, _, op) in walk::operations_mut(doc) {
        if let Some(Value::Array(list)) = op.get_mut("parameters") {
            for (i, p) in list.iter_mut().enumerate() {
                fix(format!("{}/{i}", walk::join(&ptr, "parameters")), p);
            }
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            if let Some(Value::Array(list)) = item.get_mut("parameters") {
                for (i, p) in list.iter_mut().enumerate() {
                    fix(format!("{}/parameters/{i}", walk::join("#/paths", path)), p);
                }
            }
        }
    }
}
