//! A record a webhook or a realtime event carries, as the REST type of the
//! same record: Chatwoot renders both from the same models, so a bot can
//! hand what an event told it to code written for the REST API
//! (`types::Conversation::try_from(&event_conversation)`).
//!
//! The conversion goes through the record's JSON and the REST type's lenient
//! rules, as a response would: what one side has and the other does not is
//! left out (a webhook's conversation has no `account_id`). Two differences
//! are bridged: a message's type (its name in webhooks, its integer in the
//! REST API), and the account, inbox and conversation a webhook message
//! names as objects (`account: {id}`) where the REST type has their ids.

use chatwoot_webhooks::types::{self as webhooks, MessageType};
use serde_json::Value;

use crate::types;

/// Why a record did not convert: its JSON does not fit the REST type (a list
/// where an object belongs, in free-form attributes).
pub type RecordError = serde_json::Error;

macro_rules! same_record {
    ($($webhook:ident => $rest:ident: $name:literal;)*) => {$(
        #[cfg(chatwoot_type = $name)]
        impl TryFrom<&webhooks::$webhook> for types::$rest {
            type Error = RecordError;

            fn try_from(record: &webhooks::$webhook) -> Result<Self, RecordError> {
                let mut json = serde_json::to_value(record)?;
                message_types_as_integers(&mut json);
                ids_of_references(&mut json);
                serde_json::from_value(json)
            }
        }
    )*};
}

same_record! {
    Conversation => Conversation: "Conversation";
    Contact => Contact: "Contact";
    Message => Message: "Message";
    WebhookMessage => Message: "Message";
    Inbox => Inbox: "Inbox";
    Team => Team: "Team";
    AgentBot => AgentBot: "AgentBot";
    User => Agent: "Agent";
}

/// Every `message_type` given by name (`"incoming"`), here or nested (a
/// conversation's messages), becomes the integer the REST types read.
fn message_types_as_integers(json: &mut Value) {
    match json {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let code = match value {
                    Value::String(name) if key == "message_type" => name
                        .parse::<MessageType>()
                        .ok()
                        .and_then(|kind| kind.code()),
                    _ => None,
                };
                match code {
                    Some(code) => *value = Value::from(code),
                    None => message_types_as_integers(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(message_types_as_integers),
        _ => {}
    }
}

/// `account: {"id": 1}` (a webhook message's references) also as
/// `account_id: 1`, and the same for the inbox and the conversation.
fn ids_of_references(json: &mut Value) {
    let Value::Object(map) = json else { return };
    for (reference, id) in [
        ("account", "account_id"),
        ("inbox", "inbox_id"),
        ("conversation", "conversation_id"),
    ] {
        let found = map.get(reference).and_then(|r| r.get("id")).cloned();
        if let Some(found) = found {
            map.entry(id).or_insert(found);
        }
    }
}
