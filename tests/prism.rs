//! Every operation of every family, sent to Stoplight Prism serving upstream's
//! ORIGINAL spec (not our normalized one): the wire contract. Prism validates
//! each request (parameters, body, security) against upstream's text, so a
//! normalization step or fixup that changed what the SDK sends fails here.
//! Prism ignores query parameters upstream does not declare, so a relay in
//! front of it records each request and the test also fails on any query
//! name upstream's spec does not have.
//!
//! Prism is found at `target/prism/node_modules/.bin/prism`, or installed
//! there with npm. Without node and npm the test says so loudly and passes,
//! unless `CHATWOOT_REQUIRE_PRISM=1` (CI sets it).

#[path = "prism/application.rs"]
mod application_calls;
#[path = "prism/client.rs"]
mod client_calls;
#[path = "prism/platform.rs"]
mod platform_calls;
#[path = "prism/server.rs"]
mod server;
#[path = "prism/validation.rs"]
mod validation;
#[path = "prism/wire.rs"]
mod wire;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use chatwoot::runtime::{RetryPolicy, TokenHeader};
use serde_json::Value;
use tracing_subscriber::layer::SubscriberExt;

use validation::{CallLog, Capture, Wire, check, operations_to_cover, routes_sent, violation};

const TOKEN: &str = "prism-check-token";

/// A complaint (Prism's, or an undeclared query name) where our request is
/// right and upstream's spec is wrong, as Chatwoot's server shows. Each must
/// keep occurring: an entry that no longer matches fails the test, so the
/// list cannot rot.
struct Allowed {
    family: &'static str,
    /// The SDK's method name.
    operation: &'static str,
    /// Text the complaint contains.
    complaint: &'static str,
    why: &'static str,
}

const ALLOWED: &[Allowed] = &[
    Allowed {
        family: "application",
        operation: "list_conversations",
        complaint: "query parameter `labels[]` is not in upstream's spec",
        why: "Rails reads a list only from `labels[]=a&labels[]=b`; upstream's `labels=a&labels=b` \
              reaches ConversationFinder#filter_by_labels as the last label alone \
              (normalize/defects.rs renames array query parameters)",
    },
    Allowed {
        family: "application",
        operation: "get_conversation_counts",
        complaint: "query parameter `labels[]` is not in upstream's spec",
        why: "the same ConversationFinder as list_conversations: only `labels[]` is a list to Rails",
    },
    Allowed {
        family: "application",
        operation: "get_inbox_label_matrix",
        complaint: "query parameter `inbox_ids[]` is not in upstream's spec",
        why: "Reports::InboxLabelMatrixBuilder filters `where(id: params[:inbox_ids])`: \
              only `inbox_ids[]=` reaches it as a list, a repeated `inbox_ids=` as its last value",
    },
    Allowed {
        family: "application",
        operation: "get_inbox_label_matrix",
        complaint: "query parameter `label_ids[]` is not in upstream's spec",
        why: "as inbox_ids: `where(id: params[:label_ids])` needs Rails' list form `label_ids[]=`",
    },
    Allowed {
        family: "platform",
        operation: "delete_account_user",
        complaint: "INVALID_CONTENT_TYPE: No supported content types, but request included a non-empty body",
        why: "Platform::Api::V1::AccountUsersController#destroy removes the membership of \
              `params[:user_id]` and answers 200 even when none matched; upstream documents no body, \
              so without the `{\"user_id\"}` body (fixup platform-delete-account-user-takes-user-id) \
              every call deletes nothing",
    },
];

fn json_file(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn application_client(base_url: String) -> chatwoot::application::Client {
    chatwoot::application::Client::builder(base_url)
        .token(TOKEN)
        // Upstream documents `api_access_token`; Prism knows no other name.
        .token_header(TokenHeader::Underscored)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

fn client_client(base_url: String) -> chatwoot::client::Client {
    chatwoot::client::Client::builder(base_url)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

fn platform_client(base_url: String) -> chatwoot::platform::Client {
    chatwoot::platform::Client::builder(base_url)
        .token(TOKEN)
        .token_header(TokenHeader::Underscored)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn every_operation_is_valid_for_prism_on_upstreams_spec() {
    let Some(prism) = server::prism_or_skip("every_operation_is_valid_for_prism_on_upstreams_spec")
    else {
        return;
    };
    let started = Instant::now();
    let families = ["application", "client", "platform"];
    let specs: Vec<_> = families.iter().map(|f| server::upstream_spec(f)).collect();
    let servers = server::start_all(&prism, &specs);
    eprintln!(
        "Prism serving upstream's specs after {:?}",
        started.elapsed()
    );

    // Requests are identified by the SDK's own spans, not by the test's word,
    // and recorded as sent by a relay in front of each Prism.
    let capture = Capture::default();
    let _tracing =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let mut logs = Vec::new();
    let mut base_urls = Vec::new();
    for ((family, spec), server) in families.iter().zip(&specs).zip(&servers) {
        let (port, recorded) = wire::relay(server.port());
        base_urls.push(format!("http://127.0.0.1:{port}"));
        let wire = Wire {
            recorded,
            declared_query: wire::declared_query_parameters(&json_file(spec)),
        };
        logs.push(CallLog::new(family, capture.clone(), Some(wire)));
    }
    let app = application_client(base_urls[0].clone());
    let public = client_client(base_urls[1].clone());
    let platform = platform_client(base_urls[2].clone());

    // The validator is live: a request upstream's spec forbids is caught.
    #[cfg(chatwoot_operation = "application::list_conversations")]
    {
        check(
            &mut logs[0],
            "list_conversations",
            app.list_conversations()
                .account_id(1)
                .status("archived")
                .send_raw()
                .await,
        );
        let canary = logs[0].calls.pop().expect("the canary call");
        assert!(
            canary
                .complaints
                .iter()
                .any(|c| c.contains("status") && c.contains("allowed values")),
            "Prism did not reject status=archived: {canary:?}"
        );
    }

    application_calls::call_every_operation(&app, &mut logs[0]).await;
    client_calls::call_every_operation(&public, &mut logs[1]).await;
    platform_calls::call_every_operation(&platform, &mut logs[2]).await;

    let root = server::workspace_root();
    let mut failures = Vec::new();
    let mut allowed_seen = BTreeSet::new();
    for (log, upstream) in logs.iter().zip(&specs) {
        let family = log.family;
        let normalized = json_file(&root.join(format!("openapi/normalized/{family}.json")));
        let (to_cover, left_out) = operations_to_cover(&normalized, &json_file(upstream));
        let sent = routes_sent(log);
        for ((method, path), id) in &to_cover {
            if !sent.contains(&(method.clone(), path.clone())) {
                failures.push(format!("{family}: {id} ({method} {path}) was never called"));
            }
        }
        // Routes with a violation nobody explained, and with explained ones.
        let mut rejected = BTreeSet::new();
        let mut excused = BTreeSet::new();
        for call in &log.calls {
            let operation = validation::snake_case(&call.sent.operation);
            let route = validation::route_key(&call.sent.method, &call.sent.path);
            for complaint in &call.complaints {
                let allowed = ALLOWED.iter().position(|allowed| {
                    allowed.family == family
                        && allowed.operation == operation
                        && complaint.contains(allowed.complaint)
                });
                match allowed {
                    Some(index) => {
                        allowed_seen.insert(index);
                        excused.insert(route.clone());
                        eprintln!(
                            "{family}: {operation}: allowed ({}): {complaint}",
                            ALLOWED[index].why
                        );
                    }
                    None => {
                        rejected.insert(route.clone());
                        failures.push(format!(
                            "{family}: {operation} ({} {}): {}: {complaint}",
                            call.sent.method, call.sent.path, call.status
                        ));
                    }
                }
            }
        }
        let called: Vec<_> = to_cover
            .keys()
            .filter(|route| sent.contains(*route))
            .collect();
        let clean = called
            .iter()
            .filter(|route| !rejected.contains(**route) && !excused.contains(**route))
            .count();
        let only_excused = called
            .iter()
            .filter(|route| !rejected.contains(**route) && excused.contains(**route))
            .count();
        eprintln!(
            "{family}: {} of {} operations called ({} calls): {clean} valid for Prism, \
             {only_excused} valid but for allow-listed complaints, {} rejected; \
             {} of ours that upstream lacks left out: {left_out:?}",
            called.len(),
            to_cover.len(),
            log.calls.len(),
            rejected.len(),
            left_out.len()
        );
    }
    for (index, allowed) in ALLOWED.iter().enumerate() {
        if !allowed_seen.contains(&index) {
            failures.push(format!(
                "allow-list entry no longer needed, remove it: {}: {} `{}`",
                allowed.family, allowed.operation, allowed.complaint
            ));
        }
    }
    eprintln!("Prism check took {:?}", started.elapsed());
    if !failures.is_empty() {
        for server in &servers {
            eprintln!("{}", server.output());
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s) with requests on upstream's spec:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// Against a real Prism: an invalid body, a missing token and an unknown
/// route are each detected, and a valid request is not.
#[cfg(all(
    chatwoot_operation = "client::get_contact",
    chatwoot_operation = "platform::create_account",
    chatwoot_operation = "platform::get_account",
    chatwoot_operation = "platform::list_agent_bots"
))]
#[tokio::test]
async fn prism_violations_are_detected() {
    use chatwoot::platform::types::AccountCreateUpdatePayload;

    let Some(prism) = server::prism_or_skip("prism_violations_are_detected") else {
        return;
    };
    let servers = server::start_all(&prism, &[server::upstream_spec("platform")]);
    let platform = platform_client(servers[0].base_url());
    let capture = Capture::default();
    let _tracing =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let mut log = CallLog::new("platform", capture.clone(), None);

    check(
        &mut log,
        "get_account",
        platform.get_account().account_id(3).send_raw().await,
    );
    // `closed` is not one of upstream's account statuses; the SDK's enums
    // keep unknown values, so it goes on the wire.
    check(
        &mut log,
        "create_account",
        platform
            .create_account()
            .body(validation::body::<AccountCreateUpdatePayload>(
                serde_json::json!({"name": "Acme", "status": "closed"}),
            ))
            .send_raw()
            .await,
    );
    // The SDK's default header spelling, which upstream's spec does not name.
    let hyphenated = chatwoot::platform::Client::builder(servers[0].base_url())
        .token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    check(
        &mut log,
        "list_agent_bots",
        hyphenated.list_agent_bots().send_raw().await,
    );
    // A Client API route, which the Platform spec does not have.
    let public = client_client(servers[0].base_url());
    check(
        &mut log,
        "get_contact",
        public
            .get_contact()
            .inbox_identifier("inbox")
            .contact_identifier("contact")
            .send_raw()
            .await,
    );

    let complaints: Vec<(&str, String)> = log
        .calls
        .iter()
        .map(|call| (call.status.as_str(), call.complaints.join(" | ")))
        .collect();
    assert_eq!(complaints[0].1, "", "a valid request: {complaints:?}");
    let contains = |index: usize, status: &str, texts: &[&str]| {
        let (actual_status, complaint) = &complaints[index];
        assert!(
            actual_status.starts_with(status) && texts.iter().all(|t| complaint.contains(t)),
            "call {index}: expected {status} mentioning {texts:?}, got {actual_status}: {complaint:?}"
        );
    };
    contains(
        1,
        "422",
        &["UNPROCESSABLE_ENTITY", "body.status", "allowed values"],
    );
    contains(2, "401", &["Invalid security scheme"]);
    contains(3, "404", &["NO_PATH_MATCHED_ERROR"]);
}

/// What counts as a violation, on answers shaped like Prism's.
#[test]
fn violation_detection_reads_prism_answers() {
    let mock_answer = br#"{"id": 1, "name": "Acme"}"#;
    assert!(violation(200, None, mock_answer).is_empty());

    // An invalid query answered with the spec's own 400 example: only the
    // header tells.
    let header = r#"[{"location":["request","query","status"],"severity":"Error","code":"enum","message":"Request query parameter status must be equal to one of the allowed values: all, open"}]"#;
    let found = violation(400, Some(header), br#"{"description":"string"}"#).join("|");
    assert!(found.contains("[request.query.status]"), "{found}");
    assert!(found.contains("allowed values"), "{found}");

    // Prism checking its own invented answer is about upstream's response
    // schemas, not our request.
    let response_only = r#"[{"location":["response","body","id"],"severity":"Error","code":"type","message":"must be integer"}]"#;
    assert!(violation(200, Some(response_only), mock_answer).is_empty());

    let unauthorized = br#"{"type":"https://stoplight.io/prism/errors#UNAUTHORIZED","title":"Invalid security scheme used","status":401,"detail":"Your request does not fullfil the security requirements"}"#;
    let found = violation(401, None, unauthorized).join("|");
    assert!(found.starts_with("UNAUTHORIZED: Your request"), "{found}");
    assert!(violation(200, None, b"").is_empty());

    let invalid_body = br#"{"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,"detail":"Your request is not valid","validation":[{"location":["body","name"],"severity":"Error","code":"type","message":"Request body property name must be string"}]}"#;
    let found = violation(422, None, invalid_body).join("|");
    assert!(
        found.contains("[body.name] Request body property name must be string (type)"),
        "{found}"
    );

    // Any other error status is suspect too: a valid request gets a success.
    let found = violation(500, None, b"boom").join("|");
    assert!(found.contains("500"), "{found}");
}

#[test]
fn snake_case_matches_method_names() {
    use validation::snake_case;
    assert_eq!(snake_case("list-all-inboxes"), "list_all_inboxes");
    assert_eq!(snake_case("updateProfile"), "update_profile");
    assert_eq!(
        snake_case("contactableInboxes_get"),
        "contactable_inboxes_get"
    );
    // Our names are snake case already.
    assert_eq!(snake_case("get_user_login_url"), "get_user_login_url");
}

#[test]
fn routes_match_whatever_the_placeholders_are_called() {
    use validation::route_key;
    assert_eq!(
        route_key(
            "get",
            "/api/v1/accounts/{account_id}/inbox_members/{inbox_id}"
        ),
        route_key("GET", "/api/v1/accounts/{id}/inbox_members/{x}")
    );
    assert_ne!(
        route_key("get", "/api/v2/accounts/{a}/reports/conversations"),
        route_key("get", "/api/v2/accounts/{a}/reports/conversations/")
    );
}
