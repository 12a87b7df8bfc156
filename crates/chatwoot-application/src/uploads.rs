//! Uploads: messages with attachments, and the avatars of the profile,
//! contacts, agent bots and inboxes.
//!
//! Upstream's spec documents these endpoints with JSON bodies only, but files
//! travel as `multipart/form-data`, which the generated methods cannot send.
//! These builders send the same endpoints as multipart forms, with the part
//! names Chatwoot's controllers read, and return the same typed answers as
//! the generated methods. Files come as [`Attachment`]s, from memory or
//! streamed from disk; a request streaming a file is never retried (see
//! [`chatwoot_runtime::MultipartRequest`]).
//!
//! ```no_run
//! use chatwoot_application::{Attachment, Client};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::with_token("https://app.chatwoot.com", "your-access-token")?;
//! let message = client
//!     .create_message_with_attachments()
//!     .account_id(1)
//!     .conversation_id(42)
//!     .content("Here is your invoice")
//!     .attachment(Attachment::file("invoice.pdf").await?)
//!     .send()
//!     .await?
//!     .into_inner();
//! println!("message {:?} with {} attachment(s)", message.id, message.attachments.len());
//! # Ok(()) }
//! ```

use std::time::Duration;

pub use chatwoot_runtime::Attachment;
use chatwoot_runtime::{encode_path, MultipartForm, MultipartRequest, ResponseValue};
use reqwest::Method;
use serde_json::Value;

use crate::{types, Client, Error, RawResponse};

#[cfg(chatwoot_operation = "create_message")]
const MESSAGES_PATH: &str =
    "/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages";
// Revisions without `update_profile` have no profile upload.
#[cfg(chatwoot_operation = "update_profile")]
const PROFILE_PATH: &str = "/api/v1/profile";
#[cfg(chatwoot_operation = "update_contact")]
const CONTACT_PATH: &str = "/api/v1/accounts/{account_id}/contacts/{id}";
#[cfg(chatwoot_operation = "update_agent_bot")]
const AGENT_BOT_PATH: &str = "/api/v1/accounts/{account_id}/agent_bots/{id}";
#[cfg(chatwoot_operation = "update_inbox")]
const INBOX_PATH: &str = "/api/v1/accounts/{account_id}/inboxes/{id}";

impl Client {
    #[cfg(chatwoot_operation = "create_message")]
    /// Creates a message with one or more attachments in a conversation
    /// (`POST .../conversations/{conversation_id}/messages`, as
    /// [`Client::create_message`] but
    /// `multipart/form-data`): each file is an `attachments[]` part, beside
    /// the fields of the JSON variant (`content`, `message_type`, `private`,
    /// `content_type`, `content_attributes`, `campaign_id`,
    /// `template_params`). Open to agent bot tokens, like the JSON variant.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use chatwoot_application::{types, Attachment};
    ///
    /// let note = client
    ///     .create_message_with_attachments()
    ///     .account_id(1)
    ///     .conversation_id(42)
    ///     .content("Screenshot of the error")
    ///     .private(true)
    ///     .message_type(types::MessageType::Outgoing)
    ///     .attachment(Attachment::bytes("error.png", std::fs::read("error.png")?))
    ///     .send()
    ///     .await?;
    /// # let _ = note; Ok(()) }
    /// ```
    pub fn create_message_with_attachments(&self) -> CreateMessageWithAttachments<'_> {
        CreateMessageWithAttachments {
            client: self,
            account_id: None,
            conversation_id: None,
            // `content` is required by the JSON variant's type, but a message
            // of attachments alone has none: empty means "not sent".
            body: Ok(types::ConversationMessageCreatePayload::builder().content(String::new())),
            fields: Vec::new(),
            attachments: Vec::new(),
            timeout: None,
        }
    }

    /// Sets the signed-in user's avatar (`PUT /api/v1/profile`, as
    /// [`Client::update_profile`] but `multipart/form-data`, the file in a
    /// `profile[avatar]` part), optionally with other profile fields.
    /// Chatwoot takes JPEG, PNG and GIF avatars up to 15 MB; anything else
    /// is a 422 ([`Error::Status`]).
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use chatwoot_application::Attachment;
    ///
    /// let user = client
    ///     .update_profile_avatar()
    ///     .avatar(Attachment::file("me.png").await?)
    ///     .display_name("Ada")
    ///     .send()
    ///     .await?
    ///     .into_inner();
    /// println!("avatar at {:?}", user.avatar_url);
    /// # Ok(()) }
    /// ```
    #[cfg(chatwoot_operation = "update_profile")]
    pub fn update_profile_avatar(&self) -> UpdateProfileAvatar<'_> {
        UpdateProfileAvatar {
            client: self,
            avatar: None,
            profile: Ok(types::UpdateProfileBodyProfile::builder()),
            timeout: None,
        }
    }

    #[cfg(chatwoot_operation = "update_contact")]
    /// Sets a contact's avatar (`PUT /api/v1/accounts/{account_id}/contacts/{id}`,
    /// as [`Client::update_contact`] but `multipart/form-data`, the file in
    /// an `avatar` part). JPEG, PNG or GIF, up to 15 MB.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use chatwoot_application::Attachment;
    ///
    /// let contact = client
    ///     .update_contact_avatar()
    ///     .account_id(1)
    ///     .id(311)
    ///     .avatar(Attachment::file("ada.jpg").await?)
    ///     .send()
    ///     .await?;
    /// # let _ = contact; Ok(()) }
    /// ```
    pub fn update_contact_avatar(&self) -> UpdateAvatar<'_, types::ContactShowResponse> {
        UpdateAvatar::new(
            self,
            Method::PUT,
            "update_contact",
            CONTACT_PATH,
            "/contacts/",
        )
    }

    #[cfg(chatwoot_operation = "update_agent_bot")]
    /// Sets an account agent bot's avatar
    /// (`PATCH /api/v1/accounts/{account_id}/agent_bots/{id}`, as
    /// [`Client::update_agent_bot`] but `multipart/form-data`, the
    /// file in an `avatar` part). JPEG, PNG or GIF, up to 15 MB.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use chatwoot_application::Attachment;
    ///
    /// let bot = client
    ///     .update_account_agent_bot_avatar()
    ///     .account_id(1)
    ///     .id(7)
    ///     .avatar(Attachment::file("bot.png").await?)
    ///     .send()
    ///     .await?;
    /// # let _ = bot; Ok(()) }
    /// ```
    pub fn update_account_agent_bot_avatar(&self) -> UpdateAvatar<'_, types::AgentBot> {
        UpdateAvatar::new(
            self,
            Method::PATCH,
            "update_agent_bot",
            AGENT_BOT_PATH,
            "/agent_bots/",
        )
    }

    #[cfg(chatwoot_operation = "update_inbox")]
    /// Sets an inbox's avatar (`PATCH /api/v1/accounts/{account_id}/inboxes/{id}`,
    /// as [`Client::update_inbox`] but `multipart/form-data`, the file in an
    /// `avatar` part). JPEG, PNG or GIF, up to 15 MB.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use chatwoot_application::Attachment;
    ///
    /// let inbox = client
    ///     .update_inbox_avatar()
    ///     .account_id(1)
    ///     .id(3)
    ///     .avatar(Attachment::bytes("support.gif", std::fs::read("support.gif")?))
    ///     .send()
    ///     .await?;
    /// # let _ = inbox; Ok(()) }
    /// ```
    pub fn update_inbox_avatar(&self) -> UpdateAvatar<'_, types::Inbox> {
        UpdateAvatar::new(self, Method::PATCH, "update_inbox", INBOX_PATH, "/inboxes/")
    }
}

#[cfg(chatwoot_operation = "create_message")]
/// Builder for [`Client::create_message_with_attachments`]: set the account,
/// the conversation, at least one attachment and any field of the JSON
/// variant, then [`send`](Self::send).
///
/// ```no_run
/// # async fn run(client: chatwoot_application::Client) -> Result<(), chatwoot_application::Error> {
/// use chatwoot_application::Attachment;
///
/// let builder = client
///     .create_message_with_attachments()
///     .account_id(1)
///     .conversation_id(42)
///     .attachment(Attachment::bytes("a.txt", "first"))
///     .attachment(Attachment::bytes("b.txt", "second"));
/// let message = builder.send().await?;
/// # let _ = message; Ok(()) }
/// ```
#[derive(Debug)]
pub struct CreateMessageWithAttachments<'a> {
    client: &'a Client,
    account_id: Option<i64>,
    conversation_id: Option<i64>,
    body: Result<types::builder::ConversationMessageCreatePayload, String>,
    fields: Vec<(String, String)>,
    attachments: Vec<Attachment>,
    timeout: Option<Duration>,
}

#[cfg(chatwoot_operation = "create_message")]
impl<'a> CreateMessageWithAttachments<'a> {
    /// The account (required).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.create_message_with_attachments().account_id(1);
    /// # let _ = builder; }
    /// ```
    pub fn account_id(mut self, account_id: i64) -> Self {
        self.account_id = Some(account_id);
        self
    }

    /// The conversation, by its display id (required).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.create_message_with_attachments().conversation_id(42);
    /// # let _ = builder; }
    /// ```
    pub fn conversation_id(mut self, conversation_id: i64) -> Self {
        self.conversation_id = Some(conversation_id);
        self
    }

    /// Adds a file, sent as an `attachments[]` part; call once per file
    /// (at least once).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// use chatwoot_application::Attachment;
    ///
    /// let builder = client
    ///     .create_message_with_attachments()
    ///     .attachment(Attachment::bytes("notes.txt", "call back at 3"));
    /// # let _ = builder; }
    /// ```
    pub fn attachment(mut self, attachment: Attachment) -> Self {
        self.attachments.push(attachment);
        self
    }

    /// Adds several files at once, each an `attachments[]` part.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// use chatwoot_application::Attachment;
    ///
    /// let builder = client.create_message_with_attachments().attachments([
    ///     Attachment::bytes("front.jpg", vec![0xFF, 0xD8]),
    ///     Attachment::bytes("back.jpg", vec![0xFF, 0xD8]),
    /// ]);
    /// # let _ = builder; }
    /// ```
    pub fn attachments(mut self, attachments: impl IntoIterator<Item = Attachment>) -> Self {
        self.attachments.extend(attachments);
        self
    }

    /// The message's fields as the JSON variant's payload; the setters
    /// below change single fields of it.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// use chatwoot_application::types;
    ///
    /// let builder = client.create_message_with_attachments().body(
    ///     types::ConversationMessageCreatePayload::builder()
    ///         .content("Invoice attached")
    ///         .campaign_id(Some(4)),
    /// );
    /// # let _ = builder; }
    /// ```
    pub fn body<V>(mut self, value: V) -> Self
    where
        V: TryInto<types::ConversationMessageCreatePayload>,
        V::Error: std::fmt::Display,
    {
        self.body = value
            .try_into()
            .map(From::from)
            .map_err(|error| format!("the message's fields do not convert: {error}"));
        self
    }

    /// Changes the message's fields with a function of the payload builder.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client
    ///     .create_message_with_attachments()
    ///     .body_map(|body| body.campaign_id(Some(4)));
    /// # let _ = builder; }
    /// ```
    pub fn body_map(
        mut self,
        f: impl FnOnce(
            types::builder::ConversationMessageCreatePayload,
        ) -> types::builder::ConversationMessageCreatePayload,
    ) -> Self {
        self.body = self.body.map(f);
        self
    }

    /// The text shown with the attachments; none by default.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.create_message_with_attachments().content("Here you go");
    /// # let _ = builder; }
    /// ```
    pub fn content(self, content: impl Into<String>) -> Self {
        let content = content.into();
        self.body_map(|body| body.content(content))
    }

    /// Whether the message is a private note, seen by agents only; default
    /// `false`.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.create_message_with_attachments().private(true);
    /// # let _ = builder; }
    /// ```
    pub fn private(self, private: bool) -> Self {
        self.body_map(|body| body.private(Some(private)))
    }

    /// Who the message is from: `Outgoing` (an agent or bot, the server's
    /// default) or `Incoming` (the contact; API inboxes only).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// use chatwoot_application::types::MessageType;
    ///
    /// let builder = client
    ///     .create_message_with_attachments()
    ///     .message_type(MessageType::Incoming);
    /// # let _ = builder; }
    /// ```
    pub fn message_type(self, message_type: types::MessageType) -> Self {
        self.body_map(|body| body.message_type(Some(message_type)))
    }

    /// The message's content type (`text` by default on the server).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// use chatwoot_application::types::ConversationMessageCreatePayloadContentType;
    ///
    /// let builder = client
    ///     .create_message_with_attachments()
    ///     .content_type(ConversationMessageCreatePayloadContentType::Text);
    /// # let _ = builder; }
    /// ```
    pub fn content_type(
        self,
        content_type: types::ConversationMessageCreatePayloadContentType,
    ) -> Self {
        self.body_map(|body| body.content_type(Some(content_type)))
    }

    /// Attributes of the content type (`in_reply_to`, `items`, ...), sent as
    /// one JSON text field, which the server parses, so numbers stay numbers.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let mut reply = serde_json::Map::new();
    /// reply.insert("in_reply_to".to_owned(), serde_json::json!(8812));
    /// let builder = client.create_message_with_attachments().content_attributes(reply);
    /// # let _ = builder; }
    /// ```
    pub fn content_attributes(self, attributes: serde_json::Map<String, Value>) -> Self {
        self.body_map(|body| body.content_attributes(attributes))
    }

    /// A field the server reads beyond the JSON variant's (`echo_id`,
    /// `source_id`, `cc_emails`, ...), sent as a text part.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.create_message_with_attachments().field("echo_id", "c0ffee");
    /// # let _ = builder; }
    /// ```
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.fields.push((name.into(), value.into()));
        self
    }

    /// Time allowed for this request, upload included, instead of the
    /// client's whole-request timeout (30 s by default).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client
    ///     .create_message_with_attachments()
    ///     .timeout(std::time::Duration::from_secs(300));
    /// # let _ = builder; }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    // `Error` is large by design (see `RawResponse::decode`).
    #[allow(clippy::result_large_err)]
    fn request(self) -> Result<MultipartRequest, Error> {
        let account_id = required(self.account_id, "account_id")?;
        let conversation_id = required(self.conversation_id, "conversation_id")?;
        if self.attachments.is_empty() {
            return Err(Error::InvalidRequest(
                "no attachment: add one, or send a text message with \
                 `create_message`"
                    .into(),
            ));
        }
        let body = self
            .body
            .and_then(|body| {
                types::ConversationMessageCreatePayload::try_from(body).map_err(|e| e.to_string())
            })
            .map_err(Error::InvalidRequest)?;
        let mut form = message_fields(MultipartForm::new(), &body)?;
        for (name, value) in self.fields {
            form = form.text(name, value);
        }
        for attachment in self.attachments {
            form = form.attachment("attachments[]", attachment);
        }
        let url = format!(
            "{}/api/v1/accounts/{}/conversations/{}/messages",
            self.client.baseurl,
            encode_path(&account_id.to_string()),
            encode_path(&conversation_id.to_string()),
        );
        Ok(with_timeout(
            MultipartRequest::new(Method::POST, url, form)
                .operation("create_message", MESSAGES_PATH),
            self.timeout,
        ))
    }

    /// Sends the message and returns it as the server created it, with its
    /// attachments.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), chatwoot_application::Error> {
    /// use chatwoot_application::Attachment;
    ///
    /// let message = client
    ///     .create_message_with_attachments()
    ///     .account_id(1)
    ///     .conversation_id(42)
    ///     .attachment(Attachment::bytes("log.txt", "boot ok"))
    ///     .send()
    ///     .await?
    ///     .into_inner();
    /// for attachment in &message.attachments {
    ///     println!("{:?}", attachment.data_url);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<ResponseValue<types::Message>, Error> {
        let client = self.client;
        self.request()?.send(&client.inner, &client.client).await
    }

    /// Sends the message and returns the server's answer undecoded,
    /// whatever its status.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), chatwoot_application::Error> {
    /// use chatwoot_application::Attachment;
    ///
    /// let raw = client
    ///     .create_message_with_attachments()
    ///     .account_id(1)
    ///     .conversation_id(42)
    ///     .attachment(Attachment::bytes("log.txt", "boot ok"))
    ///     .send_raw()
    ///     .await?;
    /// println!("{}", raw.status);
    /// # Ok(()) }
    /// ```
    pub async fn send_raw(self) -> Result<RawResponse, Error> {
        let client = self.client;
        self.request()?
            .send_raw(&client.inner, &client.client)
            .await
    }
}

/// The JSON variant's fields as form fields, the way the server's message
/// builder reads them back.
// `Error` is large by design (see `RawResponse::decode`).
#[cfg(chatwoot_operation = "create_message")]
#[allow(clippy::result_large_err)]
fn message_fields(
    mut form: MultipartForm,
    body: &types::ConversationMessageCreatePayload,
) -> Result<MultipartForm, Error> {
    let Value::Object(members) = serde_json::to_value(body)
        .map_err(|error| Error::InvalidRequest(format!("the message's fields: {error}")))?
    else {
        return Err(Error::InvalidRequest(
            "the message's fields are not an object".into(),
        ));
    };
    for (name, value) in members {
        match (name.as_str(), &value) {
            // No content: a message of attachments alone.
            ("content", Value::String(content)) if content.is_empty() => {}
            // The server's message builder tests `private` for truth before
            // casting it, and the text "false" is true to Ruby: a public
            // message is one without the field.
            ("private", Value::Bool(false)) => {}
            // Parsed as JSON by the server, which keeps numbers numbers.
            ("content_attributes", Value::Object(attributes)) => {
                if !attributes.is_empty() {
                    form = form.text(name, value.to_string());
                }
            }
            _ => form = form.nested(&name, &value),
        }
    }
    Ok(form)
}

/// Builder for [`Client::update_profile_avatar`]: set the avatar and any
/// other profile field, then [`send`](Self::send).
///
/// ```no_run
/// # async fn run(client: chatwoot_application::Client) -> Result<(), chatwoot_application::Error> {
/// use chatwoot_application::Attachment;
///
/// let user = client
///     .update_profile_avatar()
///     .avatar(Attachment::bytes("me.gif", std::fs::read("me.gif").unwrap_or_default()))
///     .send()
///     .await?;
/// # let _ = user; Ok(()) }
/// ```
#[derive(Debug)]
#[cfg(chatwoot_operation = "update_profile")]
pub struct UpdateProfileAvatar<'a> {
    client: &'a Client,
    avatar: Option<Attachment>,
    profile: Result<types::builder::UpdateProfileBodyProfile, String>,
    timeout: Option<Duration>,
}

#[cfg(chatwoot_operation = "update_profile")]
impl<'a> UpdateProfileAvatar<'a> {
    /// The new avatar, sent as the `profile[avatar]` part (required).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// use chatwoot_application::Attachment;
    ///
    /// let builder = client.update_profile_avatar().avatar(Attachment::bytes("me.png", Vec::new()));
    /// # let _ = builder; }
    /// ```
    pub fn avatar(mut self, avatar: Attachment) -> Self {
        self.avatar = Some(avatar);
        self
    }

    /// Other profile fields, as [`Client::update_profile`]'s `profile`
    /// payload; each set field is sent as a `profile[...]` part.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// use chatwoot_application::types;
    ///
    /// let builder = client.update_profile_avatar().profile(
    ///     types::UpdateProfileBodyProfile::builder().message_signature(Some("-- Ada, support".to_owned())),
    /// );
    /// # let _ = builder; }
    /// ```
    pub fn profile<V>(mut self, value: V) -> Self
    where
        V: TryInto<types::UpdateProfileBodyProfile>,
        V::Error: std::fmt::Display,
    {
        self.profile = value
            .try_into()
            .map(From::from)
            .map_err(|error| format!("the profile's fields do not convert: {error}"));
        self
    }

    /// The user's full name (`profile[name]`).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.update_profile_avatar().name("Ada Lovelace");
    /// # let _ = builder; }
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        self.profile = self.profile.map(|p| p.name(Some(name)));
        self
    }

    /// The name shown to contacts (`profile[display_name]`).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.update_profile_avatar().display_name("Ada");
    /// # let _ = builder; }
    /// ```
    pub fn display_name(mut self, display_name: impl Into<String>) -> Self {
        let display_name = display_name.into();
        self.profile = self.profile.map(|p| p.display_name(Some(display_name)));
        self
    }

    /// Time allowed for this request, upload included, instead of the
    /// client's whole-request timeout.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.update_profile_avatar().timeout(std::time::Duration::from_secs(60));
    /// # let _ = builder; }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    // `Error` is large by design (see `RawResponse::decode`).
    #[allow(clippy::result_large_err)]
    fn request(self) -> Result<MultipartRequest, Error> {
        let avatar = required(self.avatar, "avatar")?;
        let profile = self
            .profile
            .and_then(|p| types::UpdateProfileBodyProfile::try_from(p).map_err(|e| e.to_string()))
            .map_err(Error::InvalidRequest)?;
        let profile = serde_json::to_value(&profile)
            .map_err(|error| Error::InvalidRequest(format!("the profile's fields: {error}")))?;
        let form = MultipartForm::new()
            .nested("profile", &profile)
            .attachment("profile[avatar]", avatar);
        let url = format!("{}/api/v1/profile", self.client.baseurl);
        Ok(with_timeout(
            MultipartRequest::new(Method::PUT, url, form).operation("update_profile", PROFILE_PATH),
            self.timeout,
        ))
    }

    /// Sends the avatar and returns the updated profile.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), chatwoot_application::Error> {
    /// use chatwoot_application::Attachment;
    ///
    /// let user = client
    ///     .update_profile_avatar()
    ///     .avatar(Attachment::bytes("me.png", Vec::new()))
    ///     .send()
    ///     .await?
    ///     .into_inner();
    /// println!("{:?}", user.avatar_url);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<ResponseValue<types::User>, Error> {
        let client = self.client;
        self.request()?.send(&client.inner, &client.client).await
    }

    /// Sends the avatar and returns the server's answer undecoded, whatever
    /// its status.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), chatwoot_application::Error> {
    /// use chatwoot_application::Attachment;
    ///
    /// let raw = client
    ///     .update_profile_avatar()
    ///     .avatar(Attachment::bytes("me.png", Vec::new()))
    ///     .send_raw()
    ///     .await?;
    /// println!("{}", raw.status);
    /// # Ok(()) }
    /// ```
    pub async fn send_raw(self) -> Result<RawResponse, Error> {
        let client = self.client;
        self.request()?
            .send_raw(&client.inner, &client.client)
            .await
    }
}

#[cfg(any(
    chatwoot_operation = "update_contact",
    chatwoot_operation = "update_agent_bot",
    chatwoot_operation = "update_inbox"
))]
/// Builder for the avatar uploads of one object of an account
/// ([`Client::update_contact_avatar`],
/// [`Client::update_account_agent_bot_avatar`],
/// [`Client::update_inbox_avatar`]): set the account, the object's id and
/// the avatar, then [`send`](Self::send), which returns the updated object.
///
/// ```no_run
/// # async fn run(client: chatwoot_application::Client) -> Result<(), chatwoot_application::Error> {
/// use chatwoot_application::Attachment;
///
/// let bot = client
///     .update_account_agent_bot_avatar()
///     .account_id(1)
///     .id(7)
///     .avatar(Attachment::bytes("bot.png", Vec::new()))
///     .send()
///     .await?;
/// # let _ = bot; Ok(()) }
/// ```
#[derive(Debug)]
pub struct UpdateAvatar<'a, T> {
    client: &'a Client,
    method: Method,
    operation_id: &'static str,
    path_template: &'static str,
    /// The path between the account and the id (`/contacts/`).
    collection: &'static str,
    account_id: Option<i64>,
    id: Option<i64>,
    avatar: Option<Attachment>,
    timeout: Option<Duration>,
    _answer: std::marker::PhantomData<fn() -> T>,
}

#[cfg(any(
    chatwoot_operation = "update_contact",
    chatwoot_operation = "update_agent_bot",
    chatwoot_operation = "update_inbox"
))]
impl<'a, T: serde::de::DeserializeOwned> UpdateAvatar<'a, T> {
    fn new(
        client: &'a Client,
        method: Method,
        operation_id: &'static str,
        path_template: &'static str,
        collection: &'static str,
    ) -> Self {
        UpdateAvatar {
            client,
            method,
            operation_id,
            path_template,
            collection,
            account_id: None,
            id: None,
            avatar: None,
            timeout: None,
            _answer: std::marker::PhantomData,
        }
    }

    /// The account (required).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.update_contact_avatar().account_id(1);
    /// # let _ = builder; }
    /// ```
    pub fn account_id(mut self, account_id: i64) -> Self {
        self.account_id = Some(account_id);
        self
    }

    /// The contact's, agent bot's or inbox's id (required).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.update_inbox_avatar().id(3);
    /// # let _ = builder; }
    /// ```
    pub fn id(mut self, id: i64) -> Self {
        self.id = Some(id);
        self
    }

    /// The new avatar, sent as the `avatar` part (required): JPEG, PNG or
    /// GIF, up to 15 MB.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// use chatwoot_application::Attachment;
    ///
    /// let builder = client.update_contact_avatar().avatar(Attachment::bytes("ada.png", Vec::new()));
    /// # let _ = builder; }
    /// ```
    pub fn avatar(mut self, avatar: Attachment) -> Self {
        self.avatar = Some(avatar);
        self
    }

    /// Time allowed for this request, upload included, instead of the
    /// client's whole-request timeout.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_application::Client) {
    /// let builder = client.update_contact_avatar().timeout(std::time::Duration::from_secs(60));
    /// # let _ = builder; }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    // `Error` is large by design (see `RawResponse::decode`).
    #[allow(clippy::result_large_err)]
    fn request(self) -> Result<MultipartRequest, Error> {
        let account_id = required(self.account_id, "account_id")?;
        let id = required(self.id, "id")?;
        let avatar = required(self.avatar, "avatar")?;
        let url = format!(
            "{}/api/v1/accounts/{}{}{}",
            self.client.baseurl,
            encode_path(&account_id.to_string()),
            self.collection,
            encode_path(&id.to_string()),
        );
        let form = MultipartForm::new().attachment("avatar", avatar);
        Ok(with_timeout(
            MultipartRequest::new(self.method, url, form)
                .operation(self.operation_id, self.path_template),
            self.timeout,
        ))
    }

    /// Sends the avatar and returns the updated object.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), chatwoot_application::Error> {
    /// use chatwoot_application::Attachment;
    ///
    /// let contact = client
    ///     .update_contact_avatar()
    ///     .account_id(1)
    ///     .id(311)
    ///     .avatar(Attachment::bytes("ada.png", Vec::new()))
    ///     .send()
    ///     .await?
    ///     .into_inner();
    /// # let _ = contact; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<ResponseValue<T>, Error> {
        let client = self.client;
        self.request()?.send(&client.inner, &client.client).await
    }

    /// Sends the avatar and returns the server's answer undecoded, whatever
    /// its status.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_application::Client) -> Result<(), chatwoot_application::Error> {
    /// use chatwoot_application::Attachment;
    ///
    /// let raw = client
    ///     .update_inbox_avatar()
    ///     .account_id(1)
    ///     .id(3)
    ///     .avatar(Attachment::bytes("inbox.png", Vec::new()))
    ///     .send_raw()
    ///     .await?;
    /// println!("{}", raw.status);
    /// # Ok(()) }
    /// ```
    pub async fn send_raw(self) -> Result<RawResponse, Error> {
        let client = self.client;
        self.request()?
            .send_raw(&client.inner, &client.client)
            .await
    }
}

// `Error` is large by design (see `RawResponse::decode`).
#[allow(clippy::result_large_err)]
fn required<T>(value: Option<T>, name: &str) -> Result<T, Error> {
    value.ok_or_else(|| Error::InvalidRequest(format!("{name} was not set")))
}

fn with_timeout(request: MultipartRequest, timeout: Option<Duration>) -> MultipartRequest {
    match timeout {
        Some(timeout) => request.timeout(timeout),
        None => request,
    }
}
