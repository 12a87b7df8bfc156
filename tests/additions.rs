//! Routes the server has and upstream's spec lacks, added by our spec additions
//! (`openapi/additions/`).
//!
//! One test per added operation: the request the generated method sends
//! (method, path, query, token, exact JSON body or none) and the typed
//! decoding of an answer in the shape the server's view renders. Fixtures in
//! `fixtures/additions/` are our own JSON, written from those views.

use chatwoot::application::types;
use chatwoot_tests::unix;
use chatwoot_tests::{TOKEN, application_client, assert_status, no_query, query_is};
use httpmock::prelude::*;
use serde_json::{Value, json};

const ACCOUNT: i64 = 7;

fn fixture(name: &str) -> Value {
    let path = format!("{}/fixtures/additions/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A matcher: the request carries no body (GETs, DELETEs, member POSTs).
fn no_body() -> impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static {
    |req| req.body().is_empty()
}

#[cfg(all(
    chatwoot_operation = "application::update_message_status",
    chatwoot_operation = "client::update_message"
))]
#[tokio::test]
async fn update_a_message_status_sends_the_status_and_decodes_the_message() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/7/conversations/42/messages/1291")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "status": "failed", "external_error": "63016: outside the 24h window" }));
            then.status(200).json_body(fixture("message.json"));
        })
        .await;
    let message = application_client(&server)
        .update_message_status()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .message_id(1291)
        .body(types::UpdateMessageStatusBody {
            status: types::MessageStatus::Failed,
            external_error: Some("63016: outside the 24h window".into()),
        })
        .send()
        .await
        .expect("update status")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(message.id, Some(1291));
    assert_eq!(message.conversation_id, Some(42));
    assert_eq!(message.content.as_deref(), Some("Your order has shipped."));
    assert_eq!(
        message.source_id.as_deref(),
        Some("wamid.HBgMMzUxOTEyMzQ1Njc4")
    );
    assert_eq!(message.created_at, Some(unix(1_710_151_200)));
}

#[cfg(all(
    chatwoot_operation = "application::update_message_status",
    chatwoot_operation = "client::update_message"
))]
#[tokio::test]
async fn update_a_message_status_outside_an_api_inbox_is_a_403() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/7/conversations/42/messages/1291")
                .json_body(json!({ "status": "read" }));
            then.status(403).json_body(
                json!({ "error": "Message status update is only allowed for API inboxes" }),
            );
        })
        .await;
    let error = application_client(&server)
        .update_message_status()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .message_id(1291)
        .body(types::UpdateMessageStatusBody {
            status: types::MessageStatus::Read,
            external_error: None,
        })
        .send()
        .await
        .expect_err("403");
    assert_status(
        &error,
        403,
        "Message status update is only allowed for API inboxes",
    );
}

#[cfg(chatwoot_operation = "application::search_conversations")]
#[tokio::test]
async fn conversation_search_sends_its_filters_and_decodes_the_summaries() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/conversations/search")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[
                    ("q", "refund"),
                    ("page", "2"),
                    ("assignee_type", "me"),
                    ("inbox_id", "3"),
                ]))
                .is_true(no_body());
            then.status(200)
                .json_body(fixture("search_conversations.json"));
        })
        .await;
    let found = application_client(&server)
        .search_conversations()
        .account_id(ACCOUNT)
        .q("refund")
        .page(2)
        .assignee_type(types::AssigneeTypeFilter::Me)
        .inbox_id(3)
        .send()
        .await
        .expect("search")
        .into_inner();
    mock.assert_async().await;
    let meta = found.meta.expect("meta");
    assert_eq!(
        (meta.mine_count, meta.unassigned_count, meta.all_count),
        (Some(1), Some(0), Some(2))
    );
    assert_eq!(found.payload.len(), 2);
    let first = &found.payload[0];
    assert_eq!(first.id, Some(42));
    assert_eq!(
        first.uuid.as_deref(),
        Some("0d3f8b7e-5c1a-4e2f-9b6d-8a7c3e1f2d4b")
    );
    let contact = first.contact.as_ref().expect("contact");
    assert_eq!(contact.name.as_deref(), Some("Maria Silva"));
    let inbox = first.inbox.as_ref().expect("inbox");
    assert_eq!(inbox.channel_type.as_deref(), Some("Channel::WebWidget"));
    assert_eq!(first.messages.len(), 2);
    assert_eq!(
        first.messages[1].sender_name.as_deref(),
        Some("Joana Costa")
    );
    assert_eq!(first.messages[1].message_type, Some(1));
    let second = &found.payload[1];
    assert_eq!(second.contact.as_ref().and_then(|c| c.name.clone()), None);
    assert_eq!(second.messages[0].sender_name, None);
    assert_eq!(second.messages[0].id, Some(1402));
}

#[cfg(all(
    chatwoot_operation = "application::mute_conversation",
    chatwoot_operation = "application::unmute_conversation"
))]
#[tokio::test]
async fn mute_and_unmute_post_to_their_member_routes() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for action in ["mute", "unmute"] {
        let path = format!("/api/v1/accounts/7/conversations/42/{action}");
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(POST)
                        .path(path)
                        .header("api-access-token", TOKEN)
                        .is_true(no_query())
                        .is_true(no_body());
                    then.status(200);
                })
                .await,
        );
    }
    let client = application_client(&server);
    let muted = client
        .mute_conversation()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .send()
        .await
        .expect("mute");
    assert_eq!(muted.status().as_u16(), 200);
    let unmuted = client
        .unmute_conversation()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .send()
        .await
        .expect("unmute");
    assert_eq!(unmuted.status().as_u16(), 200);
    for mock in &mocks {
        mock.assert_async().await;
    }
}

#[cfg(chatwoot_operation = "application::delete_conversation")]
#[tokio::test]
async fn delete_conversation() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accounts/7/conversations/42")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200);
        })
        .await;
    let deleted = application_client(&server)
        .delete_conversation()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .send()
        .await
        .expect("delete conversation");
    mock.assert_async().await;
    assert_eq!(deleted.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "application::send_conversation_transcript")]
#[tokio::test]
async fn send_conversation_transcript_sends_the_address() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/conversations/42/transcript")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "email": "maria@example.com" }));
            then.status(200);
        })
        .await;
    let sent = application_client(&server)
        .send_conversation_transcript()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .body(types::SendConversationTranscriptBody {
            email: "maria@example.com".into(),
        })
        .send()
        .await
        .expect("transcript");
    mock.assert_async().await;
    assert_eq!(sent.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "application::send_conversation_transcript")]
#[tokio::test]
async fn send_conversation_transcript_on_a_plan_without_it_is_a_402() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/conversations/42/transcript");
            then.status(402)
                .json_body(json!({ "error": "Email transcript is not available on your plan" }));
        })
        .await;
    let error = application_client(&server)
        .send_conversation_transcript()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .body(types::SendConversationTranscriptBody {
            email: "maria@example.com".into(),
        })
        .send()
        .await
        .expect_err("402");
    assert_status(
        &error,
        402,
        "Email transcript is not available on your plan",
    );
}

/// The `campaign` wrapper the controller requires, around what the test sets.
fn campaign_body(campaign: types::AddedCampaignPayload) -> types::CreateCampaignBody {
    types::CreateCampaignBody { campaign }
}

#[cfg(chatwoot_operation = "application::list_campaigns")]
#[tokio::test]
async fn list_all_campaigns_decodes_both_kinds() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/campaigns")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200).json_body(fixture("campaigns.json"));
        })
        .await;
    let campaigns = application_client(&server)
        .list_campaigns()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("campaigns")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(campaigns.len(), 2);
    let ongoing = &campaigns[0];
    assert_eq!(ongoing.id, Some(4));
    assert_eq!(ongoing.title.as_deref(), Some("Spring sale banner"));
    assert_eq!(
        ongoing.campaign_type,
        Some(types::AddedCampaignCampaignType::Ongoing)
    );
    assert_eq!(
        ongoing.campaign_status,
        Some(types::AddedCampaignCampaignStatus::Active)
    );
    assert_eq!(ongoing.inbox.as_ref().and_then(|i| i.id), Some(3));
    assert_eq!(
        ongoing
            .sender
            .as_ref()
            .and_then(|s| s.name.clone())
            .as_deref(),
        Some("Joana Costa")
    );
    assert_eq!(
        ongoing
            .trigger_rules
            .as_ref()
            .and_then(|r| r.get("time_on_page")),
        Some(&json!(10))
    );
    assert_eq!(
        ongoing.created_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-01T09:12:44.120+00:00")
    );
    assert_eq!(ongoing.scheduled_at, None);
    let one_off = &campaigns[1];
    assert_eq!(
        one_off.campaign_type,
        Some(types::AddedCampaignCampaignType::OneOff)
    );
    assert_eq!(one_off.scheduled_at, Some(unix(1_711_962_000)));
    let audience = one_off.audience.as_ref().expect("audience");
    assert_eq!(audience.len(), 2);
    assert_eq!(audience[1].type_.as_deref(), Some("Label"));
    assert_eq!(audience[1].id, Some(15));
    assert_eq!(one_off.description, None);
    // A one-off campaign with no sender renders an empty object.
    assert_eq!(one_off.sender.as_ref().and_then(|s| s.id), None);
}

#[cfg(chatwoot_operation = "application::create_campaign")]
#[tokio::test]
async fn create_a_campaign_wraps_its_attributes_in_campaign() {
    let server = MockServer::start_async().await;
    let campaign = fixture("campaigns.json")[1].clone();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/campaigns")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "campaign": {
                    "title": "Renewal reminder",
                    "message": "Your subscription renews on Monday. Reply STOP to opt out.",
                    "inbox_id": 9,
                    "scheduled_at": "2024-04-01T09:00:00Z",
                    "audience": [ { "type": "Label", "id": 12 }, { "type": "Label", "id": 15 } ]
                } }));
            then.status(200).json_body(campaign);
        })
        .await;
    let created = application_client(&server)
        .create_campaign()
        .account_id(ACCOUNT)
        .body(campaign_body(types::AddedCampaignPayload {
            title: Some("Renewal reminder".into()),
            message: Some("Your subscription renews on Monday. Reply STOP to opt out.".into()),
            inbox_id: Some(9),
            scheduled_at: Some("2024-04-01T09:00:00Z".parse().expect("date")),
            audience: vec![
                types::AddedCampaignAudience {
                    type_: Some("Label".into()),
                    id: Some(12),
                },
                types::AddedCampaignAudience {
                    type_: Some("Label".into()),
                    id: Some(15),
                },
            ],
            ..Default::default()
        }))
        .send()
        .await
        .expect("create campaign")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(created.id, Some(5));
    assert_eq!(created.inbox.as_ref().and_then(|i| i.id), Some(9));
    assert_eq!(
        created.inbox.and_then(|i| i.channel_type).as_deref(),
        Some("Channel::Sms")
    );
}

#[cfg(chatwoot_operation = "application::get_campaign")]
#[tokio::test]
async fn get_details_of_a_campaign_by_its_display_id() {
    let server = MockServer::start_async().await;
    let campaign = fixture("campaigns.json")[0].clone();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/campaigns/4")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200).json_body(campaign);
        })
        .await;
    let campaign = application_client(&server)
        .get_campaign()
        .account_id(ACCOUNT)
        .id(4)
        .send()
        .await
        .expect("campaign")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(campaign.id, Some(4));
    assert_eq!(campaign.enabled, Some(true));
    assert_eq!(campaign.trigger_only_during_business_hours, Some(true));
    assert_eq!(
        campaign.message.as_deref(),
        Some("20% off all plans until Sunday. Want a code?")
    );
}

#[cfg(chatwoot_operation = "application::update_campaign")]
#[tokio::test]
async fn update_a_campaign_sends_only_what_changes() {
    let server = MockServer::start_async().await;
    let mut campaign = fixture("campaigns.json")[0].clone();
    campaign["enabled"] = json!(false);
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/7/campaigns/4")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "campaign": {
                    "enabled": false,
                    "trigger_rules": { "url": "https://shop.example.com/pricing", "time_on_page": 30 }
                } }));
            then.status(200).json_body(campaign);
        })
        .await;
    let mut trigger_rules = serde_json::Map::new();
    trigger_rules.insert("url".into(), json!("https://shop.example.com/pricing"));
    trigger_rules.insert("time_on_page".into(), json!(30));
    let updated = application_client(&server)
        .update_campaign()
        .account_id(ACCOUNT)
        .id(4)
        .body(types::UpdateCampaignBody {
            campaign: types::AddedCampaignPayload {
                enabled: Some(false),
                trigger_rules,
                ..Default::default()
            },
        })
        .send()
        .await
        .expect("update campaign")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(updated.id, Some(4));
    assert_eq!(updated.enabled, Some(false));
}

#[cfg(chatwoot_operation = "application::list_inbox_campaigns")]
#[tokio::test]
async fn list_all_inbox_campaigns_decodes_the_inbox_s_campaigns() {
    let server = MockServer::start_async().await;
    let sms_campaign = fixture("campaigns.json")[1].clone();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/inboxes/9/campaigns")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200).json_body(json!([sms_campaign]));
        })
        .await;
    let campaigns = application_client(&server)
        .list_inbox_campaigns()
        .account_id(ACCOUNT)
        .id(9)
        .send()
        .await
        .expect("inbox campaigns")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(campaigns.len(), 1);
    assert_eq!(campaigns[0].title.as_deref(), Some("Renewal reminder"));
    assert_eq!(
        campaigns[0].campaign_status,
        Some(types::AddedCampaignCampaignStatus::Completed)
    );
    assert_eq!(campaigns[0].inbox.as_ref().and_then(|i| i.id), Some(9));
}

#[cfg(chatwoot_operation = "application::delete_campaign")]
#[tokio::test]
async fn delete_campaign() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accounts/7/campaigns/4")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200);
        })
        .await;
    let deleted = application_client(&server)
        .delete_campaign()
        .account_id(ACCOUNT)
        .id(4)
        .send()
        .await
        .expect("delete campaign");
    mock.assert_async().await;
    assert_eq!(deleted.status().as_u16(), 200);
}

fn note_body(content: &str) -> types::CreateContactNoteBody {
    types::CreateContactNoteBody {
        note: types::CreateContactNoteBodyNote {
            content: content.into(),
        },
    }
}

#[cfg(chatwoot_operation = "application::list_contact_notes")]
#[tokio::test]
async fn list_all_notes_of_a_contact_newest_first() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/contacts/42/notes")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200).json_body(fixture("notes.json"));
        })
        .await;
    let notes = application_client(&server)
        .list_contact_notes()
        .account_id(ACCOUNT)
        .id(42)
        .send()
        .await
        .expect("notes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].id, Some(312));
    assert_eq!(
        notes[0].content.as_deref(),
        Some("Prefers calls after 6pm.")
    );
    // The agent who wrote it is gone: no `user`.
    assert!(notes[0].user.is_none());
    assert_eq!(
        notes[1]
            .user
            .as_ref()
            .and_then(|u| u.email.clone())
            .as_deref(),
        Some("joana@example.com")
    );
    assert_eq!(notes[1].created_at, Some(unix(1_710_241_234)));
}

#[cfg(chatwoot_operation = "application::create_contact_note")]
#[tokio::test]
async fn create_a_contact_note_wraps_the_content_in_note() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/contacts/42/notes")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "note": { "content": "Asked for an invoice in EUR; sent on 12 March." } }));
            then.status(200).json_body(fixture("note.json"));
        })
        .await;
    let note = application_client(&server)
        .create_contact_note()
        .account_id(ACCOUNT)
        .id(42)
        .body(note_body("Asked for an invoice in EUR; sent on 12 March."))
        .send()
        .await
        .expect("create note")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(note.id, Some(311));
    assert_eq!(note.user.as_ref().and_then(|u| u.id), Some(18));
    // The view renders these from the builder, not the note: kept as JSON.
    assert_eq!(note.account_id, Some(json!({})));
    assert_eq!(note.updated_at, Some(unix(1_710_244_321)));
}

#[cfg(chatwoot_operation = "application::get_contact_note")]
#[tokio::test]
async fn get_contact_note() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/contacts/42/notes/311")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200).json_body(fixture("note.json"));
        })
        .await;
    let note = application_client(&server)
        .get_contact_note()
        .account_id(ACCOUNT)
        .id(42)
        .note_id(311)
        .send()
        .await
        .expect("note")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(
        note.content.as_deref(),
        Some("Asked for an invoice in EUR; sent on 12 March.")
    );
}

#[cfg(all(
    chatwoot_operation = "application::update_contact",
    chatwoot_operation = "application::update_contact_note"
))]
#[tokio::test]
async fn update_contact_note() {
    let server = MockServer::start_async().await;
    let mut answer = fixture("note.json");
    answer["content"] = json!("Invoice in EUR sent on 12 March; paid on 14 March.");
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/7/contacts/42/notes/311")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "note": { "content": "Invoice in EUR sent on 12 March; paid on 14 March." } }));
            then.status(200).json_body(answer);
        })
        .await;
    let note = application_client(&server)
        .update_contact_note()
        .account_id(ACCOUNT)
        .id(42)
        .note_id(311)
        .body(types::UpdateContactNoteBody {
            note: types::UpdateContactNoteBodyNote {
                content: "Invoice in EUR sent on 12 March; paid on 14 March.".into(),
            },
        })
        .send()
        .await
        .expect("update note")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(
        note.content.as_deref(),
        Some("Invoice in EUR sent on 12 March; paid on 14 March.")
    );
}

#[cfg(chatwoot_operation = "application::delete_contact_note")]
#[tokio::test]
async fn delete_contact_note() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accounts/7/contacts/42/notes/311")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200);
        })
        .await;
    let deleted = application_client(&server)
        .delete_contact_note()
        .account_id(ACCOUNT)
        .id(42)
        .note_id(311)
        .send()
        .await
        .expect("delete note");
    mock.assert_async().await;
    assert_eq!(deleted.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "application::list_articles")]
#[tokio::test]
async fn list_all_portal_articles_sends_its_filters_and_decodes_counts() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/portals/help/articles")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[
                    ("locale", "en"),
                    ("page", "2"),
                    ("category_slug", "account"),
                    ("status", "published"),
                    ("author_id", "18"),
                    ("query", "password"),
                ]))
                .is_true(no_body());
            then.status(200).json_body(fixture("articles.json"));
        })
        .await;
    let list = application_client(&server)
        .list_articles()
        .account_id(ACCOUNT)
        .id("help")
        .locale("en")
        .page(2)
        .category_slug("account")
        .status(types::ArticleStatus::Published)
        .author_id(18)
        .query("password")
        .send()
        .await
        .expect("articles")
        .into_inner();
    mock.assert_async().await;
    let meta = list.meta.expect("meta");
    assert_eq!(meta.all_articles_count, Some(14));
    // The server echoes the page as it was sent: a string.
    assert_eq!(meta.current_page, Some(2));
    assert_eq!(meta.published_count, Some(1));
    assert_eq!(list.payload.len(), 2);
    let published = &list.payload[0];
    assert_eq!(published.id, Some(58));
    assert_eq!(published.status, Some(types::ArticleStatus::Published));
    assert_eq!(
        published
            .category
            .as_ref()
            .and_then(|c| c.slug.clone())
            .as_deref(),
        Some("account")
    );
    assert_eq!(published.views, Some(341));
    assert_eq!(
        published
            .associated_articles
            .as_ref()
            .map(|a| a[0]["id"].clone()),
        Some(json!(61))
    );
    let draft = &list.payload[1];
    assert_eq!(draft.status, Some(types::ArticleStatus::Draft));
    assert_eq!(draft.category.as_ref().and_then(|c| c.id), None);
    assert!(draft.author.is_none());
    assert_eq!(draft.content, None);
}

#[cfg(chatwoot_operation = "application::get_article")]
#[tokio::test]
async fn get_details_of_an_article_in_its_payload() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/portals/help/articles/58")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200).json_body(fixture("article.json"));
        })
        .await;
    let answer = application_client(&server)
        .get_article()
        .account_id(ACCOUNT)
        .id("help")
        .article_id(58)
        .send()
        .await
        .expect("article")
        .into_inner();
    mock.assert_async().await;
    let article = answer.payload.expect("payload");
    assert_eq!(article.title.as_deref(), Some("Reset your password"));
    assert_eq!(article.slug.as_deref(), Some("1710-reset-your-password"));
    assert_eq!(
        article.author.and_then(|a| a.name).as_deref(),
        Some("Joana Costa")
    );
    assert_eq!(
        article.meta.as_ref().and_then(|m| m.get("tags")),
        Some(&json!(["account", "login"]))
    );
    assert_eq!(article.updated_at, Some(unix(1_710_422_000)));
}

#[cfg(chatwoot_operation = "application::update_article")]
#[tokio::test]
async fn update_an_article_wraps_its_attributes_in_article() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/7/portals/help/articles/58")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "article": {
                    "title": "Reset your password",
                    "status": "published",
                    "category_id": 6,
                    "meta": { "tags": ["account", "login"] }
                } }));
            then.status(200).json_body(fixture("article.json"));
        })
        .await;
    let answer = application_client(&server)
        .update_article()
        .account_id(ACCOUNT)
        .id("help")
        .article_id(58)
        .body(types::UpdateArticleBody {
            article: types::AddedArticleUpdatePayload {
                title: Some("Reset your password".into()),
                status: Some(types::ArticleStatus::Published),
                category_id: Some(6),
                meta: Some(types::AddedArticleUpdatePayloadMeta {
                    tags: vec!["account".into(), "login".into()],
                    ..Default::default()
                }),
                ..Default::default()
            },
        })
        .send()
        .await
        .expect("update article")
        .into_inner();
    mock.assert_async().await;
    let article = answer.payload.expect("payload");
    assert_eq!(article.id, Some(58));
    assert_eq!(article.status, Some(types::ArticleStatus::Published));
}

#[cfg(chatwoot_operation = "application::delete_article")]
#[tokio::test]
async fn delete_article() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accounts/7/portals/help/articles/58")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200);
        })
        .await;
    let deleted = application_client(&server)
        .delete_article()
        .account_id(ACCOUNT)
        .id("help")
        .article_id(58)
        .send()
        .await
        .expect("delete article");
    mock.assert_async().await;
    assert_eq!(deleted.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "application::list_categories")]
#[tokio::test]
async fn list_all_portal_categories_in_a_locale() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/portals/help/categories")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("locale", "en")]))
                .is_true(no_body());
            then.status(200).json_body(fixture("categories.json"));
        })
        .await;
    let list = application_client(&server)
        .list_categories()
        .account_id(ACCOUNT)
        .id("help")
        .locale("en")
        .send()
        .await
        .expect("categories")
        .into_inner();
    mock.assert_async().await;
    let meta = list.meta.expect("meta");
    assert_eq!(
        (meta.current_page, meta.categories_count),
        (Some(1), Some(2))
    );
    let account = &list.payload[0];
    assert_eq!(account.name.as_deref(), Some("Account"));
    assert_eq!(account.icon.as_deref(), Some("👤"));
    assert_eq!(
        account
            .parent_category
            .as_ref()
            .and_then(|p| p.slug.clone())
            .as_deref(),
        Some("getting-started")
    );
    assert!(account.root_category.is_none());
    assert_eq!(
        account
            .related_categories
            .as_ref()
            .map(|r| r[0]["slug"].clone()),
        Some(json!("billing"))
    );
    assert_eq!(
        account.meta.as_ref().and_then(|m| m.articles_count),
        Some(5)
    );
    let conta = &list.payload[1];
    assert_eq!(conta.locale.as_deref(), Some("pt"));
    assert_eq!((conta.position, conta.icon.clone()), (None, None));
}

#[cfg(chatwoot_operation = "application::get_category")]
#[tokio::test]
async fn get_category() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/portals/help/categories/6")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200).json_body(fixture("category.json"));
        })
        .await;
    let answer = application_client(&server)
        .get_category()
        .account_id(ACCOUNT)
        .id("help")
        .category_id(6)
        .send()
        .await
        .expect("category")
        .into_inner();
    mock.assert_async().await;
    let category = answer.payload.expect("payload");
    assert_eq!(category.id, Some(6));
    assert_eq!(
        category.description.as_deref(),
        Some("Logging in and your profile")
    );
}

#[cfg(chatwoot_operation = "application::update_category")]
#[tokio::test]
async fn update_a_category_wraps_its_attributes_in_category() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/7/portals/help/categories/6")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "category": {
                    "name": "Account",
                    "position": 1,
                    "related_category_ids": [8]
                } }));
            then.status(200).json_body(fixture("category.json"));
        })
        .await;
    let answer = application_client(&server)
        .update_category()
        .account_id(ACCOUNT)
        .id("help")
        .category_id(6)
        .body(types::UpdateCategoryBody {
            category: types::AddedCategoryUpdatePayload {
                name: Some("Account".into()),
                position: Some(1),
                related_category_ids: vec![8],
                ..Default::default()
            },
        })
        .send()
        .await
        .expect("update category")
        .into_inner();
    mock.assert_async().await;
    let category = answer.payload.expect("payload");
    assert_eq!(category.position, Some(1));
}

#[cfg(chatwoot_operation = "application::delete_category")]
#[tokio::test]
async fn delete_category() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accounts/7/portals/help/categories/6")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200);
        })
        .await;
    let deleted = application_client(&server)
        .delete_category()
        .account_id(ACCOUNT)
        .id("help")
        .category_id(6)
        .send()
        .await
        .expect("delete category");
    mock.assert_async().await;
    assert_eq!(deleted.status().as_u16(), 200);
}

#[cfg(chatwoot_operation = "application::delete_inbox")]
#[tokio::test]
async fn delete_an_inbox_decodes_the_message() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accounts/7/inboxes/3")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .is_true(no_body());
            then.status(200).json_body(fixture("inbox_deleted.json"));
        })
        .await;
    let answer = application_client(&server)
        .delete_inbox()
        .account_id(ACCOUNT)
        .id(3)
        .send()
        .await
        .expect("delete inbox")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(
        answer.message.as_deref(),
        Some("The inbox is being deleted; its conversations go with it.")
    );
}
