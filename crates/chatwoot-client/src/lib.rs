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
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
}

pub use chatwoot_runtime::{BuildError, ClientBuilder, Error, ErrorBody, RawResponse, RetryPolicy};
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

/// Typed [httpmock](https://docs.rs/httpmock) helpers for every operation
/// (feature `mock`), to test code that calls the Client API without a
/// Chatwoot server.
///
/// [`mock::MockServerExt`] gives `httpmock::MockServer` one method per
/// operation, named like the client's: `server.create_contact(|when, then| ..)`.
/// `when` matches the request by the operation's own parameters, typed: path
/// parameters (as the client encodes them), query parameters (`None`: must be
/// absent; a list: every item), the JSON body. `then` answers with one of the
/// operation's documented responses: success bodies typed (`then.ok(&value)`),
/// error statuses with any JSON, as Chatwoot's error bodies vary. Each side's
/// `into_inner()` reaches httpmock's own matchers for anything else.
/// [`mock::OPERATIONS`] names every helper.
///
/// ```
/// use chatwoot_client::{mock::MockServerExt, types, Client};
///
/// /// The code under test: signs a visitor up, returns the contact identifier.
/// async fn sign_up(
///     client: &Client,
///     name: &str,
/// ) -> Result<Option<String>, chatwoot_client::Error> {
///     let contact = client
///         .create_contact()
///         .inbox_identifier("web-inbox")
///         .body(types::PublicContactCreateUpdatePayload::builder().name(name.to_owned()))
///         .send()
///         .await?;
///     Ok(contact.into_inner().source_id)
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = httpmock::MockServer::start_async().await;
/// server.create_contact(|when, then| {
///     when.inbox_identifier("web-inbox").body(&types::PublicContactCreateUpdatePayload {
///         name: Some("Ada".to_owned()),
///         ..Default::default()
///     });
///     then.ok(&types::PublicContact {
///         source_id: Some("c0ffee".to_owned()),
///         ..Default::default()
///     });
/// });
///
/// let client = Client::with_base_url(server.base_url()).unwrap();
/// assert_eq!(sign_up(&client, "Ada").await.unwrap().as_deref(), Some("c0ffee"));
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
    include!(concat!(env!("OUT_DIR"), "/client_mock.rs"));
}
pub use session::{
    identifier_hash, is_identifier_hash_rejected, ContactSession, ContactSessionState,
};

/// The Client API, as the runtime sees it: no token (the inbox and contact
/// identifiers in each path authenticate), no refusals of its own.
static API: chatwoot_runtime::Api = chatwoot_runtime::Api {
    name: "Client",
    uses_token: false,
    refusal: chatwoot_runtime::no_refusals,
};

mod session;
mod uploads;
pub use uploads::*;
