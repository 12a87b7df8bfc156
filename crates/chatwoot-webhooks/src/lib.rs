#![doc = include_str!("../README.md")]
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
