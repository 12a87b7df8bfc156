//! Tolerance by rule: what the server sends beyond the spec decodes.

use chatwoot::client::types::PublicConversationStatus;
use serde_json::json;

#[test]
fn an_enum_value_the_spec_does_not_list_is_kept_not_fatal() {
    let known: PublicConversationStatus =
        serde_json::from_value(json!("snoozed")).expect("known value");
    assert_eq!(known, PublicConversationStatus::Snoozed);
    let new: PublicConversationStatus =
        serde_json::from_value(json!("archived")).expect("unknown value");
    assert_eq!(new, PublicConversationStatus::Unknown("archived".into()));
    assert_eq!(
        serde_json::to_value(&new).expect("encodes"),
        json!("archived"),
        "sent back as received"
    );
    assert_eq!(new.to_string(), "archived");
    assert_eq!(
        "archived".parse::<PublicConversationStatus>().ok(),
        Some(new)
    );
    assert!(
        serde_json::from_value::<PublicConversationStatus>(json!(3)).is_err(),
        "not a string at all"
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
