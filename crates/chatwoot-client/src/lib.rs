//! Typed client for Chatwoot's **Client API**
//! (`/public/api/v1/inboxes/{inbox_identifier}/...`): contacts, conversations
//! and messages as a custom chat front end sees them.
//!
//! # Credentials
//!
//! No token. An admin creates an **API** inbox (Settings, Inboxes, Add Inbox,
//! "API"); its settings page ("Configuration") shows:
//!
//! - the **inbox identifier**, in every path;
//! - the **HMAC token**, only needed when "Enforce user identity validation"
//!   is on: each contact must then come with its `identifier` (your user id)
//!   and `identifier_hash`, the HMAC-SHA256 (hex) of that identifier keyed
//!   with the HMAC token ([`identifier_hash`]; compute it on your server,
//!   never ship the token).
//!
//! Creating a contact returns its **contact identifier** (`source_id`), which
//! acts on that contact's behalf from then on: cache it. A
//! [`ContactSession`] keeps both identifiers (and the contact's websocket
//! `pubsub_token`), serializes them for the next run, and offers the
//! contact's operations without repeating them:
//!
//! ```no_run
//! use chatwoot_client::{types, Client, ContactSession, ContactSessionState};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::with_base_url("https://app.chatwoot.com")?;
//! let session = ContactSession::create(
//!     &client,
//!     "your-inbox-identifier",
//!     types::PublicContactCreateUpdatePayload::builder().name("Ada".to_owned()),
//! )
//! .await?;
//! let conversations = session.list_conversations().await?.into_inner();
//!
//! // Next run: from the cached contact identifier alone.
//! let session = ContactSession::resume(
//!     &client,
//!     ContactSessionState::new("your-inbox-identifier", session.contact_identifier()),
//! );
//! # let _ = (conversations, session); Ok(()) }
//! ```
//!
//! # Errors
//!
//! The kinds every family shares ([`Error`]); what they mean here:
//!
//! - a wrong or missing `identifier_hash`, on an inbox with identity
//!   validation, is an [`Error::Status`] whose message says `HMAC failed`
//!   (401 or 500, depending on the server's version):
//!   [`Error::is_identifier_hash_rejected`] tells. Production servers often
//!   answer a bare 500 instead: with such an inbox, a 500 on contact
//!   creation, reading or update most likely means the same;
//! - a wrong inbox or contact identifier is a 404 ([`Error::Status`]).
//!
//! # Every operation
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

#![warn(missing_docs)]

#[allow(missing_docs, clippy::all, clippy::pedantic, unused, rustdoc::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

pub use chatwoot_runtime::{BuildError, ClientBuilder, Error, ErrorBody, RawResponse, RetryPolicy};
pub use generated::*;
pub use session::{identifier_hash, ContactSession, ContactSessionState};

mod session;
