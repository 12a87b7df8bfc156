//! Helpers shared by the workspace-level tests.

use httpmock::MockServer;
use serde_json::{Value, json};

/// The token the tests' clients send.
pub const TOKEN: &str = "test-token-5f2c";

/// An Application API client for a mock server.
pub fn application_client(server: &MockServer) -> chatwoot::application::Client {
    chatwoot::application::Client::with_token(server.base_url(), TOKEN).expect("client builds")
}

/// A Client API client for a mock server.
pub fn client_client(server: &MockServer) -> chatwoot::client::Client {
    chatwoot::client::Client::with_base_url(server.base_url()).expect("client builds")
}

/// A Platform API client for a mock server.
pub fn platform_client(server: &MockServer) -> chatwoot::platform::Client {
    chatwoot::platform::Client::with_token(server.base_url(), TOKEN).expect("client builds")
}

/// The query string of a request, split into decoded `(name, value)` pairs in
/// the order they were sent.
pub fn query_pairs(req: &httpmock::HttpMockRequest) -> Vec<(String, String)> {
    let query = req.uri_str().split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// A matcher for [`httpmock::When::is_true`]: the request's query string holds
/// exactly these pairs (repeated names included), in any order, and nothing
/// else.
pub fn query_is(
    expected: &[(&str, &str)],
) -> impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static {
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    expected.sort();
    move |req| {
        let mut actual = query_pairs(req);
        actual.sort();
        actual == expected
    }
}

/// A matcher for [`httpmock::When::is_true`]: the request has no query string.
pub fn no_query() -> impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static {
    query_is(&[])
}

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How deep a sample follows `$ref`s before it stops (recursive schemas).
const MAX_DEPTH: usize = 10;

/// A value valid against `schema` (a JSON schema as schemars exports it), resolving `$ref`s in `root`.
pub fn sample(root: &Value, schema: &Value, depth: usize) -> Value {
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

/// Asserts an error is `Error::Status` with this status, and that its body's
/// message (in whichever of Chatwoot's shapes) is `message`.
pub fn assert_status(error: &chatwoot::runtime::Error, status: u16, message: &str) {
    let chatwoot::runtime::Error::Status {
        status: got, body, ..
    } = error
    else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(got.as_u16(), status);
    assert_eq!(body.message().as_deref(), Some(message));
    assert!(error.to_string().contains(message), "{error}");
}

/// A time as Chatwoot's views render most of them: Unix seconds.
pub fn unix(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(seconds, 0).expect("a time in range")
}
