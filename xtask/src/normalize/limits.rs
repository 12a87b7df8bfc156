//! What progenitor 0.15.1 cannot express, resolved without losing an
//! operation: one request media type, one success type and one error type per
//! operation, path placeholders that match their parameters, and an
//! operationId on every operation. What the generated method cannot do is
//! recorded as deferred, for a hand-written method.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use serde_json::{Map, Value, json};

use crate::normalize::report::{Change, Deferred};
use crate::normalize::{NormalizeError, record, walk};

/// The media type every error response is given: "any", which progenitor
/// hands back as raw bytes, for `chatwoot-runtime` to decode.
pub const ERROR_MEDIA_TYPE: &str = "*/*";

pub(crate) fn resolve(
    doc: &mut Value,
    changes: &mut Vec<Change>,
    deferred: &mut Vec<Deferred>,
) -> Result<(), NormalizeError> {
    operation_ids(doc, changes)?;
    path_placeholders(doc, changes)?;
    for (ptr, _, _, op) in walk::operations_mut(doc) {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        default_beside_success(&ptr, op, changes);
        request_media_types(&ptr, &id, op, changes, deferred);
        success_responses(&ptr, &id, op, changes, deferred);
        error_responses(&ptr, op, changes);
    }
    Ok(())
}

/// Progenitor names each method after its operationId: every operation needs
/// one, and no two may collide once in snake case.
fn operation_ids(doc: &mut Value, changes: &mut Vec<Change>) -> Result<(), NormalizeError> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (ptr, method, path, op) in walk::operations_mut(doc) {
        if !op.get("operationId").is_some_and(Value::is_string) {
            let made = format!("{method} {path}")
                .replace(['{', '}'], "")
                .to_snake_case();
            op.insert("operationId".into(), json!(made));
            record(
                changes,
                "progenitor/operation-id",
                &ptr,
                format!("missing operationId -> {made}"),
            );
        }
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        // progenitor makes a method name of the operationId; characters that
        // cannot be in one make its name and ours disagree.
        let clean = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && !id.starts_with(|c: char| c.is_ascii_digit());
        let id = if clean {
            id
        } else {
            let made = format!(
                "op_{}",
                id.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            )
            .to_snake_case();
            op.insert("operationId".into(), json!(made));
            record(
                changes,
                "progenitor/operation-id",
                &ptr,
                format!("operationId `{id}` -> `{made}`"),
            );
            made
        };
        let method_name = id.to_snake_case();
        if let Some(first) = seen.insert(method_name.clone(), ptr.clone()) {
            return Err(NormalizeError::DuplicateOperation {
                method: method_name,
                first,
                second: ptr,
            });
        }
    }
    Ok(())
}

/// Placeholder names of a path template, in order.
fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// Resolves a parameter that may be a `$ref` into `components/parameters`.
fn resolve_parameter(doc: &Value, param: &Value) -> Option<Value> {
    match param.get("$ref").and_then(Value::as_str) {
        Some(reference) => doc.pointer(reference.strip_prefix('#')?).cloned(),
        None => Some(param.clone()),
    }
}

/// Progenitor panics on a path placeholder without a parameter of the same
/// name, or the reverse. Where one placeholder and one parameter disagree, the
/// parameter takes the placeholder's name (names of path parameters never go
/// on the wire); any other mismatch is an error to fix with a named fixup.
fn path_placeholders(doc: &mut Value, changes: &mut Vec<Change>) -> Result<(), NormalizeError> {
    let snapshot = doc.clone();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (path, item) in paths.iter_mut() {
        let item_ptr = walk::join("#/paths", path);
        let wanted: BTreeSet<String> = placeholders(path).into_iter().collect();
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(|p| resolve_parameter(&snapshot, p))
                    .collect()
            })
            .unwrap_or_default();
        let mut mismatched = false;
        for method in walk::METHODS {
            let Some(op) = item.get(method) else { continue };
            let own: Vec<Value> = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(|p| resolve_parameter(&snapshot, p))
                        .collect()
                })
                .unwrap_or_default();
            if path_names(&merge(&shared, &own)) != wanted {
                mismatched = true;
            }
        }
        if !mismatched {
            continue;
        }
        // Push the shared parameters down into each operation, so each can be
        // corrected on its own.
        item.remove("parameters");
        for method in walk::METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let op_ptr = walk::join(&item_ptr, method);
            let own: Vec<Value> = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(|p| resolve_parameter(&snapshot, p))
                        .collect()
                })
                .unwrap_or_default();
            let mut params = merge(&shared, &own);
            let have = path_names(&params);
            let missing: Vec<&String> = wanted.difference(&have).collect();
            let extra: Vec<String> = have.difference(&wanted).cloned().collect();
            match (missing.as_slice(), extra.as_slice()) {
                ([], []) => {}
                ([placeholder], [name]) => {
                    for p in params.iter_mut() {
                        if is_path_param(p, name) {
                            p["name"] = json!(placeholder);
                        }
                    }
                    record(
                        changes,
                        "progenitor/path-placeholder",
                        &op_ptr,
                        format!(
                            "path parameter `{name}` renamed to its placeholder `{placeholder}`"
                        ),
                    );
                }
                _ => {
                    return Err(NormalizeError::PathParameterMismatch {
                        pointer: op_ptr,
                        placeholders: wanted.iter().cloned().collect(),
                        parameters: have.into_iter().collect(),
                    });
                }
            }
            op.insert("parameters".into(), Value::Array(params));
        }
        record(
            changes,
            "progenitor/path-placeholder",
            &walk::join(&item_ptr, "parameters"),
            "path-level parameters moved into each operation".into(),
        );
    }
    Ok(())
}

fn is_path_param(p: &Value, name: &str) -> bool {
    p.get("in").and_then(Value::as_str) == Some("path")
        && p.get("name").and_then(Value::as_str) == Some(name)
}

/// Path-level parameters overridden by operation-level ones of the same name and location.
fn merge(shared: &[Value], own: &[Value]) -> Vec<Value> {
    let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
    let mut merged: Vec<Value> = shared
        .iter()
        .filter(|s| !own.iter().any(|o| key(o) == key(s)))
        .cloned()
        .collect();
    merged.extend(own.iter().cloned());
    merged
}

fn path_names(params: &[Value]) -> BTreeSet<String> {
    params
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// Media types progenitor generates a body for.
fn progenitor_body_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    is_json(media_type)
        || essence == "application/x-www-form-urlencoded"
        || essence == "application/octet-stream"
        || essence == "text/plain"
}

/// A body offered in several media types keeps its JSON one; a body only
/// progenitor cannot send (multipart) is left out of the generated method.
fn request_media_types(
    ptr: &str,
    id: &str,
    op: &mut Map<String, Value>,
    changes: &mut Vec<Change>,
    deferred: &mut Vec<Deferred>,
) {
    let body_ptr = walk::join(ptr, "requestBody");
    let Some(content) = op
        .get_mut("requestBody")
        .and_then(|b| b.get_mut("content"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let media: Vec<String> = content.keys().cloned().collect();
    let keep = media
        .iter()
        .find(|m| is_json(m))
        .or_else(|| media.iter().find(|m| progenitor_body_type(m)))
        .cloned();
    if media.len() <= 1 && keep.is_some() {
        return;
    }
    for m in media.iter().filter(|m| Some(*m) != keep.as_ref()) {
        content.remove(m);
        deferred.push(Deferred {
            operation_id: id.to_owned(),
            pointer: walk::join(&walk::join(&body_ptr, "content"), m),
            what: format!("request body as {m}"),
        });
        record(
            changes,
            "progenitor/request-media-types",
            &walk::join(&walk::join(&body_ptr, "content"), m),
            match &keep {
                Some(k) => format!("{m} left out; the method sends {k}"),
                None => format!("{m} left out; the method sends no body"),
            },
        );
    }
    if keep.is_none() {
        op.remove("requestBody");
    }
}

/// What a response decodes into, as progenitor sees it.
fn response_kind(resp: &Value) -> String {
    let Some(content) = resp.get("content").and_then(Value::as_object) else {
        return "none".into();
    };
    match content.iter().find(|(m, _)| is_json(m)) {
        Some((_, mt)) => mt.get("schema").map(Value::to_string).unwrap_or_default(),
        None if content.is_empty() => "none".into(),
        None => "raw".into(),
    }
}

fn is_success(code: &str) -> bool {
    code.starts_with('2')
}

/// Progenitor needs every success response of an operation to decode into the
/// same type. The lowest success status with a JSON body sets the type; other
/// success responses of another type are left out (a server that sends one
/// gets `UnexpectedResponse`, its body kept) and recorded.
fn success_responses(
    ptr: &str,
    id: &str,
    op: &mut Map<String, Value>,
    changes: &mut Vec<Change>,
    deferred: &mut Vec<Deferred>,
) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    let mut success: Vec<(String, String)> = responses
        .iter()
        .filter(|(code, _)| is_success(code))
        .map(|(code, resp)| (code.clone(), response_kind(resp)))
        .collect();
    success.sort();
    let kinds: BTreeSet<&String> = success.iter().map(|(_, k)| k).collect();
    if kinds.len() <= 1 {
        return;
    }
    let primary = success
        .iter()
        .find(|(_, k)| k != "none" && k != "raw")
        .or(success.first())
        .map(|(_, k)| k.clone())
        .unwrap_or_default();
    for (code, kind) in success.iter().filter(|(_, k)| *k != primary) {
        responses.remove(code);
        let pointer = walk::join(&walk::join(ptr, "responses"), code);
        deferred.push(Deferred {
            operation_id: id.to_owned(),
            pointer: pointer.clone(),
            what: format!("success response {code} ({kind})"),
        });
        record(
            changes,
            "progenitor/success-responses",
            &pointer,
            format!(
                "{code} decodes differently from the operation's main success response; left out"
            ),
        );
    }
}

/// Progenitor needs every error response of an operation to decode into one
/// type, and upstream documents errors inconsistently (a bare object here,
/// `bad_request_error` there, nothing elsewhere) while the server's real error
/// shapes differ from all of them, and proxies answer with HTML. Every error
/// response is left undecoded, for the runtime's one tolerant error decoder.
fn error_responses(ptr: &str, op: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    let has_success = responses.keys().any(|code| is_success(code));
    // With no error response at all, progenitor types the error `()`, which
    // the runtime's `send` cannot map; a `4XX` makes it the raw body, like
    // every other operation's. The server answers 401, 404 and 422 anyway.
    if has_success
        && responses
            .keys()
            .all(|code| is_success(code) || code == "default")
    {
        responses.insert(
            "4XX".into(),
            json!({ "description": "An error; none is documented (decoded by chatwoot-runtime)." }),
        );
        record(
            changes,
            "progenitor/error-responses",
            &walk::join(&walk::join(ptr, "responses"), "4XX"),
            "no error response documented: 4XX added, so errors decode like every other operation's".into(),
        );
    }
    for (code, resp) in responses.iter_mut() {
        // `default` is the success response of an operation that has no other.
        if is_success(code) || (code == "default" && !has_success) {
            continue;
        }
        let Some(resp) = resp.as_object_mut() else {
            continue;
        };
        let before = resp
            .get("content")
            .map(|c| response_kind(&json!({ "content": c })))
            .unwrap_or_else(|| "none".into());
        resp.insert("content".into(), json!({ ERROR_MEDIA_TYPE: {} }));
        record(
            changes,
            "progenitor/error-responses",
            &walk::join(&walk::join(ptr, "responses"), code),
            format!("error body {before} -> raw, decoded by chatwoot-runtime"),
        );
    }
}

/// progenitor counts a `default` response as a success type too, and panics
/// when it differs from the 2xx one. Beside a 2xx response, `default` only
/// documents errors, which the runtime decodes whatever their status: it goes.
fn default_beside_success(ptr: &str, op: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    if responses.keys().any(|code| is_success(code)) && responses.remove("default").is_some() {
        record(
            changes,
            "progenitor/default-response",
            &walk::join(&walk::join(ptr, "responses"), "default"),
            "removed beside a 2xx response; errors of any status are decoded by chatwoot-runtime"
                .into(),
        );
    }
}
