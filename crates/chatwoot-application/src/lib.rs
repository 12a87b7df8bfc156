//! Typed client for Chatwoot's **Application API** (`/api/v1/accounts/...`):
//! conversations, messages, contacts, inboxes, agents, teams, reports and the
//! rest of what an agent, an admin or an agent bot can do.
//!
//! # Credentials
//!
//! An access token, of one of two kinds:
//!
//! - a **user's**: Profile settings (the avatar menu), "Access Token" at the
//!   bottom of the page. It acts with that user's role in each of their
//!   accounts;
//! - an **agent bot's**: Settings, "Bots", the bot's access token (or the
//!   `access_token` the Platform API returns when it creates a bot). A bot's
//!   token may call only a few conversation endpoints, listed on
//!   [`TokenKind`].
//!
//! Say which kind you hold ([`ApiToken::user`], [`ApiToken::agent_bot`], or
//! [`ClientBuilder::token_kind`]), so that a bot's refusals are told apart
//! from a wrong token. The token is sent in the `api-access-token` header,
//! which survives reverse proxies; see [`TokenHeader`].
//!
//! ```no_run
//! use chatwoot_application::{ApiToken, Client, Error};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let bot = Client::with_token("https://app.chatwoot.com", ApiToken::agent_bot("bot-token"))?;
//! match bot.list_all_inboxes().account_id(1).send().await {
//!     Ok(inboxes) => println!("{:?}", inboxes.into_inner()),
//!     Err(Error::NotAllowedForAgentBot { operation, .. }) => {
//!         eprintln!("`{operation}` takes a user's token, not a bot's")
//!     }
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! Besides the kinds every family shares ([`Error`]), a 401 means one of:
//!
//! - [`Error::NotAllowedForAgentBot`]: an agent bot's token on an endpoint
//!   Chatwoot keeps from bots. Reported when the client knows it holds a
//!   bot's token, or when the server says so (`Access to this endpoint is not
//!   authorized for bots`). Bots may call [`Client::new_conversation`],
//!   [`Client::update_conversation`],
//!   [`Client::toggle_status_of_a_conversation`],
//!   [`Client::toggle_priority_of_a_conversation`],
//!   [`Client::toggle_typing_status_of_a_conversation`],
//!   [`Client::update_custom_attributes_of_a_conversation`],
//!   [`Client::create_a_new_message_in_a_conversation`] and
//!   [`Client::assign_a_conversation`]; every other operation takes a user's
//!   token.
//! - [`Error::Status`] with `Invalid Access Token`: the token is wrong or was
//!   reset.
//! - [`Error::Status`] with `You are not authorized to do this action`: the
//!   user's role in the account (agent, not administrator) does not allow it.
//!
//! # Every operation
//!
//! Every operation of upstream's spec is a method of [`Client`], named after
//! its operationId in snake case, so an operation found in Chatwoot's API
//! reference is found here by name (`list-all-inboxes` is
//! [`Client::list_all_inboxes`]). Methods return a builder: set the
//! parameters, then `.send().await`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = chatwoot_application::Client::with_token("https://app.chatwoot.com", "your-access-token")?;
//! let profile = client.fetch_profile().send().await?;
//! println!("signed in as {:?}", profile.into_inner().email);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

#[allow(missing_docs, clippy::all, clippy::pedantic, unused, rustdoc::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/application.rs"));
}

pub use chatwoot_runtime::{
    is_bot_accessible, ApiToken, BotEndpoint, BuildError, ClientBuilder, Error, ErrorBody,
    RawResponse, RetryPolicy, TokenHeader, TokenKind, BOT_ACCESSIBLE_ENDPOINTS,
};
pub use generated::*;
mod pagination;
pub use pagination::*;
