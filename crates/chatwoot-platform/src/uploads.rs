//! Uploads: agent bots' avatars.
//!
//! Upstream's spec documents the agent bot update with a JSON body only, but
//! Chatwoot's server also takes the bot's avatar there, as a file in a
//! `multipart/form-data` body, which the generated methods cannot send.
//! [`Client::update_agent_bot_avatar`] sends it, and returns the same typed
//! bot as [`Client::update_agent_bot`]. A request streaming a file is
//! never retried (see [`chatwoot_runtime::MultipartRequest`]).
//!
//! ```no_run
//! use chatwoot_platform::{Attachment, Client};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::with_token("https://chatwoot.example.com", "platform-app-token")?;
//! let bot = client
//!     .update_agent_bot_avatar()
//!     .id(7)
//!     .avatar(Attachment::file("bot.png").await?)
//!     .send()
//!     .await?
//!     .into_inner();
//! println!("{:?}", bot.name);
//! # Ok(()) }
//! ```

use std::time::Duration;

pub use chatwoot_runtime::Attachment;
use chatwoot_runtime::{encode_path, MultipartForm, MultipartRequest, ResponseValue};
use reqwest::Method;

use crate::{types, Client, Error, RawResponse};

const AGENT_BOT_PATH: &str = "/platform/api/v1/agent_bots/{id}";

impl Client {
    /// Sets an agent bot's avatar (`PATCH /platform/api/v1/agent_bots/{id}`,
    /// as [`Client::update_agent_bot`] but `multipart/form-data`, the
    /// file in an `avatar` part). Chatwoot takes JPEG, PNG and GIF avatars
    /// up to 15 MB; anything else is a 422 ([`Error::Status`]). The app must
    /// have created the bot, or been granted it.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_platform::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use chatwoot_platform::Attachment;
    ///
    /// let bot = client
    ///     .update_agent_bot_avatar()
    ///     .id(7)
    ///     .avatar(Attachment::bytes("bot.png", std::fs::read("bot.png")?))
    ///     .send()
    ///     .await?;
    /// # let _ = bot; Ok(()) }
    /// ```
    pub fn update_agent_bot_avatar(&self) -> UpdateAgentBotAvatar<'_> {
        UpdateAgentBotAvatar {
            client: self,
            id: None,
            avatar: None,
            timeout: None,
        }
    }
}

/// Builder for [`Client::update_agent_bot_avatar`]: set the bot's id and the
/// avatar, then [`send`](Self::send).
///
/// ```no_run
/// # async fn run(client: chatwoot_platform::Client) -> Result<(), chatwoot_platform::Error> {
/// use chatwoot_platform::Attachment;
///
/// let bot = client
///     .update_agent_bot_avatar()
///     .id(7)
///     .avatar(Attachment::bytes("bot.gif", Vec::new()))
///     .send()
///     .await?;
/// # let _ = bot; Ok(()) }
/// ```
#[derive(Debug)]
pub struct UpdateAgentBotAvatar<'a> {
    client: &'a Client,
    id: Option<i64>,
    avatar: Option<Attachment>,
    timeout: Option<Duration>,
}

impl<'a> UpdateAgentBotAvatar<'a> {
    /// The agent bot's id (required).
    ///
    /// ```no_run
    /// # fn f(client: &chatwoot_platform::Client) {
    /// let builder = client.update_agent_bot_avatar().id(7);
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
    /// # fn f(client: &chatwoot_platform::Client) {
    /// use chatwoot_platform::Attachment;
    ///
    /// let builder = client.update_agent_bot_avatar().avatar(Attachment::bytes("bot.png", Vec::new()));
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
    /// # fn f(client: &chatwoot_platform::Client) {
    /// let builder = client.update_agent_bot_avatar().timeout(std::time::Duration::from_secs(60));
    /// # let _ = builder; }
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    // `Error` is large by design (see `RawResponse::decode`).
    #[allow(clippy::result_large_err)]
    fn request(self) -> Result<MultipartRequest, Error> {
        let missing = |name: &str| Error::InvalidRequest(format!("{name} was not set"));
        let id = self.id.ok_or_else(|| missing("id"))?;
        let avatar = self.avatar.ok_or_else(|| missing("avatar"))?;
        let url = format!(
            "{}/platform/api/v1/agent_bots/{}",
            self.client.baseurl,
            encode_path(&id.to_string()),
        );
        let form = MultipartForm::new().attachment("avatar", avatar);
        let request = MultipartRequest::new(Method::PATCH, url, form)
            .operation("update_agent_bot", AGENT_BOT_PATH);
        Ok(match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        })
    }

    /// Sends the avatar and returns the updated bot.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_platform::Client) -> Result<(), chatwoot_platform::Error> {
    /// use chatwoot_platform::Attachment;
    ///
    /// let bot = client
    ///     .update_agent_bot_avatar()
    ///     .id(7)
    ///     .avatar(Attachment::bytes("bot.png", Vec::new()))
    ///     .send()
    ///     .await?
    ///     .into_inner();
    /// println!("{:?}", bot.id);
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<ResponseValue<types::AgentBot>, Error> {
        let client = self.client;
        self.request()?.send(&client.inner, &client.client).await
    }

    /// Sends the avatar and returns the server's answer undecoded, whatever
    /// its status.
    ///
    /// ```no_run
    /// # async fn run(client: chatwoot_platform::Client) -> Result<(), chatwoot_platform::Error> {
    /// use chatwoot_platform::Attachment;
    ///
    /// let raw = client
    ///     .update_agent_bot_avatar()
    ///     .id(7)
    ///     .avatar(Attachment::bytes("bot.png", Vec::new()))
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
