//! OpenAPI 3.1 to 3.0.3: the constructs of 3.1 (JSON Schema 2020-12) that
//! progenitor's 3.0 reader cannot take, rewritten to their 3.0 equivalent.
//! Each rewrite keeps what the value may be on the wire.

use serde_json::{Map, Value, json};

use crate::normalize::report::Change;
use crate::normalize::{NormalizeError, walk};

/// The version every normalized spec declares.
pub(crate) const OPENAPI_OUT: &str = "3.0.3";

/// Rewrites a 3.1 document in place; records every change.
pub(crate) fn downgrade(doc: &mut Value, changes: &mut Vec<Change>) -> Result<(), NormalizeError> {
    document_level(doc, changes);
    walk::schemas_mut(doc, &mut |ptr, schema| {
        ref_siblings(ptr, schema, changes);
        type_array(ptr, schema, changes);
        null_type(ptr, schema, changes);
        null_branch(ptr, schema, changes);
        null_in_enum(ptr, schema, changes);
        examples(ptr, schema, changes);
        constant(ptr, schema, changes);
        exclusive_bounds(ptr, schema, changes);
        annotations(ptr, schema, changes);
        Ok(())
    })
}

fn record(changes: &mut Vec<Change>, rule: &str, pointer: &str, detail: String) {
    changes.push(Change {
        rule: rule.to_owned(),
        pointer: pointer.to_owned(),
        detail,
    });
}

/// Top-level 3.1 fields that have no 3.0 counterpart and carry no operation.
fn document_level(doc: &mut Value, changes: &mut Vec<Change>) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if let Some(v) = root.get("openapi").and_then(Value::as_str) {
        let from = v.to_owned();
        root.insert("openapi".into(), json!(OPENAPI_OUT));
        record(
            changes,
            "openapi31/version",
            "#/openapi",
            format!("{from} -> {OPENAPI_OUT}"),
        );
    }
    for key in ["webhooks", "jsonSchemaDialect"] {
        if root.remove(key).is_some() {
            record(
                changes,
                "openapi31/document",
                &walk::join("#", key),
                "removed (3.1 only)".into(),
            );
        }
    }
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        if info.remove("summary").is_some() {
            record(
                changes,
                "openapi31/document",
                "#/info/summary",
                "removed (3.1 only)".into(),
            );
        }
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut)
            && license.remove("identifier").is_some()
        {
            record(
                changes,
                "openapi31/document",
                "#/info/license/identifier",
                "removed (3.1 only)".into(),
            );
        }
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut)
        && components.remove("pathItems").is_some()
    {
        record(
            changes,
            "openapi31/document",
            "#/components/pathItems",
            "removed (3.1 only)".into(),
        );
    }
}

/// Keywords that only annotate: fine beside a `$ref` in 3.1, ignored in 3.0.
const ANNOTATIONS: [&str; 8] = [
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// 3.1 lets `$ref` have siblings; 3.0 ignores them. Annotations are dropped;
/// anything that constrains the value moves beside an `allOf` of the ref.
fn ref_siblings(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    if !schema.contains_key("$ref") || schema.len() == 1 {
        return;
    }
    let dropped: Vec<String> = schema
        .keys()
        .filter(|k| ANNOTATIONS.contains(&k.as_str()))
        .cloned()
        .collect();
    for key in &dropped {
        schema.remove(key);
    }
    if schema.len() > 1 {
        let reference = schema.remove("$ref").unwrap_or(Value::Null);
        let kept: Vec<String> = schema.keys().cloned().collect();
        schema.insert("allOf".into(), json!([{ "$ref": reference }]));
        record(
            changes,
            "openapi31/ref-siblings",
            ptr,
            format!("$ref with {} wrapped in allOf", kept.join(", ")),
        );
    } else if !dropped.is_empty() {
        record(
            changes,
            "openapi31/ref-siblings",
            ptr,
            format!("annotations beside $ref dropped: {}", dropped.join(", ")),
        );
    }
}

/// Keywords that apply to one JSON type only: they follow that type's branch
/// when a type list becomes a `oneOf`.
fn keyword_type(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "format" | "pattern" | "minLength" | "maxLength" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "minItems" | "maxItems" | "uniqueItems" => "array",
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            "object"
        }
        _ => return None,
    })
}

/// `type: [X, "null"]` becomes `type: X, nullable: true`; a list of several
/// non-null types becomes a `oneOf` with one branch per type.
fn type_array(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    let Some(Value::Array(types)) = schema.get("type") else {
        return;
    };
    let original = Value::Array(types.clone());
    let has_null = types.iter().any(|t| t == "null");
    let non_null: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
    schema.remove("type");
    match non_null.as_slice() {
        [] => {}
        [single] => {
            schema.insert("type".into(), single.clone());
        }
        several => {
            let mut branches = Vec::new();
            for t in several {
                let t_name = t.as_str().unwrap_or_default();
                let mut branch = Map::new();
                branch.insert("type".into(), t.clone());
                let own: Vec<String> = schema
                    .keys()
                    .filter(|k| {
                        keyword_type(k).is_some_and(|kt| {
                            kt == t_name || (kt == "number" && t_name == "integer")
                        })
                    })
                    .cloned()
                    .collect();
                for k in own {
                    if let Some(v) = schema.get(&k) {
                        branch.insert(k, v.clone());
                    }
                }
                if let Some(Value::Array(values)) = schema.get("enum") {
                    let fitting: Vec<Value> = values
                        .iter()
                        .filter(|v| json_type_fits(v, t_name))
                        .cloned()
                        .collect();
                    if !fitting.is_empty() {
                        branch.insert("enum".into(), Value::Array(fitting));
                    }
                }
                branches.push(Value::Object(branch));
            }
            schema.retain(|k, _| keyword_type(k).is_none() && k != "enum");
            schema.insert("oneOf".into(), Value::Array(branches));
        }
    }
    if has_null {
        schema.insert("nullable".into(), json!(true));
    }
    record(
        changes,
        "openapi31/type-array",
        ptr,
        format!("type {original} -> 3.0 form"),
    );
}

/// Whether a JSON value is of an OpenAPI type.
fn json_type_fits(value: &Value, openapi_type: &str) -> bool {
    match openapi_type {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "null" => value.is_null(),
        _ => false,
    }
}

/// A schema that is only `type: "null"` allows just null.
fn null_type(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    if schema.get("type").and_then(Value::as_str) == Some("null") {
        schema.remove("type");
        schema.insert("nullable".into(), json!(true));
        schema.insert("enum".into(), json!([null]));
        record(
            changes,
            "openapi31/null-type",
            ptr,
            "type null -> nullable enum [null]".into(),
        );
    }
}

fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().all(|t| t == "null"),
        _ => schema.get("enum").is_some_and(|e| e == &json!([null])),
    }
}

/// `oneOf`/`anyOf` with a `{type: null}` branch: the branch goes, the schema
/// becomes nullable; a lone remaining `$ref` is kept as `allOf: [$ref]`,
/// the 3.0 way of making a reference nullable.
fn null_branch(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = schema.get_mut(key) else {
            continue;
        };
        let before = branches.len();
        branches.retain(|b| !is_null_schema(b));
        if branches.len() == before {
            continue;
        }
        let rest = std::mem::take(branches);
        schema.remove(key);
        schema.insert("nullable".into(), json!(true));
        match <[Value; 1]>::try_from(rest) {
            Ok([single]) if single.get("$ref").is_some() => {
                schema.insert("allOf".into(), json!([single]));
            }
            Ok([Value::Object(single)]) => {
                for (k, v) in single {
                    schema.entry(k).or_insert(v);
                }
            }
            Ok([other]) => {
                schema.insert(key.into(), json!([other]));
            }
            Err(rest) => {
                if !rest.is_empty() {
                    schema.insert(key.into(), Value::Array(rest));
                }
            }
        }
        record(
            changes,
            "openapi31/null-branch",
            &walk::join(ptr, key),
            "null branch -> nullable".into(),
        );
    }
}

/// `null` listed in `enum`: removed, the schema becomes nullable.
fn null_in_enum(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    if schema.get("type").is_none() && schema.get("enum") == Some(&json!([null])) {
        return; // the 3.0 spelling of "only null", made by null_type
    }
    let Some(Value::Array(values)) = schema.get_mut("enum") else {
        return;
    };
    if !values.iter().any(Value::is_null) {
        return;
    }
    values.retain(|v| !v.is_null());
    if values.is_empty() {
        schema.remove("enum");
    }
    schema.insert("nullable".into(), json!(true));
    record(
        changes,
        "openapi31/null-enum",
        &walk::join(ptr, "enum"),
        "null value -> nullable".into(),
    );
}

/// Schema `examples` (a list in 3.1) becomes the 3.0 single `example`.
fn examples(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    let Some(Value::Array(list)) = schema.remove("examples") else {
        return;
    };
    if let Some(first) = list.into_iter().next() {
        schema.entry("example").or_insert(first);
    }
    record(
        changes,
        "openapi31/examples",
        &walk::join(ptr, "examples"),
        "examples -> example".into(),
    );
}

/// `const: v` is `enum: [v]` in 3.0.
fn constant(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    if let Some(value) = schema.remove("const") {
        schema.insert("enum".into(), json!([value]));
        record(
            changes,
            "openapi31/const",
            &walk::join(ptr, "const"),
            "const -> enum".into(),
        );
    }
}

/// Numeric `exclusiveMinimum: n` is `minimum: n, exclusiveMinimum: true` in 3.0.
fn exclusive_bounds(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(bound) = schema.get(exclusive).filter(|v| v.is_number()).cloned() {
            schema.insert(inclusive.into(), bound);
            schema.insert(exclusive.into(), json!(true));
            record(
                changes,
                "openapi31/exclusive-bound",
                &walk::join(ptr, exclusive),
                format!("numeric {exclusive} -> {inclusive} + {exclusive}: true"),
            );
        }
    }
}

/// JSON Schema annotations with no 3.0 meaning and no effect on the value.
const DROPPED_ANNOTATIONS: [&str; 6] = [
    "$schema",
    "$id",
    "$comment",
    "$anchor",
    "contentMediaType",
    "contentEncoding",
];

fn annotations(ptr: &str, schema: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    for key in DROPPED_ANNOTATIONS {
        if schema.remove(key).is_some() {
            record(
                changes,
                "openapi31/annotation",
                &walk::join(ptr, key),
                "removed (3.1 only)".into(),
            );
        }
    }
}
