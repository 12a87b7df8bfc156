//! Typed client for Chatwoot's **Application API** (`/api/v1/accounts/...`):
//! conversations, messages, contacts, inboxes, agents, teams, reports and the
//! rest of what an agent, an admin or an agent bot can do.
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
//!
//! The token is a user's access token (Profile settings, "Access Token") or
//! an agent bot's. It is sent in the `api-access-token` header, which
//! survives reverse proxies; see [`TokenHeader`].

#![warn(missing_docs)]

#[allow(missing_docs, clippy::all, clippy::pedantic, unused, rustdoc::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/application.rs"));
}

pub use chatwoot_runtime::{ApiToken, BuildError, ClientBuilder, TokenHeader};
pub use generated::*;
