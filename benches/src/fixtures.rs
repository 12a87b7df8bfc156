//! Response bodies in the shape Chatwoot's server renders them, with invented
//! values that vary from item to item (a list of identical items would
//! flatter any decoder).
//!
//! Shapes follow the server's views at the pinned revision:
//! `app/views/api/v1/accounts/conversations/index.json.jbuilder` (`data.meta`
//! counts, `data.payload` of conversations), the conversation partial
//! `app/views/api/v1/conversations/partials/_conversation.json.jbuilder`
//! (`meta.sender` a contact, `meta.assignee` an agent, `meta.team`, the last
//! message as `Message#push_event_data`), and
//! `app/views/api/v1/accounts/conversations/messages/create.json.jbuilder`
//! (the message partial).

use serde_json::{Value, json};

const FIRST_NAMES: [&str; 8] = [
    "Amara", "Bilal", "Chiara", "Dmitri", "Esi", "Farid", "Greta", "Hiro",
];
const LAST_NAMES: [&str; 6] = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak"];
const CHANNELS: [&str; 4] = [
    "Channel::WebWidget",
    "Channel::Email",
    "Channel::Api",
    "Channel::Whatsapp",
];
const STATUSES: [&str; 4] = ["open", "open", "pending", "snoozed"];
const MESSAGES: [&str; 5] = [
    "Hi, my order #%N has not arrived yet. Could you check where it is?",
    "Thanks, that fixed it!",
    "Can I change the delivery address for order %N?",
    "The invoice attached to my last email shows the wrong VAT number.",
    "Is there a discount for annual plans? We are a team of %N.",
];

/// Seconds since the epoch around which the invented timestamps lie.
const EPOCH: i64 = 1_763_600_000;

fn name(i: usize) -> String {
    format!(
        "{} {}",
        FIRST_NAMES[i % FIRST_NAMES.len()],
        LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()]
    )
}

fn contact(i: usize) -> Value {
    let id = 5_000 + i as i64;
    let email = format!("customer{id}@example.org");
    json!({
        "additional_attributes": {
            "city": (["Lagos", "Malmö", "Lyon", "Osaka"][i % 4]),
            "country": (["Nigeria", "Sweden", "France", "Japan"][i % 4]),
            "created_at_ip": format!("203.0.113.{}", i % 250),
            "browser": {"browser_name": "Firefox", "browser_version": "132.0", "platform_name": "Linux"}
        },
        "availability_status": if i.is_multiple_of(3) { "online" } else { "offline" },
        "email": if i % 5 == 4 { Value::Null } else { Value::from(email) },
        "id": id,
        "name": name(i),
        "phone_number": if i.is_multiple_of(2) { Value::from(format!("+4670{:07}", i * 37)) } else { Value::Null },
        "blocked": false,
        "identifier": if i.is_multiple_of(4) { Value::from(format!("crm-{id}")) } else { Value::Null },
        "thumbnail": "",
        "custom_attributes": {"plan": (["free", "team", "enterprise"][i % 3]), "seats": (i % 40) + 1},
        "last_activity_at": EPOCH + (i as i64) * 97,
        "created_at": EPOCH - 86_400 * 30 + (i as i64) * 11
    })
}

fn agent(i: usize) -> Value {
    let id = 12 + (i % 7) as i64;
    json!({
        "id": id,
        "account_id": 1,
        "availability_status": (["online", "busy", "offline"][i % 3]),
        "auto_offline": true,
        "confirmed": true,
        "email": format!("agent{id}@support.example.com"),
        "provider": "email",
        "available_name": name(i + 3),
        "name": name(i + 3),
        "role": if id == 12 { "administrator" } else { "agent" },
        "thumbnail": format!("https://support.example.com/rails/active_storage/representations/agent-{id}.png")
    })
}

/// `Message#push_event_data`: the message's own columns plus a few computed fields.
fn last_message(i: usize, conversation_display_id: i64) -> Value {
    let text = MESSAGES[i % MESSAGES.len()].replace("%N", &(1000 + i * 7).to_string());
    let created = EPOCH + (i as i64) * 97;
    json!({
        "id": 90_000 + i as i64 * 3,
        "content": text,
        "account_id": 1,
        "inbox_id": 1 + (i % 4) as i64,
        "conversation_id": conversation_display_id,
        "message_type": 0,
        "created_at": created,
        "updated_at": format!("2025-11-20T{:02}:{:02}:{:02}.{:03}Z", (i / 60) % 24, i % 60, (i * 7) % 60, i % 1000),
        "private": false,
        "status": "sent",
        "source_id": if i % 3 == 1 { Value::from(format!("<msg-{i}@mail.example.org>")) } else { Value::Null },
        "content_type": "text",
        "content_attributes": {},
        "sender_type": "Contact",
        "sender_id": 5_000 + i as i64,
        "external_source_ids": {},
        "additional_attributes": {},
        "processed_message_content": text,
        "sentiment": {},
        "conversation": {
            "assignee_id": if i % 3 == 2 { Value::Null } else { Value::from(12 + (i % 7) as i64) },
            "unread_count": i % 4,
            "last_activity_at": created,
            "contact_inbox": {"source_id": format!("{:08x}-7f3a-4c1e-9b2d-{:012x}", i * 7919, i * 104_729)}
        },
        "sender": {
            "additional_attributes": {},
            "custom_attributes": {},
            "email": format!("customer{}@example.org", 5_000 + i),
            "id": 5_000 + i as i64,
            "identifier": Value::Null,
            "name": name(i),
            "phone_number": Value::Null,
            "thumbnail": "",
            "blocked": false,
            "type": "contact"
        }
    })
}

/// One conversation as the list renders it.
pub fn conversation(i: usize) -> Value {
    let display_id = 4_200 + i as i64;
    let created = EPOCH - 3_600 * 24 + (i as i64) * 61;
    let mut meta = json!({
        "sender": contact(i),
        "channel": CHANNELS[i % CHANNELS.len()],
        "hmac_verified": i.is_multiple_of(6)
    });
    if i % 3 != 2 {
        meta["assignee"] = agent(i);
        meta["assignee_type"] = "User".into();
    }
    if i % 4 == 1 {
        meta["team"] = json!({
            "id": 3, "name": "billing", "description": "Invoices, refunds and plans",
            "allow_auto_assign": true, "account_id": 1, "is_member": true
        });
    }
    let message = last_message(i, display_id);
    json!({
        "meta": meta,
        "id": display_id,
        "messages": [message.clone()],
        "account_id": 1,
        "uuid": format!("{:08x}-1b2c-4d3e-8f40-{:012x}", i * 2_654_435, i * 40_503),
        "additional_attributes": {
            "browser": {"device_name": "Unknown", "browser_name": "Firefox", "platform_name": "Linux",
                         "browser_version": "132.0", "platform_version": "0"},
            "referer": format!("https://shop.example.com/orders/{}", 1000 + i * 7),
            "initiated_at": {"timestamp": "Thu Nov 20 2025 10:15:00 GMT+0100"}
        },
        "agent_last_seen_at": if i % 3 == 2 { 0 } else { created + 300 },
        "assignee_last_seen_at": if i % 3 == 2 { 0 } else { created + 300 },
        "can_reply": true,
        "contact_last_seen_at": created + 120,
        "custom_attributes": if i.is_multiple_of(5) { json!({"order_value": 129.5, "vip": true}) } else { json!({}) },
        "inbox_id": 1 + (i % 4) as i64,
        "labels": match i % 4 { 0 => json!(["billing", "urgent"]), 1 => json!(["delivery"]), _ => json!([]) },
        "muted": false,
        "snoozed_until": if STATUSES[i % 4] == "snoozed" { Value::from(created + 86_400) } else { Value::Null },
        "status": STATUSES[i % STATUSES.len()],
        "created_at": created,
        "updated_at": created as f64 + 0.123_456 + (i % 1000) as f64 / 1000.0,
        "timestamp": EPOCH + (i as i64) * 97,
        "first_reply_created_at": if i % 3 == 2 { 0 } else { created + 240 },
        "unread_count": i % 4,
        "last_non_activity_message": message,
        "last_activity_at": EPOCH + (i as i64) * 97,
        "priority": (["high", "urgent", "medium", "low"].get(i % 7).copied()),
        "waiting_since": if i.is_multiple_of(2) { created } else { 0 },
        "sla_policy_id": Value::Null
    })
}

/// `GET /api/v1/accounts/{account_id}/conversations`: `items` conversations
/// (the server's page is 25), with the counts the server puts beside them.
pub fn list_conversations(items: usize) -> Value {
    let payload: Vec<Value> = (0..items).map(conversation).collect();
    json!({
        "data": {
            "meta": {
                "mine_count": items / 3,
                "assigned_count": items - items / 3,
                "unassigned_count": items / 3,
                "all_count": items + 17
            },
            "payload": payload
        }
    })
}

/// `POST /api/v1/accounts/{account_id}/conversations/{conversation_id}/messages`:
/// the message just created, an outgoing agent reply.
pub fn message_created() -> Value {
    json!({
        "id": 91_234,
        "content": "Your parcel left our warehouse this morning; tracking: 00340434161094042557.",
        "inbox_id": 2,
        "conversation_id": 4_207,
        "message_type": 1,
        "content_type": "text",
        "status": "sent",
        "content_attributes": {},
        "created_at": EPOCH + 5_000,
        "private": false,
        "source_id": Value::Null,
        "sender": {
            "id": 13,
            "name": "Esi Lindqvist",
            "available_name": "Esi Lindqvist",
            "avatar_url": "",
            "type": "user",
            "availability_status": "online",
            "thumbnail": ""
        }
    })
}

/// The server's page size for conversation lists.
pub const PAGE: usize = 25;

/// JSON text of `value`, as the server sends it (compact).
pub fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}
