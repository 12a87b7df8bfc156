//! Platform API quickstart: what a platform app (a Super Admin's "Platform
//! App" token) does to provision Chatwoot: create an account, create a user,
//! and list its agent bots.
//!
//! Run it with:
//!
//! ```sh
//! cargo run -p chatwoot --example platform_quickstart
//! ```
//!
//! Out of the box it starts a local mock server (httpmock) that answers with
//! the JSON a Chatwoot server renders, and makes all three calls against it.
//!
//! Against a real server, set `CHATWOOT_BASE_URL` (your installation, for
//! example `https://chatwoot.example.com`) and `CHATWOOT_PLATFORM_TOKEN` (the
//! platform app's access token, from the Super Admin console). Against a
//! real server the example only reads (it lists the agent bots the app can
//! see): it creates no account and no user.

use std::error::Error;
use std::fmt;

use chatwoot::platform::{Client, types};
use httpmock::prelude::*;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let base_url = std::env::var("CHATWOOT_BASE_URL").ok();
    let token = std::env::var("CHATWOOT_PLATFORM_TOKEN").ok();
    let result = match (base_url, token) {
        (Some(base_url), Some(token)) => {
            println!("Using the Chatwoot server at {base_url} (read-only calls).");
            match Client::with_token(base_url.as_str(), token.as_str()) {
                Ok(client) => list_agent_bots(&client).await,
                Err(error) => Err(error.into()),
            }
        }
        _ => mock().await,
    };
    // `Failed` makes the `Error: ...` line Rust prints for an error returned
    // from `main` one readable sentence rather than a `Debug` dump.
    result.map_err(|error| Failed(error).into())
}

/// An error returned from `main`: its `Debug`, which Rust prints on exit, is
/// its message.
struct Failed(Box<dyn Error>);

impl fmt::Debug for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "platform_quickstart failed: {}", self.0)
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Error for Failed {}

/// Lists the agent bots the platform app can see (a read).
async fn list_agent_bots(client: &Client) -> Result<(), Box<dyn Error>> {
    let bots = client.list_all_agent_bots().send().await?.into_inner();
    println!("The platform app sees {} agent bot(s):", bots.len());
    for bot in &bots {
        println!(
            "  bot {}: {} -> {}",
            bot.id.unwrap_or_default(),
            bot.name.as_deref().unwrap_or("?"),
            bot.outgoing_url.as_deref().unwrap_or("(no outgoing URL)"),
        );
    }
    Ok(())
}

/// All three calls against a local mock server.
async fn mock() -> Result<(), Box<dyn Error>> {
    let server = MockServer::start_async().await;
    mock_chatwoot(&server).await;
    println!(
        "No CHATWOOT_BASE_URL/CHATWOOT_PLATFORM_TOKEN set: using a mock server at {}.",
        server.base_url()
    );
    let client = Client::with_token(server.base_url(), "mock-platform-token")?;

    let account = client
        .create_an_account()
        .body(
            types::AccountCreateUpdatePayload::builder()
                .name(Some("Globex Support".to_owned()))
                .locale(Some("en".to_owned())),
        )
        .send()
        .await?
        .into_inner();
    println!(
        "Created account {}: {}",
        account.id.unwrap_or_default(),
        account.name.as_deref().unwrap_or("?"),
    );

    let user = client
        .create_a_user()
        .body(
            types::UserCreateUpdatePayload::builder()
                .name(Some("Priya Natarajan".to_owned()))
                .email(Some("priya@globex.test".to_owned()))
                .password(Some("Str0ng!Passw0rd".to_owned())),
        )
        .send()
        .await?
        .into_inner();
    println!(
        "Created user {}: {} <{}>",
        user.id.unwrap_or_default(),
        user.name.as_deref().unwrap_or("?"),
        user.email.as_deref().unwrap_or("?"),
    );

    list_agent_bots(&client).await
}

/// The mock's answers, shaped as Chatwoot's platform API views render them.
async fn mock_chatwoot(server: &MockServer) {
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/platform/api/v1/accounts")
                .header_exists("api-access-token");
            then.status(200).json_body(json!({
                "id": 11,
                "name": "Globex Support",
                "locale": "en",
                "domain": null,
                "support_email": null,
                "enabled_features": { "help_center": true, "inbound_emails": true },
                "custom_attributes": {},
                "limits": {},
                "status": "active"
            }));
        })
        .await;

    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/platform/api/v1/users")
                .header_exists("api-access-token");
            then.status(200).json_body(json!({
                "access_token": "c8Yh2TqZ9mLwR4vN6bK1xP3s",
                "account_id": null,
                "available_name": "Priya Natarajan",
                "avatar_url": "",
                "confirmed": true,
                "display_name": null,
                "message_signature": null,
                "email": "priya@globex.test",
                "phone_number": null,
                "id": 31,
                "name": "Priya Natarajan",
                "provider": "email",
                "pubsub_token": "Vm9SLk5wQ3RkZjJ4",
                "custom_attributes": {},
                "role": null,
                "ui_settings": {},
                "uid": "priya@globex.test",
                "accounts": []
            }));
        })
        .await;

    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/agent_bots")
                .header_exists("api-access-token");
            then.status(200).json_body(json!([
                {
                    "id": 6,
                    "name": "Order Status Bot",
                    "description": "Answers where-is-my-order questions",
                    "thumbnail": "",
                    "outgoing_url": "https://bots.globex.test/orders",
                    "bot_type": "webhook",
                    "bot_config": {},
                    "account_id": 11,
                    "access_token": "Qe7Lm2Xv9Rk4Tn6Wb1Zc3Yd"
                },
                {
                    "id": 7,
                    "name": "Triage Bot",
                    "description": "Routes new conversations to the right team",
                    "thumbnail": "",
                    "outgoing_url": "https://bots.globex.test/triage",
                    "bot_type": "webhook",
                    "bot_config": {},
                    "account_id": 11,
                    "access_token": "Hs4Pz8Kd2Wq6Nv1Rt9Bx5Lm"
                }
            ]));
        })
        .await;
}
