//! Client API quickstart: talk to an API inbox as a contact, the way a
//! custom chat widget or a mobile app does, with a `ContactSession`: create
//! the contact, open a conversation, send a message and list the
//! conversation's messages.
//!
//! Run it with:
//!
//! ```sh
//! cargo run -p chatwoot --example client_quickstart
//! ```
//!
//! Out of the box it starts a local mock server (httpmock) that answers with
//! the JSON a Chatwoot server renders, and makes all four calls against it.
//!
//! Against a real server, set `CHATWOOT_BASE_URL` (for example
//! `https://app.chatwoot.com`) and `CHATWOOT_INBOX_IDENTIFIER` (the API
//! inbox's identifier, from its settings, "Configuration"); the Client API
//! needs no token. The example then only creates a contact named
//! "chatwoot-rs quickstart" in that inbox (what every visitor of a widget
//! does) and lists its conversations: it opens no conversation and sends no
//! message. With `CHATWOOT_CONTACT_IDENTIFIER` set too (a contact's
//! `source_id` in that inbox), it creates nothing and only reads that
//! contact and its conversations.

use std::error::Error;
use std::fmt;

use chatwoot::client::{Client, ContactSession, ContactSessionState, types};
use httpmock::prelude::*;
use serde_json::json;

/// The mock inbox's identifier.
const MOCK_INBOX: &str = "Xp8vRk2mQf7tLw3n";
/// The mock contact's identifier in that inbox (its `source_id`).
const MOCK_CONTACT: &str = "4c6e1f0a-9b2d-4e57-8a3c-2f1d0e9b8a76";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let base_url = std::env::var("CHATWOOT_BASE_URL").ok();
    let inbox = std::env::var("CHATWOOT_INBOX_IDENTIFIER").ok();
    let result = match (base_url, inbox) {
        (Some(base_url), Some(inbox)) => real(&base_url, &inbox).await,
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
        write!(f, "client_quickstart failed: {}", self.0)
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Error for Failed {}

/// Harmless calls against a real server: see the doc comment at the top.
async fn real(base_url: &str, inbox: &str) -> Result<(), Box<dyn Error>> {
    println!("Using the Chatwoot server at {base_url}, inbox {inbox}.");
    let client = Client::with_base_url(base_url)?;
    let session = match std::env::var("CHATWOOT_CONTACT_IDENTIFIER") {
        Ok(contact) => {
            let mut session =
                ContactSession::resume(&client, ContactSessionState::new(inbox, contact));
            let shown = session.refresh().await?;
            println!(
                "Resumed contact {} ({})",
                shown.name.as_deref().unwrap_or("?"),
                session.contact_identifier(),
            );
            session
        }
        Err(_) => {
            let session = ContactSession::create(
                &client,
                inbox,
                types::PublicContactCreateUpdatePayload::builder()
                    .name("chatwoot-rs quickstart".to_owned()),
            )
            .await?;
            println!(
                "Created contact \"chatwoot-rs quickstart\" ({})",
                session.contact_identifier()
            );
            session
        }
    };
    let conversations = session.list_conversations().await?.into_inner();
    println!("The contact has {} conversation(s):", conversations.len());
    for conversation in &conversations {
        println!(
            "  conversation {}: {}, {} message(s)",
            conversation.id.unwrap_or_default(),
            conversation
                .status
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            conversation.messages.len(),
        );
    }
    Ok(())
}

/// All four calls against a local mock server.
async fn mock() -> Result<(), Box<dyn Error>> {
    let server = MockServer::start_async().await;
    mock_chatwoot(&server).await;
    println!(
        "No CHATWOOT_BASE_URL/CHATWOOT_INBOX_IDENTIFIER set: using a mock server at {}.",
        server.base_url()
    );
    let client = Client::with_base_url(server.base_url())?;

    let session = ContactSession::create(
        &client,
        MOCK_INBOX,
        types::PublicContactCreateUpdatePayload::builder()
            .name("Maria Silva".to_owned())
            .email("maria@example.com".to_owned()),
    )
    .await?;
    println!(
        "Created contact Maria Silva in inbox {}: contact identifier {}",
        session.inbox_identifier(),
        session.contact_identifier(),
    );

    let conversation = session
        .create_conversation(types::PublicConversationCreatePayload::builder())
        .await?
        .into_inner();
    let conversation_id = conversation
        .id
        .ok_or("the created conversation has no id")?;
    println!(
        "Opened conversation {conversation_id} ({})",
        conversation
            .status
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );

    let message = session
        .create_message(
            conversation_id,
            types::PublicMessageCreatePayload::builder()
                .content("Is there an update on my refund?".to_owned()),
        )
        .await?
        .into_inner();
    println!(
        "Sent message {}: {:?}",
        message.id.unwrap_or_default(),
        message.content.as_deref().unwrap_or(""),
    );

    let messages = session.list_messages(conversation_id).await?.into_inner();
    println!(
        "Conversation {conversation_id} has {} message(s):",
        messages.len()
    );
    for message in &messages {
        let from = message
            .sender
            .as_ref()
            .and_then(|sender| sender.available_name.as_deref().or(sender.name.as_deref()))
            .unwrap_or("?");
        println!("  {from}: {}", message.content.as_deref().unwrap_or(""));
    }
    Ok(())
}

/// The mock's answers, shaped as Chatwoot's public API views render them.
async fn mock_chatwoot(server: &MockServer) {
    let contact_path = format!("/public/api/v1/inboxes/{MOCK_INBOX}/contacts/{MOCK_CONTACT}");
    let contact = json!({
        "id": 42,
        "name": "Maria Silva",
        "email": "maria@example.com",
        "phone_number": null,
        "account_id": 7,
        "created_at": "2024-03-11T09:50:00.000Z",
        "updated_at": "2024-03-11T09:55:42.318Z",
        "additional_attributes": {},
        "identifier": null,
        "custom_attributes": {},
        "last_activity_at": "2024-03-11T09:55:42.318Z",
        "contact_type": "lead",
        "middle_name": "",
        "last_name": "",
        "location": "",
        "country_code": "",
        "blocked": false,
        "company_id": null
    });
    let message = |id: i64, content: &str, message_type: i64, sender: serde_json::Value| {
        json!({
            "id": id,
            "content": content,
            "message_type": message_type,
            "content_type": "text",
            "content_attributes": {},
            "created_at": 1_710_150_942 + id - 1292,
            "conversation_id": 12,
            "sender": sender
        })
    };
    let maria = json!({
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
    });
    let agent = json!({
        "id": 18,
        "name": "John Doe",
        "available_name": "John",
        "avatar_url": "",
        "type": "user",
        "availability_status": "online",
        "thumbnail": ""
    });

    server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/public/api/v1/inboxes/{MOCK_INBOX}/contacts"));
            then.status(200).json_body(json!({
                "id": 42,
                "source_id": MOCK_CONTACT,
                "name": "Maria Silva",
                "email": "maria@example.com",
                "phone_number": null,
                "pubsub_token": "jZ3c5v8Qk1mN4pR7sT0wX2yA"
            }));
        })
        .await;

    server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{contact_path}/conversations"));
            then.status(200).json_body(json!({
                "id": 12,
                "uuid": "9a4b2c1d-3e5f-4a6b-8c7d-0e1f2a3b4c5d",
                "inbox_id": 3,
                "contact_last_seen_at": 0,
                "status": "open",
                "agent_last_seen_at": 0,
                "messages": [],
                "contact": contact
            }));
        })
        .await;

    server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{contact_path}/conversations/12/messages"));
            then.status(200).json_body(message(
                1292,
                "Is there an update on my refund?",
                0,
                maria.clone(),
            ));
        })
        .await;

    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{contact_path}/conversations/12/messages"));
            then.status(200).json_body(json!([
                message(1292, "Is there an update on my refund?", 0, maria.clone()),
                message(1293, "Yes, it was sent this morning.", 1, agent.clone()),
            ]));
        })
        .await;
}
