//! Client API responses in the shapes the server's views render, decoded by the generated client.
//!
//! Each fixture in `fixtures/client/` is written from the view (or the model
//! rendered with `render json:`) at the pinned revision: every field the view
//! emits, nulls where a column allows them, keys left out where the view
//! leaves them out (a message without attachments or sender). The two
//! operations the server answers with `head :ok` get an empty 200.

use chatwoot::client::types::{
    self, ConversationStatus, PublicMessageAttachmentFileType, PublicMessageSenderType,
};
use chatwoot_tests::client_client;
use chatwoot_tests::unix;
use httpmock::prelude::*;
use serde_json::{Value, json};

const INBOX: &str = "xK3pVb8sQw2nLr6T";
const CONTACT: &str = "0b8f6c3e-5d1a-4e7b-9a2f-3c4d5e6f7a81";

/// The text of a fixture written from the server's view.
fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/client/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn contact_path() -> String {
    format!("/public/api/v1/inboxes/{INBOX}/contacts/{CONTACT}")
}

fn conversation_path(id: i64) -> String {
    format!("{}/conversations/{id}", contact_path())
}

/// Asserts the Contact model as `render json:` and `json.contact` emit it.
fn assert_contact_record(contact: &types::PublicContactRecord) {
    assert_eq!(contact.id, Some(5201));
    assert_eq!(contact.account_id, Some(7));
    assert_eq!(contact.name.as_deref(), Some("Marta Silva"));
    assert_eq!(contact.email.as_deref(), Some("marta.silva@example.org"));
    assert_eq!(contact.identifier.as_deref(), Some("cust-88213"));
    assert_eq!(contact.contact_type.as_deref(), Some("lead"));
    assert_eq!(contact.blocked, Some(false));
    assert_eq!(contact.company_id, None, "null company");
    assert_eq!(contact.middle_name.as_deref(), Some(""));
    assert_eq!(
        contact
            .created_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .as_deref(),
        Some("2026-02-27T09:14:05.118Z")
    );
    let additional = contact.additional_attributes.as_ref().expect("attributes");
    assert_eq!(additional["city"], "Lisbon");
    assert_eq!(
        contact.custom_attributes.as_ref().expect("custom")["plan"],
        "pro"
    );
    assert!(contact.label_list.is_empty(), "the model renders no labels");
}

#[cfg(chatwoot_operation = "client::create_contact")]
#[tokio::test]
async fn create_a_contact_returns_identifiers_and_contact() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/public/api/v1/inboxes/{INBOX}/contacts"))
                .json_body(json!({ "name": "Marta Silva" }));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("create_contact"));
        })
        .await;
    let contact = client_client(&server)
        .create_contact()
        .inbox_identifier(INBOX)
        .body(types::PublicContactCreateUpdatePayload::builder().name("Marta Silva".to_owned()))
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(contact.source_id.as_deref(), Some(CONTACT));
    assert_eq!(
        contact.pubsub_token.as_deref(),
        Some("Zr8pQm2VwX4nLk6TbY9sHc1D")
    );
    assert_eq!(contact.id, Some(5201));
    assert_eq!(contact.name.as_deref(), Some("Marta Silva"));
    assert_eq!(contact.email, None, "null email");
    assert_eq!(contact.phone_number, None, "null phone number");
}

#[cfg(chatwoot_operation = "client::get_contact")]
#[tokio::test]
async fn get_contact() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path(contact_path());
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("get_contact"));
        })
        .await;
    let contact = client_client(&server)
        .get_contact()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(contact.source_id.as_deref(), Some(CONTACT));
    assert_eq!(
        contact.pubsub_token.as_deref(),
        Some("Zr8pQm2VwX4nLk6TbY9sHc1D")
    );
    assert_eq!(contact.email.as_deref(), Some("marta.silva@example.org"));
    assert_eq!(contact.phone_number.as_deref(), Some("+351912345678"));
}

#[cfg(chatwoot_operation = "client::update_contact")]
#[tokio::test]
async fn update_a_contact_returns_the_contact_record() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(contact_path())
                .json_body(json!({ "email": "marta.silva@example.org" }));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("update_contact"));
        })
        .await;
    let contact = client_client(&server)
        .update_contact()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .body(
            types::PublicContactCreateUpdatePayload::builder()
                .email("marta.silva@example.org".to_owned()),
        )
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_contact_record(&contact);
    assert_eq!(
        contact
            .last_activity_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .as_deref(),
        Some("2026-03-18T17:42:51.880Z")
    );
}

#[cfg(chatwoot_operation = "client::create_conversation")]
#[tokio::test]
async fn create_a_conversation_starts_empty() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{}/conversations", contact_path()))
                .json_body(json!({ "custom_attributes": { "order": "NW-1182" } }));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("create_conversation"));
        })
        .await;
    let body: types::PublicConversationCreatePayload =
        serde_json::from_value(json!({ "custom_attributes": { "order": "NW-1182" } }))
            .expect("payload");
    let conversation = client_client(&server)
        .create_conversation()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .body(body)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(conversation.id, Some(121));
    assert_eq!(
        conversation.uuid.as_deref(),
        Some("6f1d2c3b-8a7e-4f60-b9d1-2e3f4a5b6c7d")
    );
    assert_eq!(conversation.status, Some(ConversationStatus::Open));
    assert_eq!(conversation.inbox_id, Some(4));
    // `to_i` of a nil timestamp: never seen is 0, not null.
    assert_eq!(conversation.contact_last_seen_at, Some(unix(0)));
    assert_eq!(conversation.agent_last_seen_at, Some(unix(0)));
    assert!(conversation.messages.is_empty());
    assert_contact_record(conversation.contact.as_ref().expect("contact"));
}

#[cfg(chatwoot_operation = "client::list_conversations")]
#[tokio::test]
async fn list_all_contact_conversations_with_their_messages() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{}/conversations", contact_path()));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("list_conversations"));
        })
        .await;
    let conversations = client_client(&server)
        .list_conversations()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(conversations.len(), 2);
    let open = &conversations[0];
    assert_eq!(open.id, Some(118));
    assert_eq!(open.contact_last_seen_at, Some(unix(1773853530)));
    assert_eq!(open.messages.len(), 3);
    let greeting = &open.messages[0];
    assert_eq!(greeting.message_type, Some(3));
    assert!(greeting.sender.is_none(), "a template has no sender key");
    assert!(greeting.attachments.is_empty(), "no attachments key");
    let incoming = &open.messages[1];
    assert_eq!(incoming.message_type, Some(0));
    assert_eq!(incoming.conversation_id, Some(118));
    assert_eq!(incoming.created_at, Some(unix(1773853371)));
    let sender = incoming.sender.as_ref().expect("contact sender");
    assert_eq!(sender.type_, Some(PublicMessageSenderType::Contact));
    assert_eq!(sender.identifier.as_deref(), Some("cust-88213"));
    assert_eq!(sender.thumbnail.as_deref(), Some(""));
    assert_eq!(sender.avatar_url, None, "contacts have no avatar_url");
    assert_eq!(sender.blocked, Some(false));
    let agent = open.messages[2].sender.as_ref().expect("user sender");
    assert_eq!(agent.type_, Some(PublicMessageSenderType::User));
    assert_eq!(agent.available_name.as_deref(), Some("Tomás"));
    assert_eq!(agent.availability_status.as_deref(), Some("online"));
    assert_eq!(conversations[1].status, Some(ConversationStatus::Resolved));
    assert!(conversations[1].messages.is_empty());
}

#[cfg(all(
    chatwoot_operation = "application::get_conversation",
    chatwoot_operation = "client::get_conversation"
))]
#[tokio::test]
async fn get_single_conversation_with_bot_and_captain_senders() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path(conversation_path(118));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("get_conversation"));
        })
        .await;
    let conversation = client_client(&server)
        .get_conversation()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(118)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(conversation.status, Some(ConversationStatus::Pending));
    let bot = conversation.messages[1].sender.as_ref().expect("bot");
    assert_eq!(bot.type_, Some(PublicMessageSenderType::AgentBot));
    assert_eq!(bot.name.as_deref(), Some("Returns Helper"));
    assert_eq!(bot.avatar_url.as_deref(), Some(""));
    let captain = conversation.messages[2].sender.as_ref().expect("captain");
    assert_eq!(
        captain.type_,
        Some(PublicMessageSenderType::CaptainAssistant)
    );
    assert_eq!(
        captain.description.as_deref(),
        Some("Answers order and shipping questions")
    );
    assert_eq!(
        captain
            .created_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .as_deref(),
        Some("2026-01-08T16:02:11.437Z")
    );
}

#[cfg(chatwoot_operation = "client::toggle_conversation_status")]
#[tokio::test]
async fn resolve_conversation_returns_it_resolved() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{}/toggle_status", conversation_path(118)));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("toggle_conversation_status"));
        })
        .await;
    let conversation = client_client(&server)
        .toggle_conversation_status()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(118)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(conversation.id, Some(118));
    assert_eq!(conversation.status, Some(ConversationStatus::Resolved));
    assert_eq!(conversation.messages.len(), 2);
    assert_eq!(conversation.agent_last_seen_at, Some(unix(1773853650)));
}

#[cfg(chatwoot_operation = "client::toggle_conversation_typing")]
#[tokio::test]
async fn toggle_typing_status_answers_an_empty_200() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{}/toggle_typing", conversation_path(118)))
                .query_param("typing_status", "on");
            then.status(200);
        })
        .await;
    let answer = client_client(&server)
        .toggle_conversation_typing()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(118)
        .typing_status("on")
        .body(
            serde_json::from_value::<types::ToggleConversationTypingBody>(
                json!({ "typing_status": "on" }),
            )
            .expect("payload"),
        )
        .send()
        .await
        .expect("an empty 200 is a success");
    mock.assert_async().await;
    assert_eq!(answer.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "client::update_conversation_last_seen")]
#[tokio::test]
async fn update_last_seen_answers_an_empty_200() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{}/update_last_seen", conversation_path(118)));
            then.status(200);
        })
        .await;
    let answer = client_client(&server)
        .update_conversation_last_seen()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(118)
        .send()
        .await
        .expect("an empty 200 is a success");
    mock.assert_async().await;
    assert_eq!(answer.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "client::create_message")]
#[tokio::test]
async fn create_a_message_without_attachments_key() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{}/messages", conversation_path(118)))
                .json_body(json!({ "content": "Thank you, I will wait for the carrier." }));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("create_message"));
        })
        .await;
    let body: types::PublicMessageCreatePayload =
        serde_json::from_value(json!({ "content": "Thank you, I will wait for the carrier." }))
            .expect("payload");
    let message = client_client(&server)
        .create_message()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(118)
        .body(body)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(message.id, Some(90420));
    assert_eq!(message.message_type, Some(0));
    assert_eq!(message.content_type.as_deref(), Some("text"));
    assert!(message.content_attributes.is_empty());
    assert!(message.attachments.is_empty());
    let sender = message.sender.expect("sender");
    assert_eq!(sender.id, Some(5201));
    assert_eq!(sender.type_, Some(PublicMessageSenderType::Contact));
}

#[cfg(chatwoot_operation = "client::list_messages")]
#[tokio::test]
async fn list_all_messages_with_attachments() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("{}/messages", conversation_path(118)));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("list_messages"));
        })
        .await;
    let messages = client_client(&server)
        .list_messages()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(118)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(messages.len(), 5);
    let ids: Vec<_> = messages.iter().map(|m| m.id.expect("id")).collect();
    assert_eq!(ids, [90401, 90412, 90415, 90416, 90418]);
    let photo = &messages[4];
    assert_eq!(photo.content, None, "attachment-only message");
    assert_eq!(photo.attachments.len(), 2);
    let image = &photo.attachments[0];
    assert_eq!(
        image.file_type,
        Some(PublicMessageAttachmentFileType::Image)
    );
    assert_eq!(image.message_id, Some(90418));
    assert_eq!(image.file_size, Some(284113));
    assert_eq!((image.width, image.height), (Some(1280), Some(960)));
    assert_eq!(image.extension, None);
    assert!(
        image
            .thumb_url
            .as_deref()
            .is_some_and(|u| u.ends_with("doorstep.jpg"))
    );
    let location = &photo.attachments[1];
    assert_eq!(
        location.file_type,
        Some(PublicMessageAttachmentFileType::Location)
    );
    assert_eq!(location.coordinates_lat, Some(38.7223));
    assert_eq!(location.coordinates_long, Some(-9.1393));
    assert_eq!(
        location.fallback_title.as_deref(),
        Some("Rua Augusta 120, Lisboa")
    );
    assert_eq!(location.data_url, None);
    assert_eq!(location.thumb_url, None, "locations carry no thumbnail key");
    assert_eq!(
        messages[3].sender.as_ref().and_then(|s| s.type_.clone()),
        Some(PublicMessageSenderType::AgentBot)
    );
}

#[cfg(chatwoot_operation = "client::update_message")]
#[tokio::test]
async fn update_a_message_with_a_csat_answer() {
    let server = MockServer::start_async().await;
    let request = json!({
        "submitted_values": {
            "csat_survey_response": { "rating": 5, "feedback_message": "Quick and friendly" }
        }
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("{}/messages/90430", conversation_path(118)))
                .json_body(request.clone());
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("update_message"));
        })
        .await;
    let body: types::PublicMessageUpdatePayload =
        serde_json::from_value(request.clone()).expect("payload");
    let message = client_client(&server)
        .update_message()
        .inbox_identifier(INBOX)
        .contact_identifier(CONTACT)
        .conversation_id(118)
        .message_id(90430)
        .body(body)
        .send()
        .await
        .expect("decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(message.id, Some(90430));
    assert_eq!(message.content_type.as_deref(), Some("input_csat"));
    assert_eq!(message.message_type, Some(3));
    assert!(message.sender.is_none(), "the survey has no sender key");
    let submitted: &Value = &message.content_attributes["submitted_values"];
    assert_eq!(submitted["csat_survey_response"]["rating"], 5);
}
