//! Every Application API operation once (a few twice, to send both shapes
//! of a body), with realistic arguments: required ones and a selection of
//! the optional query parameters and body fields.

use chatwoot::application::Client;
use chatwoot::application::types as t;
use serde_json::json;

use crate::validation::{CallLog, body, check};

const ACCOUNT: i64 = 3;
const CONVERSATION: i64 = 1042;
const CONTACT: i64 = 581;
const INBOX: i64 = 12;
const AGENT: i64 = 4;
const TEAM: i64 = 2;
const SINCE: &str = "1761955200";
const UNTIL: &str = "1764547200";

pub async fn call_every_operation(app: &Client, log: &mut CallLog) {
    account(app, log).await;
    agent_bots_and_agents(app, log).await;
    canned_responses_and_custom_attributes(app, log).await;
    contacts(app, log).await;
    automation_rules(app, log).await;
    help_center(app, log).await;
    conversations(app, log).await;
    inboxes(app, log).await;
    labels(app, log).await;
    messages(app, log).await;
    integrations(app, log).await;
    profile(app, log).await;
    teams(app, log).await;
    custom_filters(app, log).await;
    webhooks(app, log).await;
    reports(app, log).await;
}

async fn account(app: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "application::get_account")]
    check(
        log,
        "get_account",
        app.get_account().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::update_account")]
    check(
        log,
        "update_account",
        app.update_account()
            .account_id(ACCOUNT)
            .body(body::<t::AccountUpdatePayload>(json!({
                "name": "Acme Support",
                "locale": "en",
                "domain": "support.acme.example",
                "support_email": "help@acme.example",
                "auto_resolve_after": 10080,
                "auto_resolve_message": "Closing this for now; reply to reopen.",
                "auto_resolve_ignore_waiting": true,
                "industry": "Retail",
                "company_size": "51-200",
                "timezone": "Europe/Berlin"
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_audit_logs")]
    check(
        log,
        "list_audit_logs",
        app.list_audit_logs()
            .account_id(ACCOUNT)
            .page(2)
            .send_raw()
            .await,
    );
}

async fn agent_bots_and_agents(app: &Client, log: &mut CallLog) {
    let bot = || {
        body::<t::AgentBotCreateUpdatePayload>(json!({
            "name": "Order Status Bot",
            "description": "Answers where-is-my-order questions",
            "outgoing_url": "https://bots.acme.example/chatwoot",
            "avatar_url": "https://cdn.acme.example/bot.png",
            "bot_type": 0,
            "bot_config": {"language": "en"}
        }))
    };
    #[cfg(chatwoot_operation = "application::list_agent_bots")]
    check(
        log,
        "list_agent_bots",
        app.list_agent_bots().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::create_agent_bot")]
    check(
        log,
        "create_agent_bot",
        app.create_agent_bot()
            .account_id(ACCOUNT)
            .body(bot())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_agent_bot")]
    check(
        log,
        "get_agent_bot",
        app.get_agent_bot()
            .account_id(ACCOUNT)
            .id(7)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_agent_bot")]
    check(
        log,
        "update_agent_bot",
        app.update_agent_bot()
            .account_id(ACCOUNT)
            .id(7)
            .body(bot())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_agent_bot")]
    check(
        log,
        "delete_agent_bot",
        app.delete_agent_bot()
            .account_id(ACCOUNT)
            .id(7)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_agents")]
    check(
        log,
        "list_agents",
        app.list_agents().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::create_agent")]
    check(
        log,
        "create_agent",
        app.create_agent()
            .account_id(ACCOUNT)
            .body(body::<t::AgentCreatePayload>(json!({
                "name": "Priya Raman",
                "email": "priya@acme.example",
                "role": "agent",
                "availability": "online",
                "auto_offline": true
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_agent")]
    check(
        log,
        "update_agent",
        app.update_agent()
            .account_id(ACCOUNT)
            .id(AGENT)
            .body(body::<t::AgentUpdatePayload>(json!({
                "role": "administrator",
                "availability": "busy",
                "auto_offline": false
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_agent")]
    check(
        log,
        "delete_agent",
        app.delete_agent()
            .account_id(ACCOUNT)
            .id(AGENT)
            .send_raw()
            .await,
    );
}

async fn canned_responses_and_custom_attributes(app: &Client, log: &mut CallLog) {
    let canned = || {
        body::<t::CannedResponseCreateUpdatePayload>(json!({
            "content": "Thanks for waiting! Your refund was issued today.",
            "short_code": "refund-issued"
        }))
    };
    #[cfg(chatwoot_operation = "application::list_canned_responses")]
    check(
        log,
        "list_canned_responses",
        app.list_canned_responses()
            .account_id(ACCOUNT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_canned_response")]
    check(
        log,
        "create_canned_response",
        app.create_canned_response()
            .account_id(ACCOUNT)
            .body(canned())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_canned_response")]
    check(
        log,
        "update_canned_response",
        app.update_canned_response()
            .account_id(ACCOUNT)
            .id(15)
            .body(canned())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_canned_response")]
    check(
        log,
        "delete_canned_response",
        app.delete_canned_response()
            .account_id(ACCOUNT)
            .id(15)
            .send_raw()
            .await,
    );

    let attribute = || {
        body::<t::CustomAttributeCreateUpdatePayload>(json!({
            "attribute_display_name": "Plan",
            "attribute_display_type": 6,
            "attribute_description": "The customer's subscription plan",
            "attribute_key": "plan",
            "attribute_values": ["free", "pro", "enterprise"],
            "attribute_model": 1,
            "regex_pattern": "^[a-z]+$",
            "regex_cue": "Lowercase letters only"
        }))
    };
    #[cfg(chatwoot_operation = "application::list_custom_attributes")]
    check(
        log,
        "list_custom_attributes",
        app.list_custom_attributes()
            .account_id(ACCOUNT)
            .attribute_model("1")
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_custom_attribute")]
    check(
        log,
        "create_custom_attribute",
        app.create_custom_attribute()
            .account_id(ACCOUNT)
            .body(attribute())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_custom_attribute")]
    check(
        log,
        "get_custom_attribute",
        app.get_custom_attribute()
            .account_id(ACCOUNT)
            .id(9)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_custom_attribute")]
    check(
        log,
        "update_custom_attribute",
        app.update_custom_attribute()
            .account_id(ACCOUNT)
            .id(9)
            .body(attribute())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_custom_attribute")]
    check(
        log,
        "delete_custom_attribute",
        app.delete_custom_attribute()
            .account_id(ACCOUNT)
            .id(9)
            .send_raw()
            .await,
    );
}

async fn contacts(app: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "application::list_contacts")]
    check(
        log,
        "list_contacts",
        app.list_contacts()
            .account_id(ACCOUNT)
            .sort("-last_activity_at")
            .page(2)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_contact")]
    check(
        log,
        "create_contact",
        app.create_contact()
            .account_id(ACCOUNT)
            .body(body::<t::ContactCreatePayload>(json!({
                "inbox_id": INBOX,
                "name": "Ada Lovelace",
                "email": "ada@example.org",
                "blocked": false,
                "phone_number": "+442071234567",
                "avatar_url": "https://cdn.example.org/ada.png",
                "identifier": "crm-10042",
                "additional_attributes": {"company_name": "Analytical Engines Ltd", "city": "London"},
                "custom_attributes": {"plan": "pro"}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_contact")]
    check(
        log,
        "get_contact",
        app.get_contact()
            .account_id(ACCOUNT)
            .id(CONTACT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_contact")]
    check(
        log,
        "update_contact",
        app.update_contact()
            .account_id(ACCOUNT)
            .id(CONTACT)
            .body(body::<t::ContactUpdatePayload>(json!({
                "name": "Ada King",
                "email": "ada.king@example.org",
                "blocked": true,
                "phone_number": "+442079876543",
                "identifier": "crm-10042",
                "additional_attributes": {"city": "Ockham"},
                "custom_attributes": {"plan": "enterprise"}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_contact")]
    check(
        log,
        "delete_contact",
        app.delete_contact()
            .account_id(ACCOUNT)
            .id(CONTACT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_contact_conversations")]
    check(
        log,
        "list_contact_conversations",
        app.list_contact_conversations()
            .account_id(ACCOUNT)
            .id(CONTACT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_contact_labels")]
    check(
        log,
        "list_contact_labels",
        app.list_contact_labels()
            .account_id(ACCOUNT)
            .id(CONTACT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::add_contact_labels")]
    check(
        log,
        "add_contact_labels",
        app.add_contact_labels()
            .account_id(ACCOUNT)
            .id(CONTACT)
            .body(body::<t::AddContactLabelsBody>(
                json!({"labels": ["vip", "billing"]}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::search_contacts")]
    check(
        log,
        "search_contacts",
        app.search_contacts()
            .account_id(ACCOUNT)
            .q("ada@example.org")
            .sort("name")
            .page(1)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::filter_contacts")]
    check(
        log,
        "filter_contacts",
        app.filter_contacts()
            .account_id(ACCOUNT)
            .page(1)
            .body(body::<t::FilterContactsBody>(json!({
                "payload": [
                    {
                        "attribute_key": "email",
                        "filter_operator": "contains",
                        "values": ["example.org"],
                        "query_operator": "AND"
                    },
                    {
                        "attribute_key": "city",
                        "filter_operator": "equal_to",
                        "values": ["London"]
                    }
                ]
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_contact_inbox")]
    check(
        log,
        "create_contact_inbox",
        app.create_contact_inbox()
            .account_id(ACCOUNT)
            .id(CONTACT)
            .body(body::<t::CreateContactInboxBody>(json!({
                "inbox_id": INBOX,
                "source_id": "ada-widget-session-7"
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_contactable_inboxes")]
    check(
        log,
        "list_contactable_inboxes",
        app.list_contactable_inboxes()
            .account_id(ACCOUNT)
            .id(CONTACT)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::merge_contacts")]
    check(
        log,
        "merge_contacts",
        app.merge_contacts()
            .account_id(ACCOUNT)
            .body(body::<t::MergeContactsBody>(json!({
                "base_contact_id": CONTACT,
                "mergee_contact_id": 590
            })))
            .send_raw()
            .await,
    );
}

async fn automation_rules(app: &Client, log: &mut CallLog) {
    let rule = || {
        body::<t::AutomationRuleCreateUpdatePayload>(json!({
            "name": "Route billing questions",
            "description": "Sends new conversations mentioning invoices to the billing team",
            "event_name": "conversation_created",
            "active": true,
            "actions": [{"action_name": "assign_team", "action_params": [TEAM]}],
            "conditions": [{
                "attribute_key": "content",
                "filter_operator": "contains",
                "values": ["invoice"],
                "query_operator": null
            }]
        }))
    };
    #[cfg(chatwoot_operation = "application::list_automation_rules")]
    check(
        log,
        "list_automation_rules",
        app.list_automation_rules()
            .account_id(ACCOUNT)
            .page(1)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_automation_rule")]
    check(
        log,
        "create_automation_rule",
        app.create_automation_rule()
            .account_id(ACCOUNT)
            .body(rule())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_automation_rule")]
    check(
        log,
        "get_automation_rule",
        app.get_automation_rule()
            .account_id(ACCOUNT)
            .id(21)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_automation_rule")]
    check(
        log,
        "update_automation_rule",
        app.update_automation_rule()
            .account_id(ACCOUNT)
            .id(21)
            .body(rule())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_automation_rule")]
    check(
        log,
        "delete_automation_rule",
        app.delete_automation_rule()
            .account_id(ACCOUNT)
            .id(21)
            .send_raw()
            .await,
    );
}

async fn help_center(app: &Client, log: &mut CallLog) {
    let portal = || {
        body::<t::PortalCreateUpdatePayload>(json!({
            "color": "#1f93ff",
            "custom_domain": "help.acme.example",
            "header_text": "How can we help?",
            "homepage_link": "https://acme.example",
            "name": "Acme Help Center",
            "page_title": "Acme Help",
            "slug": "acme-help",
            "archived": false,
            "config": {"allowed_locales": ["en", "de"], "default_locale": "en"}
        }))
    };
    #[cfg(chatwoot_operation = "application::create_portal")]
    check(
        log,
        "create_portal",
        app.create_portal()
            .account_id(ACCOUNT)
            .body(portal())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_portals")]
    check(
        log,
        "list_portals",
        app.list_portals().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::update_portal")]
    check(
        log,
        "update_portal",
        app.update_portal()
            .account_id(ACCOUNT)
            .id("acme-help")
            .body(portal())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_category")]
    check(
        log,
        "create_category",
        app.create_category()
            .account_id(ACCOUNT)
            .id("acme-help")
            .body(body::<t::CategoryCreateUpdatePayload>(json!({
                "name": "Billing",
                "description": "Invoices, refunds and payment methods",
                "position": 1,
                "slug": "billing",
                "locale": "en",
                "icon": "💳",
                "parent_category_id": 4,
                "associated_category_id": 8
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_article")]
    check(
        log,
        "create_article",
        app.create_article()
            .account_id(ACCOUNT)
            .id("acme-help")
            .body(body::<t::ArticleCreateUpdatePayload>(json!({
                "title": "How refunds work",
                "slug": "how-refunds-work",
                "position": 3,
                "content": "Refunds reach your card within 5 to 10 business days.",
                "description": "Timelines and methods for refunds",
                "category_id": 5,
                "author_id": AGENT,
                "associated_article_id": 30,
                "status": 1,
                "locale": "en",
                "meta": {"tags": ["refunds", "billing"]}
            })))
            .send_raw()
            .await,
    );
}

async fn conversations(app: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "application::get_conversation_counts")]
    check(
        log,
        "get_conversation_counts",
        app.get_conversation_counts()
            .account_id(ACCOUNT)
            .status("open")
            .q("refund")
            .inbox_id(INBOX)
            .team_id(TEAM)
            .labels(vec!["vip".to_owned(), "billing".to_owned()])
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_conversations")]
    check(
        log,
        "list_conversations",
        app.list_conversations()
            .account_id(ACCOUNT)
            .assignee_type("unassigned")
            .status("pending")
            .q("refund")
            .inbox_id(INBOX)
            .team_id(TEAM)
            .labels(vec!["vip".to_owned(), "billing".to_owned()])
            .page(2)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_conversation")]
    check(
        log,
        "create_conversation",
        app.create_conversation()
            .account_id(ACCOUNT)
            .body(body::<t::ConversationCreatePayload>(json!({
                "source_id": "ada-widget-session-7",
                "inbox_id": INBOX,
                "contact_id": CONTACT,
                "additional_attributes": {"browser": "Firefox"},
                "custom_attributes": {"order_id": "A-1001"},
                "status": "pending",
                "assignee_id": AGENT,
                "team_id": TEAM,
                "snoozed_until": "2026-12-01T09:00:00Z",
                "message": {"content": "Hello Ada, following up on your refund."}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::filter_conversations")]
    check(
        log,
        "filter_conversations",
        app.filter_conversations()
            .account_id(ACCOUNT)
            .page(1)
            .body(body::<t::FilterConversationsBody>(json!({
                "payload": [
                    {
                        "attribute_key": "status",
                        "filter_operator": "equal_to",
                        "values": ["open"],
                        "query_operator": "OR"
                    },
                    {
                        "attribute_key": "status",
                        "filter_operator": "equal_to",
                        "values": ["pending"]
                    }
                ]
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_conversation")]
    check(
        log,
        "get_conversation",
        app.get_conversation()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_conversation")]
    check(
        log,
        "update_conversation",
        app.update_conversation()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .body(body::<t::UpdateConversationBody>(json!({
                "priority": "high",
                "sla_policy_id": 2
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::toggle_conversation_status")]
    check(
        log,
        "toggle_conversation_status",
        app.toggle_conversation_status()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .body(body::<t::ToggleConversationStatusBody>(json!({
                "status": "snoozed",
                "snoozed_until": 1764576000
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::toggle_conversation_priority")]
    check(
        log,
        "toggle_conversation_priority",
        app.toggle_conversation_priority()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .body(body::<t::ToggleConversationPriorityBody>(
                json!({"priority": "urgent"}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::toggle_conversation_typing")]
    check(
        log,
        "toggle_conversation_typing",
        app.toggle_conversation_typing()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .body(body::<t::ToggleConversationTypingBody>(json!({
                "typing_status": "on",
                "is_private": true
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_conversation_custom_attributes")]
    check(
        log,
        "update_conversation_custom_attributes",
        app.update_conversation_custom_attributes()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .body(body::<t::UpdateConversationCustomAttributesBody>(
                json!({"custom_attributes": {"order_id": "A-1001", "priority_customer": true}}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::assign_conversation")]
    check(
        log,
        "assign_conversation",
        app.assign_conversation()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .body(body::<t::AssignConversationBody>(
                json!({"assignee_id": AGENT, "team_id": TEAM}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_conversation_labels")]
    check(
        log,
        "list_conversation_labels",
        app.list_conversation_labels()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::add_conversation_labels")]
    check(
        log,
        "add_conversation_labels",
        app.add_conversation_labels()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .body(body::<t::AddConversationLabelsBody>(
                json!({"labels": ["refund", "vip"]}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_conversation_reporting_events")]
    check(
        log,
        "list_conversation_reporting_events",
        app.list_conversation_reporting_events()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .send_raw()
            .await,
    );
}

async fn inboxes(app: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "application::list_inboxes")]
    check(
        log,
        "list_inboxes",
        app.list_inboxes().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::create_inbox")]
    check(
        log,
        "create_inbox",
        app.create_inbox()
            .account_id(ACCOUNT)
            .body(body::<t::InboxCreatePayload>(json!({
                "name": "Website chat",
                "greeting_enabled": true,
                "greeting_message": "Hi! We usually reply within minutes.",
                "enable_email_collect": true,
                "csat_survey_enabled": true,
                "enable_auto_assignment": true,
                "working_hours_enabled": true,
                "out_of_office_message": "We are offline; we reply by 9 am.",
                "timezone": "Europe/Berlin",
                "allow_messages_after_resolved": true,
                "lock_to_single_conversation": false,
                "portal_id": 2,
                "sender_name_type": "friendly",
                "business_name": "Acme",
                "channel": {
                    "type": "web_widget",
                    "website_url": "https://acme.example",
                    "welcome_title": "Welcome to Acme",
                    "welcome_tagline": "Ask us anything",
                    "widget_color": "#1f93ff"
                }
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_inbox")]
    check(
        log,
        "get_inbox",
        app.get_inbox()
            .account_id(ACCOUNT)
            .id(INBOX)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_inbox")]
    check(
        log,
        "update_inbox",
        app.update_inbox()
            .account_id(ACCOUNT)
            .id(INBOX)
            .body(body::<t::InboxUpdatePayload>(json!({
                "name": "Website chat (EU)",
                "greeting_enabled": false,
                "enable_auto_assignment": false,
                "working_hours_enabled": false,
                "timezone": "Europe/Paris",
                "sender_name_type": "professional",
                "business_name": "Acme Europe",
                "channel": {
                    "website_url": "https://eu.acme.example",
                    "welcome_title": "Bienvenue",
                    "welcome_tagline": "Posez-nous vos questions",
                    "widget_color": "#0b7a75"
                }
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_inbox_agent_bot")]
    check(
        log,
        "get_inbox_agent_bot",
        app.get_inbox_agent_bot()
            .account_id(ACCOUNT)
            .id(INBOX)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::set_inbox_agent_bot")]
    check(
        log,
        "set_inbox_agent_bot",
        app.set_inbox_agent_bot()
            .account_id(ACCOUNT)
            .id(INBOX)
            .body(body::<t::SetInboxAgentBotBody>(json!({"agent_bot": 7})))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_inbox_agents")]
    check(
        log,
        "list_inbox_agents",
        app.list_inbox_agents()
            .account_id(ACCOUNT)
            .inbox_id(INBOX)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::add_inbox_agents")]
    check(
        log,
        "add_inbox_agents",
        app.add_inbox_agents()
            .account_id(ACCOUNT)
            .body(body::<t::AddInboxAgentsBody>(
                json!({"inbox_id": INBOX, "user_ids": [AGENT, 5]}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_inbox_agents")]
    check(
        log,
        "update_inbox_agents",
        app.update_inbox_agents()
            .account_id(ACCOUNT)
            .body(body::<t::UpdateInboxAgentsBody>(
                json!({"inbox_id": "12", "user_ids": [AGENT, 5, 6]}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::remove_inbox_agents")]
    check(
        log,
        "remove_inbox_agents",
        app.remove_inbox_agents()
            .account_id(ACCOUNT)
            .body(body::<t::RemoveInboxAgentsBody>(
                json!({"inbox_id": "12", "user_ids": [6]}),
            ))
            .send_raw()
            .await,
    );
}

async fn labels(app: &Client, log: &mut CallLog) {
    let label = || {
        body::<t::LabelCreateUpdatePayload>(json!({
            "title": "billing",
            "description": "Payments, invoices and refunds",
            "color": "#ff6b6b",
            "show_on_sidebar": true
        }))
    };
    #[cfg(chatwoot_operation = "application::list_labels")]
    check(
        log,
        "list_labels",
        app.list_labels().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::create_label")]
    check(
        log,
        "create_label",
        app.create_label()
            .account_id(ACCOUNT)
            .body(label())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_label")]
    check(
        log,
        "get_label",
        app.get_label().account_id(ACCOUNT).id(31).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::update_label")]
    check(
        log,
        "update_label",
        app.update_label()
            .account_id(ACCOUNT)
            .id(31)
            .body(label())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_label")]
    check(
        log,
        "delete_label",
        app.delete_label()
            .account_id(ACCOUNT)
            .id(31)
            .send_raw()
            .await,
    );
}

async fn messages(app: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "application::list_messages")]
    check(
        log,
        "list_messages",
        app.list_messages()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .after(90120)
            .before(90180)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_message")]
    check(
        log,
        "create_message",
        app.create_message()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .body(body::<t::ConversationMessageCreatePayload>(json!({
                "content": "Refund approved; see the note from finance.",
                "message_type": "outgoing",
                "private": true,
                "content_type": "text",
                "content_attributes": {"in_reply_to": 90177}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_message")]
    check(
        log,
        "create_message",
        app.create_message()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .body(body::<t::ConversationMessageCreatePayload>(json!({
                "content": "Your order A-1001 has shipped.",
                "message_type": "outgoing",
                "campaign_id": 3,
                "template_params": {
                    "name": "order_shipped",
                    "category": "UTILITY",
                    "language": "en_US",
                    "processed_params": {
                        "body": {"1": "Ada", "2": "A-1001"},
                        "header": {"media_url": "https://cdn.acme.example/box.png", "media_type": "image"},
                        "buttons": [{"type": "url", "parameter": "A-1001"}]
                    }
                }
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_message")]
    check(
        log,
        "delete_message",
        app.delete_message()
            .account_id(ACCOUNT)
            .conversation_id(CONVERSATION)
            .message_id(90180)
            .send_raw()
            .await,
    );
}

async fn integrations(app: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "application::list_integrations")]
    check(
        log,
        "list_integrations",
        app.list_integrations().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::create_integration_hook")]
    check(
        log,
        "create_integration_hook",
        app.create_integration_hook()
            .account_id(ACCOUNT)
            .body(body::<t::IntegrationsHookCreatePayload>(json!({
                "app_id": 2,
                "inbox_id": INBOX,
                "status": 1,
                "settings": {"project_id": "acme-support-bot"}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_integration_hook")]
    check(
        log,
        "update_integration_hook",
        app.update_integration_hook()
            .account_id(ACCOUNT)
            .hook_id(11)
            .body(body::<t::IntegrationsHookUpdatePayload>(json!({
                "status": 0,
                "settings": {"project_id": "acme-support-bot-v2"}
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_integration_hook")]
    check(
        log,
        "delete_integration_hook",
        app.delete_integration_hook()
            .account_id(ACCOUNT)
            .hook_id(11)
            .send_raw()
            .await,
    );
}

async fn profile(app: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "application::get_profile")]
    check(log, "get_profile", app.get_profile().send_raw().await);
    #[cfg(chatwoot_operation = "application::update_profile")]
    check(
        log,
        "update_profile",
        app.update_profile()
            .body(body::<t::UpdateProfileBody>(json!({
                "profile": {
                    "name": "Priya Raman",
                    "email": "priya@acme.example",
                    "display_name": "Priya",
                    "message_signature": "Priya, Acme Support",
                    "phone_number": "+4930123456",
                    "ui_settings": {"is_contact_sidebar_open": true}
                }
            })))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_profile")]
    check(
        log,
        "update_profile",
        app.update_profile()
            .body(body::<t::UpdateProfileBody>(json!({
                "profile": {
                    "current_password": "Old-passw0rd!",
                    "password": "N3w-passw0rd!",
                    "password_confirmation": "N3w-passw0rd!"
                }
            })))
            .send_raw()
            .await,
    );
}

async fn teams(app: &Client, log: &mut CallLog) {
    let team = || {
        body::<t::TeamCreateUpdatePayload>(json!({
            "name": "billing",
            "description": "Payments and refunds",
            "allow_auto_assign": true
        }))
    };
    #[cfg(chatwoot_operation = "application::list_teams")]
    check(
        log,
        "list_teams",
        app.list_teams().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::create_team")]
    check(
        log,
        "create_team",
        app.create_team()
            .account_id(ACCOUNT)
            .body(team())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_team")]
    check(
        log,
        "get_team",
        app.get_team()
            .account_id(ACCOUNT)
            .team_id(TEAM)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_team")]
    check(
        log,
        "update_team",
        app.update_team()
            .account_id(ACCOUNT)
            .team_id(TEAM)
            .body(team())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_team")]
    check(
        log,
        "delete_team",
        app.delete_team()
            .account_id(ACCOUNT)
            .team_id(TEAM)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::list_team_agents")]
    check(
        log,
        "list_team_agents",
        app.list_team_agents()
            .account_id(ACCOUNT)
            .team_id(TEAM)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::add_team_agents")]
    check(
        log,
        "add_team_agents",
        app.add_team_agents()
            .account_id(ACCOUNT)
            .team_id(TEAM)
            .body(body::<t::AddTeamAgentsBody>(
                json!({"user_ids": [AGENT, 5]}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_team_agents")]
    check(
        log,
        "update_team_agents",
        app.update_team_agents()
            .account_id(ACCOUNT)
            .team_id(TEAM)
            .body(body::<t::UpdateTeamAgentsBody>(
                json!({"user_ids": [AGENT, 5, 6]}),
            ))
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::remove_team_agents")]
    check(
        log,
        "remove_team_agents",
        app.remove_team_agents()
            .account_id(ACCOUNT)
            .team_id(TEAM)
            .body(body::<t::RemoveTeamAgentsBody>(json!({"user_ids": [6]})))
            .send_raw()
            .await,
    );
}

async fn custom_filters(app: &Client, log: &mut CallLog) {
    let filter = || {
        body::<t::CustomFilterCreateUpdatePayload>(json!({
            "name": "Open billing conversations",
            "type": "conversation",
            "query": {
                "payload": [{
                    "attribute_key": "status",
                    "filter_operator": "equal_to",
                    "values": ["open"],
                    "query_operator": null
                }]
            }
        }))
    };
    #[cfg(chatwoot_operation = "application::list_custom_filters")]
    check(
        log,
        "list_custom_filters",
        app.list_custom_filters()
            .account_id(ACCOUNT)
            .filter_type("conversation")
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::create_custom_filter")]
    check(
        log,
        "create_custom_filter",
        app.create_custom_filter()
            .account_id(ACCOUNT)
            .filter_type("conversation")
            .body(filter())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_custom_filter")]
    check(
        log,
        "get_custom_filter",
        app.get_custom_filter()
            .account_id(ACCOUNT)
            .custom_filter_id(14)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_custom_filter")]
    check(
        log,
        "update_custom_filter",
        app.update_custom_filter()
            .account_id(ACCOUNT)
            .custom_filter_id(14)
            .body(filter())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_custom_filter")]
    check(
        log,
        "delete_custom_filter",
        app.delete_custom_filter()
            .account_id(ACCOUNT)
            .custom_filter_id(14)
            .send_raw()
            .await,
    );
}

async fn webhooks(app: &Client, log: &mut CallLog) {
    let webhook = || {
        body::<t::WebhookCreateUpdatePayload>(json!({
            "url": "https://hooks.acme.example/chatwoot",
            "name": "CRM sync",
            "subscriptions": ["conversation_created", "message_created", "contact_updated"]
        }))
    };
    #[cfg(chatwoot_operation = "application::list_webhooks")]
    check(
        log,
        "list_webhooks",
        app.list_webhooks().account_id(ACCOUNT).send_raw().await,
    );
    #[cfg(chatwoot_operation = "application::create_webhook")]
    check(
        log,
        "create_webhook",
        app.create_webhook()
            .account_id(ACCOUNT)
            .body(webhook())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::update_webhook")]
    check(
        log,
        "update_webhook",
        app.update_webhook()
            .account_id(ACCOUNT)
            .webhook_id(6)
            .body(webhook())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::delete_webhook")]
    check(
        log,
        "delete_webhook",
        app.delete_webhook()
            .account_id(ACCOUNT)
            .webhook_id(6)
            .send_raw()
            .await,
    );
}

async fn reports(app: &Client, log: &mut CallLog) {
    #[cfg(chatwoot_operation = "application::list_reporting_events")]
    check(
        log,
        "list_reporting_events",
        app.list_reporting_events()
            .account_id(ACCOUNT)
            .page(1)
            .since(SINCE)
            .until(UNTIL)
            .inbox_id(INBOX)
            .user_id(AGENT)
            .name("first_response")
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_reports")]
    check(
        log,
        "get_reports",
        app.get_reports()
            .account_id(ACCOUNT)
            .metric("avg_first_response_time")
            .type_("inbox")
            .id(INBOX.to_string())
            .since(SINCE)
            .until(UNTIL)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_reports_summary")]
    check(
        log,
        "get_reports_summary",
        app.get_reports_summary()
            .account_id(ACCOUNT)
            .type_("agent")
            .id(AGENT.to_string())
            .since(SINCE)
            .until(UNTIL)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_conversation_metrics")]
    check(
        log,
        "get_conversation_metrics",
        app.get_conversation_metrics()
            .account_id(ACCOUNT)
            .type_("account")
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_agent_conversation_metrics")]
    check(
        log,
        "get_agent_conversation_metrics",
        app.get_agent_conversation_metrics()
            .account_id(ACCOUNT)
            .type_("agent")
            .user_id(AGENT.to_string())
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_channel_summary")]
    check(
        log,
        "get_channel_summary",
        app.get_channel_summary()
            .account_id(ACCOUNT)
            .since(SINCE)
            .until(UNTIL)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_inbox_summary")]
    check(
        log,
        "get_inbox_summary",
        app.get_inbox_summary()
            .account_id(ACCOUNT)
            .since(SINCE)
            .until(UNTIL)
            .business_hours(true)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_agent_summary")]
    check(
        log,
        "get_agent_summary",
        app.get_agent_summary()
            .account_id(ACCOUNT)
            .since(SINCE)
            .until(UNTIL)
            .business_hours(false)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_team_summary")]
    check(
        log,
        "get_team_summary",
        app.get_team_summary()
            .account_id(ACCOUNT)
            .since(SINCE)
            .until(UNTIL)
            .business_hours(true)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_first_response_time_distribution")]
    check(
        log,
        "get_first_response_time_distribution",
        app.get_first_response_time_distribution()
            .account_id(ACCOUNT)
            .since(SINCE)
            .until(UNTIL)
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_inbox_label_matrix")]
    check(
        log,
        "get_inbox_label_matrix",
        app.get_inbox_label_matrix()
            .account_id(ACCOUNT)
            .since(SINCE)
            .until(UNTIL)
            .inbox_ids(vec![INBOX, 13])
            .label_ids(vec![31, 32])
            .send_raw()
            .await,
    );
    #[cfg(chatwoot_operation = "application::get_outgoing_messages_count")]
    check(
        log,
        "get_outgoing_messages_count",
        app.get_outgoing_messages_count()
            .account_id(ACCOUNT)
            .since(SINCE)
            .until(UNTIL)
            .group_by("team")
            .send_raw()
            .await,
    );
}
