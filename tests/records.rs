//! Webhook records convert into the REST types of the same records
//! (`chatwoot-application`'s `webhook-records` feature): what a bot learns
//! from an event reaches code written for the REST API, with nothing the
//! two share lost.

use std::path::Path;

use chatwoot::application::types;
use chatwoot::webhooks::Event;

fn event(name: &str) -> Event {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/chatwoot-webhooks/tests/fixtures")
        .join(format!("{name}.json"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Event::from_slice(&bytes).expect("the fixture decodes")
}

/// Code written for the REST API: the conversations a bot answers.
fn needs_an_answer(conversation: &types::Conversation) -> bool {
    conversation.status == Some(types::ConversationStatus::Open)
        && conversation.unread_count.unwrap_or(0) > 0
}

#[test]
fn a_webhook_conversation_is_the_rest_conversation() {
    let Event::ConversationCreated(hook) = event("conversation_created") else {
        panic!("a conversation_created event");
    };
    let rest = types::Conversation::try_from(&hook).expect("converts");

    assert_eq!(rest.id, hook.id);
    assert_eq!(rest.inbox_id, hook.inbox_id);
    assert_eq!(rest.unread_count, hook.unread_count);
    assert_eq!(rest.labels, hook.labels);
    assert_eq!(rest.can_reply, hook.can_reply);
    assert_eq!(rest.created_at, hook.created_at.map(|t| t.as_datetime()));
    assert_eq!(
        rest.waiting_since,
        hook.waiting_since.map(|t| t.as_datetime())
    );
    assert_eq!(
        rest.custom_attributes.get("order_id"),
        hook.custom_attributes.get("order_id")
    );
    assert!(needs_an_answer(&rest));
    // Its messages too, their type by the integer the REST API uses.
    assert_eq!(rest.messages.len(), hook.messages.len());
    let (message, hooked) = (&rest.messages[0], &hook.messages[0]);
    assert_eq!(message.id, hooked.id);
    assert_eq!(message.content, hooked.content);
    assert_eq!(message.message_type.as_deref(), Some(&0), "incoming");
    assert_eq!(
        message.created_at,
        hooked.created_at.map(|t| t.as_datetime())
    );
}

#[test]
fn a_webhook_message_is_the_rest_message_with_its_ids() {
    let Event::MessageCreated(hook) = event("message_created") else {
        panic!("a message_created event");
    };
    let rest = types::Message::try_from(&hook).expect("converts");

    assert_eq!(rest.id, hook.id);
    assert_eq!(rest.content, hook.content);
    assert_eq!(rest.private, hook.private);
    assert_eq!(rest.message_type.as_deref(), Some(&0), "incoming");
    assert_eq!(rest.created_at, hook.created_at.map(|t| t.as_datetime()));
    // The webhook names them as objects; the REST type has their ids.
    assert_eq!(rest.account_id, hook.account.as_ref().and_then(|a| a.id));
    assert_eq!(rest.inbox_id, hook.inbox.as_ref().and_then(|i| i.id));
    assert_eq!(
        rest.conversation_id,
        hook.conversation.as_ref().and_then(|c| c.id)
    );
    assert!(rest.conversation_id.is_some());
}

#[test]
fn a_webhook_inbox_is_the_rest_inbox() {
    let Event::InboxCreated(hook) = event("inbox_created") else {
        panic!("an inbox_created event");
    };
    let rest = types::Inbox::try_from(&hook).expect("converts");

    assert_eq!(rest.business_name, hook.business_name);
    assert_eq!(rest.timezone, hook.timezone);
    assert_eq!(rest.greeting_message, hook.greeting_message);
    assert_eq!(rest.working_hours.len(), hook.working_hours.len());
    assert!(!rest.working_hours.is_empty());
}

#[test]
fn a_webhook_contact_is_the_rest_contact() {
    let Event::ContactCreated(hook) = event("contact_created") else {
        panic!("a contact_created event");
    };
    let rest = types::Contact::try_from(&hook).expect("converts");

    assert_eq!(rest.id, hook.id);
    assert_eq!(rest.name, hook.name);
    assert_eq!(rest.email, hook.email);
    assert_eq!(rest.phone_number, hook.phone_number);
    assert_eq!(rest.identifier, hook.identifier);
    assert_eq!(
        rest.custom_attributes.get("plan"),
        hook.custom_attributes.get("plan")
    );
    assert!(rest.id.is_some() && rest.name.is_some());
}
