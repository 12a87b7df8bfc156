//! Conversation and message responses in the shapes the server's views render, decoded by the generated client.
//!
//! Each fixture in `fixtures/application/` is written from the view that renders the operation's
//! answer (`app/views/api/v1/accounts/conversations/...`, the conversation partial, the message
//! partial, the models' `push_event_data`), with keys absent where the view omits them and nulls
//! where it allows them. Where upstream's spec disagreed with the view, a fixup in
//! `openapi/fixups/conversation-*.json` or `message-*.json` corrects it; the tests named
//! `upstream_shape_*` show what the uncorrected shape did with the same body.

use chatwoot_tests::unix;
use std::fmt::{Debug, Write as _};
use std::sync::{Arc, Mutex};

use chatwoot::application::{responses, types};
use chatwoot_tests::{TOKEN, application_client, no_query, query_is};
use httpmock::Method::{GET, PATCH, POST};
use httpmock::{Mock, MockServer};
use serde::de::DeserializeOwned;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

const ACCOUNT: i64 = 12;

/// The text of `fixtures/application/<operation id>.json`.
macro_rules! fixture {
    ($operation:literal) => {
        include_str!(concat!("fixtures/application/", $operation, ".json"))
    };
}

/// Serves `body` as JSON to the one request `method path` (with the test token and the query
/// pairs `query`), like the server would.
async fn serve<'a>(
    server: &'a MockServer,
    method: httpmock::Method,
    path: &str,
    query: &[(&str, &str)],
    body: &str,
) -> Mock<'a> {
    let query = if query.is_empty() {
        Box::new(no_query()) as Box<dyn Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync>
    } else {
        Box::new(query_is(query))
    };
    let body = body.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(method)
                .path(path)
                .header("api-access-token", TOKEN)
                .is_true(query);
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(body);
        })
        .await
}

#[cfg(chatwoot_operation = "application::list_conversations")]
#[tokio::test]
async fn conversation_list_decodes_assigned_snoozed_and_bot_conversations() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/12/conversations",
        &[("status", "all"), ("page", "1")],
        fixture!("list_conversations"),
    )
    .await;

    let list = application_client(&server)
        .list_conversations()
        .account_id(ACCOUNT)
        .status(types::ConversationStatusFilter::All)
        .page(1)
        .send()
        .await
        .expect("conversation list decodes")
        .into_inner();
    mock.assert_async().await;

    let data = list.data.expect("wrapped in data");
    let meta = data.meta.expect("counts");
    assert_eq!(
        (
            meta.mine_count,
            meta.assigned_count,
            meta.unassigned_count,
            meta.all_count
        ),
        (Some(7), Some(19), Some(4), Some(23))
    );
    assert_eq!(data.payload.len(), 3);

    // Assigned to an agent, in a team, with an incoming message that carries an image.
    let open = &data.payload[0];
    assert_eq!(open.id, Some(1042));
    assert_eq!(open.status, Some(types::ConversationStatus::Open));
    assert_eq!(open.priority, Some(types::ConversationPriority::High));
    assert_eq!(open.labels, ["billing", "refund"]);
    assert_eq!(open.unread_count, Some(1));
    assert_eq!(
        open.updated_at.map(|t| t.timestamp_millis()),
        Some(1_773_911_941_681)
    );
    assert_eq!(open.sla_policy_id, Some(2));
    assert_eq!(open.applied_sla.get("sla_name"), Some(&json!("Billing 1h")));
    assert_eq!(open.sla_events.len(), 1);
    let meta = open.meta.as_ref().expect("conversation meta");
    assert_eq!(
        meta.assignee_type,
        Some(types::ConversationMetaAssigneeType::User)
    );
    let assignee = meta.assignee.as_ref().expect("assigned to an agent");
    assert_eq!(assignee.id, Some(18));
    assert_eq!(assignee.name.as_deref(), Some("Ana Ribeiro"));
    assert_eq!(
        assignee.availability_status,
        Some(types::Availability::Online)
    );
    assert_eq!(assignee.role, Some(types::AgentRole::Agent));
    assert_eq!(
        assignee.custom_attributes.get("shift"),
        Some(&json!("morning"))
    );
    let team = meta.team.as_ref().expect("in a team");
    assert_eq!((team.id, team.name.as_deref()), (Some(3), Some("billing")));
    let sender = meta.sender.as_ref().expect("the contact");
    assert_eq!(sender.id, Some(301));
    assert_eq!(sender.email.as_deref(), Some("maria.souza@example.com"));
    assert_eq!(meta.channel.as_deref(), Some("Channel::WebWidget"));
    assert_eq!(meta.hmac_verified, Some(false));

    let message = &open.messages[0];
    assert_eq!(message.id, Some(9001));
    assert_eq!(message.message_type.as_deref(), Some(&0));
    assert_eq!(message.sender_type, Some(types::MessageSenderType::Contact));
    let sender = message.sender.as_ref().expect("sent by the contact");
    assert_eq!(sender.type_, Some(types::MessageSenderKind::Contact));
    assert_eq!(sender.phone_number.as_deref(), Some("+351912345678"));
    let attachment = &message.attachments[0];
    assert_eq!(
        attachment.file_type,
        Some(types::MessageAttachmentFileType::Image)
    );
    assert_eq!(
        (attachment.width, attachment.height, attachment.file_size),
        (Some(1280), Some(960), Some(48_213))
    );
    let summary = message.conversation.as_ref().expect("conversation summary");
    assert_eq!(summary.assignee_id, Some(18));
    assert_eq!(
        summary
            .contact_inbox
            .as_ref()
            .and_then(|c| c.source_id.as_deref()),
        Some("a1f0c3e2")
    );
    assert_eq!(
        open.last_non_activity_message
            .as_ref()
            .and_then(|m| m.content.as_deref()),
        Some("My refund for order ORD-5531 has not arrived yet.")
    );

    // Snoozed and unassigned: no assignee, assignee type or team keys, no messages at all.
    let snoozed = &data.payload[1];
    assert_eq!(snoozed.id, Some(1043));
    assert_eq!(snoozed.status, Some(types::ConversationStatus::Snoozed));
    assert_eq!(snoozed.priority, None);
    let meta = snoozed.meta.as_ref().expect("conversation meta");
    assert!(meta.assignee.is_none() && meta.assignee_type.is_none() && meta.team.is_none());
    assert_eq!(meta.hmac_verified, None);
    assert_eq!(
        meta.sender.as_ref().and_then(|s| s.identifier.as_deref()),
        Some("crm-88213")
    );
    assert!(snoozed.messages.is_empty());
    assert!(snoozed.last_non_activity_message.is_none());
    assert!(snoozed.applied_sla.is_empty());
    // The server renders `snoozed_until` as an ISO 8601 string where the spec says `number`
    // (fixup conversation-snoozed-until-is-a-time).
    assert_eq!(
        snoozed.snoozed_until.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-03-20T09:00:00+00:00")
    );

    // Pending, assigned to an agent bot whose outgoing message is the last one.
    let bot = &data.payload[2];
    assert_eq!(bot.status, Some(types::ConversationStatus::Pending));
    let meta = bot.meta.as_ref().expect("conversation meta");
    assert_eq!(
        meta.assignee_type,
        Some(types::ConversationMetaAssigneeType::AgentBot)
    );
    let assignee = meta.assignee.as_ref().expect("assigned to a bot");
    assert_eq!(
        assignee.bot_type,
        Some(types::ConversationAssigneeBotType::Webhook)
    );
    assert_eq!(
        assignee.outgoing_url.as_deref(),
        Some("https://bots.northwind.example/chatwoot/webhook")
    );
    assert_eq!(assignee.role, None);
    let message = &bot.messages[0];
    assert_eq!(message.message_type.as_deref(), Some(&1));
    assert_eq!(message.status, Some(types::MessageStatus::Delivered));
    let sender = message.sender.as_ref().expect("sent by the bot");
    assert_eq!(sender.type_, Some(types::MessageSenderKind::AgentBot));
    assert_eq!(sender.name.as_deref(), Some("Order Status Bot"));
    assert!(message.attachments.is_empty());
}

#[cfg(all(
    chatwoot_operation = "application::get_conversation",
    chatwoot_operation = "application::get_conversation_counts"
))]
#[tokio::test]
async fn conversation_list_meta_counts() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/12/conversations/meta",
        &[("status", "open")],
        fixture!("get_conversation_counts"),
    )
    .await;

    let counts = application_client(&server)
        .get_conversation_counts()
        .account_id(ACCOUNT)
        .status(types::ConversationStatusFilter::Open)
        .send()
        .await
        .expect("meta decodes")
        .into_inner();
    mock.assert_async().await;
    let meta = counts.meta.expect("meta");
    assert_eq!(meta.mine_count, Some(7));
    assert_eq!(meta.assigned_count, Some(19));
    assert_eq!(meta.unassigned_count, Some(4));
    assert_eq!(meta.all_count, Some(23));
}

#[cfg(chatwoot_operation = "application::get_conversation")]
#[tokio::test]
async fn conversation_details_render_the_conversation_partial() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/12/conversations/1042",
        &[],
        fixture!("get_conversation"),
    )
    .await;

    let shown = application_client(&server)
        .get_conversation()
        .account_id(ACCOUNT)
        .conversation_id(1042)
        .send()
        .await
        .expect("details decode")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(shown.id, Some(1042));
    assert_eq!(shown.status, Some(types::ConversationStatus::Open));
    assert_eq!(shown.priority, Some(types::ConversationPriority::High));
    assert_eq!(
        shown.uuid.as_deref(),
        Some("0c0a5b2e-5d7e-4f9c-9a43-7e2f6b1d8c01")
    );
    assert_eq!(shown.can_reply, Some(true));
    assert_eq!(shown.created_at, Some(unix(1_773_904_800)));
    assert_eq!(shown.first_reply_created_at, Some(unix(1_773_905_100)));
    assert_eq!(
        shown.custom_attributes.get("order_id"),
        Some(&json!("ORD-5531"))
    );
    assert_eq!(
        shown.additional_attributes["browser"]["browser_name"],
        json!("Firefox")
    );
    let meta = shown.meta.expect("meta");
    assert_eq!(
        meta.assignee_type,
        Some(types::ConversationMetaAssigneeType::User)
    );
    assert_eq!(
        meta.assignee.and_then(|a| a.email),
        Some("ana.ribeiro@northwind.example".to_owned())
    );
    assert_eq!(meta.team.and_then(|t| t.allow_auto_assign), Some(true));
    assert_eq!(
        shown.messages[0].attachments[0].data_url.as_deref(),
        Some(
            "https://chat.northwind-support.example/rails/active_storage/blobs/redirect/eyJfcmFpbHMiOnsiZGF0YSI6711/receipt.png"
        )
    );
}

#[cfg(chatwoot_operation = "application::create_conversation")]
#[tokio::test]
async fn new_conversation_answers_the_whole_conversation() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        POST,
        "/api/v1/accounts/12/conversations",
        &[],
        fixture!("create_conversation"),
    )
    .await;

    let created = application_client(&server)
        .create_conversation()
        .account_id(ACCOUNT)
        .body(
            types::ConversationCreatePayload::builder()
                .source_id("e2b7f4c1".to_owned())
                .inbox_id(4)
                .contact_id(303)
                .assignee_id(18)
                .message(types::ConversationCreatePayloadMessage {
                    content: "Hi Amara, following up on your return request RMA-2207.".into(),
                    template_params: None,
                }),
        )
        .send()
        .await
        .expect("created conversation decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(created.id, Some(1045));
    assert_eq!(created.inbox_id, Some(4));
    assert_eq!(created.status, Some(types::ConversationStatus::Open));
    assert_eq!(created.unread_count, Some(0));
    assert_eq!(created.agent_last_seen_at, Some(unix(0)));
    let meta = created.meta.expect("meta");
    assert_eq!(
        meta.sender.and_then(|s| s.name),
        Some("Amara Okafor".to_owned())
    );
    let first = &created.messages[0];
    assert_eq!(first.sender_type, Some(types::MessageSenderType::User));
    let sender = first.sender.as_ref().expect("sent by the agent");
    assert_eq!(sender.type_, Some(types::MessageSenderKind::User));
    assert_eq!(sender.available_name.as_deref(), Some("Ana"));
    assert_eq!(sender.availability_status.as_deref(), Some("online"));
}

#[cfg(chatwoot_operation = "application::update_conversation")]
#[tokio::test]
async fn update_conversation_answers_the_updated_conversation() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/12/conversations/1042")
                .header("api-access-token", TOKEN)
                .json_body(json!({ "priority": "urgent" }));
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(fixture!("update_conversation"));
        })
        .await;

    let updated = application_client(&server)
        .update_conversation()
        .account_id(ACCOUNT)
        .conversation_id(1042)
        .body(types::UpdateConversationBody::builder().priority(types::PriorityOrNone::Urgent))
        .send()
        .await
        .expect("updated conversation decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(updated.id, Some(1042));
    // The whole conversation partial (fixup conversation-update-renders-conversation).
    assert_eq!(updated.priority, Some(types::ConversationPriority::Urgent));
    assert_eq!(updated.status, Some(types::ConversationStatus::Open));
    assert_eq!(
        updated.updated_at.map(|t| t.timestamp_millis()),
        Some(1_773_912_031_077)
    );
    assert_eq!(updated.labels, ["billing", "refund"]);
}

#[cfg(chatwoot_operation = "application::filter_conversations")]
#[tokio::test]
async fn conversation_filter_is_not_wrapped_in_data() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/12/conversations/filter")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("page", "1")]));
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(fixture!("filter_conversations"));
        })
        .await;

    let filtered = application_client(&server)
        .filter_conversations()
        .account_id(ACCOUNT)
        .page(1)
        .body(types::FilterConversationsBody {
            payload: vec![types::FilterConversationsBodyPayloadItem {
                attribute_key: Some("labels".into()),
                filter_operator: Some(types::FilterOperator::EqualTo),
                values: vec!["refund".into()],
                query_operator: None,
            }],
        })
        .send()
        .await
        .expect("filter decodes")
        .into_inner();
    mock.assert_async().await;
    let meta = filtered.meta.expect("counts");
    assert_eq!(
        (meta.mine_count, meta.unassigned_count, meta.all_count),
        (Some(1), Some(1), Some(2))
    );
    assert_eq!(filtered.payload.len(), 2);
    assert_eq!(filtered.payload[0].id, Some(1042));
    assert_eq!(
        filtered.payload[1].status,
        Some(types::ConversationStatus::Snoozed)
    );
    assert_eq!(
        filtered.payload[0]
            .meta
            .as_ref()
            .and_then(|m| m.team.as_ref())
            .and_then(|t| t.name.as_deref()),
        Some("billing")
    );
}

#[cfg(chatwoot_operation = "application::toggle_conversation_status")]
#[tokio::test]
async fn toggle_status_reports_the_new_status() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/12/conversations/1043/toggle_status")
                .header("api-access-token", TOKEN)
                // Whole seconds: the server parses them with `strptime('%s')`
                // (fixup conversation-toggle-status-snooze-time).
                .json_body(json!({ "status": "snoozed", "snoozed_until": 1_773_997_200 }));
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(fixture!("toggle_conversation_status"));
        })
        .await;

    let toggled = application_client(&server)
        .toggle_conversation_status()
        .account_id(ACCOUNT)
        .conversation_id(1043)
        .body(types::ToggleConversationStatusBody {
            status: types::ConversationStatus::Snoozed,
            snoozed_until: Some(1_773_997_200),
        })
        .send()
        .await
        .expect("toggle status decodes")
        .into_inner();
    mock.assert_async().await;
    let payload = toggled.payload.expect("payload");
    assert_eq!(payload.success, Some(true));
    assert_eq!(payload.conversation_id, Some(1043));
    assert_eq!(
        payload.current_status,
        Some(types::ConversationStatus::Snoozed)
    );
    assert_eq!(
        payload.snoozed_until.map(|t| t.timestamp()),
        Some(1_773_997_200)
    );
    assert!(toggled.meta.is_empty());
}

#[cfg(chatwoot_operation = "application::toggle_conversation_priority")]
#[tokio::test]
async fn toggle_priority_answers_200_with_no_body() {
    let server = MockServer::start_async().await;
    // `head :ok`: no body, so there is no fixture for this operation.
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/12/conversations/1042/toggle_priority")
                .header("api-access-token", TOKEN)
                .json_body(json!({ "priority": "medium" }));
            then.status(200);
        })
        .await;

    let answer = application_client(&server)
        .toggle_conversation_priority()
        .account_id(ACCOUNT)
        .conversation_id(1042)
        .body(types::ToggleConversationPriorityBody {
            priority: types::PriorityOrNone::Medium,
        })
        .send()
        .await
        .expect("an empty 200 is a success");
    mock.assert_async().await;
    assert_eq!(answer.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "application::assign_conversation")]
#[tokio::test]
async fn assignment_answers_an_agent_a_bot_or_null() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);
    let path = "/api/v1/accounts/12/conversations/1042/assignments";

    let agent = serve(&server, POST, path, &[], fixture!("assign_conversation")).await;
    let assignee = client
        .assign_conversation()
        .account_id(ACCOUNT)
        .conversation_id(1042)
        .body(types::AssignConversationBody {
            assignee_id: Some(27),
            team_id: None,
        })
        .send()
        .await
        .expect("agent decodes")
        .into_inner()
        .expect("an agent");
    agent.assert_async().await;
    assert_eq!(assignee.id, Some(27));
    assert_eq!(assignee.name.as_deref(), Some("Tomás Pereira"));
    assert_eq!(assignee.role, Some(types::AgentRole::Administrator));
    assert_eq!(
        assignee.availability_status,
        Some(types::Availability::Busy)
    );
    assert_eq!(assignee.confirmed, Some(true));
    assert_eq!(assignee.provider.as_deref(), Some("email"));
    agent.delete_async().await;

    // An agent bot, as the `agent_bot_slim` partial renders it.
    let bot_body = json!({
        "id": 5,
        "name": "Order Status Bot",
        "description": "Answers order-status questions before handing over to an agent",
        "thumbnail": "",
        "outgoing_url": "https://bots.northwind.example/chatwoot/webhook",
        "bot_type": "webhook"
    });
    let bot = serve(&server, POST, path, &[], &bot_body.to_string()).await;
    let assignee = client
        .assign_conversation()
        .account_id(ACCOUNT)
        .conversation_id(1042)
        .body(types::AssignConversationBody {
            assignee_id: Some(5),
            team_id: None,
        })
        .send()
        .await
        .expect("bot decodes")
        .into_inner()
        .expect("a bot");
    bot.assert_async().await;
    assert_eq!(assignee.id, Some(5));
    assert_eq!(
        assignee.bot_type,
        Some(types::ConversationAssigneeBotType::Webhook)
    );
    assert_eq!(assignee.email, None);
    bot.delete_async().await;

    // Unassigning renders `null`.
    let none = serve(&server, POST, path, &[], "null").await;
    let assignee = client
        .assign_conversation()
        .account_id(ACCOUNT)
        .conversation_id(1042)
        .body(types::AssignConversationBody {
            assignee_id: None,
            team_id: None,
        })
        .send()
        .await
        .expect("null decodes")
        .into_inner();
    none.assert_async().await;
    assert_eq!(assignee, None);
}

#[cfg(chatwoot_operation = "application::list_messages")]
#[tokio::test]
async fn messages_list_decodes_every_kind_of_message() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/12/conversations/1042/messages",
        &[("before", "9001")],
        fixture!("list_messages"),
    )
    .await;

    let messages = application_client(&server)
        .list_messages()
        .account_id(ACCOUNT)
        .conversation_id(1042)
        .before(9001)
        .send()
        .await
        .expect("messages decode")
        .into_inner();
    mock.assert_async().await;

    let meta = messages.meta.expect("meta");
    assert_eq!(meta.labels, ["billing", "refund"]);
    let contact = meta.contact.expect("the contact, one object");
    assert_eq!(contact.id, Some(301));
    assert_eq!(contact.name.as_deref(), Some("Maria Souza"));
    assert_eq!(contact.email.as_deref(), Some("maria.souza@example.com"));
    assert_eq!(contact.type_.as_deref(), Some("contact"));
    let assignee = meta.assignee.expect("the assigned agent");
    assert_eq!(assignee.id, Some(18));
    assert_eq!(
        assignee.availability_status,
        Some(types::Availability::Online)
    );
    assert!(
        assignee
            .avatar_url
            .as_deref()
            .is_some_and(|url| url.ends_with("avatar.png"))
    );
    assert_eq!(
        meta.agent_last_seen_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-03-19T09:15:00+00:00")
    );
    assert_eq!(meta.assignee_last_seen_at, None);

    let [activity, incoming, bot, note] = messages.payload.as_slice() else {
        panic!("four messages, got {}", messages.payload.len());
    };

    // An activity message: no sender key at all.
    assert_eq!(activity.message_type.as_deref(), Some(&2));
    assert!(activity.sender.is_none());
    assert_eq!(
        activity.content.as_deref(),
        Some("Ana Ribeiro self-assigned this conversation")
    );

    // An incoming message with two files and no text.
    assert_eq!(incoming.id, Some(8995));
    assert_eq!(incoming.content, None);
    assert_eq!(incoming.conversation_id, Some(1042));
    assert_eq!(
        incoming.source_id.as_deref(),
        Some("wamid.HBgMMzUxOTEyMzQ1Njc4FQIAEhgUM0E")
    );
    assert_eq!(
        incoming.sender.as_ref().and_then(|s| s.type_.clone()),
        Some(types::MessageSenderKind::Contact)
    );
    let [image, location] = incoming.attachments.as_slice() else {
        panic!("two attachments");
    };
    assert_eq!(
        image.file_type,
        Some(types::MessageAttachmentFileType::Image)
    );
    assert_eq!(image.message_id, Some(8995));
    assert!(
        image
            .thumb_url
            .as_deref()
            .is_some_and(|u| u.contains("representations"))
    );
    assert_eq!(
        location.file_type,
        Some(types::MessageAttachmentFileType::Location)
    );
    assert_eq!(
        (location.coordinates_lat, location.coordinates_long),
        (Some(38.7223), Some(-9.1393))
    );
    assert_eq!(
        location.fallback_title.as_deref(),
        Some("Rua Augusta 24, Lisboa")
    );

    // A bot's question with options.
    assert_eq!(
        bot.content_type,
        Some(types::MessageContentType::InputSelect)
    );
    assert_eq!(
        bot.content_attributes["items"][1]["value"],
        json!("ORD-6120")
    );
    let sender = bot.sender.as_ref().expect("the bot");
    assert_eq!(sender.type_, Some(types::MessageSenderKind::AgentBot));
    assert_eq!(sender.avatar_url.as_deref(), Some(""));

    // A private note from the agent, sent with an echo id.
    assert_eq!(note.private, Some(true));
    assert_eq!(note.status, Some(types::MessageStatus::Delivered));
    assert_eq!(
        note.echo_id.as_deref(),
        Some("7f3b2c1d-0e9a-4b8c-a6d5-e4f3a2b1c0d9")
    );
    assert_eq!(
        note.sender.as_ref().and_then(|s| s.name.as_deref()),
        Some("Ana Ribeiro")
    );
    assert!(note.attachments.is_empty());
}

#[cfg(chatwoot_operation = "application::create_message")]
#[tokio::test]
async fn new_message_answers_the_message_partial() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/12/conversations/1042/messages")
                .header("api-access-token", TOKEN)
                .json_body(json!({
                    "content": "The refund was sent today; it takes 3-5 business days to show up.",
                    "message_type": "outgoing",
                    "private": false
                }));
            then.status(200)
                .header("content-type", "application/json; charset=utf-8")
                .body(fixture!("create_message"));
        })
        .await;

    let message = application_client(&server)
        .create_message()
        .account_id(ACCOUNT)
        .conversation_id(1042)
        .body(
            types::ConversationMessageCreatePayload::builder()
                .content(
                    "The refund was sent today; it takes 3-5 business days to show up.".to_owned(),
                )
                .message_type(types::MessageType::Outgoing)
                .private(false),
        )
        .send()
        .await
        .expect("message decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(message.id, Some(9021));
    assert_eq!(message.message_type.as_deref(), Some(&1));
    assert_eq!(message.status, Some(types::MessageStatus::Sent));
    assert_eq!(message.created_at, Some(unix(1_773_912_060)));
    assert_eq!(
        message.echo_id.as_deref(),
        Some("b2c4d6e8-1a3c-4e5f-9a7b-0c2d4e6f8a1b")
    );
    let sender = message.sender.expect("the agent");
    assert_eq!(sender.type_, Some(types::MessageSenderKind::User));
    assert_eq!(sender.id, Some(18));
    // The message partial renders neither the account nor the sender's type and id.
    assert_eq!(message.account_id, None);
    assert_eq!(message.sender_type, None);
}

#[cfg(chatwoot_operation = "application::list_contact_conversations")]
#[tokio::test]
async fn contact_conversations_render_the_conversation_partial() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/api/v1/accounts/12/contacts/301/conversations",
        &[],
        fixture!("list_contact_conversations"),
    )
    .await;

    let conversations = application_client(&server)
        .list_contact_conversations()
        .account_id(ACCOUNT)
        .id(301)
        .send()
        .await
        .expect("contact conversations decode")
        .into_inner();
    mock.assert_async().await;
    let [open, resolved] = conversations.payload.as_slice() else {
        panic!("two conversations");
    };
    assert_eq!(open.id, Some(1042));
    assert_eq!(
        open.meta
            .as_ref()
            .and_then(|m| m.assignee.as_ref())
            .and_then(|a| a.available_name.as_deref()),
        Some("Ana")
    );
    assert_eq!(resolved.id, Some(1038));
    assert_eq!(resolved.status, Some(types::ConversationStatus::Resolved));
    let meta = resolved.meta.as_ref().expect("meta");
    assert_eq!(
        meta.assignee_type,
        Some(types::ConversationMetaAssigneeType::AgentBot)
    );
    assert_eq!(meta.sender.as_ref().and_then(|s| s.id), Some(301));
}

/// Upstream documented the filter's answer as the conversation list's, wrapped in `data`: the
/// real answer decoded as an empty list.
#[test]
fn upstream_shape_filter_decoded_as_empty() {
    let as_documented: types::ConversationList =
        serde_json::from_str(fixture!("filter_conversations")).expect("decodes leniently");
    assert!(as_documented.data.is_none());
}

/// Upstream pointed the messages list's `meta.contact` at `contact`, a `payload` list no view
/// renders; `types::Contact` is now the contact record itself (`openapi/records.toml`), so the
/// real contact object reads whole.
#[test]
fn messages_meta_contact_reads_as_the_contact_record() {
    let body: serde_json::Value =
        serde_json::from_str(fixture!("list_messages")).expect("fixture is JSON");
    let contact: types::Contact =
        serde_json::from_value(body["meta"]["contact"].clone()).expect("decodes");
    assert_eq!(contact.id, Some(301));
    assert_eq!(contact.name.as_deref(), Some("Maria Souza"));
    assert_eq!(contact.email.as_deref(), Some("maria.souza@example.com"));
}

/// The runtime's reports of values it read as absent because their kind did not fit the schema
/// (target `chatwoot_runtime::de`), as `expected <kind>, found <kind>`.
#[derive(Clone, Default)]
struct OddValues(Arc<Mutex<Vec<String>>>);

impl<S: tracing::Subscriber> Layer<S> for OddValues {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "chatwoot_runtime::de" {
            return;
        }
        struct Kinds(String);
        impl Visit for Kinds {
            fn record_str(&mut self, field: &Field, value: &str) {
                if field.name() != "message" {
                    let _ = write!(self.0, "{} {value}, ", field.name());
                }
            }
            fn record_debug(&mut self, _: &Field, _: &dyn Debug) {}
        }
        let mut kinds = Kinds(String::new());
        event.record(&mut kinds);
        let line = kinds.0.trim_end_matches(", ").to_owned();
        self.0.lock().expect("not poisoned").push(line);
    }
}

/// Decodes `body` as `T`, returning every value the lenient decoder had to read as absent.
fn odd_values<T: DeserializeOwned>(body: &str) -> Vec<String> {
    let odd = OddValues::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(odd.clone()));
    serde_json::from_str::<T>(body).expect("fixture decodes");
    odd.0.lock().expect("not poisoned").clone()
}

/// Every value of every fixture fits its corrected schema: none is silently dropped.
#[cfg(all(
    chatwoot_operation = "application::assign_conversation",
    chatwoot_operation = "application::create_conversation",
    chatwoot_operation = "application::create_message",
    chatwoot_operation = "application::filter_conversations",
    chatwoot_operation = "application::get_conversation",
    chatwoot_operation = "application::get_conversation_counts",
    chatwoot_operation = "application::list_contact_conversations",
    chatwoot_operation = "application::list_conversations",
    chatwoot_operation = "application::list_messages",
    chatwoot_operation = "application::toggle_conversation_status",
    chatwoot_operation = "application::update_conversation"
))]
#[test]
fn fixtures_decode_with_no_value_read_as_absent() {
    let clean = [
        odd_values::<responses::ListConversations>(fixture!("list_conversations")),
        odd_values::<responses::FilterConversations>(fixture!("filter_conversations")),
        odd_values::<responses::GetConversationCounts>(fixture!("get_conversation_counts")),
        odd_values::<responses::GetConversation>(fixture!("get_conversation")),
        odd_values::<responses::CreateConversation>(fixture!("create_conversation")),
        odd_values::<responses::UpdateConversation>(fixture!("update_conversation")),
        odd_values::<responses::ToggleConversationStatus>(fixture!("toggle_conversation_status")),
        odd_values::<responses::AssignConversation>(fixture!("assign_conversation")),
        odd_values::<responses::ListMessages>(fixture!("list_messages")),
        odd_values::<responses::CreateMessage>(fixture!("create_message")),
        odd_values::<responses::ListContactConversations>(fixture!("list_contact_conversations")),
    ];
    for (i, odd) in clean.iter().enumerate() {
        assert!(odd.is_empty(), "fixture {i}: {odd:?}");
    }
}
