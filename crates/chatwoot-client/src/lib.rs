//! Typed client for Chatwoot's **Client API**
//! (`/public/api/v1/inboxes/{inbox_identifier}/...`): contacts, conversations
//! and messages as a custom chat front end sees them.
//!
//! Every operation of upstream's spec is a method of [`Client`], named after
//! its operationId in snake case. Methods return a builder: set the
//! parameters, then `.send().await`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = chatwoot_client::Client::with_base_url("https://app.chatwoot.com")?;
//! let contact = client
//!     .create_a_contact()
//!     .inbox_identifier("your-inbox-identifier")
//!     .body(chatwoot_client::types::PublicContactCreateUpdatePayload::builder().name("Ada".to_owned()))
//!     .send()
//!     .await?;
//! println!("contact identifier: {:?}", contact.into_inner().source_id);
//! # Ok(()) }
//! ```
//!
//! No token: the inbox identifier (an API inbox's settings page) and the
//! contact identifier the server returns on contact creation authenticate.

#![warn(missing_docs)]

#[allow(missing_docs, clippy::all, clippy::pedantic, unused, rustdoc::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

pub use chatwoot_runtime::{BuildError, ClientBuilder};
pub use generated::*;
