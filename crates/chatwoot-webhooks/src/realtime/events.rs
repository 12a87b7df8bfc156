use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::de::debug_enum;
use crate::types::{
    Attributes, ChangedAttribute, Contact, Conversation, CopilotMessage, Message,
    NotificationUpdate, Presence, Sender, Typing,
};

/// One event of the dashboard's realtime channel: what the server
/// broadcasts to a `RoomChannel` subscription.
///
/// Decode the `message` of an ActionCable frame with
/// [`Broadcast::from_value`]; the client of the `realtime` feature does it
/// for you.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Broadcast {
    /// The event.
    pub event: RealtimeEvent,
    /// The account it happened in; the dashboard ignores events of other
    /// accounts than the one shown.
    pub account_id: Option<i64>,
    /// The agent whose action caused it, when one did.
    pub performer: Option<Sender>,
}

impl Broadcast {
    /// Decodes `{"event": "...", "data": {...}}`. Fails only when it is
    /// not a JSON object.
    pub fn from_value(message: &Value) -> Result<Self, serde_json::Error> {
        if !message.is_object() {
            return Err(serde_json::Error::custom("a broadcast is a JSON object"));
        }
        let data = message.get("data").cloned().unwrap_or(Value::Null);
        let account_id = data.get("account_id").and_then(Value::as_i64);
        let performer = data
            .get("performer")
            .and_then(|p| crate::de::typed::<Sender>(p).ok());
        let name = message
            .get("event")
            .and_then(Value::as_str)
            .unwrap_or_default();
        Ok(Self {
            event: RealtimeEvent::decode(name, data),
            account_id,
            performer,
        })
    }
}

impl<'de> Deserialize<'de> for Broadcast {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::from_value(&Value::deserialize(deserializer)?).map_err(D::Error::custom)
    }
}

/// A message's update, with what changed (Rails' `previous_changes`).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct MessageUpdate {
    /// The message after the change.
    pub message: Message,
    /// What changed, such as `status` or `content_attributes`.
    pub previous_changes: Vec<ChangedAttribute>,
}

/// The events the server broadcasts over ActionCable, named as on the wire
/// (`message.created`); payloads are the `push_event_data` forms.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
// Events are handled one at a time; boxing would only add noise to matches.
#[allow(clippy::large_enum_variant)]
pub enum RealtimeEvent {
    /// `message.created`.
    MessageCreated(Message),
    /// `message.updated`.
    MessageUpdated(MessageUpdate),
    /// `first.reply.created`: an agent's first reply in a conversation.
    FirstReplyCreated(Message),
    /// `conversation.created`.
    ConversationCreated(Conversation),
    /// `conversation.updated`.
    ConversationUpdated(Conversation),
    /// `conversation.status_changed`.
    ConversationStatusChanged(Conversation),
    /// `conversation.read`: the contact saw the latest messages.
    ConversationRead(Conversation),
    /// `conversation.contact_changed`: contacts were merged.
    ConversationContactChanged(Conversation),
    /// `conversation.mentioned`: the agent was mentioned in a private note.
    ConversationMentioned(Conversation),
    /// `assignee.changed`.
    AssigneeChanged(Conversation),
    /// `team.changed`.
    TeamChanged(Conversation),
    /// `conversation.typing_on`.
    ConversationTypingOn(Typing),
    /// `conversation.typing_off`.
    ConversationTypingOff(Typing),
    /// `contact.created`.
    ContactCreated(Contact),
    /// `contact.updated`.
    ContactUpdated(Contact),
    /// `contact.merged`.
    ContactMerged(Contact),
    /// `contact.deleted`: the contact as it was, with `account_id`.
    ContactDeleted(Contact),
    /// `notification.created`.
    NotificationCreated(NotificationUpdate),
    /// `notification.updated`.
    NotificationUpdated(NotificationUpdate),
    /// `notification.deleted`.
    NotificationDeleted(NotificationUpdate),
    /// `account.cache_invalidated`: cache keys (labels, inboxes, teams) to refetch.
    AccountCacheInvalidated(Attributes),
    /// `presence.update`: who is online, sent on subscribing and on each
    /// `update_presence`.
    PresenceUpdate(Presence),
    /// `copilot.message.created` (Enterprise).
    CopilotMessageCreated(CopilotMessage),
    /// An event this crate does not know, kept whole.
    Unknown {
        /// The event's name.
        event: String,
        /// Its data.
        data: Value,
    },
}

debug_enum!(RealtimeEvent {
    MessageCreated, MessageUpdated, FirstReplyCreated, ConversationCreated, ConversationUpdated,
    ConversationStatusChanged, ConversationRead, ConversationContactChanged,
    ConversationMentioned, AssigneeChanged, TeamChanged, ConversationTypingOn,
    ConversationTypingOff, ContactCreated, ContactUpdated, ContactMerged, ContactDeleted,
    NotificationCreated, NotificationUpdated, NotificationDeleted, PresenceUpdate,
    CopilotMessageCreated;
    json: AccountCacheInvalidated;
    other: Unknown { event, data }
});

impl RealtimeEvent {
    /// The event's name, as on the wire (`"message.created"`).
    pub fn name(&self) -> &str {
        match self {
            Self::MessageCreated(_) => "message.created",
            Self::MessageUpdated(_) => "message.updated",
            Self::FirstReplyCreated(_) => "first.reply.created",
            Self::ConversationCreated(_) => "conversation.created",
            Self::ConversationUpdated(_) => "conversation.updated",
            Self::ConversationStatusChanged(_) => "conversation.status_changed",
            Self::ConversationRead(_) => "conversation.read",
            Self::ConversationContactChanged(_) => "conversation.contact_changed",
            Self::ConversationMentioned(_) => "conversation.mentioned",
            Self::AssigneeChanged(_) => "assignee.changed",
            Self::TeamChanged(_) => "team.changed",
            Self::ConversationTypingOn(_) => "conversation.typing_on",
            Self::ConversationTypingOff(_) => "conversation.typing_off",
            Self::ContactCreated(_) => "contact.created",
            Self::ContactUpdated(_) => "contact.updated",
            Self::ContactMerged(_) => "contact.merged",
            Self::ContactDeleted(_) => "contact.deleted",
            Self::NotificationCreated(_) => "notification.created",
            Self::NotificationUpdated(_) => "notification.updated",
            Self::NotificationDeleted(_) => "notification.deleted",
            Self::AccountCacheInvalidated(_) => "account.cache_invalidated",
            Self::PresenceUpdate(_) => "presence.update",
            Self::CopilotMessageCreated(_) => "copilot.message.created",
            Self::Unknown { event, .. } => event,
        }
    }

    fn decode(name: &str, data: Value) -> Self {
        fn typed<T: DeserializeOwned + Default>(data: &Value) -> T {
            T::deserialize(data).unwrap_or_default()
        }
        // Payload types decode any object; anything else is kept as unknown.
        if !data.is_object() {
            return Self::Unknown {
                event: name.to_owned(),
                data,
            };
        }
        match name {
            "message.created" => Self::MessageCreated(typed(&data)),
            "message.updated" => Self::MessageUpdated(MessageUpdate {
                message: typed(&data),
                previous_changes: data
                    .get("previous_changes")
                    .map(ChangedAttribute::from_rails_changes)
                    .unwrap_or_default(),
            }),
            "first.reply.created" => Self::FirstReplyCreated(typed(&data)),
            "conversation.created" => Self::ConversationCreated(typed(&data)),
            "conversation.updated" => Self::ConversationUpdated(typed(&data)),
            "conversation.status_changed" => Self::ConversationStatusChanged(typed(&data)),
            "conversation.read" => Self::ConversationRead(typed(&data)),
            "conversation.contact_changed" => Self::ConversationContactChanged(typed(&data)),
            "conversation.mentioned" => Self::ConversationMentioned(typed(&data)),
            "assignee.changed" => Self::AssigneeChanged(typed(&data)),
            "team.changed" => Self::TeamChanged(typed(&data)),
            "conversation.typing_on" => Self::ConversationTypingOn(typed(&data)),
            "conversation.typing_off" => Self::ConversationTypingOff(typed(&data)),
            "contact.created" => Self::ContactCreated(typed(&data)),
            "contact.updated" => Self::ContactUpdated(typed(&data)),
            "contact.merged" => Self::ContactMerged(typed(&data)),
            "contact.deleted" => Self::ContactDeleted(typed(&data)),
            "notification.created" => Self::NotificationCreated(typed(&data)),
            "notification.updated" => Self::NotificationUpdated(typed(&data)),
            "notification.deleted" => Self::NotificationDeleted(typed(&data)),
            "account.cache_invalidated" => Self::AccountCacheInvalidated(
                data.get("cache_keys")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default(),
            ),
            "presence.update" => Self::PresenceUpdate(typed(&data)),
            "copilot.message.created" => Self::CopilotMessageCreated(typed(&data)),
            _ => Self::Unknown {
                event: name.to_owned(),
                data,
            },
        }
    }
}
