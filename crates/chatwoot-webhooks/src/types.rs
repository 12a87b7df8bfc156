//! The records inside events, as the server serializes them for webhooks
//! (`webhook_data`) and for the realtime channel (`push_event_data`).
//!
//! These are not the REST API's models: a webhook message has a string
//! `message_type` and an ISO `created_at`, while the messages inside a
//! conversation have the integer forms. Every field is optional and decodes
//! leniently, so a field of an unexpected shape reads as `None` (or empty)
//! instead of failing the event.

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::de::{debug_enum, payload, wire_enum};
use crate::time::Timestamp;

/// A JSON object: attributes whose keys are chosen by each account or channel.
pub type Attributes = Map<String, Value>;

wire_enum! {
    /// Who wrote a message.
    pub enum MessageType {
        /// From the contact.
        Incoming = "incoming", 0;
        /// From an agent, a bot or an automation.
        Outgoing = "outgoing", 1;
        /// A note of the system (status changes, assignments).
        Activity = "activity", 2;
        /// A channel template (WhatsApp) or a form the widget shows.
        Template = "template", 3;
    }
}

wire_enum! {
    /// What a message's content is.
    pub enum ContentType {
        /// Plain text.
        Text = "text", 0;
        /// A text input (widget forms).
        InputText = "input_text", 1;
        /// A multi-line text input.
        InputTextarea = "input_textarea", 2;
        /// An email input.
        InputEmail = "input_email", 3;
        /// A choice among options.
        InputSelect = "input_select", 4;
        /// Cards.
        Cards = "cards", 5;
        /// A form.
        Form = "form", 6;
        /// A help-center article.
        Article = "article", 7;
        /// An email received in an email inbox.
        IncomingEmail = "incoming_email", 8;
        /// A CSAT survey.
        InputCsat = "input_csat", 9;
        /// Content of an integration.
        Integrations = "integrations", 10;
        /// A sticker.
        Sticker = "sticker", 11;
        /// A voice call.
        VoiceCall = "voice_call", 12;
    }
}

wire_enum! {
    /// Delivery state of a message.
    pub enum MessageStatus {
        /// Sent.
        Sent = "sent", 0;
        /// Delivered to the contact.
        Delivered = "delivered", 1;
        /// Read by the contact.
        Read = "read", 2;
        /// Failed to be delivered.
        Failed = "failed", 3;
    }
}

wire_enum! {
    /// State of a conversation.
    pub enum ConversationStatus {
        /// Open.
        Open = "open", 0;
        /// Resolved.
        Resolved = "resolved", 1;
        /// Pending (waiting for a bot, or not yet triaged).
        Pending = "pending", 2;
        /// Snoozed until `snoozed_until`.
        Snoozed = "snoozed", 3;
    }
}

wire_enum! {
    /// Priority of a conversation.
    pub enum Priority {
        /// Low.
        Low = "low", 0;
        /// Medium.
        Medium = "medium", 1;
        /// High.
        High = "high", 2;
        /// Urgent.
        Urgent = "urgent", 3;
    }
}

wire_enum! {
    /// Availability of an agent.
    pub enum Availability {
        /// Online.
        Online = "online", 0;
        /// Offline.
        Offline = "offline", 1;
        /// Busy.
        Busy = "busy", 2;
    }
}

wire_enum! {
    /// Kind of an attachment.
    pub enum FileType {
        /// An image.
        Image = "image", 0;
        /// An audio file.
        Audio = "audio", 1;
        /// A video.
        Video = "video", 2;
        /// Any other file.
        File = "file", 3;
        /// A shared location.
        Location = "location", 4;
        /// Content the channel could not represent.
        Fallback = "fallback", 5;
        /// A shared post.
        Share = "share", 6;
        /// An Instagram story mention.
        StoryMention = "story_mention", 7;
        /// A shared contact card.
        Contact = "contact", 8;
        /// An Instagram reel.
        IgReel = "ig_reel", 9;
        /// An Instagram post.
        IgPost = "ig_post", 10;
        /// An Instagram story.
        IgStory = "ig_story", 11;
        /// An embedded page.
        Embed = "embed", 12;
    }
}

wire_enum! {
    /// How outgoing emails name their sender.
    pub enum SenderNameType {
        /// The agent's name.
        Friendly = "friendly", 0;
        /// The business name.
        Professional = "professional", 1;
    }
}

payload! {
    /// An account, as `{id, name}`.
    pub struct AccountRef {
        /// Account id.
        pub id: Option<i64>,
        /// Account name.
        pub name: Option<String>,
    }
}

payload! {
    /// An inbox, as `{id, name}`.
    pub struct InboxRef {
        /// Inbox id.
        pub id: Option<i64>,
        /// Inbox name.
        pub name: Option<String>,
    }
}

payload! {
    /// A team, as `{id, name}`.
    pub struct Team {
        /// Team id.
        pub id: Option<i64>,
        /// Team name.
        pub name: Option<String>,
    }
}

payload! {
    /// A contact: the customer side of conversations.
    ///
    /// Webhooks carry `account` and `avatar`; realtime events carry
    /// `account_id` (only `contact.deleted`) and neither of the others.
    pub struct Contact {
        /// Contact id.
        pub id: Option<i64>,
        /// Name.
        pub name: Option<String>,
        /// Email address.
        pub email: Option<String>,
        /// Phone number, E.164.
        pub phone_number: Option<String>,
        /// The id the integrator's own system gives this contact.
        pub identifier: Option<String>,
        /// Avatar URL (webhooks only; same as `thumbnail`).
        pub avatar: Option<String>,
        /// Avatar URL.
        pub thumbnail: Option<String>,
        /// Whether the contact is blocked.
        pub blocked: Option<bool>,
        /// Attributes the channel collects (browser, city, social profiles...).
        pub additional_attributes: Attributes,
        /// The account's custom attributes.
        pub custom_attributes: Attributes,
        /// The account (webhooks only).
        pub account: Option<AccountRef>,
        /// The account id (realtime `contact.deleted` only).
        pub account_id: Option<i64>,
    }
}

payload! {
    /// An agent (a Chatwoot user).
    pub struct User {
        /// User id.
        pub id: Option<i64>,
        /// Full name.
        pub name: Option<String>,
        /// Email address (webhooks only).
        pub email: Option<String>,
        /// Display name (realtime only).
        pub available_name: Option<String>,
        /// Avatar URL (realtime only).
        pub avatar_url: Option<String>,
        /// Avatar URL (realtime only).
        pub thumbnail: Option<String>,
        /// Availability (realtime only).
        pub availability_status: Option<Availability>,
    }
}

payload! {
    /// An agent bot.
    pub struct AgentBot {
        /// Agent bot id.
        pub id: Option<i64>,
        /// Name.
        pub name: Option<String>,
        /// Avatar URL (realtime only).
        pub avatar_url: Option<String>,
    }
}

payload! {
    /// A Captain assistant (Enterprise AI agent).
    pub struct CaptainAssistant {
        /// Assistant id.
        pub id: Option<i64>,
        /// Name.
        pub name: Option<String>,
        /// Avatar URL.
        pub avatar_url: Option<String>,
        /// Description.
        pub description: Option<String>,
        /// Creation time.
        pub created_at: Option<Timestamp>,
    }
}

/// Who wrote a message, is typing, is assigned or performed an action:
/// decided by the payload's `type` (a contact's webhook data has none).
// Decoded once per event and read in place: the size of the largest variant
// costs nothing worth a `Box` in every match.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum Sender {
    /// An agent (`"type": "user"`).
    User(User),
    /// A contact (`"type": "contact"`, or no type).
    Contact(Contact),
    /// An agent bot (`"type": "agent_bot"`).
    AgentBot(AgentBot),
    /// A Captain assistant (`"type": "captain_assistant"`).
    CaptainAssistant(CaptainAssistant),
    /// Another kind, as sent.
    Other(Value),
}

debug_enum!(Sender {
    User, Contact, AgentBot, CaptainAssistant;
    json: Other
});

impl Sender {
    /// The sender's id, whatever its kind.
    pub fn id(&self) -> Option<i64> {
        match self {
            Self::User(u) => u.id,
            Self::Contact(c) => c.id,
            Self::AgentBot(b) => b.id,
            Self::CaptainAssistant(a) => a.id,
            Self::Other(v) => v.get("id").and_then(Value::as_i64),
        }
    }

    /// The sender's name, whatever its kind.
    pub fn name(&self) -> Option<&str> {
        match self {
            Self::User(u) => u.name.as_deref(),
            Self::Contact(c) => c.name.as_deref(),
            Self::AgentBot(b) => b.name.as_deref(),
            Self::CaptainAssistant(a) => a.name.as_deref(),
            Self::Other(v) => v.get("name").and_then(Value::as_str),
        }
    }

    /// The `type` the server gives this kind of sender.
    pub fn kind(&self) -> Option<&str> {
        match self {
            Self::User(_) => Some("user"),
            Self::Contact(_) => Some("contact"),
            Self::AgentBot(_) => Some("agent_bot"),
            Self::CaptainAssistant(_) => Some("captain_assistant"),
            Self::Other(v) => v.get("type").and_then(Value::as_str),
        }
    }
}

impl Serialize for Sender {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut value = match self {
            Self::User(u) => serde_json::to_value(u),
            Self::Contact(c) => serde_json::to_value(c),
            Self::AgentBot(b) => serde_json::to_value(b),
            Self::CaptainAssistant(a) => serde_json::to_value(a),
            Self::Other(v) => return v.serialize(serializer),
        }
        .map_err(serde::ser::Error::custom)?;
        if let (Value::Object(map), Some(kind)) = (&mut value, self.kind()) {
            map.insert("type".to_owned(), Value::from(kind));
        }
        value.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Sender {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if !value.is_object() {
            return Err(D::Error::custom("a sender is an object"));
        }
        fn typed<T: DeserializeOwned>(value: &Value) -> Option<T> {
            T::deserialize(value).ok()
        }
        let sender = match value.get("type").and_then(Value::as_str) {
            Some("user") => typed(&value).map(Self::User),
            Some("agent_bot") => typed(&value).map(Self::AgentBot),
            Some("captain_assistant") => typed(&value).map(Self::CaptainAssistant),
            Some("contact") | None => typed(&value).map(Self::Contact),
            Some(_) => None,
        };
        Ok(sender.unwrap_or(Self::Other(value)))
    }
}

payload! {
    /// The link between a contact and an inbox (the database record).
    pub struct ContactInbox {
        /// Record id.
        pub id: Option<i64>,
        /// Contact id.
        pub contact_id: Option<i64>,
        /// Inbox id.
        pub inbox_id: Option<i64>,
        /// The contact's id on the channel (widget session, phone number, email...).
        pub source_id: Option<String>,
        /// Whether the contact's identity was verified with the inbox's HMAC.
        pub hmac_verified: Option<bool>,
        /// The contact's realtime token for this inbox: treat it as a secret.
        pub pubsub_token: Option<String>,
        /// Creation time.
        pub created_at: Option<Timestamp>,
        /// Last update time.
        pub updated_at: Option<Timestamp>,
    }
}

payload! {
    /// Who a conversation is with and who handles it.
    pub struct ConversationMeta {
        /// The contact.
        pub sender: Option<Contact>,
        /// The assigned agent or agent bot.
        pub assignee: Option<Sender>,
        /// `"User"` or `"AgentBot"`, or `None` when unassigned.
        pub assignee_type: Option<String>,
        /// The assigned team.
        pub team: Option<Team>,
        /// Whether the contact's identity was verified with the inbox's HMAC.
        pub hmac_verified: Option<bool>,
    }
}

payload! {
    /// A conversation, as webhooks and realtime events both send it.
    ///
    /// It carries no account id: a webhook's account is the one the webhook
    /// belongs to, and a realtime event's is in [`Broadcast`](crate::realtime::Broadcast).
    pub struct Conversation {
        /// The conversation's number in its account (`display_id`), as the
        /// dashboard and the REST API's paths use it.
        pub id: Option<i64>,
        /// Inbox id.
        pub inbox_id: Option<i64>,
        /// Status.
        pub status: Option<ConversationStatus>,
        /// Priority, when set.
        pub priority: Option<Priority>,
        /// The inbox's channel type, such as `"Channel::WebWidget"` or `"Channel::Api"`.
        pub channel: Option<String>,
        /// Whether the channel still allows replying (messaging windows).
        pub can_reply: Option<bool>,
        /// Labels.
        pub labels: Vec<String>,
        /// Incoming messages the agents have not seen.
        pub unread_count: Option<i64>,
        /// Attributes the channel collects (browser, referer, mail subject...).
        pub additional_attributes: Attributes,
        /// The account's custom attributes.
        pub custom_attributes: Attributes,
        /// The contact's link to the inbox.
        pub contact_inbox: Option<ContactInbox>,
        /// The latest message that is neither private nor an activity, if any.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub messages: Vec<Message>,
        /// Contact, assignee and team.
        pub meta: Option<ConversationMeta>,
        /// When a snoozed conversation reopens.
        pub snoozed_until: Option<Timestamp>,
        /// When an agent first replied.
        pub first_reply_created_at: Option<Timestamp>,
        /// Since when the contact waits for a reply.
        pub waiting_since: Option<Timestamp>,
        /// When an agent last looked at it.
        pub agent_last_seen_at: Option<Timestamp>,
        /// When the contact last looked at it.
        pub contact_last_seen_at: Option<Timestamp>,
        /// Last activity.
        pub last_activity_at: Option<Timestamp>,
        /// Same as `last_activity_at`.
        pub timestamp: Option<Timestamp>,
        /// Creation time.
        pub created_at: Option<Timestamp>,
        /// Last update time.
        pub updated_at: Option<Timestamp>,
        /// The applied SLA (Enterprise, with the `sla` feature).
        pub applied_sla: Option<Value>,
        /// SLA events (Enterprise, with the `sla` feature).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub sla_events: Vec<Value>,
        /// SLA policy id (Enterprise, with the `sla` feature).
        pub sla_policy_id: Option<i64>,
    }
}

impl Conversation {
    /// The contact, from `meta.sender`.
    pub fn contact(&self) -> Option<&Contact> {
        self.meta.as_ref()?.sender.as_ref()
    }

    /// The assignee, from `meta.assignee`.
    pub fn assignee(&self) -> Option<&Sender> {
        self.meta.as_ref()?.assignee.as_ref()
    }
}

payload! {
    /// An attachment of a message.
    ///
    /// Which fields are set depends on `file_type`: files have URLs and sizes,
    /// locations coordinates, contact cards `meta`.
    pub struct Attachment {
        /// Attachment id.
        pub id: Option<i64>,
        /// Message id.
        pub message_id: Option<i64>,
        /// Account id.
        pub account_id: Option<i64>,
        /// Kind.
        pub file_type: Option<FileType>,
        /// File extension, when known.
        pub extension: Option<String>,
        /// URL of the file (redirects to storage) or of the external content.
        pub data_url: Option<String>,
        /// URL of a thumbnail (images), or empty.
        pub thumb_url: Option<String>,
        /// Size in bytes.
        pub file_size: Option<i64>,
        /// Width in pixels (images, videos).
        pub width: Option<i64>,
        /// Height in pixels (images, videos).
        pub height: Option<i64>,
        /// Latitude (locations).
        pub coordinates_lat: Option<f64>,
        /// Longitude (locations).
        pub coordinates_long: Option<f64>,
        /// Title to show instead of the content (locations, fallbacks, contacts).
        pub fallback_title: Option<String>,
        /// Extra data (contact cards).
        pub meta: Option<Value>,
        /// Transcription (audio).
        pub transcribed_text: Option<String>,
    }
}

payload! {
    /// The bits of a message's conversation that realtime events carry.
    pub struct MessageConversation {
        /// Assigned agent's id.
        pub assignee_id: Option<i64>,
        /// Incoming messages the agents have not seen.
        pub unread_count: Option<i64>,
        /// Last activity.
        pub last_activity_at: Option<Timestamp>,
        /// The contact's `source_id`, as `{ "source_id": ... }`.
        pub contact_inbox: Option<Attributes>,
    }
}

payload! {
    /// A message in its realtime form (`push_event_data`): the database
    /// record with an integer `message_type` and epoch `created_at`.
    ///
    /// Conversations carry their latest message in this form, in webhooks too.
    pub struct Message {
        /// Message id.
        pub id: Option<i64>,
        /// Text content.
        pub content: Option<String>,
        /// Account id.
        pub account_id: Option<i64>,
        /// Inbox id.
        pub inbox_id: Option<i64>,
        /// The conversation's `display_id`.
        pub conversation_id: Option<i64>,
        /// Who wrote it.
        pub message_type: Option<MessageType>,
        /// Kind of content.
        pub content_type: Option<ContentType>,
        /// Structured content (form items, email parts, reply target...).
        pub content_attributes: Attributes,
        /// Extra attributes (campaign, template parameters...).
        pub additional_attributes: Attributes,
        /// Ids on linked systems, such as Slack.
        pub external_source_ids: Attributes,
        /// Whether it is a private note.
        pub private: Option<bool>,
        /// Delivery state.
        pub status: Option<MessageStatus>,
        /// The message's id on the channel.
        pub source_id: Option<String>,
        /// `"User"`, `"Contact"`, `"AgentBot"`...
        pub sender_type: Option<String>,
        /// Id of the sender record.
        pub sender_id: Option<i64>,
        /// Content as processed for search and AI.
        pub processed_message_content: Option<String>,
        /// Sentiment analysis, when enabled.
        pub sentiment: Option<Value>,
        /// Creation time.
        pub created_at: Option<Timestamp>,
        /// Last update time.
        pub updated_at: Option<Timestamp>,
        /// The id the dashboard gave it before it was saved.
        pub echo_id: Option<String>,
        /// Attachments.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub attachments: Vec<Attachment>,
        /// Who wrote it.
        pub sender: Option<Sender>,
        /// Part of the conversation's state.
        pub conversation: Option<MessageConversation>,
    }
}

payload! {
    /// A message in its webhook form (`webhook_data`): `message_type` and
    /// `content_type` are names, `created_at` is an ISO time, and the whole
    /// conversation comes along.
    pub struct WebhookMessage {
        /// Message id.
        pub id: Option<i64>,
        /// Text content, as sent to the channel (with a survey link for CSAT).
        pub content: Option<String>,
        /// Kind of content.
        pub content_type: Option<ContentType>,
        /// Structured content (form items, email parts, reply target...).
        pub content_attributes: Attributes,
        /// Extra attributes (campaign, template parameters...).
        pub additional_attributes: Attributes,
        /// Who wrote it. Webhooks send only incoming, outgoing and template messages.
        pub message_type: Option<MessageType>,
        /// Whether it is a private note.
        pub private: Option<bool>,
        /// The message's id on the channel.
        pub source_id: Option<String>,
        /// Creation time.
        pub created_at: Option<Timestamp>,
        /// The account.
        pub account: Option<AccountRef>,
        /// The inbox.
        pub inbox: Option<InboxRef>,
        /// The conversation, in full.
        pub conversation: Option<Conversation>,
        /// Who wrote it.
        pub sender: Option<Sender>,
        /// Attachments.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub attachments: Vec<Attachment>,
    }
}

impl WebhookMessage {
    /// Whether the contact wrote it: what a bot usually answers.
    pub fn is_incoming(&self) -> bool {
        self.message_type == Some(MessageType::Incoming)
    }
}

payload! {
    /// Opening hours of an inbox for one day of the week.
    pub struct WorkingHour {
        /// Record id.
        pub id: Option<i64>,
        /// Inbox id.
        pub inbox_id: Option<i64>,
        /// Account id.
        pub account_id: Option<i64>,
        /// 0 is Sunday.
        pub day_of_week: Option<i64>,
        /// Closed the whole day.
        pub closed_all_day: Option<bool>,
        /// Open the whole day.
        pub open_all_day: Option<bool>,
        /// Opening hour.
        pub open_hour: Option<i64>,
        /// Opening minutes.
        pub open_minutes: Option<i64>,
        /// Closing hour.
        pub close_hour: Option<i64>,
        /// Closing minutes.
        pub close_minutes: Option<i64>,
        /// Creation time.
        pub created_at: Option<Timestamp>,
        /// Last update time.
        pub updated_at: Option<Timestamp>,
    }
}

payload! {
    /// An inbox's settings, as `inbox_created`/`inbox_updated` send them.
    ///
    /// The server sends no inbox id or name here: the channel record (with
    /// its own id) is in `channel`.
    pub struct Inbox {
        /// Whether contacts may write after resolution (otherwise a new conversation starts).
        pub allow_messages_after_resolved: Option<bool>,
        /// One conversation per contact.
        pub lock_to_single_conversation: Option<bool>,
        /// Auto-assignment settings.
        pub auto_assignment_config: Attributes,
        /// Auto-assignment on.
        pub enable_auto_assignment: Option<bool>,
        /// Widget asks for the email.
        pub enable_email_collect: Option<bool>,
        /// Greeting on.
        pub greeting_enabled: Option<bool>,
        /// Greeting message.
        pub greeting_message: Option<String>,
        /// CSAT survey on.
        pub csat_survey_enabled: Option<bool>,
        /// Business name for outgoing email.
        pub business_name: Option<String>,
        /// Sender name style for outgoing email.
        pub sender_name_type: Option<SenderNameType>,
        /// Time zone of the business hours.
        pub timezone: Option<String>,
        /// Message sent outside business hours.
        pub out_of_office_message: Option<String>,
        /// Business hours on.
        pub working_hours_enabled: Option<bool>,
        /// Business hours.
        pub working_hours: Vec<WorkingHour>,
        /// Creation time.
        pub created_at: Option<Timestamp>,
        /// Last update time.
        pub updated_at: Option<Timestamp>,
        /// The channel record: its fields depend on the channel type.
        pub channel: Attributes,
    }
}

/// One changed attribute: `{"<name>": {"previous_value": ..., "current_value": ...}}`
/// on the wire.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ChangedAttribute {
    /// Attribute name, such as `"status"` or `"custom_attributes"`.
    pub name: String,
    /// Value before the change.
    pub previous_value: Value,
    /// Value after the change.
    pub current_value: Value,
}

/// A changed secret (an inbox's `hmac_token`) shows only whether it is there.
impl std::fmt::Debug for ChangedAttribute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chatwoot_runtime::secret::field;
        f.debug_struct("ChangedAttribute")
            .field("name", &self.name)
            .field("previous_value", &field(&self.name, &self.previous_value))
            .field("current_value", &field(&self.name, &self.current_value))
            .finish()
    }
}

impl ChangedAttribute {
    /// Reads Rails' `previous_changes` form, `{"<name>": [previous, current]}`.
    pub(crate) fn from_rails_changes(changes: &Value) -> Vec<Self> {
        let Some(map) = changes.as_object() else {
            return Vec::new();
        };
        map.iter()
            .map(|(name, pair)| {
                let at = |i: usize| pair.get(i).cloned().unwrap_or(Value::Null);
                Self {
                    name: name.clone(),
                    previous_value: at(0),
                    current_value: at(1),
                }
            })
            .collect()
    }
}

impl Serialize for ChangedAttribute {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut change = Map::new();
        change.insert("previous_value".to_owned(), self.previous_value.clone());
        change.insert("current_value".to_owned(), self.current_value.clone());
        let mut outer = Map::new();
        outer.insert(self.name.clone(), Value::Object(change));
        outer.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ChangedAttribute {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let Value::Object(outer) = value else {
            return Err(D::Error::custom("a changed attribute is an object"));
        };
        let Some((name, change)) = outer.into_iter().next() else {
            return Err(D::Error::custom("a changed attribute names an attribute"));
        };
        let field = |key: &str| change.get(key).cloned().unwrap_or(Value::Null);
        Ok(Self {
            previous_value: field("previous_value"),
            current_value: field("current_value"),
            name,
        })
    }
}

/// A record with the attributes that changed: the payload of the
/// `*_updated` and `conversation_status_changed` webhooks.
///
/// Dereferences to the record, which is its state after the change.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Changed<T> {
    /// The record after the change.
    pub current: T,
    /// What changed. The server may send none, notably for
    /// `conversation_status_changed`, where it is often `null`.
    pub changed_attributes: Vec<ChangedAttribute>,
}

impl<T> Changed<T> {
    /// The change of one attribute, if it changed.
    pub fn change(&self, name: &str) -> Option<&ChangedAttribute> {
        self.changed_attributes.iter().find(|c| c.name == name)
    }
}

impl<T> std::ops::Deref for Changed<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.current
    }
}

impl<T: Serialize> Serialize for Changed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(&self.current).map_err(serde::ser::Error::custom)?;
        if let Value::Object(map) = &mut value {
            let changes = serde_json::to_value(&self.changed_attributes)
                .map_err(serde::ser::Error::custom)?;
            map.insert("changed_attributes".to_owned(), changes);
        }
        value.serialize(serializer)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Changed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let current = crate::de::typed(&value).map_err(D::Error::custom)?;
        let changed_attributes = value
            .get("changed_attributes")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| crate::de::typed::<ChangedAttribute>(item).ok())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            current,
            changed_attributes,
        })
    }
}

/// The payload of typing events: who types in which conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Typing {
    /// Who is typing: an agent, an agent bot or the contact.
    #[serde(default, deserialize_with = "crate::de::lenient")]
    pub user: Option<Sender>,
    /// The conversation.
    #[serde(default, deserialize_with = "crate::de::lenient")]
    pub conversation: Option<Conversation>,
    /// Whether an agent is typing a private note. The server passes the
    /// request parameter on, so `"true"` counts too.
    #[serde(default, deserialize_with = "crate::de::flexible_bool")]
    pub is_private: bool,
}

payload! {
    /// Browser details the widget reports.
    pub struct Browser {
        /// Browser name.
        pub browser_name: Option<String>,
        /// Browser version.
        pub browser_version: Option<String>,
        /// Device name.
        pub device_name: Option<String>,
        /// Operating system name.
        pub platform_name: Option<String>,
        /// Operating system version.
        pub platform_version: Option<String>,
    }
}

payload! {
    /// What the widget reports when it opens. The page can add keys of its
    /// own; the raw body has them.
    pub struct EventInfo {
        /// `{ "timestamp": "<the browser's Date#toString>" }`.
        pub initiated_at: Option<Attributes>,
        /// The page the visitor came from.
        pub referer: Option<String>,
        /// The widget's locale.
        pub widget_language: Option<String>,
        /// The browser's preferred language.
        pub browser_language: Option<String>,
        /// Browser details.
        pub browser: Option<Browser>,
    }
}

payload! {
    /// The payload of `webwidget_triggered`: a visitor opened the chat widget.
    pub struct WebwidgetTriggered {
        /// Id of the contact's link to the inbox.
        pub id: Option<i64>,
        /// The visitor.
        pub contact: Option<Contact>,
        /// The inbox.
        pub inbox: Option<InboxRef>,
        /// The account.
        pub account: Option<AccountRef>,
        /// The visitor's latest conversation in this inbox, if any.
        pub current_conversation: Option<Conversation>,
        /// The visitor's widget session id.
        pub source_id: Option<String>,
        /// What the widget reports.
        pub event_info: Option<EventInfo>,
    }
}

payload! {
    /// The payload of `account_created`, sent to the installation's
    /// `INSTALLATION_EVENTS_WEBHOOK_URL`.
    pub struct AccountCreated {
        /// Account id.
        pub id: Option<i64>,
        /// Account name.
        pub name: Option<String>,
        /// The account's administrators.
        pub users: Vec<User>,
    }
}

payload! {
    /// A notification of an agent (realtime only).
    pub struct Notification {
        /// Notification id.
        pub id: Option<i64>,
        /// Such as `"conversation_assignment"` or `"conversation_mention"`.
        pub notification_type: Option<String>,
        /// `"Conversation"`.
        pub primary_actor_type: Option<String>,
        /// Id of the primary actor.
        pub primary_actor_id: Option<i64>,
        /// The conversation it is about.
        pub primary_actor: Option<Conversation>,
        /// Who caused it.
        pub secondary_actor: Option<Sender>,
        /// The notified agent.
        pub user: Option<User>,
        /// When it was read.
        pub read_at: Option<Timestamp>,
        /// Creation time.
        pub created_at: Option<Timestamp>,
        /// Last activity.
        pub last_activity_at: Option<Timestamp>,
        /// Until when it is snoozed.
        pub snoozed_until: Option<Timestamp>,
        /// Extra data.
        pub meta: Attributes,
        /// Account id.
        pub account_id: Option<i64>,
        /// Text for a push notification.
        pub push_message_title: Option<String>,
        /// Text for a push notification.
        pub push_message_body: Option<String>,
    }
}

payload! {
    /// A notification event with the agent's counters (realtime only).
    pub struct NotificationUpdate {
        /// The notification; only `id` is set for `notification.deleted`.
        pub notification: Option<Notification>,
        /// Unread notifications.
        pub unread_count: Option<i64>,
        /// All notifications.
        pub count: Option<i64>,
    }
}

payload! {
    /// Who is online (realtime `presence.update`).
    pub struct Presence {
        /// Account id.
        pub account_id: Option<i64>,
        /// Agent id (as a string) to availability (`"online"`, `"busy"`...).
        pub users: BTreeMap<String, String>,
        /// Contact id (as a string) to `"online"`; sent to agents only.
        pub contacts: BTreeMap<String, String>,
    }
}

payload! {
    /// A message of a Copilot thread (realtime, Enterprise).
    pub struct CopilotMessage {
        /// Message id.
        pub id: Option<i64>,
        /// The message (content and tool details).
        pub message: Option<Value>,
        /// `"user"`, `"assistant"` or `"assistant_thinking"`.
        pub message_type: Option<String>,
        /// Creation time.
        pub created_at: Option<Timestamp>,
        /// The thread.
        pub copilot_thread: Option<Value>,
    }
}
