//! What counts as a violation in Prism's answer, the record of every call,
//! and which operations the specs say must be called.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use chatwoot::runtime::{Error, RawResponse};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer};

use crate::wire::Recorded;

/// Prism's problem types start with this; any of them means Prism, not the
/// spec's mock answer, produced the response.
const PRISM_PROBLEM: &str = "https://stoplight.io/prism/errors#";

/// Why Prism rejected a request, in its own words, one entry per problem;
/// empty for a valid request.
///
/// A violation is a request-side entry in `sl-violations`, an error Prism
/// generated (its problem+json: invalid security, invalid request, route not
/// resolved), or any 4xx/5xx, which Prism's mock only answers to an invalid
/// request: for a valid one it answers with a documented success.
pub fn violation(status: u16, sl_violations: Option<&str>, body: &[u8]) -> Vec<String> {
    let mut reasons = Vec::new();
    if let Some(text) = sl_violations {
        match serde_json::from_str::<Vec<Value>>(text) {
            // Prism also checks its own generated answer against the spec;
            // those entries are about upstream's response schemas.
            Ok(entries) => reasons.extend(
                entries
                    .iter()
                    .filter(|entry| entry["location"][0] == "request")
                    .map(describe_entry),
            ),
            Err(_) => reasons.push(format!("sl-violations: {text}")),
        }
    }
    let body_text = String::from_utf8_lossy(body);
    let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    if let Some(kind) = body["type"].as_str()
        && let Some(kind) = kind.strip_prefix(PRISM_PROBLEM)
    {
        match body["validation"].as_array() {
            Some(entries) if !entries.is_empty() => reasons.extend(
                entries
                    .iter()
                    .map(|entry| format!("{kind}: {}", describe_entry(entry))),
            ),
            _ => reasons.push(format!(
                "{kind}: {}",
                body["detail"].as_str().unwrap_or_default()
            )),
        }
    }
    if reasons.is_empty() && status >= 400 {
        reasons.push(format!("status {status} with body {body_text}"));
    }
    reasons
}

/// [`violation`] of an SDK response.
pub fn violation_of(response: &RawResponse) -> Vec<String> {
    let header = response
        .headers
        .get("sl-violations")
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    violation(response.status.as_u16(), header.as_deref(), &response.body)
}

fn describe_entry(entry: &Value) -> String {
    let location: Vec<String> = entry["location"]
        .as_array()
        .map(|parts| {
            parts
                .iter()
                .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let message = entry["message"].as_str().unwrap_or("(no message)");
    match entry["code"].as_str() {
        Some(code) => format!("[{}] {message} ({code})", location.join(".")),
        None => format!("[{}] {message}", location.join(".")),
    }
}

/// One request the SDK sent, as its `chatwoot.request` span names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SentRequest {
    pub operation: String,
    pub method: String,
    pub path: String,
}

/// A tracing layer keeping every `chatwoot.request` span's operation, method
/// and path template: which operations were really called, whatever the test
/// code says it called.
#[derive(Clone, Default)]
pub struct Capture(pub Arc<Mutex<Vec<SentRequest>>>);

impl<S: tracing::Subscriber> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, _id: &Id, _ctx: Context<'_, S>) {
        if attrs.metadata().name() != "chatwoot.request" {
            return;
        }
        let mut fields = SpanFields::default();
        attrs.record(&mut fields);
        self.0.lock().expect("capture lock").push(SentRequest {
            operation: fields.operation,
            method: fields.method,
            path: fields.path,
        });
    }
}

#[derive(Default)]
struct SpanFields {
    operation: String,
    method: String,
    path: String,
}

impl Visit for SpanFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "operation" => self.operation = value.to_owned(),
            "path" => self.path = value.to_owned(),
            "method" => self.method = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        // `method` is recorded with `%`, which arrives here.
        if field.name() == "method" {
            self.method = format!("{value:?}");
        }
    }
}

/// What the relay in front of one Prism saw, and what upstream declares.
pub struct Wire {
    pub recorded: Recorded,
    pub declared_query: BTreeMap<(String, String), BTreeSet<String>>,
}

/// Every call of one run: what was sent and what Prism said about it.
pub struct CallLog {
    pub family: &'static str,
    pub capture: Capture,
    /// The requests as sent, when a relay records them.
    pub wire: Option<Wire>,
    /// One per call: the request sent, its status, the complaints about it.
    pub calls: Vec<Call>,
}

/// One checked call.
#[derive(Debug)]
pub struct Call {
    pub sent: SentRequest,
    pub status: String,
    pub complaints: Vec<String>,
}

impl CallLog {
    pub fn new(family: &'static str, capture: Capture, wire: Option<Wire>) -> Self {
        CallLog {
            family,
            capture,
            wire,
            calls: Vec::new(),
        }
    }
}

/// Records one call: checks that the request sent is the operation the test
/// names, and keeps Prism's verdict on it, plus any query parameter name
/// upstream does not declare (which Prism ignores).
pub fn check(log: &mut CallLog, operation: &str, result: Result<RawResponse, Error>) {
    let sent = std::mem::take(&mut *log.capture.0.lock().expect("capture lock")).pop();
    let (status, mut complaints) = match result {
        Ok(response) => (response.status.to_string(), violation_of(&response)),
        Err(error) => (
            "no response".to_owned(),
            vec![format!("the SDK failed: {error}")],
        ),
    };
    let sent = match sent {
        Some(sent) if snake_case(&sent.operation) == operation => sent,
        other => panic!(
            "the call labelled `{operation}` sent {other:?}: fix the label or the call \
             (was it sent at all?); the SDK's verdict: {status} {complaints:?}"
        ),
    };
    if let Some(wire) = &log.wire {
        let on_wire = wire.recorded.take();
        let [request] = on_wire.as_slice() else {
            panic!("`{operation}`: the relay saw {on_wire:?}, not one request");
        };
        assert_eq!(
            request.method, sent.method,
            "`{operation}`: the method on the wire"
        );
        let route = route_key(&sent.method, &sent.path);
        let declared = wire.declared_query.get(&route).cloned().unwrap_or_default();
        let undeclared: BTreeSet<String> = request
            .query_names()
            .into_iter()
            .filter(|name| !declared.contains(name))
            .collect();
        for name in undeclared {
            complaints.push(format!(
                "query parameter `{name}` is not in upstream's spec, which declares {declared:?} \
                 (Prism ignores undeclared names)"
            ));
        }
    }
    log.calls.push(Call {
        sent,
        status,
        complaints,
    });
}

/// Snake case as progenitor makes method names of operationIds
/// (`list-all-inboxes`, `updateProfile` -> `list_all_inboxes`,
/// `update_profile`); our names (`openapi/names.toml`) are snake case already.
pub fn snake_case(operation_id: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in operation_id.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = true;
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    out
}

/// Method and path with placeholder names erased, so a parameter renamed by
/// normalization still matches upstream's route.
pub fn route_key(method: &str, path: &str) -> (String, String) {
    let mut erased = String::new();
    let mut in_placeholder = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                erased.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => erased.push(c),
        }
    }
    (method.to_ascii_uppercase(), erased)
}

fn operations(spec: &Value) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().expect("spec has paths") {
        for (method, operation) in item.as_object().expect("path item is an object") {
            if !["get", "put", "post", "delete", "patch", "head", "options"]
                .contains(&method.as_str())
            {
                continue;
            }
            let id = operation["operationId"].as_str().unwrap_or("").to_owned();
            out.insert(route_key(method, path), id);
        }
    }
    out
}

/// The operations one family must call: the normalized spec's (what the SDK
/// has), keeping those whose route upstream's original spec has; our own
/// additions are not upstream's, so Prism cannot judge them. Route -> the
/// normalized operationId. Also returns the routes left out.
pub fn operations_to_cover(
    normalized: &Value,
    upstream: &Value,
) -> (BTreeMap<(String, String), String>, Vec<String>) {
    let upstream_routes = operations(upstream);
    let mut cover = BTreeMap::new();
    let mut left_out = Vec::new();
    for (route, id) in operations(normalized) {
        if upstream_routes.contains_key(&route) {
            cover.insert(route, id);
        } else {
            left_out.push(format!("{id} ({} {})", route.0, route.1));
        }
    }
    (cover, left_out)
}

/// Routes the SDK really requested in this run.
pub fn routes_sent(log: &CallLog) -> BTreeSet<(String, String)> {
    log.calls
        .iter()
        .map(|call| route_key(&call.sent.method, &call.sent.path))
        .collect()
}

/// A request body written as JSON, typed as the SDK's generated body type.
/// Fails if the type would not send back exactly what was written (a field
/// misspelt or dropped), so the JSON in the test is what goes on the wire.
pub fn body<T: DeserializeOwned + Serialize>(json: Value) -> T {
    let type_name = std::any::type_name::<T>();
    let typed: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{type_name} does not take {json}: {e}"));
    let sent = serde_json::to_value(&typed).expect("a body serializes");
    assert!(
        same_json(&json, &sent),
        "{type_name} would send {sent}, not the {json} written"
    );
    typed
}

/// JSON equality where `3` and `3.0` are the same number.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}
