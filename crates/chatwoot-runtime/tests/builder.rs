//! The builder and the request hook, with a stand-in family client.

use chatwoot_runtime::{Api, BuildError, ClientBuilder, ClientContext, FamilyClient, TokenHeader};
use httpmock::Method::GET;
use httpmock::MockServer;

const TOKEN: &str = "very-secret-token-0042";

/// An API that takes a token, and one that does not.
static TOKEN_API: Api = Api {
    name: "Token",
    uses_token: true,
    refusal: chatwoot_runtime::no_refusals,
};
static PUBLIC_API: Api = Api {
    name: "Public",
    uses_token: false,
    refusal: chatwoot_runtime::no_refusals,
};

/// What a generated client holds, minus the generated methods.
#[derive(Debug)]
struct FakeClient<const TOKEN_FAMILY: bool> {
    base_url: String,
    http: reqwest::Client,
    context: ClientContext,
}

impl<const TOKEN_FAMILY: bool> FamilyClient for FakeClient<TOKEN_FAMILY> {
    const API: &'static Api = if TOKEN_FAMILY {
        &TOKEN_API
    } else {
        &PUBLIC_API
    };

    fn from_parts(base_url: &str, http: reqwest::Client, context: ClientContext) -> Self {
        FakeClient {
            base_url: base_url.to_owned(),
            http,
            context,
        }
    }
}

type WithToken = FakeClient<true>;
type NoToken = FakeClient<false>;

impl<const T: bool> FakeClient<T> {
    async fn get(&self, path: &str) -> reqwest::Response {
        let request = self
            .http
            .get(format!("{}{path}", self.base_url))
            .build()
            .expect("request");
        self.context
            .execute(&self.http, request, "test", "")
            .await
            .expect("response")
    }
}

#[test]
fn a_token_family_without_a_token_does_not_build() {
    let err = ClientBuilder::<WithToken>::new("https://chat.example.com")
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::MissingToken("Token")), "{err}");
}

#[test]
fn base_urls_that_cannot_work_are_refused_at_build_time() {
    let cases = [
        ("https://chat.example.com?x=1", "no query"),
        ("https://chat.example.com/#frag", "no fragment"),
        (" https://chat.example.com", "spaces"),
        ("https://chat.example.com ", "spaces"),
        ("https://user:hunter2@chat.example.com", "no credentials"),
        ("https://token@chat.example.com", "no credentials"),
    ];
    for (url, why) in cases {
        let err = ClientBuilder::<NoToken>::new(url).build().unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(err, BuildError::InvalidBaseUrl { .. }) && text.contains(why),
            "{url}: {text}"
        );
        assert!(
            !text.contains("hunter2") && !text.contains("token@"),
            "{text}"
        );
    }
    let builder = ClientBuilder::<NoToken>::new("https://user:hunter2@chat.example.com/x");
    let shown = format!("{builder:?}");
    assert!(
        !shown.contains("hunter2") && shown.contains("<redacted>@chat.example.com"),
        "{shown}"
    );
}

#[test]
fn base_urls_must_be_http_urls() {
    for url in ["not a url", "ftp://chat.example.com"] {
        let err = ClientBuilder::<NoToken>::new(url).build().unwrap_err();
        assert!(
            matches!(err, BuildError::InvalidBaseUrl { .. }),
            "{url}: {err}"
        );
    }
    let client = ClientBuilder::<NoToken>::new("http://chat.example.com/")
        .build()
        .expect("builds");
    assert_eq!(
        client.base_url, "http://chat.example.com",
        "trailing slash trimmed"
    );
}

#[test]
fn a_token_a_header_cannot_carry_is_refused() {
    let err = ClientBuilder::<WithToken>::new("https://chat.example.com")
        .token("bad\ntoken")
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::InvalidToken), "{err}");
}

#[test]
fn debug_output_never_shows_the_token() {
    let builder = ClientBuilder::<WithToken>::new("http://chat.example.com").token(TOKEN);
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = builder.build().expect("builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

#[tokio::test]
async fn the_token_goes_in_the_hyphenated_header_by_default() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/profile")
                .header("api-access-token", TOKEN);
            then.status(200);
        })
        .await;
    let client = ClientBuilder::<WithToken>::new(server.base_url())
        .token(TOKEN)
        .build()
        .expect("builds");
    assert_eq!(client.get("/api/v1/profile").await.status(), 200);
    mock.assert_async().await;
}

#[tokio::test]
async fn the_underscored_header_is_available_for_servers_that_want_it() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/x")
                .header("api_access_token", TOKEN);
            then.status(200);
        })
        .await;
    let client = ClientBuilder::<WithToken>::new(server.base_url())
        .token(TOKEN)
        .token_header(TokenHeader::Underscored)
        .build()
        .expect("builds");
    assert_eq!(client.get("/x").await.status(), 200);
    mock.assert_async().await;
}

#[tokio::test]
async fn no_token_family_sends_no_token_header() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/x")
                .header_missing("api-access-token")
                .header_missing("api_access_token");
            then.status(200);
        })
        .await;
    let client = ClientBuilder::<NoToken>::new(server.base_url())
        .token(TOKEN)
        .build()
        .expect("builds");
    assert_eq!(client.get("/x").await.status(), 200);
    mock.assert_async().await;
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_the_token_stays_home() {
    let home = MockServer::start_async().await;
    let elsewhere = MockServer::start_async().await;
    let stolen = elsewhere
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    home.mock_async(|when, then| {
        when.method(GET).path("/moved");
        then.status(302)
            .header("location", elsewhere.url("/collect"));
    })
    .await;
    let client = ClientBuilder::<WithToken>::new(home.base_url())
        .token(TOKEN)
        .build()
        .expect("builds");
    let response = client.get("/moved").await;
    assert_eq!(
        response.status(),
        302,
        "the redirect is handed back, not followed"
    );
    assert_eq!(
        stolen.calls_async().await,
        0,
        "the other host saw no request at all"
    );
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/old");
            then.status(301).header("location", "/new");
        })
        .await;
    let new = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/new")
                .header("api-access-token", TOKEN);
            then.status(200);
        })
        .await;
    let client = ClientBuilder::<WithToken>::new(server.base_url())
        .token(TOKEN)
        .build()
        .expect("builds");
    assert_eq!(client.get("/old").await.status(), 200);
    new.assert_async().await;
}

/// Without a TLS feature (`cargo test -p chatwoot-runtime` alone), an
/// `https://` base URL is refused with the features to choose from.
#[cfg(not(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "native-tls"
)))]
#[test]
fn https_without_a_tls_backend_says_which_features_give_one() {
    let err = ClientBuilder::<NoToken>::new("https://chat.example.com")
        .build()
        .unwrap_err();
    assert!(matches!(err, BuildError::NoTls { .. }), "{err}");
    assert!(err.to_string().contains("rustls-ring"), "{err}");
}
