use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::de::debug_enum;
use crate::types::{
    AccountCreated, Changed, Contact, Conversation, Inbox, Typing, WebhookMessage,
    WebwidgetTriggered,
};

/// A webhook event, told apart by its `event` field.
///
/// Which endpoint receives which events:
///
/// - account webhooks (Settings → Integrations → Webhooks), signed: every
///   variant but `ConversationOpened`, `ConversationResolved` and
///   `AccountCreated`, as subscribed;
/// - an API channel inbox's `webhook_url` (signed by servers from April
///   2026 on): the conversation, message, typing and `webwidget_triggered`
///   events of that inbox;
/// - agent bots' `outgoing_url` (signed by servers from April 2026 on):
///   `MessageCreated`, `MessageUpdated`, `ConversationOpened`,
///   `ConversationResolved` and `WebwidgetTriggered`;
/// - the installation's `INSTALLATION_EVENTS_WEBHOOK_URL`, unsigned:
///   `AccountCreated`.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
// Events are handled one at a time; boxing the large variants would only
// add noise to every match.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// `conversation_created`.
    ConversationCreated(Conversation),
    /// `conversation_updated`: assignee, team, status, labels, priority,
    /// custom attributes, snooze or language changed.
    ConversationUpdated(Changed<Conversation>),
    /// `conversation_status_changed`.
    ConversationStatusChanged(Changed<Conversation>),
    /// `conversation_opened` (agent bots only).
    ConversationOpened(Conversation),
    /// `conversation_resolved` (agent bots only).
    ConversationResolved(Conversation),
    /// `conversation_typing_on`.
    ConversationTypingOn(Typing),
    /// `conversation_typing_off`.
    ConversationTypingOff(Typing),
    /// `message_created`: incoming, outgoing and template messages, private
    /// notes included (see `private`).
    MessageCreated(WebhookMessage),
    /// `message_updated`.
    MessageUpdated(WebhookMessage),
    /// `contact_created`.
    ContactCreated(Contact),
    /// `contact_updated`.
    ContactUpdated(Changed<Contact>),
    /// `inbox_created`.
    InboxCreated(Inbox),
    /// `inbox_updated`.
    InboxUpdated(Changed<Inbox>),
    /// `webwidget_triggered`: a visitor opened the chat widget.
    WebwidgetTriggered(WebwidgetTriggered),
    /// `account_created` (installation webhook).
    AccountCreated(AccountCreated),
    /// An event this crate does not know, kept whole.
    Unknown {
        /// The `event` field, if the payload had one.
        event: Option<String>,
        /// The whole payload.
        raw: Value,
    },
}

debug_enum!(Event {
    ConversationCreated, ConversationUpdated, ConversationStatusChanged, ConversationOpened,
    ConversationResolved, ConversationTypingOn, ConversationTypingOff, MessageCreated,
    MessageUpdated, ContactCreated, ContactUpdated, InboxCreated, InboxUpdated,
    WebwidgetTriggered, AccountCreated;
    other: Unknown { event, raw }
});

impl Event {
    /// Decodes a webhook body. Fails only when the body is not a JSON object;
    /// see [`Event`] for how unknown events and odd fields decode.
    pub fn from_slice(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }

    /// Decodes a payload already parsed as JSON.
    pub fn from_value(value: Value) -> Result<Self, serde_json::Error> {
        Self::from_json(value)
    }

    /// The event's name, as in the `event` field (`"message_created"`).
    pub fn name(&self) -> &str {
        match self {
            Self::ConversationCreated(_) => "conversation_created",
            Self::ConversationUpdated(_) => "conversation_updated",
            Self::ConversationStatusChanged(_) => "conversation_status_changed",
            Self::ConversationOpened(_) => "conversation_opened",
            Self::ConversationResolved(_) => "conversation_resolved",
            Self::ConversationTypingOn(_) => "conversation_typing_on",
            Self::ConversationTypingOff(_) => "conversation_typing_off",
            Self::MessageCreated(_) => "message_created",
            Self::MessageUpdated(_) => "message_updated",
            Self::ContactCreated(_) => "contact_created",
            Self::ContactUpdated(_) => "contact_updated",
            Self::InboxCreated(_) => "inbox_created",
            Self::InboxUpdated(_) => "inbox_updated",
            Self::WebwidgetTriggered(_) => "webwidget_triggered",
            Self::AccountCreated(_) => "account_created",
            Self::Unknown { event, .. } => event.as_deref().unwrap_or(""),
        }
    }

    /// The conversation the event is about, where it has one.
    pub fn conversation(&self) -> Option<&Conversation> {
        match self {
            Self::ConversationCreated(c)
            | Self::ConversationOpened(c)
            | Self::ConversationResolved(c) => Some(c),
            Self::ConversationUpdated(c) | Self::ConversationStatusChanged(c) => Some(&c.current),
            Self::ConversationTypingOn(t) | Self::ConversationTypingOff(t) => {
                t.conversation.as_ref()
            }
            Self::MessageCreated(m) | Self::MessageUpdated(m) => m.conversation.as_ref(),
            Self::WebwidgetTriggered(w) => w.current_conversation.as_ref(),
            _ => None,
        }
    }

    fn from_json(value: Value) -> Result<Self, serde_json::Error> {
        if !value.is_object() {
            return Err(serde_json::Error::custom(
                "a webhook payload is a JSON object",
            ));
        }
        let Some(name) = value.get("event").and_then(Value::as_str) else {
            return Ok(Self::Unknown {
                event: None,
                raw: value,
            });
        };
        fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
            T::deserialize(value)
        }
        Ok(match name {
            "conversation_created" => Self::ConversationCreated(typed(&value)?),
            "conversation_updated" => Self::ConversationUpdated(typed(&value)?),
            "conversation_status_changed" => Self::ConversationStatusChanged(typed(&value)?),
            "conversation_opened" => Self::ConversationOpened(typed(&value)?),
            "conversation_resolved" => Self::ConversationResolved(typed(&value)?),
            "conversation_typing_on" => Self::ConversationTypingOn(typed(&value)?),
            "conversation_typing_off" => Self::ConversationTypingOff(typed(&value)?),
            "message_created" => Self::MessageCreated(typed(&value)?),
            "message_updated" => Self::MessageUpdated(typed(&value)?),
            "contact_created" => Self::ContactCreated(typed(&value)?),
            "contact_updated" => Self::ContactUpdated(typed(&value)?),
            "inbox_created" => Self::InboxCreated(typed(&value)?),
            "inbox_updated" => Self::InboxUpdated(typed(&value)?),
            "webwidget_triggered" => Self::WebwidgetTriggered(typed(&value)?),
            "account_created" => Self::AccountCreated(typed(&value)?),
            other => Self::Unknown {
                event: Some(other.to_owned()),
                raw: value,
            },
        })
    }

    fn payload_value(&self) -> Result<Value, serde_json::Error> {
        match self {
            Self::ConversationCreated(c)
            | Self::ConversationOpened(c)
            | Self::ConversationResolved(c) => serde_json::to_value(c),
            Self::ConversationUpdated(c) | Self::ConversationStatusChanged(c) => {
                serde_json::to_value(c)
            }
            Self::ConversationTypingOn(t) | Self::ConversationTypingOff(t) => {
                serde_json::to_value(t)
            }
            Self::MessageCreated(m) | Self::MessageUpdated(m) => serde_json::to_value(m),
            Self::ContactCreated(c) => serde_json::to_value(c),
            Self::ContactUpdated(c) => serde_json::to_value(c),
            Self::InboxCreated(i) => serde_json::to_value(i),
            Self::InboxUpdated(i) => serde_json::to_value(i),
            Self::WebwidgetTriggered(w) => serde_json::to_value(w),
            Self::AccountCreated(a) => serde_json::to_value(a),
            Self::Unknown { raw, .. } => Ok(raw.clone()),
        }
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_json(Value::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

/// Serializes as the server sends it: the payload with its `event` field.
impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut value = self.payload_value().map_err(serde::ser::Error::custom)?;
        if let (Value::Object(map), false) = (&mut value, matches!(self, Self::Unknown { .. })) {
            map.insert("event".to_owned(), Value::from(self.name()));
        }
        value.serialize(serializer)
    }
}
