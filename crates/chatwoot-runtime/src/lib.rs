//! What the three Chatwoot API family crates share at run time: building a
//! client ([`ClientBuilder`]), the secret it authenticates with ([`ApiToken`]),
//! and the one place every request goes through ([`ClientContext::execute`]).
//!
//! Users rarely name this crate: each family crate's `Client::builder` returns
//! a [`ClientBuilder`] for its own client.

#![warn(missing_docs)]

mod builder;
mod context;
mod token;

pub use builder::{BuildError, ClientBuilder, FamilyClient};
pub use context::{ClientContext, TokenHeader};
pub use token::ApiToken;

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
