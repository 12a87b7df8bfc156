//! Every webhook event decodes from a fixture written from the server's
//! serializers (`webhook_data`, `push_data`), and odd payloads still decode.

use std::path::Path;

use chatwoot_webhooks::Event;
use chatwoot_webhooks::types::{
    ContentType, ConversationStatus, FileType, MessageStatus, MessageType, Priority, Sender,
    SenderNameType,
};
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.json"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn event(name: &str) -> Event {
    Event::from_slice(&fixture(name)).unwrap()
}

#[test]
fn every_fixture_decodes_to_its_own_variant_and_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let event = Event::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert!(
            !matches!(event, Event::Unknown { .. }),
            "{stem} decoded as unknown"
        );
        assert_eq!(event.name(), stem);

        // Serializing gives the wire form back, which decodes the same.
        let again: Event = serde_json::from_value(serde_json::to_value(&event).unwrap()).unwrap();
        assert_eq!(again, event, "{stem} does not round-trip");
        seen.push(stem);
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "account_created",
            "contact_created",
            "contact_updated",
            "conversation_created",
            "conversation_opened",
            "conversation_resolved",
            "conversation_status_changed",
            "conversation_typing_off",
            "conversation_typing_on",
            "conversation_updated",
            "inbox_created",
            "inbox_updated",
            "message_created",
            "message_updated",
            "webwidget_triggered",
        ]
    );
}

#[test]
fn conversation_created() {
    let Event::ConversationCreated(c) = event("conversation_created") else {
        panic!()
    };
    assert_eq!(c.id, Some(17));
    assert_eq!(c.inbox_id, Some(3));
    assert_eq!(c.status, Some(ConversationStatus::Open));
    assert_eq!(c.channel.as_deref(), Some("Channel::WebWidget"));
    assert_eq!(c.can_reply, Some(true));
    assert_eq!(c.labels, ["billing", "vip"]);
    assert_eq!(c.priority, None);
    assert_eq!(c.unread_count, Some(1));
    assert_eq!(c.custom_attributes["order_id"], "A-1009");
    assert_eq!(
        c.additional_attributes["referer"],
        "https://acme.test/pricing"
    );
    assert_eq!(c.created_at.unwrap().unix_seconds(), 1_776_330_602);
    assert_eq!(
        c.updated_at.unwrap().to_string(),
        "2026-04-16T09:10:11.873214Z",
        "fractional epoch seconds"
    );
    // `nil.to_i` (0) reads as unset.
    assert_eq!(c.agent_last_seen_at, None);
    assert_eq!(c.contact_last_seen_at, None);
    assert_eq!(c.snoozed_until, None);
    assert_eq!(c.first_reply_created_at, None);

    let contact = c.contact().unwrap();
    assert_eq!(contact.email.as_deref(), Some("ada@initech.test"));
    assert!(c.assignee().is_none());
    let meta = c.meta.as_ref().unwrap();
    assert_eq!(meta.assignee_type, None);
    assert_eq!(meta.team, None);
    assert_eq!(meta.hmac_verified, Some(false));

    let ci = c.contact_inbox.as_ref().unwrap();
    assert_eq!(
        ci.source_id.as_deref(),
        Some("5b1a4f0e-93d4-4a52-8a4c-2f0d9f1b7c11")
    );
    assert_eq!(
        ci.created_at.unwrap().to_string(),
        "2026-04-16T09:10:02.417Z"
    );

    // The last message is in its realtime form: integer type, epoch time.
    let last = &c.messages[0];
    assert_eq!(last.message_type, Some(MessageType::Incoming));
    assert_eq!(last.created_at.unwrap().unix_seconds(), 1_776_330_605);
    assert_eq!(last.conversation_id, Some(17));
    assert_eq!(last.status, Some(MessageStatus::Sent));
    assert_eq!(last.content_type, Some(ContentType::Text));
    assert!(matches!(last.sender, Some(Sender::Contact(_))));
    assert_eq!(last.conversation.as_ref().unwrap().assignee_id, Some(7));
}

#[test]
fn conversation_updated_has_its_changes() {
    let Event::ConversationUpdated(c) = event("conversation_updated") else {
        panic!()
    };
    assert_eq!(c.id, Some(17), "dereferences to the conversation");
    assert_eq!(c.priority, Some(Priority::High));
    assert_eq!(c.changed_attributes.len(), 4);
    let assignee = c.change("assignee_id").unwrap();
    assert_eq!(assignee.previous_value, Value::Null);
    assert_eq!(assignee.current_value, 7);
    let Some(Sender::User(agent)) = c.assignee() else {
        panic!("{:?}", c.assignee())
    };
    assert_eq!(agent.available_name.as_deref(), Some("Grace"));
    assert_eq!(
        c.meta
            .as_ref()
            .unwrap()
            .team
            .as_ref()
            .unwrap()
            .name
            .as_deref(),
        Some("billing")
    );
}

#[test]
fn conversation_status_changed_with_null_changes() {
    let Event::ConversationStatusChanged(c) = event("conversation_status_changed") else {
        panic!()
    };
    assert_eq!(c.status, Some(ConversationStatus::Resolved));
    assert!(c.changed_attributes.is_empty());
    assert_eq!(c.waiting_since, None);
}

#[test]
fn conversation_opened_and_resolved() {
    let Event::ConversationOpened(c) = event("conversation_opened") else {
        panic!()
    };
    assert_eq!(c.status, Some(ConversationStatus::Open));
    let Event::ConversationResolved(c) = event("conversation_resolved") else {
        panic!()
    };
    assert_eq!(c.status, Some(ConversationStatus::Resolved));
}

#[test]
fn typing_events_name_who_types() {
    let Event::ConversationTypingOn(t) = event("conversation_typing_on") else {
        panic!()
    };
    assert!(t.is_private);
    let Some(Sender::User(agent)) = &t.user else {
        panic!("{:?}", t.user)
    };
    assert_eq!(agent.email.as_deref(), Some("grace@acme.test"));
    assert_eq!(t.conversation.as_ref().unwrap().id, Some(17));

    // A contact's webhook data has no `type`: it is a contact.
    let Event::ConversationTypingOff(t) = event("conversation_typing_off") else {
        panic!()
    };
    assert!(!t.is_private);
    let Some(Sender::Contact(contact)) = &t.user else {
        panic!("{:?}", t.user)
    };
    assert_eq!(contact.account.as_ref().unwrap().id, Some(1));
}

#[test]
fn message_created_is_in_webhook_form() {
    let Event::MessageCreated(m) = event("message_created") else {
        panic!()
    };
    assert!(m.is_incoming());
    assert_eq!(m.id, Some(1201));
    assert_eq!(m.content_type, Some(ContentType::Text));
    assert_eq!(m.private, Some(false));
    assert_eq!(m.source_id, None);
    assert_eq!(
        m.created_at.unwrap().to_string(),
        "2026-04-16T09:10:05.226Z"
    );
    assert_eq!(
        m.account.as_ref().unwrap().name.as_deref(),
        Some("Acme Support")
    );
    assert_eq!(m.inbox.as_ref().unwrap().id, Some(3));
    assert_eq!(m.conversation.as_ref().unwrap().id, Some(17));
    let Some(Sender::Contact(contact)) = &m.sender else {
        panic!("{:?}", m.sender)
    };
    assert_eq!(contact.phone_number.as_deref(), Some("+351912345678"));
    assert_eq!(contact.identifier.as_deref(), Some("crm-0042"));

    let [image, location] = &m.attachments[..] else {
        panic!("{:?}", m.attachments)
    };
    assert_eq!(image.file_type, Some(FileType::Image));
    assert_eq!(image.file_size, Some(48213));
    assert_eq!(image.width, Some(1240));
    assert_eq!(location.file_type, Some(FileType::Location));
    assert_eq!(location.coordinates_lat, Some(38.7223));
    assert_eq!(location.fallback_title.as_deref(), Some("Acme HQ"));
}

#[test]
fn message_updated_from_an_agent_bot() {
    let Event::MessageUpdated(m) = event("message_updated") else {
        panic!()
    };
    assert_eq!(m.message_type, Some(MessageType::Outgoing));
    assert!(!m.is_incoming());
    assert_eq!(m.content_attributes["in_reply_to"], 1201);
    let Some(Sender::AgentBot(bot)) = &m.sender else {
        panic!("{:?}", m.sender)
    };
    assert_eq!(bot.name.as_deref(), Some("Triage Bot"));
    assert!(m.attachments.is_empty());
}

#[test]
fn contact_created_and_updated() {
    let Event::ContactCreated(c) = event("contact_created") else {
        panic!()
    };
    assert_eq!(c.id, Some(42));
    assert_eq!(c.blocked, Some(false));
    assert_eq!(c.custom_attributes["seats"], 12);
    assert_eq!(c.additional_attributes["city"], "Lisbon");
    assert!(c.avatar.as_deref().unwrap().ends_with("avatar.png"));

    let Event::ContactUpdated(c) = event("contact_updated") else {
        panic!()
    };
    assert_eq!(c.name.as_deref(), Some("Ada Lovelace"));
    let change = c.change("custom_attributes").unwrap();
    assert_eq!(change.previous_value, json!({"plan": "pro"}));
    assert_eq!(change.current_value["plan"], "enterprise");
    assert!(c.change("name").is_none());
}

#[test]
fn inbox_created_and_updated() {
    let Event::InboxCreated(inbox) = event("inbox_created") else {
        panic!()
    };
    assert_eq!(inbox.timezone.as_deref(), Some("Europe/Lisbon"));
    assert_eq!(inbox.sender_name_type, Some(SenderNameType::Friendly));
    assert_eq!(inbox.working_hours.len(), 2);
    assert_eq!(inbox.working_hours[1].close_minutes, Some(30));
    assert_eq!(inbox.working_hours[0].open_hour, None);
    assert_eq!(inbox.auto_assignment_config["max_assignment_limit"], 5);
    assert_eq!(inbox.channel["website_token"], "kX9sQ2mL8vT4");

    let Event::InboxUpdated(inbox) = event("inbox_updated") else {
        panic!()
    };
    assert_eq!(
        inbox.change("greeting_message").unwrap().current_value,
        "Hello! How can we help?"
    );
}

#[test]
fn webwidget_triggered_has_event_info() {
    let Event::WebwidgetTriggered(w) = event("webwidget_triggered") else {
        panic!()
    };
    assert_eq!(w.id, Some(58));
    assert_eq!(
        w.source_id.as_deref(),
        Some("5b1a4f0e-93d4-4a52-8a4c-2f0d9f1b7c11")
    );
    assert_eq!(w.contact.as_ref().unwrap().id, Some(42));
    assert_eq!(w.current_conversation.as_ref().unwrap().id, Some(17));
    let info = w.event_info.as_ref().unwrap();
    assert_eq!(info.widget_language.as_deref(), Some("en"));
    assert_eq!(info.referer.as_deref(), Some("https://acme.test/pricing"));
    let browser = info.browser.as_ref().unwrap();
    assert_eq!(browser.browser_name.as_deref(), Some("Firefox"));
    assert_eq!(browser.platform_version, None);
}

#[test]
fn account_created_lists_administrators() {
    let Event::AccountCreated(a) = event("account_created") else {
        panic!()
    };
    assert_eq!(a.name.as_deref(), Some("Globex"));
    assert_eq!(a.users[0].email.as_deref(), Some("hank@globex.test"));
}

#[test]
fn unknown_events_keep_their_json() {
    let raw = json!({"event": "conversation_deleted", "id": 5, "extra": [1, 2]});
    let event = Event::from_value(raw.clone()).unwrap();
    assert_eq!(event.name(), "conversation_deleted");
    let Event::Unknown {
        event: name,
        raw: kept,
    } = &event
    else {
        panic!("{event:?}")
    };
    assert_eq!(name.as_deref(), Some("conversation_deleted"));
    assert_eq!(kept, &raw);
    assert_eq!(serde_json::to_value(&event).unwrap(), raw);

    let Event::Unknown { event: None, .. } = Event::from_value(json!({"id": 1})).unwrap() else {
        panic!("no event field")
    };
}

#[test]
fn bodies_that_are_not_objects_fail() {
    assert!(Event::from_slice(b"not json").is_err());
    assert!(Event::from_slice(b"[]").is_err());
    assert!(Event::from_slice(b"\"message_created\"").is_err());
}

#[test]
fn odd_fields_do_not_fail_the_event() {
    let mut raw: Value = serde_json::from_slice(&fixture("message_created")).unwrap();
    raw["id"] = json!("not a number");
    raw["message_type"] = json!(7);
    raw["content_type"] = json!("hologram");
    raw["created_at"] = json!("sometime last week");
    raw["private"] = json!({"nested": true});
    raw["sender"] = json!(12);
    raw["account"] = json!("Acme");
    raw["attachments"] = json!([
        "garbage",
        {"id": 90, "file_type": "video", "file_size": "big"},
        {"id": 91, "file_type": 4}
    ]);
    raw["conversation"]["status"] = json!("archived");
    raw["conversation"]["labels"] = json!(["ok", 3, null, "fine"]);
    raw["conversation"]["meta"]["assignee"] = json!({"id": 3, "type": "martian"});
    raw["conversation"]["custom_attributes"] = json!([1, 2]);
    raw["conversation"]["updated_at"] = json!(1e300);
    raw["brand_new_field"] = json!({"anything": "goes"});

    let Event::MessageCreated(m) = Event::from_value(raw).unwrap() else {
        panic!()
    };
    assert_eq!(m.id, None);
    assert_eq!(m.message_type, Some(MessageType::Other("7".into())));
    assert_eq!(m.content_type, Some(ContentType::Other("hologram".into())));
    assert_eq!(m.created_at, None);
    assert_eq!(m.private, None);
    assert_eq!(m.sender, None);
    assert_eq!(m.account, None);
    assert_eq!(m.attachments.len(), 2, "the garbage element is dropped");
    assert_eq!(m.attachments[0].file_type, Some(FileType::Video));
    assert_eq!(m.attachments[0].file_size, None);
    assert_eq!(
        m.attachments[1].file_type,
        Some(FileType::Location),
        "integer code"
    );
    assert_eq!(
        m.content.as_deref(),
        Some("Hi! My invoice shows the wrong VAT number.")
    );

    let c = m.conversation.unwrap();
    assert_eq!(c.status, Some(ConversationStatus::Other("archived".into())));
    assert_eq!(c.status.as_ref().unwrap().as_str(), "archived");
    assert_eq!(c.labels, ["ok", "fine"]);
    assert!(c.custom_attributes.is_empty());
    assert_eq!(c.updated_at, None);
    let Some(Sender::Other(other)) = c.assignee() else {
        panic!("{:?}", c.assignee())
    };
    assert_eq!(other["type"], "martian");
    assert_eq!(c.assignee().unwrap().id(), Some(3));
}

/// The values of every secret key in a payload, at any depth.
fn secrets_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::String(s) if chatwoot_runtime::secret::is_secret(key) => {
                        found.push(s.clone())
                    }
                    _ => secrets_in(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| secrets_in(item, found)),
        _ => {}
    }
}

#[test]
fn no_secret_of_any_fixture_shows_in_debug() {
    let mut checked = 0;
    for name in [
        "conversation_typing_on",
        "conversation_opened",
        "inbox_created",
        "inbox_updated",
        "message_updated",
    ] {
        let raw: Value = serde_json::from_slice(&fixture(name)).unwrap();
        let mut secrets = Vec::new();
        secrets_in(&raw, &mut secrets);
        assert!(!secrets.is_empty(), "{name} has a secret to hide");
        // Known and unknown to this crate alike.
        let mut unknown = raw.clone();
        unknown["event"] = json!("something_new");
        for event in [
            Event::from_value(raw).unwrap(),
            Event::from_value(unknown).unwrap(),
        ] {
            let shown = format!("{event:?} {event:#?}");
            for secret in &secrets {
                assert!(
                    !shown.contains(secret.as_str()),
                    "{name}: {secret} in {shown}"
                );
                checked += 1;
            }
            assert!(shown.contains("<redacted>"), "{name}");
        }
    }
    assert!(checked >= 10);

    // A changed secret shows only that it changed.
    let mut raw: Value = serde_json::from_slice(&fixture("inbox_updated")).unwrap();
    raw["changed_attributes"] =
        json!([{"hmac_token": {"previous_value": "old-h", "current_value": "new-h"}}]);
    let shown = format!("{:?}", Event::from_value(raw).unwrap());
    assert!(
        !shown.contains("old-h") && !shown.contains("new-h"),
        "{shown}"
    );
    assert!(shown.contains("name: \"hmac_token\""), "{shown}");
}

#[test]
fn lists_where_objects_belong_read_as_absent() {
    // serde's derived structs also read a list, field by field: without the
    // rule, `[]` would be an account of defaults and `[42, "Acme"]` the
    // account 42 named Acme.
    let mut raw: Value = serde_json::from_slice(&fixture("message_created")).unwrap();
    raw["account"] = json!([42, "Acme"]);
    raw["inbox"] = json!([]);
    raw["attachments"] = json!([[90, "image"], {"id": 91, "file_type": "image"}]);
    raw["conversation"]["meta"]["sender"] = json!([]);
    let Event::MessageCreated(m) = Event::from_value(raw).unwrap() else {
        panic!()
    };
    assert_eq!((m.account, m.inbox), (None, None));
    assert_eq!(m.attachments.len(), 1, "the list item is dropped");
    assert_eq!(m.attachments[0].id, Some(91));
    let c = m.conversation.unwrap();
    assert!(c.meta.unwrap().sender.is_none());

    let mut raw: Value = serde_json::from_slice(&fixture("conversation_updated")).unwrap();
    raw["changed_attributes"] = json!([["status", "open"], {"status": {"previous_value": "pending", "current_value": "open"}}]);
    let Event::ConversationUpdated(c) = Event::from_value(raw).unwrap() else {
        panic!()
    };
    assert_eq!(c.changed_attributes.len(), 1);
}

#[test]
fn typing_is_private_accepts_request_parameter_forms() {
    for (value, expected) in [
        (json!(true), true),
        (json!("true"), true),
        (json!("false"), false),
        (json!(null), false),
        (json!(1), true),
    ] {
        let raw = json!({"event": "conversation_typing_on", "is_private": value});
        let Event::ConversationTypingOn(t) = Event::from_value(raw).unwrap() else {
            panic!()
        };
        assert_eq!(t.is_private, expected, "{value}");
    }
}

#[test]
fn enums_display_and_parse_their_wire_names() {
    assert_eq!(MessageType::Template.to_string(), "template");
    assert_eq!(
        "activity".parse::<MessageType>().unwrap(),
        MessageType::Activity
    );
    assert_eq!(
        "snoozed".parse::<ConversationStatus>().unwrap(),
        ConversationStatus::Snoozed
    );
    assert_eq!(serde_json::to_value(Priority::Urgent).unwrap(), "urgent");
}

#[test]
fn event_conversation_accessor() {
    for name in [
        "conversation_created",
        "conversation_updated",
        "conversation_typing_on",
        "message_created",
        "webwidget_triggered",
    ] {
        assert_eq!(event(name).conversation().unwrap().id, Some(17), "{name}");
    }
    assert!(event("contact_created").conversation().is_none());
}

/// Every JSON pointer to a value inside `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

#[test]
fn any_single_odd_value_still_decodes_the_event() {
    let odd = [
        json!(null),
        json!(-1),
        json!(1e308),
        json!("x"),
        json!([]),
        json!({}),
        json!(true),
    ];
    for name in [
        "message_created",
        "webwidget_triggered",
        "inbox_updated",
        "conversation_typing_off",
        "contact_updated",
        "account_created",
    ] {
        let original: Value = serde_json::from_slice(&fixture(name)).unwrap();
        let mut paths = Vec::new();
        pointers(&original, String::new(), &mut paths);
        for path in paths.iter().filter(|p| *p != "/event") {
            for value in &odd {
                let mut mangled = original.clone();
                *mangled.pointer_mut(path).unwrap() = value.clone();
                let event = Event::from_value(mangled)
                    .unwrap_or_else(|e| panic!("{name}{path} = {value}: {e}"));
                assert_eq!(event.name(), name, "{path} = {value}");
                assert!(!matches!(event, Event::Unknown { .. }), "{path} = {value}");
            }
        }
    }
}

#[test]
fn truncated_or_garbled_bodies_fail_cleanly() {
    let body = fixture("message_created");
    for end in (0..body.len()).step_by(13) {
        let _ = Event::from_slice(&body[..end]);
    }
    let mut garbled = body.clone();
    for i in (0..garbled.len()).step_by(29) {
        garbled[i] = garbled[i].wrapping_add(1);
        let _ = Event::from_slice(&garbled);
    }
}
