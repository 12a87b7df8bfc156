//! Uploads: a contact's messages with attachments.
//!
//! Upstream's spec documents the endpoint with a JSON body only, but files
//! travel as `multipart/form-data`, which the generated methods cannot send.
//! [`Client::create_message_with_attachments`] sends the same endpoint as a
//! multipart form, with the part names Chatwoot's controller reads, and
//! returns the same typed message as [`Client::create_message`]. A request
//! streaming a file is never retried (see
//! [`chatwoot_runtime::MultipartRequest`]).
//!
//! ```no_run
//! use chatwoot_client::{Attachment, Client};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::with_base_url("https://app.chatwoot.com")?;
//! let message = client
//!     .create_message_with_attachments()
//!     .inbox_identifier("your-inbox-identifier")
//!     .contact_identifier("the-contact-identifier")
//!     .conversation_id(12)
//!     .content("My order number is on the receipt")
//!     .attachment(Attachment::file("receipt.jpg").await?)
//!     .send()
//!     .await?
//!     .into_inner();
//! println!("{} attachment(s)", message.attachments.len());
//! # Ok(()) }
//! ```

use std::time::Duration;

pub use chatwoot_runtime::Attachment;
use chatwoot_runtime::{encode_path, MultipartForm, MultipartRequest, ResponseValue};
use reqwest::Method;
use serde_json::Value;

use crate::{types, Client, Error, RawResponse};

const MESSAGES_PATH: &str = "/public/api/v1/inboxes/{inbox_identifier}/contacts/{contact_identifier}/conversations/{conversation_id}/messages";

impl Client {
    /// Creates a contact's message with one or more attachments
    /// (`POST .../conversations/{conversation_id}/messages`, as
    /// [`Client::create_message`] but `multipart/form-data`): each file is
    /// an `attachments[]` part, beside `content` and `echo_id`, the fields
    /// the server reads. The message is always incoming, from the contact.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_client::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use chatwoot_client::Attachment;
    ///
    /// let message = client
    ///     .create_message_with_attachments()
    ///     .inbox_identifier("your-inbox-identifier")
    ///     .contact_identifier("the-contact-identifier")
    ///     .conversation_id(12)
    ///     .echo_id("tmp-1")
    ///     .attachment(Attachment::bytes("photo.jpg", std::fs::read("photo.jpg")?))
    ///     .send()
    ///     .await?;
    /// # let _ = message; Ok(()) }
    /// ```
    pub fn create_message_with_attachments(&self) -> CreateMessageWithAttachments<'_> {
        CreateMessageWithAttachments {
            client: self,
            inbox_identifier: None,
            contact_identifier: None,
            conversation_id: None,
            body: Ok(types::PublicMessageCreatePayload::builder()),
            attachments: Vec::new(),
            timeout: None,
        }
    }
}

/// Builder for [`Client::create_message_with_attachments`]: set the inbox,
/// the contact, the conversation and at least one attachment, then
/// [`send`](Self::send).
///
/// ```no_run
/// # async fn run(client: chatwoot_client::Client) -> Result<(), chatwoot_client::Error> {
/// use chatwoot_client::Attachment;
///
/// let message = client
///     .create_message_with_attachments()
///     .inbox_identifier("your-inbox-identifier")
///     .contact_identifier("the-contact-identifier")
///     .conversation_id(12)
///     .attachment(Attachment::bytes("a.txt", "first"))
///     .attachment(Attachment::bytes("b.txt", "second"))
///     .send()
///     .await?;
/// # let _ = message; Ok(()) }
/// ```
#[derive(Debug)]
pub struct CreateMessageWithAttachments<'a> {
    client: &'a Client,
    inbox_identifier: Option<String>,
    contact_identifier: Option<String>,
    conversation_id: Option<i64>,
    body: Result<types::builder::PublicMessageCreatePayload, String>,
    attachments: Vec<Attachment>,
    timeout: Option<Duration>,
}

impl<'a> CreateMessageWithAttachments<'a> {
    /// The API inbox's identifier (required).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_client::Client) {
    /// let builder = client.create_message_with_attachments().inbox_identifier("your-inbox-identifier");
    /// # let _ = builder; }
    /// ```
    pub fn inbox_identifier(mut self, inbox_identifier: impl Into<String>) -> Self {
        self.inbox_identifier = Some(inbox_identifier.into());
        self
    }

    /// The contact's identifier in the inbox, its `source_id` (required).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_client::Client) {
    /// let builder = client.create_message_with_attachments().contact_identifier("the-contact-identifier");
    /// # let _ = builder; }
    /// ```
    pub fn contact_identifier(mut self, contact_identifier: impl Into<String>) -> Self {
        self.contact_identifier = Some(contact_identifier.into());
        self
    }

    /// The conversation, by its display id (required).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_client::Client) {
    /// let builder = client.create_message_with_attachments().conversation_id(12);
    /// # let _ = builder; }
    /// ```
    pub fn conversation_id(mut self, conversation_id: i64) -> Self {
        self.conversation_id = Some(conversation_id);
        self
    }

    /// Adds a file, sent as an `attachments[]` part; call once per file (at
    /// least once).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_client::Client) {
    /// use chatwoot_client::Attachment;
    ///
    /// let builder = client
    ///     .create_message_with_attachments()
    ///     .attachment(Attachment::bytes("notes.txt", "order 4711"));
    /// # let _ = builder; }
    /// ```
    pub fn attachment(mut self, attachment: Attachment) -> Self {
        self.attachments.push(attachment);
        self
    }

    /// Adds several files at once, each an `attachments[]` part.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_client::Client) {
    /// use chatwoot_client::Attachment;
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

    /// The message's fields as [`Client::create_message`]'s payload.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_client::Client) {
    /// use chatwoot_client::types;
    ///
    /// let builder = client.create_message_with_attachments().body(
    ///     types::PublicMessageCreatePayload::builder().content(Some("See attached".to_owned())),
    /// );
    /// # let _ = builder; }
    /// ```
    pub fn body<V>(mut self, value: V) -> Self
    where
        V: TryInto<types::PublicMessageCreatePayload>,
        V::Error: std::fmt::Display,
    {
        self.body = value
            .try_into()
            .map(From::from)
            .map_err(|error| format!("the message's fields do not convert: {error}"));
        self
    }

    /// The text shown with the attachments; none by default.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_client::Client) {
    /// let builder = client.create_message_with_attachments().content("See attached");
    /// # let _ = builder; }
    /// ```
    pub fn content(mut self, content: impl Into<String>) -> Self {
        let content = content.into();
        self.body = self.body.map(|body| body.content(Some(content)));
        self
    }

    /// A temporary id of your own, which the server sends back over the
    /// websocket with the created message, to match it with the one shown
    /// while sending.
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_client::Client) {
    /// let builder = client.create_message_with_attachments().echo_id("tmp-1");
    /// # let _ = builder; }
    /// ```
    pub fn echo_id(mut self, echo_id: impl Into<String>) -> Self {
        let echo_id = echo_id.into();
        self.body = self.body.map(|body| body.echo_id(Some(echo_id)));
        self
    }

    /// Time allowed for this request, upload included, instead of the
    /// client's whole-request timeout (30 s by default).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_client::Client) {
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
        let inbox_identifier = required(self.inbox_identifier, "inbox_identifier")?;
        let contact_identifier = required(self.contact_identifier, "contact_identifier")?;
        let conversation_id = required(self.conversation_id, "conversation_id")?;
        if self.attachments.is_empty() {
            return Err(Error::InvalidRequest(
                "no attachment: add one, or send a text message with `create_message`".into(),
            ));
        }
        let body = self
            .body
            .and_then(|body| {
                types::PublicMessageCreatePayload::try_from(body).map_err(|e| e.to_string())
            })
            .map_err(Error::InvalidRequest)?;
        let Value::Object(members) = serde_json::to_value(&body)
            .map_err(|error| Error::InvalidRequest(format!("the message's fields: {error}")))?
        else {
            return Err(Error::InvalidRequest(
                "the message's fields are not an object".into(),
            ));
        };
        let mut form = MultipartForm::new();
        for (name, value) in members {
            form = form.nested(&name, &value);
        }
        for attachment in self.attachments {
            form = form.attachment("attachments[]", attachment);
        }
        let url = format!(
            "{}/public/api/v1/inboxes/{}/contacts/{}/conversations/{}/messages",
            self.client.baseurl,
            encode_path(&inbox_identifier),
            encode_path(&contact_identifier),
            encode_path(&conversation_id.to_string()),
        );
        let request = MultipartRequest::new(Method::POST, url, form)
            .operation("create_message", MESSAGES_PATH);
        Ok(match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        })
    }

    /// Sends the message and returns it as the server created it, with its
    /// attachments.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_client::Client) -> Result<(), chatwoot_client::Error> {
    /// use chatwoot_client::Attachment;
    ///
    /// let message = client
    ///     .create_message_with_attachments()
    ///     .inbox_identifier("your-inbox-identifier")
    ///     .contact_identifier("the-contact-identifier")
    ///     .conversation_id(12)
    ///     .attachment(Attachment::bytes("log.txt", "boot ok"))
    ///     .send()
    ///     .await?
    ///     .into_inner();
    /// for attachment in &message.attachments {
    ///     println!("{:?}", attachment.data_url);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<ResponseValue<types::PublicMessage>, Error> {
        let client = self.client;
        self.request()?.send(&client.inner, &client.client).await
    }

    /// Sends the message and returns the server's answer undecoded,
    /// whatever its status.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_client::Client) -> Result<(), chatwoot_client::Error> {
    /// use chatwoot_client::Attachment;
    ///
    /// let raw = client
    ///     .create_message_with_attachments()
    ///     .inbox_identifier("your-inbox-identifier")
    ///     .contact_identifier("the-contact-identifier")
    ///     .conversation_id(12)
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

// `Error` is large by design (see `RawResponse::decode`).
#[allow(clippy::result_large_err)]
fn required<T>(value: Option<T>, name: &str) -> Result<T, Error> {
    value.ok_or_else(|| Error::InvalidRequest(format!("{name} was not set")))
}
