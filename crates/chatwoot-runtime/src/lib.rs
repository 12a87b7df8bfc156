#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// What every crate of the SDK shares, the webhooks crate and the code
// generator included: how secrets print, and how server JSON decodes.
#[cfg(feature = "de")]
#[cfg_attr(docsrs, doc(cfg(feature = "de")))]
pub mod de;
pub mod secret;

pub use secret::{Redacted, RedactedShape};

// The HTTP client of the REST family crates (feature `client`).
macro_rules! client {
    ($($item:item)*) => {$(
        #[cfg(feature = "client")]
        #[cfg_attr(docsrs, doc(cfg(feature = "client")))]
        $item
    )*};
}

client! {
    mod auth;
    mod builder;
    mod context;
    mod error;
    mod exchange;
    mod multipart;
    mod path;
    mod retry;
    mod send;
    pub mod tls;
    mod token;

    pub use auth::{Api, Refusal, Refused, TokenKind, no_refusals};
    pub use builder::{
        BuildError, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, FamilyClient,
    };
    pub use context::{
        ClientContext, DEFAULT_DEADLINE, DEFAULT_MAX_RESPONSE_BYTES, Limits, TokenHeader,
    };
    pub use error::{Error, ErrorBody};
    pub use multipart::{Attachment, DEFAULT_CONTENT_TYPE, MultipartForm, MultipartRequest};
    pub use path::encode_path;
    pub use progenitor_client::ResponseValue;
    pub use retry::{RetryPolicy, is_idempotent, retry_after};
    pub use send::{RawResponse, send, send_raw};
    pub use token::ApiToken;
}

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

/// What a request payload's builder takes for an optional text field:
/// `&str`, `String`, `&String`, or `Option` of `&str` or `String` (`None`
/// sends nothing). Generated setters are bound by it (`.content("Hello")`).
pub trait IntoOptionalString {
    /// The field's value.
    fn into_optional_string(self) -> Option<String>;
}

impl IntoOptionalString for &str {
    fn into_optional_string(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl IntoOptionalString for String {
    fn into_optional_string(self) -> Option<String> {
        Some(self)
    }
}

impl IntoOptionalString for &String {
    fn into_optional_string(self) -> Option<String> {
        Some(self.clone())
    }
}

impl IntoOptionalString for Option<String> {
    fn into_optional_string(self) -> Option<String> {
        self
    }
}

impl IntoOptionalString for Option<&str> {
    fn into_optional_string(self) -> Option<String> {
        self.map(str::to_owned)
    }
}

impl IntoOptionalString for std::borrow::Cow<'_, str> {
    fn into_optional_string(self) -> Option<String> {
        Some(self.into_owned())
    }
}

/// A request body a typed mock matches (`when.body(..)` of a family's
/// `mock` helpers): the payload, a reference to it, or its builder, as the
/// client's `.body(..)` takes them. Family crates implement it for their
/// payloads' builders.
pub trait MockBody<T> {
    /// The body as the client sends it; `Err` says why a builder makes no
    /// payload (a required field not set).
    fn into_json(self) -> Result<serde_json::Value, String>;
}

impl<T: serde::Serialize> MockBody<T> for T {
    fn into_json(self) -> Result<serde_json::Value, String> {
        serde_json::to_value(self).map_err(|e| e.to_string())
    }
}

impl<T: serde::Serialize> MockBody<T> for &T {
    fn into_json(self) -> Result<serde_json::Value, String> {
        serde_json::to_value(self).map_err(|e| e.to_string())
    }
}
