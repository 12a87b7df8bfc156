//! client API against httpmock.
//!
//! One test per tag of the Client (public) API: each checks the request the
//! SDK sends (method, path, query, no token header, JSON body) and the typed
//! decoding of a realistic response.

use chatwoot::client::{Error, types};
use chatwoot_tests::unix;
use chatwoot_tests::{assert_status, client_client, no_query, query_is};
use httpmock::prelude::*;
use serde_json::json;

/// The API inbox's public identifier.
const INBOX: &str = "Xp8vRk2mQf7tLw3n";
/// The contact's identifier in that inbox (its contact inbox `source_id`).
const CONTACT: &str = "4c6e1f0a-9b2d-4e57-8a3c-2f1d0e9b8a76";
/// Where every contact-scoped path starts.
const CONTACT_PATH: &str =
    "/public/api/v1/inboxes/Xp8vRk2mQf7tLw3n/contacts/4c6e1f0a-9b2d-4e57-8a3c-2f1d0e9b8a76";

/// The contact as `Contact#as_json` renders it inside a public conversation.
fn contact_record_json() -> serde_json::Value {
    json!({
        "id": 42,
        "name": "Maria Silva",
        "email": "maria@example.com",
        "phone_number": "+351912345678",
        "account_id": 7,
        "created_at": "2024-03-01T08:00:00.000Z",
        "updated_at": "2024-03-11T09:55:42.318Z",
        "additional_attributes": {},
        "identifier": "crm-1042",
        "custom_attributes": { "plan": "pro" },
        "last_activity_at": "2024-03-11T09:55:42.318Z",
        "contact_type": "lead",
        "middle_name": "",
        "last_name": "",
        "location": "",
        "country_code": "",
        "blocked": false,
        "company_id": null
    })
}

/// A message as `public/api/v1/models/_message` renders it.
fn message_json(id: i64, content: &str, message_type: i64) -> serde_json::Value {
    json!({
        "id": id,
        "content": content,
        "message_type": message_type,
        "content_type": "text",
        "content_attributes": {},
        "created_at": 1_710_150_942,
        "conversation_id": 12,
        "sender": {
            "additional_attributes": {},
            "custom_attributes": { "plan": "pro" },
            "email": "maria@example.com",
            "id": 42,
            "identifier": "crm-1042",
            "name": "Maria Silva",
            "phone_number": "+351912345678",
            "thumbnail": "",
            "blocked": false,
            "type": "contact"
        }
    })
}

/// A conversation as `public/api/v1/models/_conversation` renders it.
fn conversation_json(status: &str) -> serde_json::Value {
    json!({
        "id": 12,
        "uuid": "9a4b2c1d-3e5f-4a6b-8c7d-0e1f2a3b4c5d",
        "inbox_id": 3,
        "contact_last_seen_at": 1_710_150_942,
        "status": status,
        "agent_last_seen_at": 1_710_150_000,
        "messages": [message_json(1290, "Hi, I cannot log in to my account.", 0)],
        "contact": contact_record_json()
    })
}

#[cfg(all(
    chatwoot_operation = "client::create_contact",
    chatwoot_operation = "client::get_contact",
    chatwoot_operation = "client::update_contact"
))]
#[tokio::test]
async fn contacts_api_create_show_and_update() {
    let server = MockServer::start_async().await;
    let client = client_client(&server);

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/public/api/v1/inboxes/Xp8vRk2mQf7tLw3n/contacts")
                .header_missing("api-access-token")
                .is_true(no_query())
                .json_body(json!({
                    "identifier": "crm-1042",
                    "identifier_hash": "5f8c6a0d9e3b4c2a1f7e6d5c4b3a29180f1e2d3c4b5a69788796a5b4c3d2e1f0",
                    "name": "Maria Silva",
                    "email": "maria@example.com",
                    "phone_number": "+351912345678",
                    "custom_attributes": { "plan": "pro" }
                }));
            then.status(200).json_body(json!({
                "id": 42,
                "source_id": CONTACT,
                "name": "Maria Silva",
                "email": "maria@example.com",
                "phone_number": "+351912345678",
                "pubsub_token": "jZ3c5v8Qk1mN4pR7sT0wX2yA"
            }));
        })
        .await;

    let mut custom_attributes = serde_json::Map::new();
    custom_attributes.insert("plan".into(), json!("pro"));
    let contact = client
        .create_contact()
        .inbox_identifier(INBOX)
        .body(types::PublicContactCreateUpdatePayload {
            identifier: Some("crm-1042".into()),
            identifier_hash: Some(
                "5f8c6a0d9e3b4c2a1f7e6d5c4b3a29180f1e2d3c4b5a69788796a5b4c3d2e1f0".into(),
            ),
            name: Some("Maria Silva".into()),
            email: Some("maria@example.com".into()),
            phone_number: Some("+351912345678".into()),
            custom_attributes,
            avatar: None,
        })
        .send()
        .await
        .expect("create contact")
        .into_inner();
    create.assert_async().await;
    assert_eq!(contact.id, Some(42));
    assert_eq!(contact.source_id.as_deref(), Some(CONTACT));
    assert_eq!(contact.name.as_deref(), Some("Maria Silva"));
    assert_eq!(contact.email.as_deref(), Some("maria@example.com"));
    assert_eq!(
        contact.pubsub_token.as_deref(),
        Some("jZ3c5v8Qk1mN4pR7sT0wX2yA")
    );

    let show = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(CONTACT_PATH)
                .header_missing("api-access-token")
                .is_true(no_query());
            then.status(200).json_body(json!({
                "id": 42,
                "source_id": CONTACT,
                "name": "Maria Silva",
                "email": "maria@example.com",
                "phone_number": "+351912345678",
                "pubsub_token": "jZ3c5v8Qk1mN4pR7sT0wX2yA"
            }));
        })
        .await;

    let shown = client
        .get_contact()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .send()
        .await
        .expect("contact details")
        .into_inner();
    show.assert_async().await;
    assert_eq!(shown.id, Some(42));
    assert_eq!(shown.phone_number.as_deref(), Some("+351912345678"));

    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(CONTACT_PATH)
                .header_missing("api-access-token")
                .is_true(no_query())
                .json_body(json!({ "name": "Maria S. Silva", "email": "maria.silva@example.com" }));
            let mut record = contact_record_json();
            record["name"] = json!("Maria S. Silva");
            record["email"] = json!("maria.silva@example.com");
            then.status(200).json_body(record);
        })
        .await;

    let updated = client
        .update_contact()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .body(types::PublicContactCreateUpdatePayload {
            name: Some("Maria S. Silva".into()),
            email: Some("maria.silva@example.com".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect("update contact")
        .into_inner();
    update.assert_async().await;
    assert_eq!(updated.id, Some(42));
    assert_eq!(updated.account_id, Some(7));
    assert_eq!(updated.name.as_deref(), Some("Maria S. Silva"));
    assert_eq!(updated.email.as_deref(), Some("maria.silva@example.com"));
    assert_eq!(updated.contact_type.as_deref(), Some("lead"));
    assert_eq!(
        updated
            .created_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .as_deref(),
        Some("2024-03-01T08:00:00.000Z")
    );
    assert_eq!(
        updated
            .custom_attributes
            .as_ref()
            .and_then(|c| c.get("plan")),
        Some(&json!("pro"))
    );
}

#[cfg(all(
    chatwoot_operation = "client::create_conversation",
    chatwoot_operation = "client::list_conversations",
    chatwoot_operation = "client::toggle_conversation_status",
    chatwoot_operation = "client::toggle_conversation_typing",
    chatwoot_operation = "client::update_conversation_last_seen"
))]
#[tokio::test]
async fn conversations_api_create_list_resolve_typing_and_last_seen() {
    let server = MockServer::start_async().await;
    let client = client_client(&server);
    let conversations_path = format!("{CONTACT_PATH}/conversations");

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(conversations_path.as_str())
                .header_missing("api-access-token")
                .is_true(no_query())
                .json_body(json!({ "custom_attributes": { "order_number": "ORD-1042" } }));
            then.status(200).json_body(json!({
                "id": 12,
                "uuid": "9a4b2c1d-3e5f-4a6b-8c7d-0e1f2a3b4c5d",
                "inbox_id": 3,
                "contact_last_seen_at": 0,
                "status": "open",
                "agent_last_seen_at": 0,
                "messages": [],
                "contact": contact_record_json()
            }));
        })
        .await;

    let mut custom_attributes = serde_json::Map::new();
    custom_attributes.insert("order_number".into(), json!("ORD-1042"));
    let created = client
        .create_conversation()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .body(types::PublicConversationCreatePayload { custom_attributes })
        .send()
        .await
        .expect("create conversation")
        .into_inner();
    create.assert_async().await;
    assert_eq!(created.id, Some(12));
    assert_eq!(created.inbox_id, Some(3));
    assert_eq!(created.status, Some(types::ConversationStatus::Open));
    assert!(created.messages.is_empty());
    assert_eq!(
        created
            .contact
            .as_ref()
            .and_then(|c| c.identifier.as_deref()),
        Some("crm-1042")
    );

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(conversations_path.as_str())
                .header_missing("api-access-token")
                .is_true(no_query());
            then.status(200)
                .json_body(json!([conversation_json("open")]));
        })
        .await;

    let conversations = client
        .list_conversations()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .send()
        .await
        .expect("list conversations")
        .into_inner();
    list.assert_async().await;
    assert_eq!(conversations.len(), 1);
    let conversation = &conversations[0];
    assert_eq!(
        conversation.uuid.as_deref(),
        Some("9a4b2c1d-3e5f-4a6b-8c7d-0e1f2a3b4c5d")
    );
    assert_eq!(conversation.contact_last_seen_at, Some(unix(1_710_150_942)));
    assert_eq!(conversation.messages.len(), 1);
    assert_eq!(conversation.messages[0].message_type, Some(0));
    assert_eq!(
        conversation.messages[0]
            .sender
            .as_ref()
            .and_then(|s| s.type_.clone()),
        Some(types::PublicMessageSenderType::Contact)
    );

    let resolve = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{conversations_path}/12/toggle_status"))
                .header_missing("api-access-token")
                .is_true(no_query());
            then.status(200).json_body(conversation_json("resolved"));
        })
        .await;

    let resolved = client
        .toggle_conversation_status()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(12)
        .send()
        .await
        .expect("resolve conversation")
        .into_inner();
    resolve.assert_async().await;
    assert_eq!(resolved.id, Some(12));
    assert_eq!(resolved.status, Some(types::ConversationStatus::Resolved));

    let typing = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{conversations_path}/12/toggle_typing"))
                .header_missing("api-access-token")
                .is_true(query_is(&[("typing_status", "on")]))
                .json_body(json!({ "typing_status": "on" }));
            then.status(200);
        })
        .await;

    let typed = client
        .toggle_conversation_typing()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(12)
        .typing_status("on")
        .body(types::ToggleConversationTypingBody {
            typing_status: Some(types::TypingStatus::On),
        })
        .send()
        .await
        .expect("toggle typing");
    typing.assert_async().await;
    assert_eq!(typed.status().as_u16(), 200);

    let last_seen = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{conversations_path}/12/update_last_seen"))
                .header_missing("api-access-token")
                .is_true(no_query());
            then.status(200);
        })
        .await;

    let seen = client
        .update_conversation_last_seen()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(12)
        .send()
        .await
        .expect("update last seen");
    last_seen.assert_async().await;
    assert_eq!(seen.status().as_u16(), 200);
}

#[cfg(all(
    chatwoot_operation = "client::create_message",
    chatwoot_operation = "client::list_messages",
    chatwoot_operation = "client::update_message"
))]
#[tokio::test]
async fn messages_api_create_list_and_update() {
    let server = MockServer::start_async().await;
    let client = client_client(&server);
    let messages_path = format!("{CONTACT_PATH}/conversations/12/messages");

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(messages_path.as_str())
                .header_missing("api-access-token")
                .is_true(no_query())
                .json_body(json!({
                    "content": "Is there an update on my refund?",
                    "echo_id": "b7e0c2a4-5d1f-4e3a-9c8b-7a6f5e4d3c2b"
                }));
            let mut message = message_json(1292, "Is there an update on my refund?", 0);
            message["echo_id"] = json!("b7e0c2a4-5d1f-4e3a-9c8b-7a6f5e4d3c2b");
            then.status(200).json_body(message);
        })
        .await;

    let created = client
        .create_message()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(12)
        .body(types::PublicMessageCreatePayload {
            content: Some("Is there an update on my refund?".into()),
            echo_id: Some("b7e0c2a4-5d1f-4e3a-9c8b-7a6f5e4d3c2b".into()),
        })
        .send()
        .await
        .expect("create message")
        .into_inner();
    create.assert_async().await;
    assert_eq!(created.id, Some(1292));
    assert_eq!(
        created.content.as_deref(),
        Some("Is there an update on my refund?")
    );
    assert_eq!(created.message_type, Some(0));
    assert_eq!(created.conversation_id, Some(12));
    assert_eq!(created.content_type.as_deref(), Some("text"));
    let sender = created.sender.expect("sender");
    assert_eq!(sender.id, Some(42));
    assert_eq!(sender.type_, Some(types::PublicMessageSenderType::Contact));

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(messages_path.as_str())
                .header_missing("api-access-token")
                .is_true(no_query());
            let mut reply = message_json(1293, "Yes, it was sent this morning.", 1);
            reply["sender"] = json!({
                "id": 18,
                "name": "John Doe",
                "available_name": "John Doe",
                "avatar_url": "",
                "type": "user",
                "availability_status": "online",
                "thumbnail": ""
            });
            then.status(200).json_body(json!([
                message_json(1292, "Is there an update on my refund?", 0),
                reply
            ]));
        })
        .await;

    let messages = client
        .list_messages()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(12)
        .send()
        .await
        .expect("list messages")
        .into_inner();
    list.assert_async().await;
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].id, Some(1292));
    assert_eq!(messages[1].message_type, Some(1));
    let agent = messages[1].sender.as_ref().expect("sender");
    assert_eq!(agent.type_, Some(types::PublicMessageSenderType::User));
    assert_eq!(agent.available_name.as_deref(), Some("John Doe"));
    assert_eq!(agent.availability_status.as_deref(), Some("online"));

    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("{messages_path}/1294"))
                .header_missing("api-access-token")
                .is_true(no_query())
                .json_body(json!({
                    "submitted_values": {
                        "csat_survey_response": {
                            "rating": 5,
                            "feedback_message": "Quick and friendly, thanks!"
                        }
                    }
                }));
            then.status(200).json_body(json!({
                "id": 1294,
                "content": "Please rate the conversation",
                "message_type": 3,
                "content_type": "input_csat",
                "content_attributes": {
                    "submitted_values": {
                        "csat_survey_response": {
                            "rating": 5,
                            "feedback_message": "Quick and friendly, thanks!"
                        }
                    }
                },
                "created_at": 1_710_152_000,
                "conversation_id": 12
            }));
        })
        .await;

    let updated = client
        .update_message()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(12)
        .message_id(1294)
        .body(types::PublicMessageUpdatePayload {
            submitted_values: Some(types::PublicMessageUpdatePayloadSubmittedValues {
                csat_survey_response: Some(
                    types::PublicMessageUpdatePayloadSubmittedValuesCsatSurveyResponse {
                        rating: Some(5),
                        feedback_message: Some("Quick and friendly, thanks!".into()),
                    },
                ),
                ..Default::default()
            }),
        })
        .send()
        .await
        .expect("update message")
        .into_inner();
    update.assert_async().await;
    assert_eq!(updated.id, Some(1294));
    assert_eq!(updated.message_type, Some(3));
    assert_eq!(updated.content_type.as_deref(), Some("input_csat"));
    assert_eq!(
        updated
            .content_attributes
            .get("submitted_values")
            .and_then(|v| v.pointer("/csat_survey_response/rating")),
        Some(&json!(5))
    );
    assert_eq!(updated.sender, None);
}

#[cfg(all(
    chatwoot_operation = "client::create_contact",
    chatwoot_operation = "client::get_conversation"
))]
#[tokio::test]
async fn error_statuses_decode_error_body() {
    let server = MockServer::start_async().await;
    let client = client_client(&server);

    let not_found = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{CONTACT_PATH}/conversations/99"))
                .header_missing("api-access-token");
            then.status(404)
                .json_body(json!({ "error": "Resource could not be found" }));
        })
        .await;

    let error = client
        .get_conversation()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(99)
        .send()
        .await
        .expect_err("404 is an error");
    not_found.assert_async().await;
    assert_status(&error, 404, "Resource could not be found");

    let unauthorized = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/public/api/v1/inboxes/Xp8vRk2mQf7tLw3n/contacts")
                .header_missing("api-access-token")
                .json_body(json!({ "identifier": "crm-1042", "identifier_hash": "not-the-hmac" }));
            then.status(401).json_body(json!({
                "error": "HMAC failed: Invalid Identifier Hash Provided"
            }));
        })
        .await;

    let error = client
        .create_contact()
        .inbox_identifier(INBOX)
        .body(types::PublicContactCreateUpdatePayload {
            identifier: Some("crm-1042".into()),
            identifier_hash: Some("not-the-hmac".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect_err("401 is an error");
    unauthorized.assert_async().await;
    let Error::Status { status, body, .. } = &error else {
        panic!("expected Error::Status, got {error:?}");
    };
    assert_eq!(status.as_u16(), 401);
    assert_eq!(
        body.message().as_deref(),
        Some("HMAC failed: Invalid Identifier Hash Provided")
    );
    assert!(
        error
            .to_string()
            .contains("HMAC failed: Invalid Identifier Hash Provided"),
        "{error}"
    );
}
