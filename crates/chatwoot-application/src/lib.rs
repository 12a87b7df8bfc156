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
    include!(concat!(env!("OUT_DIR"), "/application.rs"));
}

pub use bots::{is_bot_accessible, BotEndpoint, BOT_ACCESSIBLE_ENDPOINTS};
pub use chatwoot_runtime::{
    ApiToken, BuildError, ClientBuilder, Error, ErrorBody, RawResponse, RetryPolicy, TokenHeader,
    TokenKind,
};
/// [chrono](https://docs.rs/chrono), re-exported: the times of [`types`]
/// are its `DateTime<Utc>`.
pub use chrono;
pub use generated::*;

pub mod bots;

/// What a program calling the API usually needs in scope: the streams'
/// `TryStreamExt` (`try_next`, `try_collect`) and, with `mock`, the typed
/// mocks' `MockServerExt`.
pub mod prelude {
    pub use futures_util::{StreamExt, TryStreamExt};

    #[cfg(feature = "mock")]
    pub use crate::mock::{MockServer, MockServerExt};
    pub use crate::{types, ApiToken, Client, Error};
}

/// The Application API, as the runtime sees it: takes a token, and tells an
/// agent bot's refusals apart ([`bots`]).
static API: chatwoot_runtime::Api = chatwoot_runtime::Api {
    name: "Application",
    uses_token: true,
    refusal: bots::refusal,
};

/// Typed [httpmock](https://docs.rs/httpmock) helpers for every operation
/// (feature `mock`), to test code that calls the Application API without a
/// Chatwoot server.
///
/// [`mock::MockServerExt`] gives `httpmock::MockServer` one method per
/// operation, named like the client's: `server.list_conversations(|when, then| ..)`.
/// `when` matches the request by the operation's own parameters, typed: path
/// parameters (as the client encodes them), query parameters (`None`: must be
/// absent; a list: every item), the JSON body. `then` answers with one of the
/// operation's documented responses: success bodies typed (`then.ok(&value)`),
/// error statuses with any JSON, as Chatwoot's error bodies vary. Each side's
/// `into_inner()` reaches httpmock's own matchers for anything else.
/// [`mock::OPERATIONS`] names every helper.
///
/// ```
/// use chatwoot_application::{mock::MockServerExt, types, Client, Error};
///
/// /// The code under test: acknowledges a conversation, returns the message's id.
/// async fn acknowledge(
///     client: &Client,
///     account: i64,
///     conversation: i64,
/// ) -> Result<Option<i64>, Error> {
///     let message = client
///         .create_message()
///         .account_id(account)
///         .conversation_id(conversation)
///         .body(types::ConversationMessageCreatePayload::builder().content("On it!"))
///         .send()
///         .await?;
///     Ok(message.into_inner().id)
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = httpmock::MockServer::start_async().await;
/// let mock = server.create_message(|when, then| {
///     // The body as the client's `.body(..)` takes it: here its builder.
///     let expected = types::ConversationMessageCreatePayload::builder().content("On it!");
///     when.account_id(1).conversation_id(42).body(expected);
///     then.ok(&types::Message { id: Some(7), ..Default::default() });
/// });
///
/// let client = Client::with_token(server.base_url(), "test-token").unwrap();
/// assert_eq!(acknowledge(&client, 1, 42).await.unwrap(), Some(7));
/// mock.assert_async().await;
/// # }
/// ```
#[cfg(feature = "webhook-records")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhook-records")))]
mod records;
#[cfg(feature = "webhook-records")]
pub use records::RecordError;

#[cfg(feature = "mock")]
// progenitor links `MockServer` by path, which the re-export makes redundant.
#[allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    rustdoc::redundant_explicit_links
)]
pub mod mock {
    include!(concat!(env!("OUT_DIR"), "/application_mock.rs"));
}
// Built with only some areas, the shared machinery of streams and uploads
// may have no operation to serve.
#[cfg_attr(not(feature = "full"), allow(unused_imports, dead_code))]
mod pagination;
pub use pagination::*;
#[cfg_attr(not(feature = "full"), allow(unused_imports, dead_code))]
mod uploads;
pub use uploads::*;
