//! Realtime broadcasts decode from ActionCable frames written from the
//! server's `push_event_data` serializers and ActionCableListener.

use std::path::Path;

use chatwoot_webhooks::realtime::{Broadcast, RealtimeEvent};
use chatwoot_webhooks::types::{ConversationStatus, MessageStatus, MessageType, Sender};
use serde_json::{Value, json};

fn frame(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/realtime")
        .join(format!("{name}.json"));
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

fn broadcast(name: &str) -> Broadcast {
    let frame = frame(name);
    let identifier: Value = serde_json::from_str(frame["identifier"].as_str().unwrap()).unwrap();
    assert_eq!(identifier["channel"], "RoomChannel");
    Broadcast::from_value(&frame["message"]).unwrap()
}

#[test]
fn every_realtime_fixture_decodes_to_a_known_event() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realtime");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let b = broadcast(&stem);
        assert!(!matches!(b.event, RealtimeEvent::Unknown { .. }), "{stem}");
        assert_eq!(b.event.name(), stem);
        assert_eq!(b.account_id, Some(1), "{stem}");
        count += 1;
    }
    assert_eq!(count, 8);
}

#[test]
fn message_created_is_in_push_form() {
    let b = broadcast("message.created");
    assert_eq!(b.performer, None);
    let RealtimeEvent::MessageCreated(m) = b.event else {
        panic!()
    };
    assert_eq!(m.message_type, Some(MessageType::Incoming), "integer 0");
    assert_eq!(m.created_at.unwrap().unix_seconds(), 1_776_330_605);
    assert_eq!(
        m.updated_at.unwrap().to_string(),
        "2026-04-16T09:10:05.226Z"
    );
    assert_eq!(m.echo_id.as_deref(), Some("b3c1d2e4"));
    assert_eq!(m.sender_type.as_deref(), Some("Contact"));
    let conversation = m.conversation.unwrap();
    assert_eq!(conversation.unread_count, Some(1));
    assert_eq!(
        conversation.contact_inbox.unwrap()["source_id"],
        "5b1a4f0e-93d4-4a52-8a4c-2f0d9f1b7c11"
    );
    let Some(Sender::Contact(contact)) = m.sender else {
        panic!()
    };
    assert_eq!(contact.name.as_deref(), Some("Ada Lovelace"));
}

#[test]
fn message_updated_has_previous_changes_and_performer() {
    let b = broadcast("message.updated");
    let Some(Sender::User(performer)) = &b.performer else {
        panic!("{:?}", b.performer)
    };
    assert_eq!(performer.name.as_deref(), Some("Grace Hopper"));
    let RealtimeEvent::MessageUpdated(update) = b.event else {
        panic!()
    };
    assert_eq!(update.message.message_type, Some(MessageType::Outgoing));
    assert_eq!(update.message.status, Some(MessageStatus::Read));
    let Some(Sender::AgentBot(bot)) = &update.message.sender else {
        panic!()
    };
    assert_eq!(
        bot.avatar_url.as_deref(),
        Some("https://chat.acme.test/bot.png")
    );
    let status = update
        .previous_changes
        .iter()
        .find(|c| c.name == "status")
        .unwrap();
    assert_eq!(status.previous_value, "delivered");
    assert_eq!(status.current_value, "read");
}

#[test]
fn conversation_status_changed() {
    let RealtimeEvent::ConversationStatusChanged(c) =
        broadcast("conversation.status_changed").event
    else {
        panic!()
    };
    assert_eq!(c.status, Some(ConversationStatus::Resolved));
    assert_eq!(c.id, Some(17));
}

#[test]
fn typing_from_a_contact() {
    let RealtimeEvent::ConversationTypingOn(t) = broadcast("conversation.typing_on").event else {
        panic!()
    };
    assert!(!t.is_private);
    assert!(matches!(t.user, Some(Sender::Contact(_))));
}

#[test]
fn contact_deleted_carries_the_account() {
    let RealtimeEvent::ContactDeleted(c) = broadcast("contact.deleted").event else {
        panic!()
    };
    assert_eq!(c.id, Some(42));
    assert_eq!(c.account_id, Some(1));
}

#[test]
fn presence_update() {
    let RealtimeEvent::PresenceUpdate(p) = broadcast("presence.update").event else {
        panic!()
    };
    assert_eq!(p.users["7"], "online");
    assert_eq!(p.users["8"], "busy");
    assert_eq!(p.contacts["42"], "online");
}

#[test]
fn notification_created() {
    let RealtimeEvent::NotificationCreated(n) = broadcast("notification.created").event else {
        panic!()
    };
    assert_eq!(n.unread_count, Some(3));
    assert_eq!(n.count, Some(12));
    let notification = n.notification.unwrap();
    assert_eq!(
        notification.notification_type.as_deref(),
        Some("conversation_assignment")
    );
    assert_eq!(notification.primary_actor.unwrap().id, Some(17));
    assert_eq!(notification.read_at, None);
}

#[test]
fn account_cache_invalidated() {
    let RealtimeEvent::AccountCacheInvalidated(keys) = broadcast("account.cache_invalidated").event
    else {
        panic!()
    };
    assert_eq!(keys["label"], 1_776_330_000);
}

#[test]
fn unknown_and_odd_broadcasts() {
    let b = Broadcast::from_value(&json!({"event": "captain.thinking", "data": {"x": 1}})).unwrap();
    let RealtimeEvent::Unknown { event, data } = &b.event else {
        panic!()
    };
    assert_eq!(event, "captain.thinking");
    assert_eq!(data["x"], 1);

    // Data of the wrong shape is kept rather than failing.
    let b = Broadcast::from_value(&json!({"event": "message.created", "data": [1]})).unwrap();
    assert!(matches!(b.event, RealtimeEvent::Unknown { .. }));
    assert!(Broadcast::from_value(&json!("message.created")).is_err());
}
