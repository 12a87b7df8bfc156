//! Typed client for Chatwoot's **Platform API** (`/platform/api/v1/...`):
//! accounts, users, account users and agent bots of a whole installation.
//!
//! # Credentials
//!
//! A platform app's access token. An installation admin makes the app in
//! the Super Admin console (`/super_admin`, "Platform Apps", "New platform
//! app"); its page shows the token.
//!
//! The token reaches only the objects its app **created** through this API
//! (accounts, users, agent bots), or was explicitly **granted**; any other
//! answers 401 `Non permissible resource`. An installation admin grants an
//! object with a `PlatformAppPermissible` record, in a Rails console
//! (`bundle exec rails console` on the server):
//!
//! ```ruby
//! app = PlatformApp.find_by!(name: "my platform app")
//! PlatformAppPermissible.create!(platform_app: app, permissible: Account.find(1))
//! # or: permissible: User.find(7), AgentBot.find(3)
//! ```
//!
//! # Errors
//!
//! Besides the kinds every family shares ([`Error`]), a 401 means one of:
//!
//! - [`Error::NotPermittedForPlatformApp`]: the object exists, but the app
//!   neither created it nor was granted it (see above);
//! - [`Error::Status`] with `Invalid access_token`: the token is wrong, or
//!   not a platform app's (a user's or a bot's token does not work here).
//!
//! ```no_run
//! use chatwoot_platform::{Client, Error};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::with_token("https://chatwoot.example.com", "platform-app-token")?;
//! match client.get_details_of_an_account().account_id(1).send().await {
//!     Ok(account) => println!("{:?}", account.into_inner().name),
//!     Err(error @ Error::NotPermittedForPlatformApp { .. }) => eprintln!("{error}"),
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(()) }
//! ```
//!
//! # Every operation
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

#![warn(missing_docs)]

#[allow(missing_docs, clippy::all, clippy::pedantic, unused, rustdoc::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/platform.rs"));
}

pub use chatwoot_runtime::{
    ApiToken, BuildError, ClientBuilder, Error, ErrorBody, RawResponse, RetryPolicy, TokenHeader,
};
pub use generated::*;
