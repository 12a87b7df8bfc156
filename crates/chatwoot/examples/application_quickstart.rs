//! Application API quickstart: fetch your profile, list an account's inboxes
//! and conversations, and reply in a conversation.
//!
//! Run it with:
//!
//! ```sh
//! cargo run -p chatwoot --example application_quickstart
//! ```
//!
//! Out of the box it starts a local mock server (httpmock) that answers with
//! the JSON a Chatwoot server renders, and makes all four calls against it.
//!
//! Against a real server, set `CHATWOOT_BASE_URL` (for example
//! `https://app.chatwoot.com`), `CHATWOOT_API_TOKEN` (a user's access token,
//! from Profile settings) and `CHATWOOT_ACCOUNT_ID`. Against a real server
//! the example only reads (profile, inboxes, conversations): it sends no
//! message and changes nothing.

use std::error::Error;
use std::fmt;

use chatwoot::application::{Client, types};
use httpmock::prelude::*;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let result = match real_server() {
        Err(error) => Err(error),
        Ok(Some(RealServer {
            base_url,
            token,
            account_id,
        })) => {
            println!("Using the Chatwoot server at {base_url} (read-only calls).");
            match Client::with_token(base_url.as_str(), token.as_str()) {
                Ok(client) => read(&client, account_id).await.map(|_| ()),
                Err(error) => Err(error.into()),
            }
        }
        Ok(None) => mock().await,
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
        write!(f, "application_quickstart failed: {}", self.0)
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Error for Failed {}

/// Where a real server is, and who to be there.
struct RealServer {
    base_url: String,
    token: String,
    account_id: i64,
}

/// The real server's settings, when all three variables are set.
fn real_server() -> Result<Option<RealServer>, Box<dyn Error>> {
    let (Ok(base_url), Ok(token), Ok(account_id)) = (
        std::env::var("CHATWOOT_BASE_URL"),
        std::env::var("CHATWOOT_API_TOKEN"),
        std::env::var("CHATWOOT_ACCOUNT_ID"),
    ) else {
        return Ok(None);
    };
    let account_id = account_id
        .trim()
        .parse()
        .map_err(|_| format!("CHATWOOT_ACCOUNT_ID must be a number, not {account_id:?}"))?;
    Ok(Some(RealServer {
        base_url,
        token,
        account_id,
    }))
}

/// The three reads: profile, inboxes, conversations. Returns the id of the
/// first conversation listed, if any.
async fn read(client: &Client, account_id: i64) -> Result<Option<i64>, Box<dyn Error>> {
    let profile = client.fetch_profile().send().await?.into_inner();
    println!(
        "Signed in as {} <{}> (user {})",
        profile.name.as_deref().unwrap_or("?"),
        profile.email.as_deref().unwrap_or("?"),
        profile.id.unwrap_or_default(),
    );

    let inboxes = client
        .list_all_inboxes()
        .account_id(account_id)
        .send()
        .await?
        .into_inner();
    println!(
        "Account {account_id} has {} inbox(es):",
        inboxes.payload.len()
    );
    for inbox in &inboxes.payload {
        println!(
            "  inbox {}: {} ({})",
            inbox.id.unwrap_or_default(),
            inbox.name.as_deref().unwrap_or("?"),
            inbox.channel_type.as_deref().unwrap_or("?"),
        );
    }

    let conversations = client
        .conversation_list()
        .account_id(account_id)
        .status(types::ConversationListStatus::Open)
        .send()
        .await?
        .into_inner();
    let data = conversations.data.unwrap_or_default();
    println!("Open conversations: {}", data.payload.len());
    for conversation in data.payload.iter().take(5) {
        let contact = conversation
            .meta
            .as_ref()
            .and_then(|meta| meta.sender.as_ref())
            .and_then(|sender| sender.name.as_deref())
            .unwrap_or("?");
        let status = conversation
            .status
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        println!(
            "  conversation {} with {contact}, {status}, labels {:?}",
            conversation.id.unwrap_or_default(),
            conversation.labels,
        );
    }
    Ok(data.payload.first().and_then(|c| c.id))
}

/// Runs everything against a local mock server, including the reply.
async fn mock() -> Result<(), Box<dyn Error>> {
    let server = MockServer::start_async().await;
    mock_chatwoot(&server).await;
    println!(
        "No CHATWOOT_BASE_URL/CHATWOOT_API_TOKEN/CHATWOOT_ACCOUNT_ID set: using a mock server at {}.",
        server.base_url()
    );
    let client = Client::with_token(server.base_url(), "mock-user-token")?;

    let account_id = 7;
    let conversation_id = read(&client, account_id)
        .await?
        .ok_or("the mock server listed no conversation")?;

    let message = client
        .create_a_new_message_in_a_conversation()
        .account_id(account_id)
        .conversation_id(conversation_id)
        .body(types::ConversationMessageCreatePayload {
            content: "You can reset your password from the login page.".into(),
            message_type: Some(types::ConversationMessageCreatePayloadMessageType::Outgoing),
            private: Some(false),
            content_type: Some(types::ConversationMessageCreatePayloadContentType::Text),
            content_attributes: Default::default(),
            campaign_id: None,
            template_params: None,
        })
        .send()
        .await?
        .into_inner();
    println!(
        "Replied in conversation {conversation_id}: message {} {:?}",
        message.id.unwrap_or_default(),
        message.content.as_deref().unwrap_or(""),
    );
    Ok(())
}

/// The mock's answers, shaped as Chatwoot's views render them.
async fn mock_chatwoot(server: &MockServer) {
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/profile")
                .header_exists("api-access-token");
            then.status(200).json_body(json!({
                "access_token": "mock-user-token",
                "account_id": 7,
                "available_name": "John",
                "avatar_url": "",
                "confirmed": true,
                "display_name": "John",
                "message_signature": null,
                "email": "john@acme.test",
                "id": 18,
                "inviter_id": 1,
                "name": "John Doe",
                "provider": "email",
                "pubsub_token": "Zm9vYmFyYmF6cXV4",
                "role": "agent",
                "ui_settings": {},
                "uid": "john@acme.test",
                "type": "User",
                "accounts": [{
                    "id": 7,
                    "name": "Acme Support",
                    "status": "active",
                    "active_at": "2024-03-11T09:40:00.000Z",
                    "role": "agent",
                    "permissions": ["agent"],
                    "availability": "online",
                    "availability_status": "online",
                    "auto_offline": true
                }]
            }));
        })
        .await;

    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/inboxes")
                .header_exists("api-access-token");
            then.status(200).json_body(json!({
                "payload": [
                    {
                        "id": 3,
                        "avatar_url": "",
                        "channel_id": 2,
                        "name": "Website",
                        "channel_type": "Channel::WebWidget",
                        "greeting_enabled": true,
                        "greeting_message": "Hi there! How can we help?",
                        "working_hours_enabled": false,
                        "enable_email_collect": true,
                        "csat_survey_enabled": false,
                        "enable_auto_assignment": true,
                        "auto_assignment_config": {},
                        "out_of_office_message": null,
                        "working_hours": [],
                        "timezone": "Europe/Lisbon",
                        "callback_webhook_url": null,
                        "allow_messages_after_resolved": true,
                        "lock_to_single_conversation": false,
                        "sender_name_type": "friendly",
                        "business_name": null,
                        "widget_color": "#1f93ff",
                        "website_url": "https://acme.test",
                        "hmac_mandatory": false,
                        "welcome_title": "Hi there!",
                        "welcome_tagline": "We usually reply in a few minutes.",
                        "website_token": "x3kD8mZq1vB7nY2c",
                        "selected_feature_flags": ["attachments", "emoji_picker"],
                        "reply_time": "in_a_few_minutes",
                        "pre_chat_form_enabled": false,
                        "pre_chat_form_options": {},
                        "continuity_via_email": true,
                        "messaging_service_sid": null,
                        "phone_number": null,
                        "provider": null
                    },
                    {
                        "id": 4,
                        "avatar_url": "",
                        "channel_id": 1,
                        "name": "Support email",
                        "channel_type": "Channel::Email",
                        "greeting_enabled": false,
                        "greeting_message": null,
                        "working_hours_enabled": false,
                        "enable_email_collect": true,
                        "csat_survey_enabled": true,
                        "enable_auto_assignment": true,
                        "auto_assignment_config": {},
                        "out_of_office_message": null,
                        "working_hours": [],
                        "timezone": "UTC",
                        "callback_webhook_url": null,
                        "allow_messages_after_resolved": true,
                        "lock_to_single_conversation": false,
                        "sender_name_type": "friendly",
                        "business_name": "Acme",
                        "email": "help@acme.test",
                        "forward_to_email": "f1a2b3c4d5e6@acme.test",
                        "provider": null
                    }
                ]
            }));
        })
        .await;

    let message = json!({
        "id": 1290,
        "content": "Hi, I cannot log in to my account.",
        "account_id": 7,
        "inbox_id": 3,
        "conversation_id": 42,
        "message_type": 0,
        "created_at": 1_710_150_942,
        "updated_at": "2024-03-11T09:55:42.318Z",
        "private": false,
        "status": "sent",
        "source_id": null,
        "content_type": "text",
        "content_attributes": {},
        "sender_type": "Contact",
        "sender_id": 42,
        "external_source_ids": {},
        "additional_attributes": {},
        "processed_message_content": "Hi, I cannot log in to my account.",
        "sentiment": {},
        "conversation": {
            "assignee_id": 18,
            "unread_count": 1,
            "last_activity_at": 1_710_150_942,
            "contact_inbox": { "source_id": "6f2d6c0e-3f9b-4b8e-a1d2-7c9e8f1a2b3c" }
        },
        "sender": {
            "additional_attributes": {},
            "custom_attributes": {},
            "email": "maria@example.com",
            "id": 42,
            "identifier": null,
            "name": "Maria Silva",
            "phone_number": null,
            "thumbnail": "",
            "blocked": false,
            "type": "contact"
        }
    });
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/conversations")
                .header_exists("api-access-token");
            then.status(200).json_body(json!({
                "data": {
                    "meta": {
                        "mine_count": 1,
                        "assigned_count": 1,
                        "unassigned_count": 0,
                        "all_count": 1
                    },
                    "payload": [{
                        "meta": {
                            "sender": {
                                "additional_attributes": {},
                                "availability_status": "offline",
                                "email": "maria@example.com",
                                "id": 42,
                                "name": "Maria Silva",
                                "phone_number": "+351912345678",
                                "blocked": false,
                                "identifier": null,
                                "thumbnail": "",
                                "custom_attributes": {},
                                "last_activity_at": 1_710_150_942,
                                "created_at": 1_709_251_200
                            },
                            "channel": "Channel::WebWidget",
                            "assignee": {
                                "id": 18,
                                "account_id": 7,
                                "availability_status": "available",
                                "auto_offline": true,
                                "confirmed": true,
                                "email": "john@acme.test",
                                "available_name": "John",
                                "name": "John Doe",
                                "role": "agent",
                                "thumbnail": "",
                                "custom_role_id": null
                            },
                            "hmac_verified": false
                        },
                        "id": 42,
                        "messages": [message.clone()],
                        "account_id": 7,
                        "uuid": "2b1f6a53-7f59-4c7e-9d0a-61c38b0a5d8e",
                        "additional_attributes": {
                            "browser": { "browser_name": "Firefox", "platform_name": "Linux" },
                            "referer": "https://acme.test/pricing"
                        },
                        "agent_last_seen_at": 1_710_150_000,
                        "assignee_last_seen_at": 1_710_150_000,
                        "can_reply": true,
                        "contact_last_seen_at": 1_710_150_942,
                        "custom_attributes": {},
                        "inbox_id": 3,
                        "labels": ["billing", "vip"],
                        "muted": false,
                        "snoozed_until": null,
                        "status": "open",
                        "created_at": 1_710_149_000,
                        "timestamp": 1_710_150_942,
                        "first_reply_created_at": 1_710_149_500,
                        "unread_count": 1,
                        "last_non_activity_message": message,
                        "last_activity_at": 1_710_150_942,
                        "priority": null,
                        "waiting_since": 1_710_150_942,
                        "sla_policy_id": null
                    }]
                }
            }));
        })
        .await;

    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/conversations/42/messages")
                .header_exists("api-access-token");
            then.status(200).json_body(json!({
                "id": 1291,
                "content": "You can reset your password from the login page.",
                "inbox_id": 3,
                "conversation_id": 42,
                "message_type": 1,
                "content_type": "text",
                "status": "sent",
                "content_attributes": {},
                "created_at": 1_710_151_000,
                "private": false,
                "source_id": null,
                "sender": {
                    "id": 18,
                    "name": "John Doe",
                    "available_name": "John",
                    "avatar_url": "",
                    "type": "user",
                    "availability_status": "online",
                    "thumbnail": ""
                }
            }));
        })
        .await;
}
