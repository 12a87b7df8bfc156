//! Every generated type of every family exports its JSON schema, and a sample
//! value made from that schema alone decodes into the type and back: the
//! schemas users export describe what the types really accept.

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// How deep a sample follows `$ref`s before it stops (recursive schemas).
const MAX_DEPTH: usize = 10;

/// A value valid against `schema`, resolving `$ref`s in `root`.
fn sample(root: &Value, schema: &Value, depth: usize) -> Value {
    let Some(map) = schema.as_object() else {
        return Value::Null; // `true`: anything goes
    };
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/definitions/");
        return match root["definitions"].get(name) {
            Some(target) if depth < MAX_DEPTH => sample(root, target, depth + 1),
            _ => Value::Null,
        };
    }
    if let Some(first) = map
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(value) = map.get("const") {
        return value.clone();
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(branches) = map.get(key).and_then(Value::as_array) {
            let branch = branches
                .iter()
                .find(|b| b.get("type") != Some(&json!("null")));
            if let Some(branch) = branch {
                return sample(root, branch, depth);
            }
        }
    }
    let ty = match map.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if map.contains_key("properties") => "object",
        _ => return Value::Null,
    };
    match ty {
        "object" => Value::Object(
            map.get("properties")
                .and_then(Value::as_object)
                .map(|props| {
                    props
                        .iter()
                        .map(|(name, prop)| (name.clone(), sample(root, prop, depth)))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        "array" if depth + 1 < MAX_DEPTH => json!([sample(
            root,
            map.get("items").unwrap_or(&Value::Null),
            depth + 1
        )]),
        "array" => json!([]),
        "string" => match map.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2026-03-19T10:20:30Z"),
            Some("date") => json!("2026-03-19"),
            _ => json!("sample"),
        },
        "integer" => map.get("minimum").cloned().unwrap_or(json!(7)),
        "number" => json!(1.5),
        "boolean" => json!(true),
        _ => Value::Null,
    }
}

/// Exports `T`'s schema, makes a sample from it, decodes it and encodes it back.
fn check<T: JsonSchema + DeserializeOwned + Serialize>(name: &str) -> Result<(), String> {
    let root = serde_json::to_value(schemars::schema_for!(T))
        .map_err(|e| format!("{name}: schema: {e}"))?;
    let value = sample(&root, &root, 0);
    let decoded: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("{name}: sample {value} does not decode: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("{name}: does not encode: {e}"))?;
    Ok(())
}

/// Defines `all() -> Vec<Result<(), String>>` checking every listed type.
macro_rules! checks {
    ($($ty:path),* $(,)?) => {
        fn all() -> Vec<Result<(), String>> {
            vec![$(check::<$ty>(stringify!($ty))),*]
        }
    };
}

fn assert_all(family: &str, outcomes: Vec<Result<(), String>>) {
    let failures: Vec<String> = outcomes.iter().filter_map(|o| o.clone().err()).collect();
    assert!(
        outcomes.len() > 5,
        "{family}: only {} types",
        outcomes.len()
    );
    assert!(
        failures.is_empty(),
        "{family}: {} of {} types fail:\n{}",
        failures.len(),
        outcomes.len(),
        failures.join("\n")
    );
    println!(
        "{family}: {} types: schema exported, sample decoded and re-encoded",
        outcomes.len()
    );
}

#[test]
fn application_types_accept_samples_of_their_own_schema() {
    chatwoot::application::for_each_type!(checks);
    assert_all("application", all());
}

#[test]
fn client_types_accept_samples_of_their_own_schema() {
    chatwoot::client::for_each_type!(checks);
    assert_all("client", all());
}

#[test]
fn platform_types_accept_samples_of_their_own_schema() {
    chatwoot::platform::for_each_type!(checks);
    assert_all("platform", all());
}
