//! A tiny webhook receiver: verifies each delivery and prints its event.
//!
//! To stay self-contained it listens on a free local port, sends itself one
//! signed delivery (as Chatwoot would), prints what it received and exits:
//!
//! ```sh
//! cargo run -p chatwoot-webhooks --example webhook_receiver --features axum
//! ```
//!
//! For a real receiver, keep `receive` and the router, bind a fixed
//! address, and read the secret from the webhook's settings.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use chatwoot_webhooks::axum::ChatwootWebhook;
use chatwoot_webhooks::{Event, VerifiedWebhook, Verifier};
use tokio::sync::mpsc;

#[derive(Clone)]
struct AppState {
    verifier: Verifier,
    received: mpsc::Sender<VerifiedWebhook>,
}

// The extractor finds the verifier in the state through this.
impl FromRef<AppState> for Verifier {
    fn from_ref(state: &AppState) -> Verifier {
        state.verifier.clone()
    }
}

async fn receive(
    State(state): State<AppState>,
    ChatwootWebhook(webhook): ChatwootWebhook,
) -> StatusCode {
    println!(
        "verified {} (delivery {}, signed at {})",
        webhook.event.name(),
        webhook.delivery_id.as_deref().unwrap_or("-"),
        webhook.timestamp
    );
    match &webhook.event {
        Event::MessageCreated(message) if message.is_incoming() => {
            let sender = message
                .sender
                .as_ref()
                .and_then(|s| s.name())
                .unwrap_or("?");
            let conversation = message.conversation.as_ref().and_then(|c| c.id);
            println!(
                "  {sender} wrote in conversation {conversation:?}: {:?}",
                message.content.as_deref().unwrap_or_default()
            );
        }
        Event::ConversationStatusChanged(conversation) => {
            println!(
                "  conversation {:?} is now {:?}",
                conversation.id, conversation.status
            );
        }
        other => println!("  {:?}", other.conversation().map(|c| c.id)),
    }
    let _ = state.received.send(webhook).await;
    StatusCode::OK
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = "example-webhook-secret";
    let (received, mut inbox) = mpsc::channel(1);
    let app = Router::new()
        .route("/chatwoot/webhook", post(receive))
        .with_state(AppState {
            verifier: Verifier::new(secret)?,
            received,
        });

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/chatwoot/webhook", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    println!("listening on {url}");

    // What Chatwoot sends: the body, signed with "<timestamp>.<body>".
    let body = include_str!("../tests/fixtures/message_created.json");
    let timestamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64;
    let response = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/json")
        .header(
            "x-chatwoot-delivery",
            "7d1f0c55-8a5e-4f0e-b1c7-2a9f3b6d4e21",
        )
        .header("x-chatwoot-timestamp", timestamp.to_string())
        .header(
            "x-chatwoot-signature",
            chatwoot_webhooks::sign(secret.as_bytes(), timestamp, body.as_bytes()),
        )
        .body(body)
        .send()
        .await?;
    println!("chatwoot would see: {}", response.status());

    let status = response.status();
    let webhook = inbox.recv().await;
    let _ = stop.send(());
    server.await??;
    if status != reqwest::StatusCode::OK || webhook.is_none() {
        return Err(format!("the delivery was not accepted: {status}").into());
    }
    Ok(())
}
