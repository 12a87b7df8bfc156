//! The three ways of authenticating, against httpmock: an Application API
//! client that knows it holds an agent bot's token, a Client API contact
//! session persisted and resumed, and a Platform API app's refusals.

use chatwoot::application::{self, ApiToken, TokenKind};
use chatwoot::client::{self, ContactSession, ContactSessionState, types as public};
use chatwoot::platform;
use chatwoot::runtime::Error;
use chatwoot_tests::{TOKEN, no_query, query_is};
use httpmock::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The API inbox's identifier.
const INBOX: &str = "Xp8vRk2mQf7tLw3n";
/// The contact identifier (`source_id`) the server hands out.
const CONTACT: &str = "b7f1c2d4-5e6a-4b8c-9d0e-1f2a3b4c5d6e";
/// Where every contact-scoped path starts.
const CONTACT_PATH: &str =
    "/public/api/v1/inboxes/Xp8vRk2mQf7tLw3n/contacts/b7f1c2d4-5e6a-4b8c-9d0e-1f2a3b4c5d6e";
/// The contact's websocket token.
const PUBSUB: &str = "pSb8Yt3kLm9Qw2Zx";
/// An inbox HMAC token and a contact identifier, with the hash of the one
/// keyed with the other, computed independently when this test was written:
/// `printf '%s' customer-4711 | openssl dgst -sha256 -hmac uL9xF2kQw7BvNd3sHt6Rz1Pa`
/// (and the same with Python's `hmac.new(key, msg, hashlib.sha256).hexdigest()`).
const HMAC_TOKEN: &str = "uL9xF2kQw7BvNd3sHt6Rz1Pa";
const IDENTIFIER: &str = "customer-4711";
const IDENTIFIER_HASH: &str = "ffe2410a9d6876696129f93e4faa94a3827dbe4721b86c2cd0ebf134ea1375b5";

const BOT_REFUSAL: &str = "Access to this endpoint is not authorized for bots";

fn from_json<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("test value decodes")
}

fn contact_json() -> Value {
    json!({
        "id": 42,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone_number": "+441234567890",
        "source_id": CONTACT,
        "pubsub_token": PUBSUB
    })
}

fn conversation_json(id: i64) -> Value {
    json!({
        "id": id,
        "uuid": "0f4d6c1e-8a2b-4c3d-9e5f-6a7b8c9d0e1f",
        "inbox_id": 3,
        "status": "open",
        "contact_last_seen_at": 0,
        "agent_last_seen_at": 0,
        "messages": [],
        "contact": { "id": 42, "name": "Ada Lovelace" }
    })
}

fn message_json(id: i64, content: &str) -> Value {
    json!({
        "id": id,
        "content": content,
        "message_type": 0,
        "content_type": "text",
        "content_attributes": {},
        "created_at": 1_710_150_942,
        "conversation_id": 12,
        "attachments": [],
        "sender": { "id": 42, "name": "Ada Lovelace", "type": "contact" }
    })
}

// ---------------------------------------------------------------- Client API

#[test]
fn identifier_hash_matches_a_vector_computed_with_openssl() {
    assert_eq!(
        client::identifier_hash(HMAC_TOKEN, IDENTIFIER),
        IDENTIFIER_HASH
    );
    assert_eq!(
        client::identifier_hash(HMAC_TOKEN.as_bytes(), IDENTIFIER.as_bytes()),
        IDENTIFIER_HASH
    );
}

#[cfg(all(
    chatwoot_operation = "client::create_conversation",
    chatwoot_operation = "client::create_message",
    chatwoot_operation = "client::list_conversations",
    chatwoot_operation = "client::list_messages"
))]
#[tokio::test]
async fn a_contact_session_survives_serialization_and_keeps_its_identifiers() {
    let server = MockServer::start_async().await;
    let client = chatwoot_tests::client_client(&server);

    let create_contact = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/public/api/v1/inboxes/{INBOX}/contacts"))
                .header_missing("api-access-token")
                .json_body(json!({ "name": "Ada Lovelace", "email": "ada@example.com" }));
            then.status(200).json_body(contact_json());
        })
        .await;
    let create_conversation = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{CONTACT_PATH}/conversations"))
                .json_body(json!({ "custom_attributes": { "order": "A-1001" } }));
            then.status(200).json_body(conversation_json(12));
        })
        .await;
    let list_conversations = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{CONTACT_PATH}/conversations"))
                .is_true(no_query());
            then.status(200).json_body(json!([conversation_json(12)]));
        })
        .await;
    let create_message = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{CONTACT_PATH}/conversations/12/messages"))
                .json_body_includes(r#"{ "content": "Where is my order?" }"#);
            then.status(200)
                .json_body(message_json(301, "Where is my order?"));
        })
        .await;
    let list_messages = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{CONTACT_PATH}/conversations/12/messages"));
            then.status(200)
                .json_body(json!([message_json(301, "Where is my order?")]));
        })
        .await;

    let session = ContactSession::create(
        &client,
        INBOX,
        public::PublicContactCreateUpdatePayload::builder()
            .name("Ada Lovelace".to_owned())
            .email("ada@example.com".to_owned()),
    )
    .await
    .expect("contact created");
    assert_eq!(session.inbox_identifier(), INBOX);
    assert_eq!(session.contact_identifier(), CONTACT);
    assert_eq!(session.pubsub_token(), Some(PUBSUB));

    let mut attributes = serde_json::Map::new();
    attributes.insert("order".into(), json!("A-1001"));
    let conversation = session
        .create_conversation(
            public::PublicConversationCreatePayload::builder().custom_attributes(attributes),
        )
        .await
        .expect("conversation created")
        .into_inner();
    assert_eq!(conversation.id, Some(12));
    let message = session
        .create_message(
            12,
            public::PublicMessageCreatePayload::builder().content("Where is my order?".to_owned()),
        )
        .await
        .expect("message created")
        .into_inner();
    assert_eq!(message.id, Some(301));

    // Persist: only the identifiers, never the client.
    let saved = serde_json::to_string(&session).expect("serializes");
    let as_value: Value = serde_json::from_str(&saved).expect("JSON");
    assert_eq!(
        as_value,
        json!({
            "inbox_identifier": INBOX,
            "contact_identifier": CONTACT,
            "pubsub_token": PUBSUB
        })
    );
    drop(session);

    // A later run: deserialize, resume, carry on with the same identifiers.
    let state: ContactSessionState = serde_json::from_str(&saved).expect("deserializes");
    let resumed = ContactSession::resume(&client, state);
    assert_eq!(resumed.contact_identifier(), CONTACT);
    assert_eq!(resumed.pubsub_token(), Some(PUBSUB));
    let conversations = resumed
        .list_conversations()
        .await
        .expect("conversations listed")
        .into_inner();
    assert_eq!(conversations.len(), 1);
    let messages = resumed
        .list_messages(12)
        .await
        .expect("messages listed")
        .into_inner();
    assert_eq!(messages[0].content.as_deref(), Some("Where is my order?"));
    resumed
        .create_message(
            12,
            public::PublicMessageCreatePayload::builder().content("Where is my order?".to_owned()),
        )
        .await
        .expect("message created after resuming");
    // A session serialized again reads the same.
    assert_eq!(serde_json::to_string(&resumed).expect("serializes"), saved);

    create_contact.assert_calls_async(1).await;
    create_conversation.assert_calls_async(1).await;
    list_conversations.assert_calls_async(1).await;
    create_message.assert_calls_async(2).await;
    list_messages.assert_calls_async(1).await;
}

#[cfg(chatwoot_operation = "client::update_conversation_last_seen")]
#[tokio::test]
async fn a_session_resumed_from_a_cached_identifier_fetches_its_pubsub_token() {
    let server = MockServer::start_async().await;
    let client = chatwoot_tests::client_client(&server);
    let show = server
        .mock_async(|when, then| {
            when.method(GET).path(CONTACT_PATH).is_true(no_query());
            then.status(200).json_body(contact_json());
        })
        .await;
    let update_conversation_last_seen = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{CONTACT_PATH}/conversations/12/update_last_seen"));
            then.status(200);
        })
        .await;

    let mut session = ContactSession::resume(&client, ContactSessionState::new(INBOX, CONTACT));
    assert_eq!(session.pubsub_token(), None);
    let contact = session.refresh().await.expect("contact fetched");
    assert_eq!(contact.id, Some(42));
    assert_eq!(session.pubsub_token(), Some(PUBSUB));
    session
        .update_conversation_last_seen(12)
        .await
        .expect("seen");

    show.assert_async().await;
    update_conversation_last_seen.assert_async().await;
}

#[cfg(chatwoot_operation = "client::update_contact")]
#[tokio::test]
async fn a_verified_session_sends_identifier_and_hash_where_the_server_checks_them() {
    let server = MockServer::start_async().await;
    let client = chatwoot_tests::client_client(&server);
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/public/api/v1/inboxes/{INBOX}/contacts"))
                .json_body(json!({
                    "identifier": IDENTIFIER,
                    "identifier_hash": IDENTIFIER_HASH,
                    "name": "Ada Lovelace"
                }));
            then.status(200).json_body(contact_json());
        })
        .await;
    let show = server
        .mock_async(|when, then| {
            when.method(GET).path(CONTACT_PATH).is_true(query_is(&[
                ("identifier", IDENTIFIER),
                ("identifier_hash", IDENTIFIER_HASH),
            ]));
            then.status(200).json_body(contact_json());
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH).path(CONTACT_PATH).json_body(json!({
                "identifier": IDENTIFIER,
                "identifier_hash": IDENTIFIER_HASH,
                "email": "ada@analytical.engine"
            }));
            then.status(200)
                .json_body(json!({ "id": 42, "email": "ada@analytical.engine" }));
        })
        .await;

    let session = ContactSession::create(
        &client,
        INBOX,
        public::PublicContactCreateUpdatePayload::builder()
            .name("Ada Lovelace".to_owned())
            .identifier(IDENTIFIER.to_owned())
            .identifier_hash(client::identifier_hash(HMAC_TOKEN, IDENTIFIER)),
    )
    .await
    .expect("verified contact created");
    assert_eq!(session.state().identifier.as_deref(), Some(IDENTIFIER));
    let debug = format!("{session:?}");
    assert!(!debug.contains(IDENTIFIER_HASH), "{debug}");
    assert!(!debug.contains(PUBSUB), "{debug}");

    // The identity survives persistence.
    let saved = serde_json::to_string(&session).expect("serializes");
    drop(session);
    let session = ContactSession::resume(&client, serde_json::from_str(&saved).expect("state"));
    session
        .contact()
        .await
        .expect("contact read with its identity");
    let updated = session
        .update_contact(
            public::PublicContactCreateUpdatePayload::builder()
                .email("ada@analytical.engine".to_owned()),
        )
        .await
        .expect("contact updated")
        .into_inner();
    assert_eq!(updated.email.as_deref(), Some("ada@analytical.engine"));

    create.assert_async().await;
    show.assert_async().await;
    update.assert_async().await;
}

#[tokio::test]
async fn an_identifier_hash_the_inbox_rejects_is_recognised() {
    let server = MockServer::start_async().await;
    let client = chatwoot_tests::client_client(&server);
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/public/api/v1/inboxes/{INBOX}/contacts"));
            then.status(401)
                .json_body(json!({ "error": "HMAC failed: Invalid Identifier Hash Provided" }));
        })
        .await;
    let error = ContactSession::create(
        &client,
        INBOX,
        public::PublicContactCreateUpdatePayload::builder()
            .identifier(IDENTIFIER.to_owned())
            .identifier_hash("0".repeat(64)),
    )
    .await
    .expect_err("rejected");
    assert!(
        matches!(&error, Error::Status { status, .. } if status.as_u16() == 401),
        "{error:?}"
    );
    assert!(
        chatwoot::client::is_identifier_hash_rejected(&error),
        "{error:?}"
    );

    // A production server's bare 500 says nothing: it stays a status.
    let bare = MockServer::start_async().await;
    bare.mock_async(|when, then| {
        when.method(GET).path(CONTACT_PATH);
        then.status(500)
            .json_body(json!({ "status": 500, "error": "Internal Server Error" }));
    })
    .await;
    let session = ContactSession::resume(
        &chatwoot::client::Client::builder(bare.base_url())
            .retry_policy(chatwoot::client::RetryPolicy::none())
            .build()
            .expect("client"),
        ContactSessionState::new(INBOX, CONTACT),
    );
    let error = session.contact().await.expect_err("500");
    assert!(
        matches!(&error, Error::Status { status, .. } if status.as_u16() == 500),
        "{error:?}"
    );
    assert!(
        !chatwoot::client::is_identifier_hash_rejected(&error),
        "{error:?}"
    );
}

// ----------------------------------------------------------- Application API

fn bot_client(server: &MockServer) -> application::Client {
    application::Client::with_token(server.base_url(), ApiToken::agent_bot(TOKEN))
        .expect("client builds")
}

#[cfg(chatwoot_operation = "application::list_inboxes")]
#[tokio::test]
async fn a_bot_token_on_an_endpoint_closed_to_bots_is_not_allowed_for_agent_bot() {
    let server = MockServer::start_async().await;
    let inboxes = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/1/inboxes")
                .header("api-access-token", TOKEN);
            then.status(401).json_body(json!({ "error": BOT_REFUSAL }));
        })
        .await;

    let error = bot_client(&server)
        .list_inboxes()
        .account_id(1)
        .send()
        .await
        .expect_err("refused");
    match &error {
        Error::NotAllowedForAgentBot {
            operation,
            method,
            path,
            body,
        } => {
            assert_eq!(*operation, "list_inboxes");
            assert_eq!(method.as_str(), "GET");
            assert_eq!(*path, "/api/v1/accounts/{account_id}/inboxes");
            assert_eq!(body.message().as_deref(), Some(BOT_REFUSAL));
        }
        other => panic!("expected NotAllowedForAgentBot, got {other:?}"),
    }
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let message = error.to_string();
    assert!(message.contains("`list_inboxes`"), "{message}");
    assert!(
        message.contains("not open to agent bot tokens"),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");
    assert!(!message.contains(TOKEN), "{message}");
    assert!(!format!("{error:?}").contains(TOKEN));
    inboxes.assert_async().await;
}

#[cfg(chatwoot_operation = "application::list_contacts")]
#[tokio::test]
async fn the_builder_can_say_the_token_is_a_bots_whatever_the_server_says() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/accounts/1/contacts");
            // A proxy's or an older server's 401, with no message to go by.
            then.status(401).body("Unauthorized");
        })
        .await;
    let client = application::Client::builder(server.base_url())
        .token(TOKEN)
        .token_kind(TokenKind::AgentBot)
        .build()
        .expect("client builds");
    assert_eq!(client.context().token_kind(), TokenKind::AgentBot);
    let error = client
        .list_contacts()
        .account_id(1)
        .send()
        .await
        .expect_err("refused");
    assert!(
        matches!(
            error,
            Error::NotAllowedForAgentBot {
                operation: "list_contacts",
                ..
            }
        ),
        "{error:?}"
    );
}

#[cfg(all(
    chatwoot_operation = "application::assign_conversation",
    chatwoot_operation = "application::create_conversation",
    chatwoot_operation = "application::create_message",
    chatwoot_operation = "application::toggle_conversation_priority",
    chatwoot_operation = "application::toggle_conversation_status",
    chatwoot_operation = "application::toggle_conversation_typing",
    chatwoot_operation = "application::update_conversation",
    chatwoot_operation = "application::update_conversation_custom_attributes"
))]
#[tokio::test]
async fn a_401_on_an_endpoint_open_to_bots_stays_a_status() {
    let server = MockServer::start_async().await;
    // Every request: a 401 that is not about bots (the bot is not in the account).
    let any = server
        .mock_async(|_when, then| {
            then.status(401)
                .json_body(json!({ "error": "You are not authorized to do this action" }));
        })
        .await;
    let bot = bot_client(&server);

    let results: Vec<(&str, Result<(), Error>)> = vec![
        (
            "create_conversation",
            bot.create_conversation()
                .account_id(1)
                .body(from_json::<application::types::ConversationCreatePayload>(
                    json!({ "source_id": "s-1", "inbox_id": 3 }),
                ))
                .send()
                .await
                .map(drop),
        ),
        (
            "update_conversation",
            bot.update_conversation()
                .account_id(1)
                .conversation_id(12)
                .body(from_json::<application::types::UpdateConversationBody>(
                    json!({ "priority": "high" }),
                ))
                .send()
                .await
                .map(drop),
        ),
        (
            "toggle_conversation_status",
            bot.toggle_conversation_status()
                .account_id(1)
                .conversation_id(12)
                .body(
                    from_json::<application::types::ToggleConversationStatusBody>(
                        json!({ "status": "resolved" }),
                    ),
                )
                .send()
                .await
                .map(drop),
        ),
        (
            "toggle_conversation_priority",
            bot.toggle_conversation_priority()
                .account_id(1)
                .conversation_id(12)
                .body(from_json::<
                    application::types::ToggleConversationPriorityBody,
                >(json!({ "priority": "urgent" })))
                .send()
                .await
                .map(drop),
        ),
        (
            "toggle_conversation_typing",
            bot.toggle_conversation_typing()
                .account_id(1)
                .conversation_id(12)
                .body(
                    from_json::<application::types::ToggleConversationTypingBody>(
                        json!({ "typing_status": "on" }),
                    ),
                )
                .send()
                .await
                .map(drop),
        ),
        (
            "update_conversation_custom_attributes",
            bot.update_conversation_custom_attributes()
                .account_id(1)
                .conversation_id(12)
                .body(from_json::<
                    application::types::UpdateConversationCustomAttributesBody,
                >(
                    json!({ "custom_attributes": { "order": "A-1001" } })
                ))
                .send()
                .await
                .map(drop),
        ),
        (
            "create_message",
            bot.create_message()
                .account_id(1)
                .conversation_id(12)
                .body(from_json::<
                    application::types::ConversationMessageCreatePayload,
                >(json!({ "content": "On its way" })))
                .send()
                .await
                .map(drop),
        ),
        (
            "assign_conversation",
            bot.assign_conversation()
                .account_id(1)
                .conversation_id(12)
                .body(from_json::<application::types::AssignConversationBody>(
                    json!({ "assignee_id": 5 }),
                ))
                .send()
                .await
                .map(drop),
        ),
    ];
    assert_eq!(results.len(), application::BOT_ACCESSIBLE_ENDPOINTS.len());
    for (operation, result) in results {
        assert!(
            application::BOT_ACCESSIBLE_ENDPOINTS
                .iter()
                .any(|e| e.operation == operation),
            "{operation} is in the table"
        );
        match result {
            Err(Error::Status { status, .. }) => assert_eq!(status.as_u16(), 401, "{operation}"),
            other => panic!("{operation}: expected a plain 401 status, got {other:?}"),
        }
    }
    any.assert_calls_async(8).await;
}

#[cfg(chatwoot_operation = "application::list_inboxes")]
#[tokio::test]
async fn a_401_with_a_user_token_stays_a_status() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/accounts/1/inboxes");
            then.status(401).json_body(json!({ "error": BOT_REFUSAL }));
        })
        .await;
    let user = application::Client::with_token(server.base_url(), ApiToken::user(TOKEN))
        .expect("client builds");
    let error = user
        .list_inboxes()
        .account_id(1)
        .send()
        .await
        .expect_err("401");
    assert!(
        matches!(error, Error::Status { status, .. } if status.as_u16() == 401),
        "{error:?}"
    );
}

#[cfg(chatwoot_operation = "application::list_inboxes")]
#[tokio::test]
async fn a_wrong_token_stays_a_status_whatever_its_kind() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/accounts/1/inboxes");
            then.status(401)
                .json_body(json!({ "error": "Invalid Access Token" }));
        })
        .await;
    for client in [
        bot_client(&server),
        chatwoot_tests::application_client(&server),
    ] {
        let error = client
            .list_inboxes()
            .account_id(1)
            .send()
            .await
            .expect_err("401");
        assert!(matches!(error, Error::Status { .. }), "{error:?}");
    }
}

#[cfg(chatwoot_operation = "application::list_agents")]
#[tokio::test]
async fn with_a_token_of_unknown_kind_the_servers_word_decides() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/accounts/1/agents");
            then.status(401).json_body(json!({ "error": BOT_REFUSAL }));
        })
        .await;
    let client = chatwoot_tests::application_client(&server);
    assert_eq!(client.context().token_kind(), TokenKind::Unknown);
    let error = client
        .list_agents()
        .account_id(1)
        .send()
        .await
        .expect_err("refused");
    assert!(
        matches!(error, Error::NotAllowedForAgentBot { .. }),
        "{error:?}"
    );
}

// -------------------------------------------------------------- Platform API

#[cfg(chatwoot_operation = "platform::get_account")]
#[tokio::test]
async fn a_non_permissible_resource_is_not_permitted_for_platform_app() {
    let server = MockServer::start_async().await;
    let account = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/platform/api/v1/accounts/99")
                .header("api-access-token", TOKEN);
            then.status(401)
                .json_body(json!({ "error": "Non permissible resource" }));
        })
        .await;
    let client = chatwoot_tests::platform_client(&server);
    let error = client
        .get_account()
        .account_id(99)
        .send()
        .await
        .expect_err("refused");
    assert!(
        matches!(
            &error,
            Error::NotPermittedForPlatformApp {
                operation: "get_account",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let message = error.to_string();
    assert!(message.contains("Non permissible resource"), "{message}");
    assert!(message.contains("created or was granted"), "{message}");
    assert!(message.contains("PlatformAppPermissible"), "{message}");
    assert!(message.contains("Rails console"), "{message}");
    assert!(!message.contains('\n'), "{message}");
    assert!(!message.contains(TOKEN), "{message}");
    account.assert_async().await;
}

#[cfg(chatwoot_operation = "platform::list_agent_bots")]
#[tokio::test]
async fn a_wrong_platform_token_stays_a_status() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/platform/api/v1/agent_bots");
            then.status(401)
                .json_body(json!({ "error": "Invalid access_token" }));
        })
        .await;
    let client: platform::Client = chatwoot_tests::platform_client(&server);
    let error = client.list_agent_bots().send().await.expect_err("401");
    assert!(
        matches!(error, Error::Status { status, .. } if status.as_u16() == 401),
        "{error:?}"
    );
}
