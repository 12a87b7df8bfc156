#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod builder;
mod context;
pub mod de;
mod error;
mod exchange;
mod multipart;
mod path;
mod retry;
mod send;
pub mod tls;
mod token;

pub use auth::{BOT_ACCESSIBLE_ENDPOINTS, BotEndpoint, TokenKind, is_bot_accessible};
pub use builder::{
    BuildError, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, FamilyClient,
};
pub use context::{ClientContext, TokenHeader};
pub use error::{Error, ErrorBody};
pub use multipart::{Attachment, DEFAULT_CONTENT_TYPE, MultipartForm, MultipartRequest};
pub use path::encode_path;
pub use progenitor_client::ResponseValue;
pub use retry::{RetryPolicy, is_idempotent, retry_after};
pub use send::{RawResponse, send, send_raw};
pub use token::{ApiToken, Redacted, RedactedShape};

/// Which of Chatwoot's API families a client speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// The Application API, authenticated by a user's or an agent bot's token.
    Application,
    /// The Client API, authenticated by inbox and contact identifiers in the path.
    Client,
    /// The Platform API, authenticated by a platform app's token.
    Platform,
}

impl Family {
    /// Whether requests of this family carry an access token.
    pub fn uses_token(self) -> bool {
        !matches!(self, Family::Client)
    }
}
