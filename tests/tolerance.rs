//! Tolerance by rule: what the server sends beyond the spec decodes.

use chatwoot::client::types::ConversationStatus;
use serde_json::json;

#[test]
fn an_enum_value_the_spec_does_not_list_is_kept_not_fatal() {
    let known: ConversationStatus = serde_json::from_value(json!("snoozed")).expect("known value");
    assert_eq!(known, ConversationStatus::Snoozed);
    let new: ConversationStatus = serde_json::from_value(json!("archived")).expect("unknown value");
    assert_eq!(new, ConversationStatus::Unknown("archived".into()));
    assert_eq!(
        serde_json::to_value(&new).expect("encodes"),
        json!("archived"),
        "sent back as received"
    );
    assert_eq!(new.to_string(), "archived");
    assert_eq!("archived".parse::<ConversationStatus>().ok(), Some(new));
    assert!(
        serde_json::from_value::<ConversationStatus>(json!(3)).is_err(),
        "not a string at all"
    );
}

/// An integer the spec enumerates (a message's type: 0 to 3) that a newer
/// server extends reads as absent in that one field; the message and the
/// rest of the body still decode.
#[test]
fn an_integer_enum_value_the_spec_does_not_list_reads_as_absent() {
    use chatwoot::application::types::Message;
    let known: Message = serde_json::from_value(json!({ "id": 1, "message_type": 1 }))
        .expect("a known type decodes");
    assert_eq!(known.message_type.as_deref(), Some(&1));
    let newer: Message = serde_json::from_value(
        json!({ "id": 2, "message_type": 9, "content": "from a newer server" }),
    )
    .expect("an unknown type does not fail the message");
    assert_eq!(newer.message_type, None);
    assert_eq!(newer.content.as_deref(), Some("from a newer server"));
}

/// Times are `DateTime<Utc>` whichever way the server renders them: Unix
/// seconds (most views), fractional seconds, or ISO 8601 text.
#[test]
fn times_read_from_unix_seconds_fractions_and_iso_text() {
    use chatwoot::application::types::Conversation;
    let seconds: Conversation =
        serde_json::from_value(json!({ "created_at": 1_773_904_800 })).expect("decodes");
    let fraction: Conversation =
        serde_json::from_value(json!({ "created_at": 1_773_904_800.5 })).expect("decodes");
    let text: Conversation =
        serde_json::from_value(json!({ "created_at": "2026-03-19T07:20:00Z" })).expect("decodes");
    let at = chatwoot::application::chrono::DateTime::from_timestamp(1_773_904_800, 0);
    assert_eq!(seconds.created_at, at);
    assert_eq!(text.created_at, at);
    assert_eq!(
        fraction.created_at.map(|t| t.timestamp_millis()),
        Some(1_773_904_800_500)
    );
}

#[test]
fn unknown_fields_are_ignored() {
    let conversation: chatwoot::client::types::PublicConversation =
        serde_json::from_value(json!({ "id": 7, "status": "open", "brand_new_field": { "x": 1 } }))
            .expect("decodes");
    assert_eq!(conversation.id, Some(7));
}

#[test]
fn numbers_sent_as_strings_and_null_lists_decode() {
    let conversation: chatwoot::client::types::PublicConversation = serde_json::from_value(
        json!({ "id": "7", "inbox_id": 3.0, "messages": null, "status": "open" }),
    )
    .expect("decodes");
    assert_eq!(conversation.id, Some(7));
    assert_eq!(conversation.inbox_id, Some(3));
    assert!(conversation.messages.is_empty());
}

#[test]
fn one_odd_field_never_costs_the_rest_of_a_generated_type() {
    // Each field below is of a kind the spec does not allow; each costs only
    // itself.
    let conversation: chatwoot::client::types::PublicConversation = serde_json::from_value(json!({
        "id": 7,
        "status": 3,
        "inbox_id": "three",
        "messages": "none",
        "contact_last_seen_at": {"at": 1},
        "uuid": "d3b07384-d9a0-4c1f-9a7f-6b1e2c0f1a55"
    }))
    .expect("decodes");
    assert_eq!(conversation.id, Some(7));
    assert_eq!(
        conversation.status,
        Some(ConversationStatus::Unknown("3".into())),
        "a number where an enum's string belongs is kept as its text"
    );
    assert_eq!(conversation.inbox_id, None);
    assert!(conversation.messages.is_empty());
    assert_eq!(
        serde_json::to_value(&conversation).expect("encodes")["uuid"],
        json!("d3b07384-d9a0-4c1f-9a7f-6b1e2c0f1a55"),
        "the fields after the odd ones are kept"
    );
}

#[test]
fn secrets_in_responses_never_show_in_debug() {
    let profile: chatwoot::application::types::User = serde_json::from_value(json!({
        "id": 1, "name": "Ada", "access_token": "s3cr3t-user-token"
    }))
    .expect("decodes");
    assert_eq!(profile.access_token.as_deref(), Some("s3cr3t-user-token"));
    let shown = format!("{profile:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(
        shown.contains("access_token: <redacted>") && shown.contains("\"Ada\""),
        "{shown}"
    );

    let webhook: chatwoot::application::types::Webhook =
        serde_json::from_value(json!({ "id": 5, "secret": "whsec-1234" })).expect("decodes");
    assert!(!format!("{webhook:?}").contains("whsec-1234"));
    let built = chatwoot::application::types::builder::User::default()
        .access_token(Some("s3cr3t".to_owned()));
    assert!(!format!("{built:?}").contains("s3cr3t"));
}

/// Free-form JSON shows with secret keys hidden, whatever the family: an
/// integration's settings hold third-party API keys.
#[test]
fn secrets_inside_free_form_json_never_show_in_debug() {
    let hook: chatwoot::application::types::IntegrationsHook = serde_json::from_value(json!({
        "id": "7", "app_id": "openai",
        "settings": {"api_key": "sk-live-123", "label_suggestion": true}
    }))
    .expect("decodes");
    let shown = format!("{hook:?}");
    assert!(!shown.contains("sk-live-123"), "{shown}");
    assert!(
        shown.contains("label_suggestion") && shown.contains("openai"),
        "{shown}"
    );

    let contact: chatwoot::client::types::PublicContact = serde_json::from_value(json!({
        "id": 3, "source_id": "src-1", "pubsub_token": "ps-456"
    }))
    .expect("decodes");
    assert!(!format!("{contact:?}").contains("ps-456"), "{contact:?}");

    let user: chatwoot::platform::types::User = serde_json::from_value(json!({
        "id": 1, "access_token": "pl-789", "custom_attributes": {"nested": {"secret": "x-1"}}
    }))
    .expect("decodes");
    let shown = format!("{user:?}");
    assert!(
        !shown.contains("pl-789") && !shown.contains("x-1"),
        "{shown}"
    );
}
