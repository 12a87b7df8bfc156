//! The axum extractor: 200 for a verified webhook, 401 for a bad signature
//! or a stale one, 400 for an authentic body that is not an event.
#![cfg(feature = "axum")]

use std::time::{Duration, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use chatwoot_webhooks::Verifier;
use chatwoot_webhooks::axum::ChatwootWebhook;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tower::ServiceExt;

const SECRET: &str = "whsec_axum_test";
const NOW: u64 = 1_776_330_605;

async fn handler(ChatwootWebhook(webhook): ChatwootWebhook) -> String {
    format!(
        "{} {}",
        webhook.event.name(),
        webhook.delivery_id.unwrap_or_default()
    )
}

fn app() -> Router {
    let verifier = Verifier::new(SECRET)
        .expect("a secret")
        .with_clock(|| UNIX_EPOCH + Duration::from_secs(NOW));
    Router::new()
        .route("/hook", post(handler))
        .with_state(verifier)
}

fn signature(timestamp: u64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn request(timestamp: u64, signature: &str, body: &'static [u8]) -> Request<Body> {
    Request::post("/hook")
        .header("content-type", "application/json")
        .header("x-chatwoot-timestamp", timestamp.to_string())
        .header("x-chatwoot-signature", signature)
        .header("x-chatwoot-delivery", "d-1")
        .body(Body::from(body))
        .unwrap()
}

async fn call(request: Request<Body>) -> (StatusCode, String) {
    let response = app().oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

const BODY: &[u8] = br#"{"event":"conversation_typing_on","is_private":false}"#;

#[tokio::test]
async fn a_verified_webhook_reaches_the_handler() {
    let (status, body) = call(request(NOW, &signature(NOW, BODY), BODY)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, "conversation_typing_on d-1");
}

#[tokio::test]
async fn a_bad_signature_is_unauthorized() {
    let wrong = signature(NOW, b"another body");
    let (status, body) = call(request(NOW, &wrong, BODY)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("does not match"), "{body}");
}

#[tokio::test]
async fn a_stale_webhook_is_unauthorized() {
    let old = NOW - 3600;
    let (status, _) = call(request(old, &signature(old, BODY), BODY)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_missing_signature_is_unauthorized() {
    let request = Request::post("/hook")
        .header("x-chatwoot-timestamp", NOW.to_string())
        .body(Body::from(BODY))
        .unwrap();
    let (status, body) = call(request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("x-chatwoot-signature"), "{body}");
}

#[tokio::test]
async fn an_authentic_non_event_is_a_bad_request() {
    const NOT_AN_EVENT: &[u8] = b"[1,2]";
    let (status, _) = call(request(NOW, &signature(NOW, NOT_AN_EVENT), NOT_AN_EVENT)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
