#![doc = include_str!("../README.md")]
#![doc = concat!(
    "\n\n## Which Chatwoot\n\nGenerated from Chatwoot's spec at revision [`",
    env!("CHATWOOT_UPSTREAM_REVISION"),
    "`](https://github.com/chatwoot/chatwoot/tree/",
    env!("CHATWOOT_UPSTREAM_REVISION"),
    "/swagger) of ",
    env!("CHATWOOT_UPSTREAM_DATE"),
    " ([`UPSTREAM_REVISION`], [`UPSTREAM_DATE`])."
)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[allow(missing_docs, clippy::all, clippy::pedantic, unused, rustdoc::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/platform.rs"));
}

pub use chatwoot_runtime::{
    ApiToken, BuildError, ClientBuilder, Error, ErrorBody, RawResponse, RetryPolicy, TokenHeader,
};
/// [chrono](https://docs.rs/chrono), re-exported: the times of [`types`]
/// are its `DateTime<Utc>`.
pub use chrono;
pub use generated::*;

/// What a program calling the API usually needs in scope; with `mock`, the
/// typed mocks' `MockServerExt` too.
pub mod prelude {
    #[cfg(feature = "mock")]
    pub use crate::mock::{MockServer, MockServerExt};
    pub use crate::{types, Client, Error};
}

/// The Platform API, as the runtime sees it: takes a platform app's token,
/// and a 401 "Non permissible resource" is the app reaching an object it may
/// not ([`Error::NotPermittedForPlatformApp`]).
static API: chatwoot_runtime::Api = chatwoot_runtime::Api {
    name: "Platform",
    uses_token: true,
    refusal: |refused| {
        (refused.status == reqwest::StatusCode::UNAUTHORIZED
            && refused.message.contains("non permissible resource"))
        .then_some(chatwoot_runtime::Refusal::PlatformApp)
    },
};
mod uploads;
pub use uploads::*;

/// Typed [httpmock](https://docs.rs/httpmock) helpers for every operation
/// (feature `mock`), to test code that calls the Platform API without a
/// Chatwoot server.
///
/// [`mock::MockServerExt`] gives `httpmock::MockServer` one method per
/// operation, named like the client's: `server.list_agent_bots(|when, then| ..)`.
/// `when` matches the request by the operation's own parameters, typed: path
/// parameters (as the client encodes them), query parameters (`None`: must be
/// absent; a list: every item), the JSON body. `then` answers with one of the
/// operation's documented responses: success bodies typed (`then.ok(&value)`),
/// error statuses with any JSON, as Chatwoot's error bodies vary. Each side's
/// `into_inner()` reaches httpmock's own matchers for anything else.
/// [`mock::OPERATIONS`] names every helper.
///
/// ```
/// use chatwoot_platform::{mock::MockServerExt, Client, Error};
///
/// /// The code under test: whether the platform app may read a user.
/// async fn may_read_user(client: &Client, id: i64) -> Result<bool, Error> {
///     match client.get_user().id(id).send().await {
///         Ok(_) => Ok(true),
///         Err(Error::NotPermittedForPlatformApp { .. }) => Ok(false),
///         Err(other) => Err(other),
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = httpmock::MockServer::start_async().await;
/// server.get_user(|when, then| {
///     when.id(64);
///     then.unauthorized(serde_json::json!({ "error": "Non permissible resource" }));
/// });
///
/// let client = Client::with_token(server.base_url(), "platform-token").unwrap();
/// assert!(!may_read_user(&client, 64).await.unwrap());
/// # }
/// ```
#[cfg(feature = "mock")]
// progenitor links `MockServer` by path, which the re-export makes redundant.
#[allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    rustdoc::redundant_explicit_links
)]
pub mod mock {
    include!(concat!(env!("OUT_DIR"), "/platform_mock.rs"));
}
