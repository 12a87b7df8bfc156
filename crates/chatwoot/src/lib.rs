#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// The Application API: see the `chatwoot-application` crate. With the `mock` feature,
/// `application::mock` mocks each operation, typed, for your tests.
#[cfg(feature = "application")]
pub use chatwoot_application as application;
/// The Client API: see the `chatwoot-client` crate. With the `mock` feature,
/// `client::mock` mocks each operation, typed, for your tests.
#[cfg(feature = "client")]
pub use chatwoot_client as client;
/// The Platform API: see the `chatwoot-platform` crate. With the `mock` feature,
/// `platform::mock` mocks each operation, typed, for your tests.
#[cfg(feature = "platform")]
pub use chatwoot_platform as platform;
/// What the three families share: client builder, token, errors.
pub use chatwoot_runtime as runtime;
/// Verified webhooks and typed events: see the `chatwoot-webhooks` crate
/// (feature `webhooks`).
#[cfg(feature = "webhooks")]
pub use chatwoot_webhooks as webhooks;

/// The traits a program usually needs in scope: the streams'
/// `TryStreamExt` (`try_next`, `try_collect`). Each family's own `prelude`
/// adds its client, types and mocks (`chatwoot::application::prelude::*`).
#[cfg(feature = "application")]
pub mod prelude {
    pub use chatwoot_application::prelude::{StreamExt, TryStreamExt};
}

/// The README's examples, compiled as doctests so they stay true.
#[cfg(all(
    doctest,
    feature = "application",
    feature = "client",
    feature = "platform"
))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
