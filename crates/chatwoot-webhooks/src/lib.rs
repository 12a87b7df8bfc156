//! Chatwoot events for bots and sync jobs: verified webhooks with typed
//! payloads, and the dashboard's realtime channel.
//!
//! # Webhooks
//!
//! Chatwoot signs account webhooks: `X-Chatwoot-Signature` is
//! `sha256=` and the hex HMAC-SHA256, under the webhook's secret, of
//! `"<X-Chatwoot-Timestamp>.<raw body>"`; `X-Chatwoot-Delivery` names the
//! delivery. A [`Verifier`] checks the signature (in constant time) and the
//! timestamp (within five minutes, against replays), then decodes the
//! [`Event`]. Verify the raw bytes as received: re-serialized JSON does
//! not match.
//!
//! ```
//! use chatwoot_webhooks::{Event, Verifier, VerifyError};
//!
//! fn handle(headers: &http::HeaderMap, body: &[u8]) -> Result<(), VerifyError> {
//!     // The secret is the `secret` of the webhook in the webhooks API.
//!     let verifier = Verifier::new("webhook-secret");
//!     let webhook = verifier.verify(headers, body)?;
//!     match webhook.event {
//!         Event::MessageCreated(message) if message.is_incoming() => {
//!             println!("{:?} wrote {:?}", message.sender.and_then(|s| s.name().map(str::to_owned)), message.content);
//!         }
//!         Event::ConversationStatusChanged(conversation) => {
//!             println!("conversation {:?} is {:?}", conversation.id, conversation.status);
//!         }
//!         other => println!("{} ignored", other.name()),
//!     }
//!     Ok(())
//! }
//!
//! // A delivery as Chatwoot makes it.
//! let body = br#"{"event":"conversation_status_changed","id":17,"status":"resolved"}"#;
//! let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
//! let mut headers = http::HeaderMap::new();
//! headers.insert("x-chatwoot-timestamp", now.to_string().parse().unwrap());
//! headers.insert("x-chatwoot-signature", chatwoot_webhooks::sign(b"webhook-secret", now, body).parse().unwrap());
//! handle(&headers, body).unwrap();
//!
//! // A changed body fails.
//! let err = handle(&headers, br#"{"event":"conversation_status_changed","id":18}"#).unwrap_err();
//! assert!(matches!(err, VerifyError::SignatureMismatch));
//! ```
//!
//! Account webhooks are signed. Agent bots (`outgoing_url`) and API channel
//! inboxes (`webhook_url`) are signed the same way, each with a `secret` of
//! its own, by servers from April 2026 on; older servers, and the
//! installation webhook, deliver them unsigned: decode those with
//! [`Event::from_slice`] and protect the endpoint otherwise (a secret path,
//! a network rule).
//!
//! Payload types ([`types`]) follow what the server serializes for
//! webhooks, not the REST API's models, and decode leniently: unknown
//! fields are ignored, every field is optional, a field of an unexpected
//! shape reads as `None`, enums keep unknown values in `Other`, and unknown
//! events in [`Event::Unknown`].
//!
//! # Features
//!
//! - `axum`: `axum::ChatwootWebhook`, an extractor that rejects
//!   unverified requests with 401.
//! - `realtime`: `realtime::RealtimeConfig`, an ActionCable client for
//!   the events the dashboard receives, with reconnection.
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod de;
mod event;
mod time;
mod verify;

pub mod realtime;
pub mod types;

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;

pub use event::Event;
pub use time::Timestamp;
pub use verify::{
    DEFAULT_TOLERANCE, DELIVERY_HEADER, Delivery, Headers, SIGNATURE_HEADER, TIMESTAMP_HEADER,
    VerifiedWebhook, Verifier, VerifyError, sign, verify,
};
