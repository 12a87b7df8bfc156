use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use crate::context::{ClientContext, Limits, TokenHeader};
use crate::retry::RetryPolicy;
use crate::{Api, ApiToken, TokenKind};

/// Implemented by each family's generated `Client`, so one builder serves all.
pub trait FamilyClient: Sized {
    /// What the runtime needs to know of the family's API.
    const API: &'static Api;

    /// Assembles a client from its parts; called by [`ClientBuilder::build`].
    fn from_parts(base_url: &str, http: reqwest::Client, context: ClientContext) -> Self;
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL does not parse, or is not http(s).
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The family authenticates with a token and none was given.
    #[error("the {0} API needs an access token: call `.token(...)` on the builder")]
    MissingToken(&'static str),
    /// The token holds characters an HTTP header cannot carry.
    #[error("the access token contains characters an HTTP header cannot carry")]
    InvalidToken,
    /// reqwest could not build its client (TLS initialisation).
    #[error("cannot build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
    /// An `https://` base URL, and no TLS backend in this build.
    #[error(
        "`{url}` needs TLS, and this build has no TLS backend: enable the feature `rustls-ring` (the default), `rustls-aws-lc` or `native-tls`, or bring your own `reqwest::Client`"
    )]
    NoTls {
        /// The URL given.
        url: String,
    },
}

/// Configures a family client. Get one from `Client::builder(base_url)`.
pub struct ClientBuilder<C> {
    base_url: String,
    token: Option<ApiToken>,
    token_kind: Option<TokenKind>,
    token_header: TokenHeader,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    limits: Limits,
    _client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &redact_userinfo(&self.base_url))
            .field("token", &self.token)
            .field("token_kind", &self.token_kind)
            .field("token_header", &self.token_header)
            .field("custom_http_client", &self.http.is_some())
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("limits", &self.limits)
            .finish()
    }
}

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole request, response body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl<C: FamilyClient> ClientBuilder<C> {
    /// A builder for the installation at `base_url` (`https://app.chatwoot.com`).
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            base_url: base_url.into(),
            token: None,
            token_kind: None,
            token_header: TokenHeader::default(),
            http: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!("chatwoot-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            limits: Limits::default(),
            _client: PhantomData,
        }
    }

    /// The access token sent with every request (Application and Platform APIs).
    pub fn token(mut self, token: impl Into<ApiToken>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Whose token the client holds (Application API): with
    /// [`TokenKind::AgentBot`], a 401 on an endpoint Chatwoot keeps from bots
    /// is [`Error::NotAllowedForAgentBot`](crate::Error::NotAllowedForAgentBot).
    /// Overrides the kind the [`ApiToken`] carries; default: the token's,
    /// [`TokenKind::Unknown`] for a plain string.
    pub fn token_kind(mut self, kind: TokenKind) -> Self {
        self.token_kind = Some(kind);
        self
    }

    /// Which header carries the token; see [`TokenHeader`].
    pub fn token_header(mut self, header: TokenHeader) -> Self {
        self.token_header = header;
        self
    }

    /// Uses your own `reqwest::Client` (proxies, TLS roots, connection pool).
    /// Its own timeouts, redirect policy and user agent then apply instead of
    /// this builder's.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Time allowed to open a connection; default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for a whole request, response body included; default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header; default `chatwoot-rs/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How failed requests are retried; see [`RetryPolicy`] for the defaults,
    /// and [`RetryPolicy::none`] to turn retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body a call reads; default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES)
    /// (32 MiB). A larger one is [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge),
    /// refused on its `Content-Length` or as soon as it grows past the limit.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.limits.max_response_bytes = bytes;
        self
    }

    /// The longest one call may take, its retries and their waits included;
    /// default [`DEFAULT_DEADLINE`](crate::DEFAULT_DEADLINE) (90 s). The
    /// per-attempt timeout ([`timeout`](Self::timeout)) still applies to
    /// each attempt.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.limits.deadline = deadline;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let invalid = |reason: &str| BuildError::InvalidBaseUrl {
            url: redact_userinfo(&base_url),
            reason: reason.to_owned(),
        };
        if base_url.trim() != base_url {
            return Err(invalid("it has spaces around it"));
        }
        let parsed = url::Url::parse(&base_url).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        // Each would end up in every request's URL, where no path fits.
        if parsed.query().is_some() {
            return Err(invalid("a base URL takes no query (`?...`)"));
        }
        if parsed.fragment().is_some() {
            return Err(invalid("a base URL takes no fragment (`#...`)"));
        }
        // Credentials in the URL would travel with every request and show in
        // logs; Chatwoot authenticates with the token alone.
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(invalid(
                "a base URL takes no credentials (`user:password@`): Chatwoot reads the access token (`.token(..)`); behind a proxy that wants credentials, bring your own `reqwest::Client`",
            ));
        }
        let token_kind = self
            .token_kind
            .or(self.token.as_ref().map(ApiToken::kind))
            .unwrap_or_default();
        let token = match (C::API.uses_token, self.token) {
            (true, None) => return Err(BuildError::MissingToken(C::API.name)),
            (true, Some(token)) => Some((
                self.token_header,
                token.header_value().ok_or(BuildError::InvalidToken)?,
            )),
            (false, _) => None,
        };
        let http = match self.http {
            Some(http) => http,
            None => {
                if parsed.scheme() == "https" && crate::tls::BACKEND.is_none() {
                    return Err(BuildError::NoTls {
                        url: redact_userinfo(&base_url),
                    });
                }
                let builder = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .user_agent(self.user_agent)
                    .redirect(same_origin_redirects());
                crate::tls::configure(builder)
                    .build()
                    .map_err(BuildError::Http)?
            }
        };
        Ok(C::from_parts(
            &base_url,
            http,
            ClientContext::new(&parsed, token, self.retry, C::API, token_kind, self.limits),
        ))
    }
}

/// A URL as text with any `user:password@` replaced by `<redacted>@`, for
/// messages and `Debug`: the builder takes any string, and an error must not
/// print credentials someone put in it.
pub(crate) fn redact_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let authority_end = url[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| scheme_end + i);
    match url[scheme_end..authority_end].rfind('@') {
        Some(at) => format!(
            "{}<redacted>{}",
            &url[..scheme_end],
            &url[scheme_end + at..]
        ),
        None => url.to_owned(),
    }
}

/// Follows redirects within the origin only, so a token never travels to
/// another host: reqwest strips `Authorization` on such a hop, but not a
/// custom header like Chatwoot's.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 10 {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}
