//! application API against httpmock.
//!
//! One test per tag of the Application API: each checks the request the SDK
//! sends (method, path, query, token header, JSON body) and the typed decoding
//! of a realistic response.

use chatwoot::application::types;
use chatwoot_tests::unix;
use chatwoot_tests::{TOKEN, application_client, assert_status, no_query, query_is};
use httpmock::prelude::*;
use serde_json::json;

/// The account every test works in.
const ACCOUNT: i64 = 7;

/// A contact as `api/v1/models/_contact` renders it, with its contact inboxes.
fn contact_json() -> serde_json::Value {
    json!({
        "additional_attributes": {
            "city": "Lisbon",
            "country": "Portugal",
            "country_code": "PT",
            "created_at_ip": "203.0.113.24"
        },
        "availability_status": "offline",
        "email": "maria@example.com",
        "id": 42,
        "name": "Maria Silva",
        "phone_number": "+351912345678",
        "blocked": false,
        "identifier": "crm-1042",
        "thumbnail": "",
        "custom_attributes": { "plan": "pro" },
        "last_activity_at": 1_710_150_942,
        "created_at": 1_709_251_200,
        "contact_inboxes": [{
            "source_id": "6f2d6c0e-3f9b-4b8e-a1d2-7c9e8f1a2b3c",
            "inbox": {
                "id": 3,
                "avatar_url": "",
                "channel_id": 2,
                "name": "Website",
                "channel_type": "Channel::WebWidget",
                "provider": null
            }
        }]
    })
}

/// A message as `Message#push_event_data` renders it.
fn message_json() -> serde_json::Value {
    json!({
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
    })
}

/// An agent as `api/v1/models/_agent` renders it.
fn agent_json(id: i64, name: &str, email: &str, role: &str) -> serde_json::Value {
    json!({
        "id": id,
        "account_id": 7,
        "availability_status": "online",
        "auto_offline": true,
        "confirmed": true,
        "email": email,
        "available_name": name,
        "name": name,
        "role": role,
        "thumbnail": "",
        "custom_role_id": null
    })
}

/// A conversation as `api/v1/conversations/partials/_conversation` renders it.
fn conversation_json() -> serde_json::Value {
    json!({
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
            "assignee": agent_json(18, "John Doe", "john@acme.test", "agent"),
            "hmac_verified": false
        },
        "id": 42,
        "messages": [message_json()],
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
        "last_non_activity_message": message_json(),
        "last_activity_at": 1_710_150_942,
        "priority": null,
        "waiting_since": 1_710_150_942,
        "sla_policy_id": null
    })
}

/// A web widget inbox as `api/v1/models/_inbox` renders it.
fn inbox_json() -> serde_json::Value {
    json!({
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
        "working_hours": [{
            "day_of_week": 1,
            "closed_all_day": false,
            "open_hour": 9,
            "open_minutes": 0,
            "close_hour": 17,
            "close_minutes": 0,
            "open_all_day": false
        }],
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
        "web_widget_script": "<script>/* widget */</script>",
        "website_token": "x3kD8mZq1vB7nY2c",
        "selected_feature_flags": ["attachments", "emoji_picker", "end_conversation"],
        "reply_time": "in_a_few_minutes",
        "pre_chat_form_enabled": false,
        "pre_chat_form_options": {},
        "continuity_via_email": true,
        "messaging_service_sid": null,
        "phone_number": null,
        "provider": null
    })
}

#[cfg(all(
    chatwoot_operation = "application::get_account",
    chatwoot_operation = "application::update_account"
))]
#[tokio::test]
async fn account_details_and_update() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let show = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!({
                "id": 7,
                "name": "Acme Support",
                "locale": "en",
                "domain": "support.acme.test",
                "support_email": "help@acme.test",
                "status": "active",
                "created_at": "2024-03-01T08:00:00.000Z",
                "features": { "help_center": true, "inbound_emails": true, "channel_email": true },
                "settings": {
                    "auto_resolve_after": 1440,
                    "auto_resolve_message": "Closing this conversation for now.",
                    "auto_resolve_ignore_waiting": false
                },
                "custom_attributes": {
                    "plan_name": null,
                    "subscribed_quantity": null,
                    "subscription_status": null,
                    "subscription_ends_on": null,
                    "industry": "Technology",
                    "company_size": "11-50",
                    "timezone": "Europe/Lisbon",
                    "logo": null,
                    "onboarding_step": "account_update",
                    "marked_for_deletion_at": null,
                    "marked_for_deletion_reason": null
                },
                "cache_keys": { "label": 1_710_150_000, "inbox": 1_710_150_000, "team": 1_710_150_000 },
                "latest_chatwoot_version": "4.1.0"
            }));
        })
        .await;

    let account = client
        .get_account()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("account details")
        .into_inner();
    show.assert_async().await;
    assert_eq!(account.id, Some(7));
    assert_eq!(account.name.as_deref(), Some("Acme Support"));
    assert_eq!(account.locale.as_deref(), Some("en"));
    assert_eq!(account.support_email.as_deref(), Some("help@acme.test"));
    assert_eq!(account.status.as_deref(), Some("active"));
    assert_eq!(
        account.created_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-01T08:00:00+00:00")
    );
    assert_eq!(account.features.get("help_center"), Some(&json!(true)));
    let settings = account.settings.expect("settings");
    assert_eq!(settings.auto_resolve_after, Some(1440.0));
    assert_eq!(settings.auto_resolve_ignore_waiting, Some(false));
    let custom = account.custom_attributes.expect("custom attributes");
    assert_eq!(custom.industry.as_deref(), Some("Technology"));
    assert_eq!(custom.timezone.as_deref(), Some("Europe/Lisbon"));
    assert_eq!(custom.plan_name, None);
    assert_eq!(account.latest_chatwoot_version.as_deref(), Some("4.1.0"));

    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/7")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "name": "Acme Inc.",
                    "locale": "pt",
                    "support_email": "support@acme.test",
                    "auto_resolve_after": 2880
                }));
            then.status(200).json_body(json!({
                "id": 7,
                "name": "Acme Inc.",
                "locale": "pt",
                "domain": "support.acme.test",
                "support_email": "support@acme.test",
                "status": "active",
                "created_at": "2024-03-01T08:00:00.000Z",
                "features": { "help_center": true },
                "settings": { "auto_resolve_after": 2880 },
                "custom_attributes": { "industry": "Technology" },
                "cache_keys": {}
            }));
        })
        .await;

    let updated = client
        .update_account()
        .account_id(ACCOUNT)
        .body(types::AccountUpdatePayload {
            name: Some("Acme Inc.".into()),
            locale: Some("pt".into()),
            support_email: Some("support@acme.test".into()),
            auto_resolve_after: Some(2880),
            ..Default::default()
        })
        .send()
        .await
        .expect("update account")
        .into_inner();
    update.assert_async().await;
    assert_eq!(updated.id, Some(7));
    assert_eq!(updated.name.as_deref(), Some("Acme Inc."));
    assert_eq!(updated.locale.as_deref(), Some("pt"));
    assert_eq!(updated.support_email.as_deref(), Some("support@acme.test"));
    assert_eq!(
        updated.settings.and_then(|s| s.auto_resolve_after),
        Some(2880.0)
    );
}

#[cfg(chatwoot_operation = "application::list_audit_logs")]
#[tokio::test]
async fn audit_logs_page() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/audit_logs")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("page", "2")]));
            then.status(200).json_body(json!({
                "per_page": 15,
                "total_entries": 16,
                "current_page": 2,
                "audit_logs": [{
                    "id": 311,
                    "auditable_id": 18,
                    "auditable_type": "AccountUser",
                    "associated_id": 7,
                    "associated_type": "Account",
                    "user_id": 1,
                    "user_type": "User",
                    "username": "john@acme.test",
                    "action": "update",
                    "audited_changes": { "role": [0, 1] },
                    "version": 2,
                    "comment": null,
                    "request_uuid": "0f2d1b9e-8d0c-4f7e-9a57-5a2b6c3d4e5f",
                    "created_at": 1_710_150_942,
                    "remote_address": "203.0.113.24"
                }]
            }));
        })
        .await;

    let logs = client
        .list_audit_logs()
        .account_id(ACCOUNT)
        .page(2)
        .send()
        .await
        .expect("audit logs")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(logs.current_page, Some(2));
    assert_eq!(logs.per_page, Some(15));
    assert_eq!(logs.total_entries, Some(16));
    assert_eq!(logs.audit_logs.len(), 1);
    let log = &logs.audit_logs[0];
    assert_eq!(log.id, Some(311));
    assert_eq!(log.action, Some(types::AuditLogAction::Update));
    assert_eq!(log.auditable_type.as_deref(), Some("AccountUser"));
    assert_eq!(log.auditable_id, Some(18));
    assert_eq!(log.username.as_deref(), Some("john@acme.test"));
    assert_eq!(log.audited_changes.get("role"), Some(&json!([0, 1])));
    assert_eq!(log.created_at, Some(unix(1_710_150_942)));
    assert_eq!(log.remote_address.as_deref(), Some("203.0.113.24"));
}

#[cfg(all(
    chatwoot_operation = "application::create_agent_bot",
    chatwoot_operation = "application::list_agent_bots"
))]
#[tokio::test]
async fn account_agent_bots_list_and_create() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/agent_bots")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!([
                {
                    "id": 1,
                    "name": "Captain",
                    "description": "Built-in assistant",
                    "thumbnail": "",
                    "bot_type": "webhook",
                    "bot_config": {},
                    "account_id": null,
                    "system_bot": true
                },
                {
                    "id": 12,
                    "name": "Triage Bot",
                    "description": "Routes new conversations to the right team",
                    "thumbnail": "",
                    "outgoing_url": "https://bots.acme.test/triage",
                    "bot_type": "webhook",
                    "bot_config": {},
                    "account_id": 7,
                    "access_token": "rBHm8N3qk2VUx6JYbLd9eTzP",
                    "system_bot": false
                }
            ]));
        })
        .await;

    let bots = client
        .list_agent_bots()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("list agent bots")
        .into_inner();
    list.assert_async().await;
    assert_eq!(bots.len(), 2);
    assert_eq!(bots[0].system_bot, Some(true));
    assert_eq!(bots[0].account_id, None);
    assert_eq!(bots[0].outgoing_url, None);
    assert_eq!(bots[1].id, Some(12));
    assert_eq!(bots[1].name.as_deref(), Some("Triage Bot"));
    assert_eq!(
        bots[1].outgoing_url.as_deref(),
        Some("https://bots.acme.test/triage")
    );
    assert_eq!(bots[1].account_id, Some(7));
    assert_eq!(
        bots[1].access_token.as_deref(),
        Some("rBHm8N3qk2VUx6JYbLd9eTzP")
    );

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/agent_bots")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "name": "Triage Bot",
                    "description": "Routes new conversations to the right team",
                    "outgoing_url": "https://bots.acme.test/triage",
                    "bot_type": 0
                }));
            then.status(200).json_body(json!({
                "id": 12,
                "name": "Triage Bot",
                "description": "Routes new conversations to the right team",
                "thumbnail": "",
                "outgoing_url": "https://bots.acme.test/triage",
                "bot_type": "webhook",
                "bot_config": {},
                "account_id": 7,
                "access_token": "rBHm8N3qk2VUx6JYbLd9eTzP",
                "system_bot": false
            }));
        })
        .await;

    let bot = client
        .create_agent_bot()
        .account_id(ACCOUNT)
        .body(types::AgentBotCreateUpdatePayload {
            name: Some("Triage Bot".into()),
            description: Some("Routes new conversations to the right team".into()),
            outgoing_url: Some("https://bots.acme.test/triage".into()),
            bot_type: Some(0),
            ..Default::default()
        })
        .send()
        .await
        .expect("create agent bot")
        .into_inner();
    create.assert_async().await;
    assert_eq!(bot.id, Some(12));
    assert_eq!(bot.bot_type.as_deref(), Some("webhook"));
    assert_eq!(bot.system_bot, Some(false));
}

#[cfg(all(
    chatwoot_operation = "application::create_agent",
    chatwoot_operation = "application::delete_agent",
    chatwoot_operation = "application::list_agents",
    chatwoot_operation = "application::update_agent"
))]
#[tokio::test]
async fn agents_list_add_update_delete() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/agents")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!([
                agent_json(1, "Ana Admin", "ana@acme.test", "administrator"),
                agent_json(18, "John Doe", "john@acme.test", "agent")
            ]));
        })
        .await;

    let agents = client
        .list_agents()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("list agents")
        .into_inner();
    list.assert_async().await;
    assert_eq!(agents.len(), 2);
    assert_eq!(agents[0].role, Some(types::AgentRole::Administrator));
    assert_eq!(agents[1].id, Some(18));
    assert_eq!(agents[1].account_id, Some(7));
    assert_eq!(agents[1].email.as_deref(), Some("john@acme.test"));
    assert_eq!(agents[1].role, Some(types::AgentRole::Agent));
    assert_eq!(
        agents[1].availability_status,
        Some(types::Availability::Online)
    );
    assert_eq!(agents[1].confirmed, Some(true));

    let add = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/agents")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "name": "Maria Lopez",
                    "email": "maria.lopez@acme.test",
                    "role": "agent",
                    "auto_offline": false
                }));
            then.status(200).json_body(json!({
                "id": 19,
                "account_id": 7,
                "availability_status": "offline",
                "auto_offline": false,
                "confirmed": false,
                "email": "maria.lopez@acme.test",
                "available_name": "Maria Lopez",
                "name": "Maria Lopez",
                "role": "agent",
                "thumbnail": "",
                "custom_role_id": null
            }));
        })
        .await;

    let agent = client
        .create_agent()
        .account_id(ACCOUNT)
        .body(types::AgentCreatePayload {
            name: "Maria Lopez".into(),
            email: "maria.lopez@acme.test".into(),
            role: types::AgentRole::Agent,
            availability: None,
            auto_offline: Some(false),
        })
        .send()
        .await
        .expect("add agent")
        .into_inner();
    add.assert_async().await;
    assert_eq!(agent.id, Some(19));
    assert_eq!(agent.confirmed, Some(false));
    assert_eq!(
        agent.availability_status,
        Some(types::Availability::Offline)
    );

    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/7/agents/19")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                // The server reads `availability`, not the documented
                // `availability_status` (fixup agent-request-availability).
                .json_body(json!({ "role": "administrator", "availability": "busy" }));
            then.status(200).json_body(json!({
                "id": 19,
                "account_id": 7,
                "availability_status": "busy",
                "auto_offline": false,
                "confirmed": true,
                "email": "maria.lopez@acme.test",
                "available_name": "Maria Lopez",
                "name": "Maria Lopez",
                "role": "administrator",
                "thumbnail": "",
                "custom_role_id": null
            }));
        })
        .await;

    let updated = client
        .update_agent()
        .account_id(ACCOUNT)
        .id(19)
        .body(types::AgentUpdatePayload {
            role: types::AgentRole::Administrator,
            availability: Some(types::Availability::Busy),
            auto_offline: None,
        })
        .send()
        .await
        .expect("update agent")
        .into_inner();
    update.assert_async().await;
    assert_eq!(updated.role, Some(types::AgentRole::Administrator));
    assert_eq!(updated.availability_status, Some(types::Availability::Busy));

    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accounts/7/agents/19")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200);
        })
        .await;

    let deleted = client
        .delete_agent()
        .account_id(ACCOUNT)
        .id(19)
        .send()
        .await
        .expect("delete agent");
    delete.assert_async().await;
    assert_eq!(deleted.status().as_u16(), 200);
}

#[cfg(all(
    chatwoot_operation = "application::create_canned_response",
    chatwoot_operation = "application::list_canned_responses"
))]
#[tokio::test]
async fn canned_responses_list_and_create() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/canned_responses")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!([{
                "id": 5,
                "account_id": 7,
                "short_code": "refund",
                "content": "Your refund has been processed and should arrive within 5 business days.",
                "created_at": "2024-03-02T10:00:00.000Z",
                "updated_at": "2024-03-05T16:30:12.000Z"
            }]));
        })
        .await;

    let responses = client
        .list_canned_responses()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("list canned responses")
        .into_inner();
    list.assert_async().await;
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0].id, Some(5));
    assert_eq!(responses[0].account_id, Some(7));
    assert_eq!(responses[0].short_code.as_deref(), Some("refund"));
    assert_eq!(
        responses[0]
            .created_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .as_deref(),
        Some("2024-03-02T10:00:00.000Z")
    );

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/canned_responses")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "short_code": "greeting",
                    "content": "Hello {{contact.name}}, how can we help you today?"
                }));
            then.status(200).json_body(json!({
                "id": 6,
                "account_id": 7,
                "short_code": "greeting",
                "content": "Hello {{contact.name}}, how can we help you today?",
                "created_at": "2024-03-11T09:00:00.000Z",
                "updated_at": "2024-03-11T09:00:00.000Z"
            }));
        })
        .await;

    let created = client
        .create_canned_response()
        .account_id(ACCOUNT)
        .body(types::CannedResponseCreateUpdatePayload {
            short_code: Some("greeting".into()),
            content: Some("Hello {{contact.name}}, how can we help you today?".into()),
        })
        .send()
        .await
        .expect("create canned response")
        .into_inner();
    create.assert_async().await;
    assert_eq!(created.id, Some(6));
    assert_eq!(created.short_code.as_deref(), Some("greeting"));
    assert_eq!(
        created.content.as_deref(),
        Some("Hello {{contact.name}}, how can we help you today?")
    );
}

#[cfg(all(
    chatwoot_operation = "application::create_custom_attribute",
    chatwoot_operation = "application::list_custom_attributes"
))]
#[tokio::test]
async fn custom_attributes_list_and_create() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/custom_attribute_definitions")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("attribute_model", "1")]));
            then.status(200).json_body(json!([{
                "id": 4,
                "attribute_display_name": "Plan",
                "attribute_display_type": "list",
                "attribute_description": "Subscription plan of the contact",
                "attribute_key": "plan",
                "regex_pattern": null,
                "regex_cue": null,
                // Upstream always sends `attribute_values` as a list
                // (`["free", "pro", "enterprise"]`); the spec types it as a
                // string, so a real list does not decode and the mock
                // leaves it out.
                "attribute_model": "contact_attribute",
                "default_value": null,
                "created_at": "2024-03-02T10:00:00.000Z",
                "updated_at": "2024-03-02T10:00:00.000Z"
            }]));
        })
        .await;

    let attributes = client
        .list_custom_attributes()
        .account_id(ACCOUNT)
        .attribute_model(types::ListCustomAttributesAttributeModel::X1)
        .send()
        .await
        .expect("list custom attributes")
        .into_inner();
    list.assert_async().await;
    assert_eq!(attributes.len(), 1);
    assert_eq!(attributes[0].id, Some(4));
    assert_eq!(attributes[0].attribute_key.as_deref(), Some("plan"));
    assert_eq!(
        attributes[0].attribute_display_type.as_deref(),
        Some("list")
    );
    assert_eq!(
        attributes[0].attribute_model.as_deref(),
        Some("contact_attribute")
    );

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/custom_attribute_definitions")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "attribute_display_name": "Order number",
                    "attribute_display_type": 0,
                    "attribute_description": "Order the conversation is about",
                    "attribute_key": "order_number",
                    "attribute_model": 0,
                    "regex_pattern": "^ORD-[0-9]+$",
                    "regex_cue": "Use the ORD-123 format"
                }));
            then.status(200).json_body(json!({
                "id": 9,
                "attribute_display_name": "Order number",
                "attribute_display_type": "text",
                "attribute_description": "Order the conversation is about",
                "attribute_key": "order_number",
                "regex_pattern": "^ORD-[0-9]+$",
                "regex_cue": "Use the ORD-123 format",
                // `attribute_values: []` left out: see above.
                "attribute_model": "conversation_attribute",
                "default_value": null,
                "created_at": "2024-03-11T09:00:00.000Z",
                "updated_at": "2024-03-11T09:00:00.000Z"
            }));
        })
        .await;

    let created = client
        .create_custom_attribute()
        .account_id(ACCOUNT)
        .body(types::CustomAttributeCreateUpdatePayload {
            attribute_display_name: Some("Order number".into()),
            attribute_display_type: Some(0),
            attribute_description: Some("Order the conversation is about".into()),
            attribute_key: Some("order_number".into()),
            attribute_model: Some(0),
            regex_pattern: Some("^ORD-[0-9]+$".into()),
            regex_cue: Some("Use the ORD-123 format".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect("create custom attribute")
        .into_inner();
    create.assert_async().await;
    assert_eq!(created.id, Some(9));
    assert_eq!(created.attribute_key.as_deref(), Some("order_number"));
    assert_eq!(created.regex_pattern.as_deref(), Some("^ORD-[0-9]+$"));
}

#[cfg(all(
    chatwoot_operation = "application::create_contact",
    chatwoot_operation = "application::filter_contacts",
    chatwoot_operation = "application::get_contact",
    chatwoot_operation = "application::search_contacts"
))]
#[tokio::test]
async fn contacts_create_search_filter_and_show() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/contacts")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    // `inbox_id` is a `number` in the spec; normalization makes ids integers.
                    "inbox_id": 3,
                    "name": "Maria Silva",
                    "email": "maria@example.com",
                    "phone_number": "+351912345678",
                    "identifier": "crm-1042",
                    "custom_attributes": { "plan": "pro" },
                    "additional_attributes": { "city": "Lisbon" }
                }));
            // What the server renders (contacts/create.json.jbuilder); the
            // spec's `extended_contact` is corrected by a fixup.
            then.status(200).json_body(json!({
                "payload": {
                    "contact": contact_json(),
                    "contact_inbox": {
                        "inbox": { "id": 3, "name": "Website", "channel_type": "Channel::WebWidget" },
                        "source_id": "b1f0c7a2-5d1e-4c3b-9a8f-2e6d7c4b1a90"
                    }
                }
            }));
        })
        .await;

    let mut custom_attributes = serde_json::Map::new();
    custom_attributes.insert("plan".into(), json!("pro"));
    let mut additional_attributes = serde_json::Map::new();
    additional_attributes.insert("city".into(), json!("Lisbon"));
    let created = client
        .create_contact()
        .account_id(ACCOUNT)
        .body(types::ContactCreatePayload {
            inbox_id: 3,
            name: Some("Maria Silva".into()),
            email: Some("maria@example.com".into()),
            phone_number: Some("+351912345678".into()),
            identifier: Some("crm-1042".into()),
            custom_attributes,
            additional_attributes,
            avatar: None,
            avatar_url: None,
            blocked: None,
        })
        .send()
        .await
        .expect("create contact")
        .into_inner();
    create.assert_async().await;
    let payload = created.payload.expect("payload");
    let contact_inbox = payload.contact_inbox.expect("contact_inbox");
    assert_eq!(
        contact_inbox.source_id.as_deref(),
        Some("b1f0c7a2-5d1e-4c3b-9a8f-2e6d7c4b1a90")
    );
    assert_eq!(
        contact_inbox.inbox.and_then(|i| i.get("name").cloned()),
        Some(json!("Website"))
    );
    let contact = payload.contact.expect("contact");
    assert_eq!(contact.id, Some(42));
    assert_eq!(contact.email.as_deref(), Some("maria@example.com"));
    assert_eq!(contact.identifier.as_deref(), Some("crm-1042"));
    assert_eq!(contact.custom_attributes.get("plan"), Some(&json!("pro")));
    assert_eq!(contact.contact_inboxes.len(), 1);
    assert_eq!(
        contact.contact_inboxes[0]
            .inbox
            .as_ref()
            .and_then(|i| i.name.as_deref()),
        Some("Website")
    );

    let search = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/contacts/search")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[
                    ("q", "maria@example.com"),
                    ("page", "1"),
                    ("sort", "-last_activity_at"),
                ]));
            then.status(200).json_body(json!({
                "meta": { "count": 1, "current_page": "1" },
                "payload": [contact_json()]
            }));
        })
        .await;

    let found = client
        .search_contacts()
        .account_id(ACCOUNT)
        .q("maria@example.com")
        .page(1)
        .sort(types::SearchContactsSort::XlastXactivityXat)
        .send()
        .await
        .expect("search contacts")
        .into_inner();
    search.assert_async().await;
    let meta = found.meta.expect("meta");
    assert_eq!(meta.count, Some(1));
    assert_eq!(
        meta.current_page,
        Some(types::ContactMetaCurrentPage::String("1".into()))
    );
    assert_eq!(found.payload.len(), 1);
    let hit = &found.payload[0];
    assert_eq!(hit.id, Some(42));
    assert_eq!(hit.name.as_deref(), Some("Maria Silva"));
    assert_eq!(hit.phone_number.as_deref(), Some("+351912345678"));
    assert_eq!(
        hit.availability_status,
        Some(types::ContactAvailabilityStatus::Offline)
    );
    assert_eq!(hit.last_activity_at, Some(unix(1_710_150_942)));
    assert_eq!(
        hit.additional_attributes
            .as_ref()
            .and_then(|a| a.city.as_deref()),
        Some("Lisbon")
    );
    assert_eq!(
        hit.contact_inboxes[0].source_id.as_deref(),
        Some("6f2d6c0e-3f9b-4b8e-a1d2-7c9e8f1a2b3c")
    );

    let filter = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/contacts/filter")
                .header("api-access-token", TOKEN)
                // `page` is a `number` in the spec; normalization makes it an integer.
                .is_true(query_is(&[("page", "2")]))
                .json_body(json!({
                    "payload": [
                        {
                            "attribute_key": "email",
                            "filter_operator": "contains",
                            "values": ["example.com"],
                            "query_operator": "AND"
                        },
                        {
                            "attribute_key": "country_code",
                            "filter_operator": "equal_to",
                            "values": ["PT"]
                        }
                    ]
                }));
            then.status(200).json_body(json!({
                "meta": { "count": 26, "current_page": 2 },
                "payload": [contact_json()]
            }));
        })
        .await;

    let filtered = client
        .filter_contacts()
        .account_id(ACCOUNT)
        .page(2)
        .body(types::FilterContactsBody {
            payload: vec![
                types::FilterContactsBodyPayloadItem {
                    attribute_key: Some("email".into()),
                    filter_operator: Some(types::FilterOperator::Contains),
                    values: vec!["example.com".into()],
                    query_operator: Some(types::QueryOperator::And),
                },
                types::FilterContactsBodyPayloadItem {
                    attribute_key: Some("country_code".into()),
                    filter_operator: Some(types::FilterOperator::EqualTo),
                    values: vec!["PT".into()],
                    query_operator: None,
                },
            ],
        })
        .send()
        .await
        .expect("filter contacts")
        .into_inner();
    filter.assert_async().await;
    let meta = filtered.meta.expect("meta");
    assert_eq!(meta.count, Some(26));
    assert_eq!(
        meta.current_page,
        Some(types::ContactMetaCurrentPage::Integer(2))
    );
    assert_eq!(filtered.payload[0].id, Some(42));

    let show = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/contacts/42")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200)
                .json_body(json!({ "payload": contact_json() }));
        })
        .await;

    let details = client
        .get_contact()
        .account_id(ACCOUNT)
        .id(42)
        .send()
        .await
        .expect("contact details")
        .into_inner();
    show.assert_async().await;
    let contact = details.payload.expect("payload");
    assert_eq!(contact.id, Some(42));
    assert_eq!(contact.blocked, Some(false));
    assert_eq!(contact.created_at, Some(unix(1_709_251_200)));
    assert_eq!(contact.custom_attributes.get("plan"), Some(&json!("pro")));
}

#[cfg(all(
    chatwoot_operation = "application::add_contact_labels",
    chatwoot_operation = "application::list_contact_labels"
))]
#[tokio::test]
async fn contact_labels_list_and_add() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/contacts/42/labels")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!({ "payload": ["vip"] }));
        })
        .await;

    let labels = client
        .list_contact_labels()
        .account_id(ACCOUNT)
        .id(42)
        .send()
        .await
        .expect("list contact labels")
        .into_inner();
    list.assert_async().await;
    assert_eq!(labels.payload, vec!["vip".to_string()]);

    let add = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/contacts/42/labels")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "labels": ["vip", "billing"] }));
            then.status(200)
                .json_body(json!({ "payload": ["billing", "vip"] }));
        })
        .await;

    let labels = client
        .add_contact_labels()
        .account_id(ACCOUNT)
        .id(42)
        .body(types::AddContactLabelsBody {
            labels: vec!["vip".into(), "billing".into()],
        })
        .send()
        .await
        .expect("add contact labels")
        .into_inner();
    add.assert_async().await;
    assert_eq!(
        labels.payload,
        vec!["billing".to_string(), "vip".to_string()]
    );
}

#[cfg(all(
    chatwoot_operation = "application::create_automation_rule",
    chatwoot_operation = "application::list_automation_rules"
))]
#[tokio::test]
async fn automation_rules_list_and_create() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/automation_rules")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("page", "1")]));
            then.status(200).json_body(json!({
                "payload": [{
                    "id": 14,
                    "account_id": 7,
                    "name": "Tag billing conversations",
                    "description": "Adds the billing label when a message mentions an invoice",
                    "event_name": "message_created",
                    "conditions": [{
                        "attribute_key": "content",
                        "filter_operator": "contains",
                        "values": ["invoice"],
                        "query_operator": null
                    }],
                    // The spec types `action_params` as strings; actions that
                    // take ids (`assign_team`, `assign_agent`: `[2]`) do not
                    // decode, so this rule only uses string parameters.
                    "actions": [
                        { "action_name": "add_label", "action_params": ["billing"] },
                        { "action_name": "send_message", "action_params": ["We will check your invoice."] }
                    ],
                    "created_on": 1_709_800_000,
                    "active": true
                }]
            }));
        })
        .await;

    let rules = client
        .list_automation_rules()
        .account_id(ACCOUNT)
        .page(1)
        .send()
        .await
        .expect("list automation rules")
        .into_inner();
    list.assert_async().await;
    let Some(types::AutomationRulePayload::Array(rules)) = rules.payload else {
        panic!(
            "expected a list of automation rules, got {:?}",
            rules.payload
        );
    };
    assert_eq!(rules.len(), 1);
    let rule = &rules[0];
    assert_eq!(rule.id, Some(14));
    assert_eq!(rule.name.as_deref(), Some("Tag billing conversations"));
    assert_eq!(
        rule.event_name,
        Some(types::AutomationRuleItemEventName::MessageCreated)
    );
    assert_eq!(rule.active, Some(true));
    assert_eq!(rule.created_on, Some(1_709_800_000));
    assert_eq!(rule.conditions[0].attribute_key.as_deref(), Some("content"));
    assert_eq!(rule.conditions[0].values, vec!["invoice".to_string()]);
    assert_eq!(rule.actions[0].action_name.as_deref(), Some("add_label"));
    assert_eq!(rule.actions[0].action_params, vec!["billing".to_string()]);
    assert_eq!(rule.actions[1].action_name.as_deref(), Some("send_message"));

    let condition = json!({
        "attribute_key": "status",
        "filter_operator": "equal_to",
        "values": ["open"],
        "query_operator": null
    });
    let action = json!({ "action_name": "send_message", "action_params": ["We are on it!"] });
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/automation_rules")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "name": "Acknowledge new conversations",
                    "description": "Replies to every new conversation",
                    "event_name": "conversation_created",
                    "active": true,
                    "conditions": [condition.clone()],
                    "actions": [action.clone()]
                }));
            // Upstream's create view renders the rule itself; the spec wraps
            // it in `payload`, so the mock follows the spec.
            then.status(200).json_body(json!({
                "payload": {
                    "id": 15,
                    "account_id": 7,
                    "name": "Acknowledge new conversations",
                    "description": "Replies to every new conversation",
                    "event_name": "conversation_created",
                    "conditions": [condition.clone()],
                    "actions": [action.clone()],
                    "created_on": 1_710_150_942,
                    "active": true
                }
            }));
        })
        .await;

    let as_map = |value: serde_json::Value| match value {
        serde_json::Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    };
    let created = client
        .create_automation_rule()
        .account_id(ACCOUNT)
        .body(types::AutomationRuleCreateUpdatePayload {
            name: Some("Acknowledge new conversations".into()),
            description: Some("Replies to every new conversation".into()),
            event_name: Some(
                types::AutomationRuleCreateUpdatePayloadEventName::ConversationCreated,
            ),
            active: Some(true),
            conditions: vec![as_map(condition.clone())],
            actions: vec![as_map(action.clone())],
        })
        .send()
        .await
        .expect("create automation rule")
        .into_inner();
    create.assert_async().await;
    let Some(types::AutomationRulePayload::AutomationRuleItem(rule)) = created.payload else {
        panic!("expected one automation rule, got {:?}", created.payload);
    };
    assert_eq!(rule.id, Some(15));
    assert_eq!(rule.account_id, Some(7));
    assert_eq!(
        rule.event_name,
        Some(types::AutomationRuleItemEventName::ConversationCreated)
    );
    assert_eq!(rule.conditions[0].values, vec!["open".to_string()]);
    assert_eq!(rule.actions[0].action_name.as_deref(), Some("send_message"));
    assert_eq!(
        rule.actions[0].action_params,
        vec!["We are on it!".to_string()]
    );
}

#[cfg(all(
    chatwoot_operation = "application::create_article",
    chatwoot_operation = "application::list_portals"
))]
#[tokio::test]
async fn help_center_portals_and_articles() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/portals")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!({
                "payload": [{
                    "id": 2,
                    "color": "#1f93ff",
                    "custom_domain": "help.acme.test",
                    "header_text": "How can we help?",
                    "homepage_link": "https://acme.test",
                    "name": "Acme Help Center",
                    "page_title": "Acme Help",
                    "slug": "acme-help",
                    "archived": false,
                    "account_id": 7,
                    "config": {
                        "allowed_locales": [
                            { "code": "en", "articles_count": 12, "categories_count": 3 },
                            { "code": "pt", "articles_count": 4, "categories_count": 1 }
                        ],
                        "default_locale": "en"
                    },
                    "inbox": inbox_json(),
                    "meta": {
                        "all_articles_count": 16,
                        "archived_articles_count": 1,
                        "published_count": 13,
                        "draft_articles_count": 2,
                        "categories_count": 4,
                        "default_locale": "en"
                    }
                }]
            }));
        })
        .await;

    let portals = client
        .list_portals()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("list portals")
        .into_inner();
    list.assert_async().await;
    assert_eq!(portals.payload.len(), 1);
    let portal = &portals.payload[0];
    assert_eq!(portal.id, Some(2));
    assert_eq!(portal.slug.as_deref(), Some("acme-help"));
    assert_eq!(portal.custom_domain.as_deref(), Some("help.acme.test"));
    assert_eq!(portal.archived, Some(false));
    let config = portal.config.as_ref().expect("config");
    assert_eq!(config.allowed_locales.len(), 2);
    assert_eq!(config.allowed_locales[1].code.as_deref(), Some("pt"));
    assert_eq!(config.allowed_locales[0].articles_count, Some(12));
    let meta = portal.meta.as_ref().expect("meta");
    assert_eq!(meta.published_count, Some(13));
    assert_eq!(meta.default_locale.as_deref(), Some("en"));
    assert_eq!(
        portal.inbox.as_ref().and_then(|i| i.name.as_deref()),
        Some("Website")
    );

    let article = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/portals/acme-help/articles")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "title": "Resetting your password",
                    "slug": "resetting-your-password",
                    "content": "Open **Settings** and choose *Reset password*.",
                    "description": "How to get back into your account",
                    "category_id": 3,
                    "author_id": 18,
                    "status": 1,
                    "locale": "en"
                }));
            // Upstream wraps the article in `{"payload": {..}}`, which would decode
            // here as an empty `Article`; the mock follows the spec.
            then.status(200).json_body(json!({
                "id": 57,
                "slug": "resetting-your-password",
                "title": "Resetting your password",
                "content": "Open **Settings** and choose *Reset password*.",
                "status": "published",
                "category_id": 3,
                "portal_id": 2,
                "account_id": 7,
                "author_id": 18,
                "views": 0,
                "position": 10,
                "meta": {}
            }));
        })
        .await;

    let created = client
        .create_article()
        .account_id(ACCOUNT)
        .id("acme-help")
        .body(types::ArticleCreateUpdatePayload {
            title: Some("Resetting your password".into()),
            slug: Some("resetting-your-password".into()),
            content: Some("Open **Settings** and choose *Reset password*.".into()),
            description: Some("How to get back into your account".into()),
            category_id: Some(3),
            author_id: Some(18),
            status: Some(1),
            locale: Some("en".into()),
            ..Default::default()
        })
        .send()
        .await
        .expect("create article")
        .into_inner();
    article.assert_async().await;
    assert_eq!(created.id, Some(57));
    assert_eq!(created.title.as_deref(), Some("Resetting your password"));
    assert_eq!(created.status, Some(types::ArticleStatus::Published));
    assert_eq!(created.portal_id, Some(2));
    assert_eq!(created.author_id, Some(18));
}

#[cfg(all(
    chatwoot_operation = "application::create_conversation",
    chatwoot_operation = "application::filter_conversations",
    chatwoot_operation = "application::get_conversation",
    chatwoot_operation = "application::list_conversations",
    chatwoot_operation = "application::toggle_conversation_status"
))]
#[tokio::test]
async fn conversations_list_filter_create_show_and_toggle() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/conversations")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[
                    ("assignee_type", "me"),
                    ("status", "open"),
                    ("inbox_id", "3"),
                    // A list goes out in Rails' form, `labels[]=`, which the
                    // server reads as a list (plain `labels=` keeps only one).
                    ("labels[]", "billing"),
                    ("labels[]", "vip"),
                    ("page", "2"),
                ]));
            then.status(200).json_body(json!({
                "data": {
                    "meta": {
                        "mine_count": 26,
                        "assigned_count": 31,
                        "unassigned_count": 4,
                        "all_count": 35
                    },
                    "payload": [conversation_json()]
                }
            }));
        })
        .await;

    let conversations = client
        .list_conversations()
        .account_id(ACCOUNT)
        .assignee_type(types::AssigneeTypeFilter::Me)
        .status(types::ConversationStatusFilter::Open)
        .inbox_id(3)
        .labels(vec!["billing".to_string(), "vip".to_string()])
        .page(2)
        .send()
        .await
        .expect("list conversations")
        .into_inner();
    list.assert_async().await;
    let data = conversations.data.expect("data");
    let meta = data.meta.expect("meta");
    assert_eq!(meta.mine_count, Some(26));
    assert_eq!(meta.all_count, Some(35));
    assert_eq!(data.payload.len(), 1);
    let conversation = &data.payload[0];
    assert_eq!(conversation.id, Some(42));
    assert_eq!(conversation.account_id, Some(7));
    assert_eq!(conversation.inbox_id, Some(3));
    assert_eq!(conversation.status, Some(types::ConversationStatus::Open));
    assert_eq!(conversation.labels, vec!["billing", "vip"]);
    assert_eq!(conversation.unread_count, Some(1));
    assert_eq!(conversation.created_at, Some(unix(1_710_149_000)));
    assert_eq!(conversation.snoozed_until, None);
    assert_eq!(
        conversation.uuid.as_deref(),
        Some("2b1f6a53-7f59-4c7e-9d0a-61c38b0a5d8e")
    );
    let meta = conversation.meta.as_ref().expect("conversation meta");
    assert_eq!(meta.channel.as_deref(), Some("Channel::WebWidget"));
    assert_eq!(
        meta.sender.as_ref().and_then(|s| s.email.as_deref()),
        Some("maria@example.com")
    );
    assert_eq!(
        meta.assignee.as_ref().and_then(|a| a.name.as_deref()),
        Some("John Doe")
    );
    assert_eq!(conversation.messages.len(), 1);
    let message = &conversation.messages[0];
    assert_eq!(message.id, Some(1290));
    assert_eq!(message.message_type.as_deref(), Some(&0));
    assert_eq!(message.sender_type, Some(types::MessageSenderType::Contact));
    assert_eq!(
        message.updated_at,
        Some(types::MessageUpdatedAt::String(
            "2024-03-11T09:55:42.318Z".into()
        ))
    );
    assert_eq!(
        conversation
            .last_non_activity_message
            .as_ref()
            .and_then(|m| m.content.as_deref()),
        Some("Hi, I cannot log in to my account.")
    );

    let filter = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/conversations/filter")
                .header("api-access-token", TOKEN)
                // `page` is a `number` in the spec; normalization makes it an integer.
                .is_true(query_is(&[("page", "1")]))
                .json_body(json!({
                    "payload": [
                        {
                            "attribute_key": "status",
                            "filter_operator": "equal_to",
                            "values": ["open", "pending"],
                            "query_operator": "AND"
                        },
                        {
                            "attribute_key": "browser_language",
                            "filter_operator": "not_equal_to",
                            "values": ["en"]
                        }
                    ]
                }));
            // Not wrapped in `data`, unlike the conversation list.
            then.status(200).json_body(json!({
                "meta": { "mine_count": 1, "unassigned_count": 0, "all_count": 1 },
                "payload": [conversation_json()]
            }));
        })
        .await;

    let filtered = client
        .filter_conversations()
        .account_id(ACCOUNT)
        .page(1)
        .body(types::FilterConversationsBody {
            payload: vec![
                types::FilterConversationsBodyPayloadItem {
                    attribute_key: Some("status".into()),
                    filter_operator: Some(types::FilterOperator::EqualTo),
                    values: vec!["open".into(), "pending".into()],
                    query_operator: Some(types::QueryOperator::And),
                },
                types::FilterConversationsBodyPayloadItem {
                    attribute_key: Some("browser_language".into()),
                    filter_operator: Some(types::FilterOperator::NotEqualTo),
                    values: vec!["en".into()],
                    query_operator: None,
                },
            ],
        })
        .send()
        .await
        .expect("filter conversations")
        .into_inner();
    filter.assert_async().await;
    assert_eq!(filtered.meta.and_then(|m| m.all_count), Some(1));
    assert_eq!(filtered.payload[0].id, Some(42));

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/conversations")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "source_id": "6f2d6c0e-3f9b-4b8e-a1d2-7c9e8f1a2b3c",
                    "inbox_id": 3,
                    "contact_id": 42,
                    "assignee_id": 18,
                    "status": "pending",
                    "message": { "content": "Following up on your order ORD-1042." }
                }));
            let mut created = conversation_json();
            created["id"] = json!(43);
            created["status"] = json!("pending");
            then.status(200).json_body(created);
        })
        .await;

    let created = client
        .create_conversation()
        .account_id(ACCOUNT)
        .body(types::ConversationCreatePayload {
            source_id: "6f2d6c0e-3f9b-4b8e-a1d2-7c9e8f1a2b3c".into(),
            inbox_id: Some(3),
            contact_id: Some(42),
            assignee_id: Some(18),
            status: Some(types::ConversationCreatePayloadStatus::Pending),
            message: Some(types::ConversationCreatePayloadMessage {
                content: "Following up on your order ORD-1042.".into(),
                template_params: None,
            }),
            additional_attributes: Default::default(),
            custom_attributes: Default::default(),
            snoozed_until: None,
            team_id: None,
        })
        .send()
        .await
        .expect("create conversation")
        .into_inner();
    create.assert_async().await;
    assert_eq!(created.id, Some(43));
    assert_eq!(created.account_id, Some(7));
    assert_eq!(created.inbox_id, Some(3));

    let show = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/conversations/42")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(conversation_json());
        })
        .await;

    let shown = client
        .get_conversation()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .send()
        .await
        .expect("conversation details")
        .into_inner();
    show.assert_async().await;
    assert_eq!(shown.id, Some(42));
    assert_eq!(shown.status, Some(types::ConversationStatus::Open));
    assert_eq!(shown.can_reply, Some(true));
    assert_eq!(shown.muted, Some(false));
    assert_eq!(shown.first_reply_created_at, Some(unix(1_710_149_500)));
    assert_eq!(
        shown.additional_attributes.get("referer"),
        Some(&json!("https://acme.test/pricing"))
    );

    let toggle = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/conversations/42/toggle_status")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "status": "resolved" }));
            then.status(200).json_body(json!({
                "meta": {},
                "payload": {
                    "success": true,
                    "conversation_id": 42,
                    "current_status": "resolved",
                    "snoozed_until": null
                }
            }));
        })
        .await;

    let toggled = client
        .toggle_conversation_status()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .body(types::ToggleConversationStatusBody {
            status: types::ConversationStatus::Resolved,
            snoozed_until: None,
        })
        .send()
        .await
        .expect("toggle status")
        .into_inner();
    toggle.assert_async().await;
    let payload = toggled.payload.expect("payload");
    assert_eq!(payload.success, Some(true));
    assert_eq!(payload.conversation_id, Some(42));
    assert_eq!(
        payload.current_status,
        Some(types::ConversationStatus::Resolved)
    );
}

#[cfg(chatwoot_operation = "application::assign_conversation")]
#[tokio::test]
async fn conversation_assignment() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/conversations/42/assignments")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                // `assignee_id` is a `number` in the spec; normalization makes ids integers.
                .json_body(json!({ "assignee_id": 18 }));
            then.status(200)
                .json_body(agent_json(18, "John Doe", "john@acme.test", "agent"));
        })
        .await;

    let assignee = client
        .assign_conversation()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .body(types::AssignConversationBody {
            assignee_id: Some(18),
            team_id: None,
        })
        .send()
        .await
        .expect("assign conversation")
        .into_inner()
        .expect("an agent, not null");
    mock.assert_async().await;
    assert_eq!(assignee.id, Some(18));
    assert_eq!(assignee.name.as_deref(), Some("John Doe"));
    assert_eq!(assignee.email.as_deref(), Some("john@acme.test"));
    assert_eq!(assignee.role, Some(types::AgentRole::Agent));
}

#[cfg(all(
    chatwoot_operation = "application::add_inbox_agents",
    chatwoot_operation = "application::get_inbox",
    chatwoot_operation = "application::list_inboxes"
))]
#[tokio::test]
async fn inboxes_list_show_and_members() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/inboxes")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200)
                .json_body(json!({ "payload": [inbox_json()] }));
        })
        .await;

    let inboxes = client
        .list_inboxes()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("list inboxes")
        .into_inner();
    list.assert_async().await;
    assert_eq!(inboxes.payload.len(), 1);
    let inbox = &inboxes.payload[0];
    assert_eq!(inbox.id, Some(3));
    assert_eq!(inbox.name.as_deref(), Some("Website"));
    assert_eq!(inbox.channel_type.as_deref(), Some("Channel::WebWidget"));
    assert_eq!(inbox.website_token.as_deref(), Some("x3kD8mZq1vB7nY2c"));
    assert_eq!(inbox.enable_auto_assignment, Some(true));
    assert_eq!(inbox.working_hours.len(), 1);
    assert_eq!(inbox.working_hours[0].open_hour, Some(9));
    assert_eq!(
        inbox.selected_feature_flags.as_deref(),
        Some(
            &[
                "attachments".to_string(),
                "emoji_picker".to_string(),
                "end_conversation".to_string()
            ][..]
        )
    );

    let show = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/inboxes/3")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(inbox_json());
        })
        .await;

    let inbox = client
        .get_inbox()
        .account_id(ACCOUNT)
        .id(3)
        .send()
        .await
        .expect("inbox details")
        .into_inner();
    show.assert_async().await;
    assert_eq!(inbox.id, Some(3));
    assert_eq!(inbox.timezone.as_deref(), Some("Europe/Lisbon"));
    assert_eq!(inbox.reply_time.as_deref(), Some("in_a_few_minutes"));

    let add = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/inbox_members")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "inbox_id": 3, "user_ids": [18, 19] }));
            then.status(200).json_body(json!({
                "payload": [
                    agent_json(18, "John Doe", "john@acme.test", "agent"),
                    agent_json(19, "Maria Lopez", "maria.lopez@acme.test", "agent")
                ]
            }));
        })
        .await;

    let members = client
        .add_inbox_agents()
        .account_id(ACCOUNT)
        .body(types::AddInboxAgentsBody {
            inbox_id: 3,
            user_ids: vec![18, 19],
        })
        .send()
        .await
        .expect("add inbox members")
        .into_inner();
    add.assert_async().await;
    let ids: Vec<_> = members.payload.iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![Some(18), Some(19)]);
}

#[cfg(all(
    chatwoot_operation = "application::create_label",
    chatwoot_operation = "application::list_labels"
))]
#[tokio::test]
async fn labels_list_and_create() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/labels")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!({
                "payload": [
                    {
                        "id": 1,
                        "title": "billing",
                        "description": "Payments and invoices",
                        "color": "#FF6B6B",
                        "show_on_sidebar": true
                    },
                    {
                        "id": 2,
                        "title": "vip",
                        "description": "",
                        "color": "#F5A623",
                        "show_on_sidebar": false
                    }
                ]
            }));
        })
        .await;

    let labels = client
        .list_labels()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("list labels")
        .into_inner();
    list.assert_async().await;
    assert_eq!(labels.payload.len(), 2);
    assert_eq!(labels.payload[0].id, Some(1));
    assert_eq!(labels.payload[0].title.as_deref(), Some("billing"));
    assert_eq!(labels.payload[0].color.as_deref(), Some("#FF6B6B"));
    assert_eq!(labels.payload[1].show_on_sidebar, Some(false));

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/labels")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "title": "refund",
                    "description": "Refund requests",
                    "color": "#4A90E2",
                    "show_on_sidebar": true
                }));
            then.status(200).json_body(json!({
                "id": 3,
                "title": "refund",
                "description": "Refund requests",
                "color": "#4A90E2",
                "show_on_sidebar": true
            }));
        })
        .await;

    let label = client
        .create_label()
        .account_id(ACCOUNT)
        .body(types::LabelCreateUpdatePayload {
            title: Some("refund".into()),
            description: Some("Refund requests".into()),
            color: Some("#4A90E2".into()),
            show_on_sidebar: Some(true),
        })
        .send()
        .await
        .expect("create label")
        .into_inner();
    create.assert_async().await;
    assert_eq!(label.id, Some(3));
    assert_eq!(label.title.as_deref(), Some("refund"));
    assert_eq!(label.show_on_sidebar, Some(true));
}

#[cfg(all(
    chatwoot_operation = "application::create_message",
    chatwoot_operation = "application::delete_message",
    chatwoot_operation = "application::list_messages"
))]
#[tokio::test]
async fn messages_list_create_and_delete() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/conversations/42/messages")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("before", "1291")]));
            then.status(200).json_body(json!({
                "meta": {
                    "labels": ["billing"],
                    "additional_attributes": {},
                    "contact": {
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
                    },
                    "assignee": agent_json(18, "John Doe", "john@acme.test", "agent"),
                    "agent_last_seen_at": "2024-03-11T09:50:00.000Z",
                    "assignee_last_seen_at": "2024-03-11T09:50:00.000Z"
                },
                "payload": [message_json()]
            }));
        })
        .await;

    let messages = client
        .list_messages()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .before(1291)
        .send()
        .await
        .expect("list messages")
        .into_inner();
    list.assert_async().await;
    let meta = messages.meta.expect("meta");
    assert_eq!(meta.labels, vec!["billing"]);
    assert_eq!(
        meta.assignee.as_ref().and_then(|a| a.name.as_deref()),
        Some("John Doe")
    );
    assert_eq!(
        meta.agent_last_seen_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-11T09:50:00+00:00")
    );
    assert_eq!(messages.payload.len(), 1);
    let message = &messages.payload[0];
    assert_eq!(message.id, Some(1290));
    assert_eq!(message.conversation_id, Some(42));
    assert_eq!(message.message_type.as_deref(), Some(&0));
    assert_eq!(message.content_type, Some(types::MessageContentType::Text));
    assert_eq!(message.status, Some(types::MessageStatus::Sent));
    assert_eq!(message.created_at, Some(unix(1_710_150_942)));
    assert_eq!(
        message.sender.as_ref().and_then(|s| s.name.as_deref()),
        Some("Maria Silva")
    );

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/conversations/42/messages")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "content": "You can reset your password from the login page.",
                    "message_type": "outgoing",
                    "private": false,
                    "content_type": "text"
                }));
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
                    "available_name": "John Doe",
                    "avatar_url": "",
                    "type": "user",
                    "availability_status": "online",
                    "thumbnail": ""
                }
            }));
        })
        .await;

    let created = client
        .create_message()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .body(types::ConversationMessageCreatePayload {
            content: "You can reset your password from the login page.".into(),
            message_type: Some(types::MessageType::Outgoing),
            private: Some(false),
            content_type: Some(types::ConversationMessageCreatePayloadContentType::Text),
            content_attributes: Default::default(),
            campaign_id: None,
            template_params: None,
        })
        .send()
        .await
        .expect("create message")
        .into_inner();
    create.assert_async().await;
    assert_eq!(created.id, Some(1291));
    assert_eq!(created.message_type.as_deref(), Some(&1));
    assert_eq!(created.private, Some(false));
    assert_eq!(
        created.content.as_deref(),
        Some("You can reset your password from the login page.")
    );
    assert_eq!(
        created.sender.as_ref().and_then(|s| s.type_.clone()),
        Some(types::MessageSenderKind::User)
    );

    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/api/v1/accounts/7/conversations/42/messages/1291")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!({
                "id": 1291,
                "content": "This message was deleted",
                "content_attributes": { "deleted": true }
            }));
        })
        .await;

    let deleted = client
        .delete_message()
        .account_id(ACCOUNT)
        .conversation_id(42)
        .message_id(1291)
        .send()
        .await
        .expect("delete message");
    delete.assert_async().await;
    assert_eq!(deleted.status().as_u16(), 200);
}

#[cfg(all(
    chatwoot_operation = "application::create_integration_hook",
    chatwoot_operation = "application::list_integrations"
))]
#[tokio::test]
async fn integrations_apps_and_hooks() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let apps = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/integrations/apps")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!({
                "payload": [
                    {
                        "id": "webhook",
                        "name": "Webhooks",
                        "description": "Send events to your own endpoints",
                        "enabled": true,
                        "hooks": []
                    },
                    {
                        "id": "dialogflow",
                        "name": "Dialogflow",
                        "description": "Build chatbots using Dialogflow",
                        "enabled": false,
                        "hook_type": "inbox",
                        "allow_multiple_hooks": true,
                        "hooks": []
                    }
                ]
            }));
        })
        .await;

    let listed = client
        .list_integrations()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("list integrations")
        .into_inner();
    apps.assert_async().await;
    assert_eq!(listed.payload.len(), 2);
    assert_eq!(listed.payload[0].id.as_deref(), Some("webhook"));
    assert_eq!(listed.payload[0].enabled, Some(true));
    assert_eq!(listed.payload[1].name.as_deref(), Some("Dialogflow"));
    assert_eq!(listed.payload[1].hook_type.as_deref(), Some("inbox"));
    assert_eq!(listed.payload[1].allow_multiple_hooks, Some(true));

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/integrations/hooks")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "app_id": 2,
                    "inbox_id": 3,
                    "status": 1,
                    "settings": { "project_id": "acme-support-bot" }
                }));
            // Upstream sends `id` and `account_id` as numbers and `hook_type`
            // as "inbox"/"account"; the spec types them as strings and a
            // boolean, so the mock follows the spec.
            then.status(200).json_body(json!({
                "id": "21",
                "app_id": "dialogflow",
                "status": true,
                "inbox": { "id": 3, "name": "Website" },
                "account_id": "7",
                "settings": { "project_id": "acme-support-bot" }
            }));
        })
        .await;

    let mut settings = serde_json::Map::new();
    settings.insert("project_id".into(), json!("acme-support-bot"));
    let hook = client
        .create_integration_hook()
        .account_id(ACCOUNT)
        .body(types::IntegrationsHookCreatePayload {
            app_id: Some(2),
            inbox_id: Some(3),
            status: Some(1),
            settings,
        })
        .send()
        .await
        .expect("create integration hook")
        .into_inner();
    create.assert_async().await;
    assert_eq!(hook.id.as_deref(), Some("21"));
    assert_eq!(hook.app_id.as_deref(), Some("dialogflow"));
    assert_eq!(hook.status, Some(true));
    assert_eq!(hook.account_id.as_deref(), Some("7"));
    assert_eq!(
        hook.settings.get("project_id"),
        Some(&json!("acme-support-bot"))
    );
}

/// The profile as `api/v1/models/_user` renders it.
fn profile_json(name: &str, display_name: &str) -> serde_json::Value {
    json!({
        "access_token": "test-token-5f2c",
        "account_id": 7,
        "available_name": display_name,
        "avatar_url": "",
        "confirmed": true,
        "display_name": display_name,
        "message_signature": "John from Acme Support",
        "email": "john@acme.test",
        "id": 18,
        "inviter_id": 1,
        "name": name,
        "provider": "email",
        "pubsub_token": "Zm9vYmFyYmF6cXV4",
        "role": "agent",
        "ui_settings": { "is_contact_sidebar_open": true },
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
    })
}

#[cfg(all(
    chatwoot_operation = "application::get_profile",
    chatwoot_operation = "application::update_profile"
))]
#[tokio::test]
async fn profile_fetch_and_update() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let fetch = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/profile")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(profile_json("John Doe", "John"));
        })
        .await;

    let profile = client
        .get_profile()
        .send()
        .await
        .expect("fetch profile")
        .into_inner();
    fetch.assert_async().await;
    assert_eq!(profile.id, Some(18));
    assert_eq!(profile.email.as_deref(), Some("john@acme.test"));
    assert_eq!(profile.role, Some(types::AgentRole::Agent));
    assert_eq!(profile.type_.as_deref(), Some("User"));
    assert_eq!(profile.accounts.len(), 1);
    let account = &profile.accounts[0];
    assert_eq!(account.id, Some(7));
    assert_eq!(account.role, Some(types::AgentRole::Agent));
    assert_eq!(account.permissions, vec!["agent"]);
    assert_eq!(
        account.active_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-11T09:40:00+00:00")
    );

    let update = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/api/v1/profile")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "profile": {
                        "name": "John A. Doe",
                        "display_name": "Johnny",
                        "message_signature": "John from Acme Support"
                    }
                }));
            then.status(200)
                .json_body(profile_json("John A. Doe", "Johnny"));
        })
        .await;

    let updated = client
        .update_profile()
        .body(types::UpdateProfileBody {
            profile: types::UpdateProfileBodyProfile {
                name: Some("John A. Doe".into()),
                display_name: Some("Johnny".into()),
                message_signature: Some("John from Acme Support".into()),
                ..Default::default()
            },
        })
        .send()
        .await
        .expect("update profile")
        .into_inner();
    update.assert_async().await;
    assert_eq!(updated.name.as_deref(), Some("John A. Doe"));
    assert_eq!(updated.display_name.as_deref(), Some("Johnny"));
    assert_eq!(updated.available_name.as_deref(), Some("Johnny"));
}

#[cfg(all(
    chatwoot_operation = "application::add_team_agents",
    chatwoot_operation = "application::create_team",
    chatwoot_operation = "application::list_teams"
))]
#[tokio::test]
async fn teams_list_create_and_add_members() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/teams")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            then.status(200).json_body(json!([{
                "id": 2,
                "name": "billing",
                "description": "Payments, invoices and refunds",
                "allow_auto_assign": true,
                "account_id": 7,
                "is_member": true
            }]));
        })
        .await;

    let teams = client
        .list_teams()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("list teams")
        .into_inner();
    list.assert_async().await;
    assert_eq!(teams.len(), 1);
    assert_eq!(teams[0].id, Some(2));
    assert_eq!(teams[0].name.as_deref(), Some("billing"));
    assert_eq!(teams[0].is_member, Some(true));

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/teams")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "name": "onboarding",
                    "description": "Helps new customers get started",
                    "allow_auto_assign": false
                }));
            then.status(200).json_body(json!({
                "id": 5,
                "name": "onboarding",
                "description": "Helps new customers get started",
                "allow_auto_assign": false,
                "account_id": 7,
                "is_member": false
            }));
        })
        .await;

    let team = client
        .create_team()
        .account_id(ACCOUNT)
        .body(types::TeamCreateUpdatePayload {
            name: Some("onboarding".into()),
            description: Some("Helps new customers get started".into()),
            allow_auto_assign: Some(false),
        })
        .send()
        .await
        .expect("create team")
        .into_inner();
    create.assert_async().await;
    assert_eq!(team.id, Some(5));
    assert_eq!(team.allow_auto_assign, Some(false));
    assert_eq!(team.account_id, Some(7));

    let add = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/teams/5/team_members")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({ "user_ids": [18] }));
            then.status(200).json_body(json!([agent_json(
                18,
                "John Doe",
                "john@acme.test",
                "agent"
            )]));
        })
        .await;

    let members = client
        .add_team_agents()
        .account_id(ACCOUNT)
        .team_id(5)
        .body(types::AddTeamAgentsBody { user_ids: vec![18] })
        .send()
        .await
        .expect("add team members")
        .into_inner();
    add.assert_async().await;
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].id, Some(18));
    assert_eq!(members[0].name.as_deref(), Some("John Doe"));
}

#[cfg(all(
    chatwoot_operation = "application::create_custom_filter",
    chatwoot_operation = "application::list_custom_filters"
))]
#[tokio::test]
async fn custom_filters_list_and_create() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let query = json!({
        "payload": [{
            "attribute_key": "status",
            "filter_operator": "equal_to",
            "values": ["open"],
            "query_operator": null
        }]
    });

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/custom_filters")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("filter_type", "conversation")]));
            then.status(200).json_body(json!([{
                "id": 8,
                "name": "Open billing",
                // Upstream's field; the spec calls it `type`, so it is dropped.
                "filter_type": "conversation",
                "query": query.clone(),
                "created_at": "2024-03-02T10:00:00.000Z",
                "updated_at": "2024-03-02T10:00:00.000Z",
                "count": 12
            }]));
        })
        .await;

    let filters = client
        .list_custom_filters()
        .account_id(ACCOUNT)
        .filter_type(types::CustomFilterType::Conversation)
        .send()
        .await
        .expect("list custom filters")
        .into_inner();
    list.assert_async().await;
    assert_eq!(filters.len(), 1);
    assert_eq!(filters[0].id, Some(8));
    assert_eq!(filters[0].name.as_deref(), Some("Open billing"));
    assert_eq!(filters[0].query.get("payload"), query.get("payload"));
    assert_eq!(
        filters[0].created_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-02T10:00:00+00:00")
    );

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/custom_filters")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[("filter_type", "conversation")]))
                .json_body(json!({
                    "name": "Open billing",
                    // Upstream permits `filter_type`, not `type`: the server
                    // ignores this field.
                    "type": "conversation",
                    "query": query.clone()
                }));
            then.status(200).json_body(json!({
                "id": 9,
                "name": "Open billing",
                // The spec's name for upstream's `filter_type`.
                "type": "conversation",
                "query": query.clone(),
                "created_at": "2024-03-11T09:00:00.000Z",
                "updated_at": "2024-03-11T09:00:00.000Z"
            }));
        })
        .await;

    let serde_json::Value::Object(query_map) = query.clone() else {
        unreachable!()
    };
    let created = client
        .create_custom_filter()
        .account_id(ACCOUNT)
        .filter_type(types::CustomFilterType::Conversation)
        .body(types::CustomFilterCreateUpdatePayload {
            name: Some("Open billing".into()),
            type_: Some(types::CustomFilterType::Conversation),
            query: query_map,
        })
        .send()
        .await
        .expect("create custom filter")
        .into_inner();
    create.assert_async().await;
    assert_eq!(created.id, Some(9));
    assert_eq!(created.type_, Some(types::CustomFilterType::Conversation));
    assert_eq!(created.query.get("payload"), query.get("payload"));
}

#[cfg(all(
    chatwoot_operation = "application::create_webhook",
    chatwoot_operation = "application::list_webhooks",
    chatwoot_operation = "application::update_webhook"
))]
#[tokio::test]
async fn webhooks_list_create_and_update() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/webhooks")
                .header("api-access-token", TOKEN)
                .is_true(no_query());
            // What the server renders (webhooks/index.json.jbuilder); the
            // spec's bare list is corrected by a fixup.
            then.status(200)
                .json_body(json!({ "payload": { "webhooks": [{
                "id": 4,
                "name": "CRM sync",
                "url": "https://crm.acme.test/chatwoot",
                "account_id": 7,
                "subscriptions": ["conversation_created", "contact_updated"]
            }] } }));
        })
        .await;

    let webhooks = client
        .list_webhooks()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("list webhooks")
        .into_inner()
        .payload
        .expect("payload")
        .webhooks;
    list.assert_async().await;
    assert_eq!(webhooks.len(), 1);
    assert_eq!(webhooks[0].id, Some(4));
    assert_eq!(
        webhooks[0].url.as_deref(),
        Some("https://crm.acme.test/chatwoot")
    );
    assert_eq!(
        webhooks[0].subscriptions,
        vec![
            types::WebhookEvent::ConversationCreated,
            types::WebhookEvent::ContactUpdated
        ]
    );

    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/webhooks")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "name": "Message archive",
                    "url": "https://archive.acme.test/hooks/chatwoot",
                    "subscriptions": ["message_created", "message_updated"]
                }));
            // What the server renders (webhooks/create.json.jbuilder).
            then.status(200).json_body(json!({ "payload": { "webhook": {
                "id": 5,
                "name": "Message archive",
                "url": "https://archive.acme.test/hooks/chatwoot",
                "account_id": 7,
                "subscriptions": ["message_created", "message_updated"]
            } } }));
        })
        .await;

    let created = client
        .create_webhook()
        .account_id(ACCOUNT)
        .body(types::WebhookCreateUpdatePayload {
            name: Some("Message archive".into()),
            url: Some("https://archive.acme.test/hooks/chatwoot".into()),
            inbox_id: None,
            subscriptions: vec![
                types::WebhookEvent::MessageCreated,
                types::WebhookEvent::MessageUpdated,
            ],
        })
        .send()
        .await
        .expect("create webhook")
        .into_inner()
        .payload
        .and_then(|p| p.webhook)
        .expect("payload.webhook");
    create.assert_async().await;
    assert_eq!(created.id, Some(5));
    assert_eq!(created.account_id, Some(7));
    assert_eq!(created.subscriptions.len(), 2);

    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v1/accounts/7/webhooks/5")
                .header("api-access-token", TOKEN)
                .is_true(no_query())
                .json_body(json!({
                    "url": "https://archive.acme.test/hooks/v2",
                    "subscriptions": ["message_created"]
                }));
            then.status(200).json_body(json!({ "payload": { "webhook": {
                "id": 5,
                "name": "Message archive",
                "url": "https://archive.acme.test/hooks/v2",
                "account_id": 7,
                "subscriptions": ["message_created"]
            } } }));
        })
        .await;

    let updated = client
        .update_webhook()
        .account_id(ACCOUNT)
        .webhook_id(5)
        .body(types::WebhookCreateUpdatePayload {
            name: None,
            url: Some("https://archive.acme.test/hooks/v2".into()),
            inbox_id: None,
            subscriptions: vec![types::WebhookEvent::MessageCreated],
        })
        .send()
        .await
        .expect("update webhook")
        .into_inner()
        .payload
        .and_then(|p| p.webhook)
        .expect("payload.webhook");
    update.assert_async().await;
    assert_eq!(
        updated.url.as_deref(),
        Some("https://archive.acme.test/hooks/v2")
    );
    assert_eq!(
        updated.subscriptions,
        vec![types::WebhookEvent::MessageCreated]
    );
}

#[cfg(all(
    chatwoot_operation = "application::get_agent_summary",
    chatwoot_operation = "application::get_reports",
    chatwoot_operation = "application::get_reports_summary",
    chatwoot_operation = "application::list_reporting_events"
))]
#[tokio::test]
async fn reports_events_summary_and_agents() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let events = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/reporting_events")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[
                    ("page", "1"),
                    ("since", "1709251200"),
                    ("until", "1711929599"),
                    ("name", "first_response"),
                    // `inbox_id` is a `number` in the spec; normalization makes ids integers.
                    ("inbox_id", "3"),
                ]));
            then.status(200).json_body(json!({
                "meta": { "count": 1, "current_page": 1, "total_pages": 1 },
                "payload": [{
                    "id": 901,
                    "name": "first_response",
                    "value": 512.0,
                    "value_in_business_hours": 512.0,
                    "event_start_time": "2024-03-11T09:10:00.000Z",
                    "event_end_time": "2024-03-11T09:18:32.000Z",
                    "account_id": 7,
                    "conversation_id": 42,
                    "inbox_id": 3,
                    "user_id": 18,
                    "created_at": "2024-03-11T09:18:32.000Z",
                    "updated_at": "2024-03-11T09:18:32.000Z"
                }]
            }));
        })
        .await;

    let listed = client
        .list_reporting_events()
        .account_id(ACCOUNT)
        .page(1)
        .since("1709251200")
        .until("1711929599")
        .name("first_response")
        .inbox_id(3)
        .send()
        .await
        .expect("reporting events")
        .into_inner();
    events.assert_async().await;
    let meta = listed.meta.expect("meta");
    assert_eq!(meta.count, Some(1));
    assert_eq!(meta.total_pages, Some(1));
    assert_eq!(listed.payload.len(), 1);
    let event = &listed.payload[0];
    assert_eq!(event.id, Some(901));
    assert_eq!(event.name.as_deref(), Some("first_response"));
    assert_eq!(event.value, Some(512.0));
    assert_eq!(event.conversation_id, Some(42));
    assert_eq!(event.user_id, Some(18));
    assert_eq!(
        event.event_end_time.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-03-11T09:18:32+00:00")
    );

    let summary = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/accounts/7/reports/summary")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[
                    ("type", "account"),
                    ("since", "1709251200"),
                    ("until", "1711929599"),
                ]));
            then.status(200).json_body(json!({
                "conversations_count": 120,
                "incoming_messages_count": 640,
                "outgoing_messages_count": 512,
                "avg_first_response_time": "1830.5",
                "avg_resolution_time": "7230.25",
                "resolutions_count": 98,
                "previous": {
                    "conversations_count": 101,
                    "incoming_messages_count": 580,
                    "outgoing_messages_count": 470,
                    "avg_first_response_time": "2010.0",
                    "avg_resolution_time": "8100.75",
                    "resolutions_count": 90
                }
            }));
        })
        .await;

    let account_summary = client
        .get_reports_summary()
        .account_id(ACCOUNT)
        .type_(types::GetReportsSummaryType::Account)
        .since("1709251200")
        .until("1711929599")
        .send()
        .await
        .expect("report summary")
        .into_inner();
    summary.assert_async().await;
    assert_eq!(account_summary.conversations_count, Some(120));
    assert_eq!(account_summary.resolutions_count, Some(98));
    assert_eq!(
        account_summary.avg_first_response_time.as_deref(),
        Some("1830.5")
    );
    assert_eq!(
        account_summary.previous.and_then(|p| p.conversations_count),
        Some(101)
    );

    let agents = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/accounts/7/summary_reports/agent")
                .header("api-access-token", TOKEN)
                .is_true(query_is(&[
                    ("since", "1709251200"),
                    ("until", "1711929599"),
                    ("business_hours", "true"),
                ]));
            then.status(200).json_body(json!([
                {
                    "id": 18,
                    "conversations_count": 64,
                    "resolved_conversations_count": 58,
                    "avg_resolution_time": 6120.5,
                    "avg_first_response_time": 1410.25,
                    "avg_reply_time": 980.0
                },
                {
                    "id": 19,
                    "conversations_count": 0,
                    "resolved_conversations_count": 0,
                    "avg_resolution_time": null,
                    "avg_first_response_time": null,
                    "avg_reply_time": null
                }
            ]));
        })
        .await;

    let agent_summary = client
        .get_agent_summary()
        .account_id(ACCOUNT)
        .since("1709251200")
        .until("1711929599")
        .business_hours(true)
        .send()
        .await
        .expect("agent summary report")
        .into_inner();
    agents.assert_async().await;
    assert_eq!(agent_summary.len(), 2);
    assert_eq!(agent_summary[0].id, Some(18));
    assert_eq!(agent_summary[0].resolved_conversations_count, Some(58));
    assert_eq!(agent_summary[0].avg_first_response_time, Some(1410.25));
    assert_eq!(agent_summary[1].avg_reply_time, None);
}

#[cfg(all(
    chatwoot_operation = "application::get_conversation",
    chatwoot_operation = "application::get_profile"
))]
#[tokio::test]
async fn error_statuses_decode_error_body() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let not_found = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/conversations/999")
                .header("api-access-token", TOKEN);
            then.status(404)
                .json_body(json!({ "error": "Resource could not be found" }));
        })
        .await;

    let error = client
        .get_conversation()
        .account_id(ACCOUNT)
        .conversation_id(999)
        .send()
        .await
        .expect_err("404 is an error");
    not_found.assert_async().await;
    assert_status(&error, 404, "Resource could not be found");

    let unauthorized = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/profile")
                .header("api-access-token", TOKEN);
            then.status(401)
                .json_body(json!({ "errors": ["Invalid Access Token"] }));
        })
        .await;

    let error = client
        .get_profile()
        .send()
        .await
        .expect_err("401 is an error");
    unauthorized.assert_async().await;
    assert_status(&error, 401, "Invalid Access Token");
}

/// The three operations whose success status upstream documents as 204 while
/// the server answers 200 (see the fixups in `openapi/fixups/`).
#[cfg(all(
    chatwoot_operation = "application::get_inbox_agent_bot",
    chatwoot_operation = "application::set_inbox_agent_bot",
    chatwoot_operation = "application::update_contact"
))]
#[tokio::test]
async fn answers_documented_as_204_that_the_server_sends_as_200() {
    let server = MockServer::start_async().await;
    let client = application_client(&server);

    let update = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/api/v1/accounts/7/contacts/42")
                .header("api-access-token", TOKEN)
                .json_body(json!({ "name": "Maria S." }));
            // contacts/update.json.jbuilder: the contact partial under `payload`.
            then.status(200)
                .json_body(json!({ "payload": contact_json() }));
        })
        .await;
    let updated = client
        .update_contact()
        .account_id(ACCOUNT)
        .id(42)
        .body(types::ContactUpdatePayload::builder().name(Some("Maria S.".to_owned())))
        .send()
        .await
        .expect("update contact")
        .into_inner();
    update.assert_async().await;
    assert_eq!(updated.payload.and_then(|c| c.id), Some(42));

    let bot = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/accounts/7/inboxes/3/agent_bot")
                .header("api-access-token", TOKEN);
            // inboxes/agent_bot.json.jbuilder: the bot under `agent_bot`.
            then.status(200).json_body(json!({
                "agent_bot": { "id": 11, "name": "Triage bot", "outgoing_url": "https://bots.acme.test/triage" }
            }));
        })
        .await;
    let shown = client
        .get_inbox_agent_bot()
        .account_id(ACCOUNT)
        .id(3)
        .send()
        .await
        .expect("inbox agent bot")
        .into_inner();
    bot.assert_async().await;
    assert_eq!(
        shown.agent_bot.and_then(|b| b.name),
        Some("Triage bot".to_owned())
    );

    let set = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/accounts/7/inboxes/3/set_agent_bot")
                .header("api-access-token", TOKEN);
            // inboxes_controller#set_agent_bot: `head :ok`.
            then.status(200);
        })
        .await;
    let response = client
        .set_inbox_agent_bot()
        .account_id(ACCOUNT)
        .id(3)
        .body(types::SetInboxAgentBotBody { agent_bot: 11 })
        .send()
        .await
        .expect("set agent bot");
    set.assert_async().await;
    assert_eq!(response.status().as_u16(), 200);
}
