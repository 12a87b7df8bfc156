//! Error responses in every shape the server sends them, through the generated clients.
//!
//! The fixtures in `fixtures/errors/` follow how each family's controllers
//! render errors at the pinned revision:
//! - Application API (`ApplicationController` with `handle_with_exception`):
//!   `{"error"}` for a bad token, a Pundit refusal (401, where the spec
//!   documents 403), a bot's token, a suspended account, a missing record and a
//!   missing parameter; devise_token_auth's `{"errors": [...]}` without a
//!   token; `{"message", "attributes"}` for an invalid record.
//! - Platform API (`PlatformController`, no `handle_with_exception`):
//!   `{"error"}` for a bad token and for "Non permissible resource"; a missing
//!   record reaches Rails, which answers `{"status": 404, "error": "Not Found"}`;
//!   `{"message", "attributes"}` for an invalid record.
//! - Client API (`PublicController`, no `handle_with_exception` either): Rails'
//!   404 and 500 (a failed identifier hash raises), `{"message", "attributes"}`,
//!   and the CSAT lock's `{"error"}`; it sends no 401 of its own, so its 401 is
//!   the spec's documented shape.
//! - Rack::Attack answers 429 with the plain text `Retry later`, with
//!   `Retry-After` only where the installation turns that header on.
//!
//! Every case checks the error kind, the status, the message read from the
//! body, and that the body is kept whole.

use std::time::Duration;

use chatwoot::runtime::{Error, ErrorBody};
use chatwoot_tests::{TOKEN, application_client, client_client, platform_client};
use httpmock::prelude::*;
use serde_json::{Value, json};

const INBOX: &str = "xK3pVb8sQw2nLr6T";
const CONTACT: &str = "0b8f6c3e-5d1a-4e7b-9a2f-3c4d5e6f7a81";

/// The text of an error fixture.
fn fixture(file: &str) -> String {
    let path = format!("{}/fixtures/errors/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A JSON error fixture, parsed.
fn json_fixture(name: &str) -> Value {
    serde_json::from_str(&fixture(&format!("{name}.json"))).expect("fixture is JSON")
}

/// Serves a JSON error fixture with `status` for `method path`.
async fn serve_json(
    server: &MockServer,
    method: httpmock::Method,
    path: &str,
    status: u16,
    name: &str,
) {
    let body = fixture(&format!("{name}.json"));
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(status)
                .header("content-type", "application/json; charset=utf-8")
                .body(body);
        })
        .await;
}

/// Serves Rack::Attack's plain-text 429, with `Retry-After` when given.
async fn serve_rate_limited(server: &MockServer, path: &str, retry_after: Option<&str>) {
    let body = fixture("rate-limited.txt");
    server
        .mock_async(|when, then| {
            when.path(path);
            let then = then
                .status(429)
                .header("content-type", "text/plain")
                .body(body);
            if let Some(seconds) = retry_after {
                then.header("retry-after", seconds);
            }
        })
        .await;
}

/// Asserts an `Error::Status` with this status and message whose body is
/// the fixture's JSON, whole.
fn assert_json_status(error: &Error, status: u16, message: &str, name: &str) {
    let Error::Status {
        status: got, body, ..
    } = error
    else {
        panic!("{name}: expected Error::Status, got {error:?}");
    };
    assert_eq!(got.as_u16(), status, "{name}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{name}");
    assert_eq!(body.message().as_deref(), Some(message), "{name}");
    assert_eq!(body.json(), Some(&json_fixture(name)), "{name}: body kept");
    assert!(error.to_string().contains(message), "{name}: {error}");
}

/// Asserts a 429 in plain text, kept as text, with this wait.
fn assert_rate_limited(error: &Error, wait: Option<Duration>) {
    let Error::RateLimited { retry_after, body } = error else {
        panic!("expected Error::RateLimited, got {error:?}");
    };
    assert_eq!(*retry_after, wait);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(
        body,
        &ErrorBody::Text(fixture("rate-limited.txt")),
        "raw text kept"
    );
    assert_eq!(body.message().as_deref(), Some("Retry later"));
    assert!(error.to_string().contains("Retry later"), "{error}");
}

// Application API.

async fn application_list_inboxes(server: &MockServer) -> Error {
    application_client(server)
        .list_inboxes()
        .account_id(7)
        .send()
        .await
        .expect_err("an error status")
}

#[tokio::test]
async fn application_401_invalid_access_token() {
    let server = MockServer::start_async().await;
    let name = "application-401-invalid-access-token";
    serve_json(&server, GET, "/api/v1/accounts/7/inboxes", 401, name).await;
    let error = application_list_inboxes(&server).await;
    assert_json_status(&error, 401, "Invalid Access Token", name);
}

#[tokio::test]
async fn application_401_devise_errors_list() {
    let server = MockServer::start_async().await;
    let name = "application-401-unauthenticated";
    serve_json(&server, GET, "/api/v1/accounts/7/inboxes", 401, name).await;
    let error = application_list_inboxes(&server).await;
    assert_json_status(
        &error,
        401,
        "You need to sign in or sign up before continuing.",
        name,
    );
}

#[tokio::test]
async fn application_401_account_suspended() {
    let server = MockServer::start_async().await;
    let name = "application-401-account-suspended";
    serve_json(&server, GET, "/api/v1/accounts/7/inboxes", 401, name).await;
    let error = application_list_inboxes(&server).await;
    assert_json_status(&error, 401, "Account is suspended", name);
}

#[tokio::test]
async fn application_401_bot_refusal_is_its_own_kind() {
    let server = MockServer::start_async().await;
    let name = "application-401-bot-refused";
    serve_json(&server, GET, "/api/v1/accounts/7/inboxes", 401, name).await;
    let error = application_list_inboxes(&server).await;
    let Error::NotAllowedForAgentBot {
        operation,
        ref method,
        path,
        ref body,
    } = error
    else {
        panic!("expected NotAllowedForAgentBot, got {error:?}");
    };
    assert_eq!(operation, "list_inboxes");
    assert_eq!(method.as_str(), "GET");
    assert_eq!(path, "/api/v1/accounts/{account_id}/inboxes");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        body.message().as_deref(),
        Some("Access to this endpoint is not authorized for bots")
    );
    assert_eq!(body.json(), Some(&json_fixture(name)));
}

fn new_agent() -> chatwoot::application::types::AgentCreatePayload {
    serde_json::from_value(json!({
        "name": "Rui Costa",
        "email": "rui.costa@example.org",
        "role": "agent"
    }))
    .expect("payload")
}

#[cfg(chatwoot_operation = "application::create_agent")]
#[tokio::test]
async fn application_permission_denial_comes_as_401_not_the_documented_403() {
    let server = MockServer::start_async().await;
    let name = "application-401-not-authorized";
    serve_json(&server, POST, "/api/v1/accounts/7/agents", 401, name).await;
    let error = application_client(&server)
        .create_agent()
        .account_id(7)
        .body(new_agent())
        .send()
        .await
        .expect_err("an agent may not add agents");
    assert_json_status(
        &error,
        401,
        "You are not authorized to do this action",
        name,
    );
}

#[cfg(chatwoot_operation = "application::create_agent")]
#[tokio::test]
async fn application_422_parameter_missing() {
    let server = MockServer::start_async().await;
    let name = "application-422-parameter-missing";
    serve_json(&server, POST, "/api/v1/accounts/7/agents", 422, name).await;
    let error = application_client(&server)
        .create_agent()
        .account_id(7)
        .body(new_agent())
        .send()
        .await
        .expect_err("422");
    assert_json_status(
        &error,
        422,
        "param is missing or the value is empty: agent",
        name,
    );
}

#[cfg(chatwoot_operation = "application::get_contact")]
#[tokio::test]
async fn application_404_not_found() {
    let server = MockServer::start_async().await;
    let name = "application-404-not-found";
    serve_json(&server, GET, "/api/v1/accounts/7/contacts/999", 404, name).await;
    let error = application_client(&server)
        .get_contact()
        .account_id(7)
        .id(999)
        .send()
        .await
        .expect_err("404");
    assert_json_status(&error, 404, "Resource could not be found", name);
}

fn new_contact() -> chatwoot::application::types::ContactCreatePayload {
    serde_json::from_value(json!({ "inbox_id": 4, "email": "marta.silva@example.org" }))
        .expect("payload")
}

#[cfg(chatwoot_operation = "application::create_contact")]
#[tokio::test]
async fn application_422_record_invalid() {
    let server = MockServer::start_async().await;
    let name = "application-422-record-invalid";
    serve_json(&server, POST, "/api/v1/accounts/7/contacts", 422, name).await;
    let error = application_client(&server)
        .create_contact()
        .account_id(7)
        .body(new_contact())
        .send()
        .await
        .expect_err("422");
    assert_json_status(&error, 422, "Email has already been taken (email)", name);
}

#[cfg(chatwoot_operation = "application::create_contact")]
#[tokio::test]
async fn application_422_documented_shape() {
    let server = MockServer::start_async().await;
    let name = "application-422-documented";
    serve_json(&server, POST, "/api/v1/accounts/7/contacts", 422, name).await;
    let error = application_client(&server)
        .create_contact()
        .account_id(7)
        .body(new_contact())
        .send()
        .await
        .expect_err("422");
    assert_json_status(&error, 422, "name: can't be blank", name);
}

fn application_without_retries(server: &MockServer) -> chatwoot::application::Client {
    chatwoot::application::Client::builder(server.base_url())
        .token(TOKEN)
        .retry_policy(chatwoot::application::RetryPolicy::none())
        .build()
        .expect("client builds")
}

#[cfg(chatwoot_operation = "application::list_inboxes")]
#[tokio::test]
async fn application_429_plain_text_with_and_without_retry_after() {
    let server = MockServer::start_async().await;
    serve_rate_limited(&server, "/api/v1/accounts/7/inboxes", Some("30")).await;
    let client = application_without_retries(&server);
    let error = client
        .list_inboxes()
        .account_id(7)
        .send()
        .await
        .expect_err("429");
    assert_rate_limited(&error, Some(Duration::from_secs(30)));

    let server = MockServer::start_async().await;
    serve_rate_limited(&server, "/api/v1/accounts/7/inboxes", None).await;
    let error = application_without_retries(&server)
        .list_inboxes()
        .account_id(7)
        .send()
        .await
        .expect_err("429");
    assert_rate_limited(&error, None);
}

// Platform API.

#[cfg(chatwoot_operation = "platform::get_account")]
#[tokio::test]
async fn platform_401_invalid_access_token() {
    let server = MockServer::start_async().await;
    let name = "platform-401-invalid-access-token";
    serve_json(&server, GET, "/platform/api/v1/accounts/42", 401, name).await;
    let error = platform_client(&server)
        .get_account()
        .account_id(42)
        .send()
        .await
        .expect_err("401");
    assert_json_status(&error, 401, "Invalid access_token", name);
}

#[cfg(chatwoot_operation = "platform::get_account")]
#[tokio::test]
async fn platform_non_permissible_resource_is_its_own_kind() {
    let server = MockServer::start_async().await;
    let name = "platform-401-non-permissible-resource";
    serve_json(&server, GET, "/platform/api/v1/accounts/42", 401, name).await;
    let error = platform_client(&server)
        .get_account()
        .account_id(42)
        .send()
        .await
        .expect_err("401");
    let Error::NotPermittedForPlatformApp {
        operation,
        ref body,
    } = error
    else {
        panic!("expected NotPermittedForPlatformApp, got {error:?}");
    };
    assert_eq!(operation, "get_account");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(body.message().as_deref(), Some("Non permissible resource"));
    assert_eq!(body.json(), Some(&json_fixture(name)));
}

#[cfg(chatwoot_operation = "platform::get_user")]
#[tokio::test]
async fn platform_401_documented_shape() {
    let server = MockServer::start_async().await;
    let name = "platform-401-documented";
    serve_json(&server, GET, "/platform/api/v1/users/79", 401, name).await;
    let error = platform_client(&server)
        .get_user()
        .id(79)
        .send()
        .await
        .expect_err("401");
    assert_json_status(&error, 401, "api_access_token: is invalid", name);
}

#[cfg(chatwoot_operation = "platform::get_user")]
#[tokio::test]
async fn platform_404_in_rails_shape() {
    let server = MockServer::start_async().await;
    let name = "platform-404-rails";
    serve_json(&server, GET, "/platform/api/v1/users/404", 404, name).await;
    let error = platform_client(&server)
        .get_user()
        .id(404)
        .send()
        .await
        .expect_err("404");
    assert_json_status(&error, 404, "Not Found", name);
    assert_eq!(
        error.body().and_then(|b| b.json()).map(|j| &j["status"]),
        Some(&json!(404))
    );
}

#[cfg(chatwoot_operation = "platform::create_user")]
#[tokio::test]
async fn platform_422_record_invalid() {
    let server = MockServer::start_async().await;
    let name = "platform-422-record-invalid";
    serve_json(&server, POST, "/platform/api/v1/users", 422, name).await;
    let error = platform_client(&server)
        .create_user()
        .body(
            chatwoot::platform::types::UserCreateUpdatePayload::builder()
                .name("Aiko Tanaka".to_owned())
                .email("aiko@".to_owned()),
        )
        .send()
        .await
        .expect_err("422");
    assert_json_status(&error, 422, "Email is invalid (email)", name);
}

#[cfg(chatwoot_operation = "platform::list_agent_bots")]
#[tokio::test]
async fn platform_429_plain_text_with_and_without_retry_after() {
    for (retry_after, wait) in [(Some("12"), Some(Duration::from_secs(12))), (None, None)] {
        let server = MockServer::start_async().await;
        serve_rate_limited(&server, "/platform/api/v1/agent_bots", retry_after).await;
        let client = chatwoot::platform::Client::builder(server.base_url())
            .token(TOKEN)
            .retry_policy(chatwoot::platform::RetryPolicy::none())
            .build()
            .expect("client builds");
        let error = client.list_agent_bots().send().await.expect_err("429");
        assert_rate_limited(&error, wait);
    }
}

// Client API.

#[cfg(chatwoot_operation = "client::get_contact")]
#[tokio::test]
async fn client_401_documented_shape() {
    let server = MockServer::start_async().await;
    let name = "client-401-documented";
    let path = format!("/public/api/v1/inboxes/{INBOX}/contacts/{CONTACT}");
    serve_json(&server, GET, &path, 401, name).await;
    let error = client_client(&server)
        .get_contact()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .send()
        .await
        .expect_err("401");
    assert_json_status(&error, 401, "inbox_identifier: is not a known inbox", name);
}

#[cfg(chatwoot_operation = "client::get_conversation")]
#[tokio::test]
async fn client_404_in_rails_shape() {
    let server = MockServer::start_async().await;
    let name = "client-404-rails";
    let path = format!("/public/api/v1/inboxes/{INBOX}/contacts/{CONTACT}/conversations/404");
    serve_json(&server, GET, &path, 404, name).await;
    let error = client_client(&server)
        .get_conversation()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(404)
        .send()
        .await
        .expect_err("404");
    assert_json_status(&error, 404, "Not Found", name);
}

fn contact_payload() -> chatwoot::client::types::PublicContactCreateUpdatePayload {
    serde_json::from_value(json!({
        "name": "Marta Silva",
        "phone_number": "912345678",
        "identifier": "cust-88213",
        "identifier_hash": "5d41402abc4b2a76b9719d911017c592"
    }))
    .expect("payload")
}

#[cfg(chatwoot_operation = "client::create_contact")]
#[tokio::test]
async fn client_422_record_invalid() {
    let server = MockServer::start_async().await;
    let name = "client-422-record-invalid";
    let path = format!("/public/api/v1/inboxes/{INBOX}/contacts");
    serve_json(&server, POST, &path, 422, name).await;
    let error = client_client(&server)
        .create_contact()
        .inbox_identifier(INBOX)
        .body(contact_payload())
        .send()
        .await
        .expect_err("422");
    assert_json_status(
        &error,
        422,
        "Phone number should be in e164 format (phone_number)",
        name,
    );
}

#[cfg(chatwoot_operation = "client::update_message")]
#[tokio::test]
async fn client_422_csat_locked() {
    let server = MockServer::start_async().await;
    let name = "client-422-csat-locked";
    let path = format!(
        "/public/api/v1/inboxes/{INBOX}/contacts/{CONTACT}/conversations/118/messages/90430"
    );
    serve_json(&server, PATCH, &path, 422, name).await;
    let body: chatwoot::client::types::PublicMessageUpdatePayload = serde_json::from_value(
        json!({ "submitted_values": { "csat_survey_response": { "rating": 2 } } }),
    )
    .expect("payload");
    let error = client_client(&server)
        .update_message()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(118)
        .message_id(90430)
        .body(body)
        .send()
        .await
        .expect_err("422");
    assert_json_status(
        &error,
        422,
        "You cannot update the CSAT survey after 14 days",
        name,
    );
}

#[cfg(chatwoot_operation = "client::create_contact")]
#[tokio::test]
async fn client_failed_identifier_hash_is_a_bare_rails_500_in_production() {
    let server = MockServer::start_async().await;
    let name = "client-500-hmac-rails";
    let path = format!("/public/api/v1/inboxes/{INBOX}/contacts");
    serve_json(&server, POST, &path, 500, name).await;
    let error = client_client(&server)
        .create_contact()
        .inbox_identifier(INBOX)
        .body(contact_payload())
        .send()
        .await
        .expect_err("500");
    assert_json_status(&error, 500, "Internal Server Error", name);
    // Production hides the exception's message, so nothing tells it apart.
    assert!(!chatwoot::client::is_identifier_hash_rejected(&error));
}

#[cfg(chatwoot_operation = "client::get_contact")]
#[tokio::test]
async fn client_429_plain_text_with_and_without_retry_after() {
    let path = format!("/public/api/v1/inboxes/{INBOX}/contacts/{CONTACT}");
    for (retry_after, wait) in [(Some("45"), Some(Duration::from_secs(45))), (None, None)] {
        let server = MockServer::start_async().await;
        serve_rate_limited(&server, &path, retry_after).await;
        let client = chatwoot::client::Client::builder(server.base_url())
            .retry_policy(chatwoot::client::RetryPolicy::none())
            .build()
            .expect("client builds");
        let error = client
            .get_contact()
            .inbox_identifier(INBOX)
            .contact_identifier(CONTACT)
            .send()
            .await
            .expect_err("429");
        assert_rate_limited(&error, wait);
    }
}
