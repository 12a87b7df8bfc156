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
//! Out of the box it starts a local mock server (httpmock) and makes all four
//! calls against it. The mock is set up with the typed helpers of the `mock`
//! feature (`chatwoot::client::mock`), the way you would test your own code:
//! each checks the request (path parameters, JSON body) and answers with a
//! typed value.
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

use chatwoot::client::chrono::DateTime;
use chatwoot::client::mock::MockServerExt;
use chatwoot::client::{Client, ContactSession, ContactSessionState, types};
use httpmock::MockServer;

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
    mock_chatwoot(&server);
    println!(
        "No CHATWOOT_BASE_URL/CHATWOOT_INBOX_IDENTIFIER set: using a mock server at {}.",
        server.base_url()
    );
    let client = Client::with_base_url(server.base_url())?;

    let session = ContactSession::create(&client, MOCK_INBOX, maria()).await?;
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
        .create_message(conversation_id, question())
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

/// The contact the quickstart creates, and the mock expects.
fn maria() -> types::PublicContactCreateUpdatePayload {
    types::PublicContactCreateUpdatePayload {
        name: Some("Maria Silva".to_owned()),
        email: Some("maria@example.com".to_owned()),
        ..Default::default()
    }
}

/// The message the quickstart sends, and the mock expects.
fn question() -> types::PublicMessageCreatePayload {
    types::PublicMessageCreatePayload {
        content: Some("Is there an update on my refund?".to_owned()),
        echo_id: None,
    }
}

/// The mock's answers, one typed mock per operation: `when` says which
/// request it answers, `then` what it answers.
fn mock_chatwoot(server: &MockServer) {
    server.create_contact(|when, then| {
        when.inbox_identifier(MOCK_INBOX).body(maria());
        then.ok(&types::PublicContact {
            id: Some(42),
            source_id: Some(MOCK_CONTACT.to_owned()),
            name: Some("Maria Silva".to_owned()),
            email: Some("maria@example.com".to_owned()),
            phone_number: None,
            pubsub_token: Some("jZ3c5v8Qk1mN4pR7sT0wX2yA".to_owned()),
        });
    });

    server.create_conversation(|when, then| {
        when.inbox_identifier(MOCK_INBOX)
            .contact_identifier(MOCK_CONTACT)
            .body(types::PublicConversationCreatePayload::default());
        then.ok(&types::PublicConversation {
            id: Some(12),
            uuid: Some("9a4b2c1d-3e5f-4a6b-8c7d-0e1f2a3b4c5d".to_owned()),
            inbox_id: Some(3),
            status: Some(types::ConversationStatus::Open),
            contact_last_seen_at: Some(DateTime::UNIX_EPOCH),
            agent_last_seen_at: Some(DateTime::UNIX_EPOCH),
            ..Default::default()
        });
    });

    let maria_sender = types::PublicMessageSender {
        id: Some(42),
        name: Some("Maria Silva".to_owned()),
        email: Some("maria@example.com".to_owned()),
        type_: Some(types::PublicMessageSenderType::Contact),
        ..Default::default()
    };
    let agent_sender = types::PublicMessageSender {
        id: Some(18),
        name: Some("John Doe".to_owned()),
        available_name: Some("John".to_owned()),
        availability_status: Some("online".to_owned()),
        type_: Some(types::PublicMessageSenderType::User),
        ..Default::default()
    };
    let message =
        |id: i64, content: &str, message_type: i64, sender: &types::PublicMessageSender| {
            types::PublicMessage {
                id: Some(id),
                content: Some(content.to_owned()),
                message_type: Some(message_type),
                content_type: Some("text".to_owned()),
                created_at: DateTime::from_timestamp(1_710_150_942 + id - 1292, 0),
                conversation_id: Some(12),
                sender: Some(sender.clone()),
                ..Default::default()
            }
        };

    server.create_message(|when, then| {
        when.inbox_identifier(MOCK_INBOX)
            .contact_identifier(MOCK_CONTACT)
            .conversation_id(12)
            .body(question());
        then.ok(&message(
            1292,
            "Is there an update on my refund?",
            0,
            &maria_sender,
        ));
    });

    server.list_messages(|when, then| {
        when.inbox_identifier(MOCK_INBOX)
            .contact_identifier(MOCK_CONTACT)
            .conversation_id(12);
        then.ok(&vec![
            message(1292, "Is there an update on my refund?", 0, &maria_sender),
            message(1293, "Yes, it was sent this morning.", 1, &agent_sender),
        ]);
    });
}
