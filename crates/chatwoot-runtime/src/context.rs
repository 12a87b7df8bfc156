use std::fmt;

use progenitor_client::OperationInfo;
use reqwest::header::{HeaderName, HeaderValue};

/// The header that carries the access token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TokenHeader {
    /// `api-access-token`: survives reverse proxies, which drop header names
    /// with underscores by default (nginx's `underscores_in_headers off`).
    /// Chatwoot reads both spellings.
    #[default]
    Hyphenated,
    /// `api_access_token`, as upstream's spec spells it.
    Underscored,
}

impl TokenHeader {
    fn name(self) -> HeaderName {
        HeaderName::from_static(match self {
            TokenHeader::Hyphenated => "api-access-token",
            TokenHeader::Underscored => "api_access_token",
        })
    }
}

/// What every request of a client runs with: the credentials and the origin
/// they may be sent to. Generated clients hold one and hand each request to
/// [`ClientContext::execute`].
#[derive(Clone)]
pub struct ClientContext {
    token: Option<(HeaderName, HeaderValue)>,
    origin: url::Origin,
}

impl ClientContext {
    pub(crate) fn new(origin: url::Origin, token: Option<(TokenHeader, HeaderValue)>) -> Self {
        ClientContext {
            token: token.map(|(header, value)| (header.name(), value)),
            origin,
        }
    }

    /// Whether requests carry an access token.
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// Sends one request: adds the token (only for the client's own origin),
    /// then executes it.
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        if let Some((name, value)) = &self.token
            && request.url().origin() == self.origin
        {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        http.execute(request).await
    }
}

impl fmt::Debug for ClientContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientContext")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("origin", &self.origin.ascii_serialization())
            .finish()
    }
}
