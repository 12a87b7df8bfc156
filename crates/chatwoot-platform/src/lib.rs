//! Typed client for Chatwoot's **Platform API** (`/platform/api/v1/...`):
//! accounts, users, account users and agent bots of a whole installation.
//!
//! Every operation of upstream's spec is a method of [`Client`], named after
//! its operationId in snake case. Methods return a builder: set the
//! parameters, then `.send().await`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = chatwoot_platform::Client::with_token("https://chatwoot.example.com", "platform-app-token")?;
//! let bots = client.list_all_agent_bots().send().await?;
//! println!("{} agent bots", bots.into_inner().len());
//! # Ok(()) }
//! ```
//!
//! The token is a platform app's access token, made by an installation admin
//! (Super Admin console, "Platform Apps"). It reaches only the objects that
//! app created or was granted.

#![warn(missing_docs)]

#[allow(missing_docs, clippy::all, clippy::pedantic, unused, rustdoc::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/platform.rs"));
}

pub use chatwoot_runtime::{ApiToken, BuildError, ClientBuilder, TokenHeader};
pub use generated::*;
