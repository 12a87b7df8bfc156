//! Typed Rust clients for [Chatwoot](https://www.chatwoot.com)'s three API
//! families, re-exported from their own crates:
//!
//! | module | crate | feature | API |
//! |---|---|---|---|
//! | [`application`] | `chatwoot-application` | `application` | `/api/v1/accounts/...`, with a user or agent-bot token |
//! | [`client`] | `chatwoot-client` | `client` | `/public/api/v1/inboxes/...`, no token |
//! | [`platform`] | `chatwoot-platform` | `platform` | `/platform/api/v1/...`, with a platform-app token |
//!
//! All three features are on by default. A program that needs one family
//! compiles only that one if it turns the others off, or depends on the family
//! crate directly.
//!
//! ```no_run
//! # #[cfg(feature = "application")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = chatwoot::application::Client::with_token("https://app.chatwoot.com", "your-access-token")?;
//! let profile = client.fetch_profile().send().await?;
//! println!("{:?}", profile.into_inner().name);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

/// The Application API: see the `chatwoot-application` crate.
#[cfg(feature = "application")]
pub use chatwoot_application as application;
/// The Client API: see the `chatwoot-client` crate.
#[cfg(feature = "client")]
pub use chatwoot_client as client;
/// The Platform API: see the `chatwoot-platform` crate.
#[cfg(feature = "platform")]
pub use chatwoot_platform as platform;
/// What the three families share: client builder, token, errors.
pub use chatwoot_runtime as runtime;

/// The README's examples, compiled as doctests so they stay true.
#[cfg(all(
    doctest,
    feature = "application",
    feature = "client",
    feature = "platform"
))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
