use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use backon::Retryable;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use crate::auth::{self, CallInfo};
use crate::exchange;
use crate::retry::{RetryPolicy, retry_after};
use crate::{Family, TokenKind};

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

/// What every request of a client runs with: the credentials, the origin
/// they may be sent to, and the retry policy. Generated clients hold one and
/// hand each request to [`ClientContext::execute`].
#[derive(Clone)]
pub struct ClientContext {
    token: Option<(HeaderName, HeaderValue)>,
    origin: url::Origin,
    /// The base URL's path, without a trailing slash (`/chatwoot`, or empty).
    base_path: String,
    retry: RetryPolicy,
    family: Family,
    token_kind: TokenKind,
}

/// Why an attempt did not produce the final answer.
enum Failed {
    /// The transport failed.
    Transport { error: reqwest::Error, retry: bool },
    /// The server answered with a status worth retrying.
    Status {
        response: reqwest::Response,
        retry: bool,
        wait: Option<Duration>,
    },
    /// The request could not be copied for another attempt (never happens:
    /// clonability is checked before retrying).
    Uncopyable,
}

impl Failed {
    fn retryable(&self) -> bool {
        match self {
            Failed::Transport { retry, .. } | Failed::Status { retry, .. } => *retry,
            Failed::Uncopyable => false,
        }
    }
}

impl ClientContext {
    pub(crate) fn new(
        base: &url::Url,
        token: Option<(TokenHeader, HeaderValue)>,
        retry: RetryPolicy,
        family: Family,
        token_kind: TokenKind,
    ) -> Self {
        ClientContext {
            token: token.map(|(header, value)| (header.name(), value)),
            origin: base.origin(),
            base_path: base.path().trim_end_matches('/').to_owned(),
            retry,
            family,
            token_kind,
        }
    }

    /// The API family the client speaks.
    pub fn family(&self) -> Family {
        self.family
    }

    /// Whose token the client holds, as far as it was told; see [`TokenKind`].
    pub fn token_kind(&self) -> TokenKind {
        self.token_kind
    }

    /// Whether requests carry an access token.
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// The retry policy requests run with.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Sends one request of operation `operation_id` (path template
    /// `path_template`): adds the token (only for the client's own origin),
    /// executes it with retries, and reads the whole body, so that a
    /// connection broken mid-body is retried like any other failure and the
    /// body stays available for errors and `send_raw`.
    ///
    /// A request whose body is a stream (a file being uploaded, see
    /// [`MultipartRequest`](crate::MultipartRequest)) cannot be copied for
    /// another attempt: it is sent once and never retried.
    ///
    /// Each call is a `tracing` span `chatwoot.request` with the operation,
    /// method, path template, status, attempts and duration; never the token,
    /// the concrete path (it holds identifiers) or bodies.
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
        path_template: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        let span = tracing::info_span!(
            "chatwoot.request",
            operation = operation_id,
            method = %request.method(),
            path = path_template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        if !path_fits_template(request.url().path(), &self.base_path, path_template) {
            // A path parameter such as `..` was resolved away by URL parsing:
            // the request would go to another endpoint. It is not sent.
            // The refusal is recorded for `send`, which reports it as
            // `Error::InvalidRequest`; the generated code gets a stand-in 400.
            crate::exchange::refuse(format!(
                "a path parameter changes the path requested ({path_template}); not sent"
            ));
            return Ok(rebuild(
                StatusCode::BAD_REQUEST,
                reqwest::Version::HTTP_11,
                HeaderMap::new(),
                Bytes::new(),
            ));
        }
        auth::note(CallInfo {
            family: self.family,
            token_kind: self.token_kind,
            operation: operation_id,
            method: request.method().clone(),
            path_template,
        });
        let started = Instant::now();
        let attempts = AtomicUsize::new(0);
        // Boxed: the retry loop's future is large, and it would otherwise be
        // copied into every caller's future (measured: 48 KB a call).
        let result = Box::pin(
            self.execute_with_retries(http, request, &attempts)
                .instrument(span.clone()),
        )
        .await;
        span.record("attempts", attempts.load(Ordering::Relaxed));
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok(response) => {
                span.record("status", response.status().as_u16());
            }
            Err(error) => {
                span.in_scope(|| {
                    tracing::debug!(
                        timeout = error.is_timeout(),
                        connect = error.is_connect(),
                        "request failed"
                    )
                });
            }
        }
        result
    }

    async fn execute_with_retries(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        attempts: &AtomicUsize,
    ) -> reqwest::Result<reqwest::Response> {
        if let Some((name, value)) = &self.token
            && request.url().origin() == self.origin
        {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        let method = request.method().clone();
        if self.retry.max_retries == 0 || request.try_clone().is_none() {
            return self
                .attempt(http, request, &method, attempts)
                .await
                .or_else(Failed::into_final);
        }
        let attempt = || {
            let copy = request.try_clone();
            let method = &method;
            async move {
                match copy {
                    Some(copy) => self.attempt(http, copy, method, attempts).await,
                    None => Err(Failed::Uncopyable),
                }
            }
        };
        let result = attempt
            .retry(self.retry.backoff())
            .sleep(tokio::time::sleep)
            .when(Failed::retryable)
            .adjust(|failed, planned| match failed {
                Failed::Status {
                    wait: Some(wait), ..
                } => Some(*wait),
                _ => planned,
            })
            .await;
        match result {
            Err(Failed::Uncopyable) => self
                .attempt(http, request, &method, attempts)
                .await
                .or_else(Failed::into_final),
            other => other.or_else(Failed::into_final),
        }
    }

    async fn attempt(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        method: &Method,
        attempts: &AtomicUsize,
    ) -> Result<reqwest::Response, Failed> {
        let attempt = attempts.fetch_add(1, Ordering::Relaxed) + 1;
        if attempt > 1 {
            tracing::debug!(attempt, "retrying");
        }
        let transport = |error: reqwest::Error| Failed::Transport {
            retry: self.retry.retry_transport(method, &error),
            error,
        };
        let response = http.execute(request).await.map_err(transport)?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        exchange::record(status, &headers, &body);
        let response = rebuild(status, version, headers, body);
        if self.retry.retry_status(method, status) {
            let wait = retry_after(response.headers());
            // A server asking for a longer wait than the policy allows gets
            // its answer returned, with the wait, rather than a stalled call.
            let retry = wait.is_none_or(|w| w <= self.retry.max_delay);
            return Err(Failed::Status {
                response,
                retry,
                wait,
            });
        }
        Ok(response)
    }
}

impl Failed {
    /// After the last attempt: a status is the answer, a transport error the error.
    fn into_final(self) -> reqwest::Result<reqwest::Response> {
        match self {
            Failed::Status { response, .. } => Ok(response),
            Failed::Transport { error, .. } => Err(error),
            // Unreachable in practice; an empty 500 keeps it from panicking.
            Failed::Uncopyable => Ok(rebuild(
                StatusCode::INTERNAL_SERVER_ERROR,
                reqwest::Version::HTTP_11,
                HeaderMap::new(),
                Bytes::new(),
            )),
        }
    }
}

/// Whether a request path is the base path plus the template, each
/// placeholder filled by exactly one non-empty segment.
fn path_fits_template(path: &str, base_path: &str, template: &str) -> bool {
    if template.is_empty() {
        return true; // an operation we have no template for
    }
    let Some(rest) = path.strip_prefix(base_path) else {
        return false;
    };
    let (mut actual, mut expected) = (rest.split('/'), template.split('/'));
    loop {
        match (actual.next(), expected.next()) {
            (None, None) => return true,
            (Some(a), Some(e)) if e.contains('{') => {
                if a.is_empty() {
                    return false;
                }
            }
            (Some(a), Some(e)) if a == e => {}
            _ => return false,
        }
    }
}

/// A response whose body has been read, again as a `reqwest::Response`.
fn rebuild(
    status: StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
    body: Bytes,
) -> reqwest::Response {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.version_mut() = version;
    *response.headers_mut() = headers;
    reqwest::Response::from(response)
}

impl fmt::Debug for ClientContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientContext")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("origin", &self.origin.ascii_serialization())
            .field("retry", &self.retry)
            .field("family", &self.family)
            .field("token_kind", &self.token_kind)
            .finish()
    }
}
