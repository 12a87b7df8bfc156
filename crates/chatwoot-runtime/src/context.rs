use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use backon::BackoffBuilder;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, ResponseBuilderExt, StatusCode};
use tracing::Instrument;

use crate::auth::CallInfo;
use crate::exchange;
use crate::retry::{RetryPolicy, retry_after};
use crate::{Api, TokenKind};

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
    api: &'static Api,
    token_kind: TokenKind,
    limits: Limits,
}

/// What bounds one call, whatever the server does: the bytes of a response
/// held in memory, and the time of all its attempts and waits together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest response body read; a larger one is
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge), its
    /// connection dropped.
    pub max_response_bytes: u64,
    /// The longest a call may take, retries and their waits included: its
    /// attempts are abandoned then ([`Error::DeadlineExceeded`](crate::Error::DeadlineExceeded)).
    /// A request with a longer timeout of its own (an upload) gets that.
    pub deadline: Duration,
}

/// Default [`Limits::max_response_bytes`]: 32 MiB, far above Chatwoot's
/// largest pages (a page of 25 conversations with their last messages is
/// tens of KB), far below what hurts a process.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// Default [`Limits::deadline`]: 90 s, three per-attempt timeouts. At the
/// default retry policy, a server that answers a byte a second would
/// otherwise hold a call for minutes.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(90);

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            deadline: DEFAULT_DEADLINE,
        }
    }
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
    /// The body was larger than the limit (`length`: as announced).
    TooLarge { length: Option<u64> },
}

/// Reads a body up to `limit` bytes: refused at once when its announced
/// length is larger, abandoned (and its connection with it) as soon as what
/// arrived is; never more than the limit in memory. `Err(None)` carries a
/// transport error for the caller to classify.
async fn read_body(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Bytes, Result<Failed, reqwest::Error>> {
    if let Some(length) = response.content_length()
        && length > limit
    {
        return Err(Ok(Failed::TooLarge {
            length: Some(length),
        }));
    }
    let too_large = |length: usize| length as u64 > limit;
    // Most answers arrive in one chunk: kept as it is, not copied.
    let Some(first) = response.chunk().await.map_err(Err)? else {
        return Ok(Bytes::new());
    };
    if too_large(first.len()) {
        return Err(Ok(Failed::TooLarge { length: None }));
    }
    let Some(second) = response.chunk().await.map_err(Err)? else {
        return Ok(first);
    };
    let capacity = response.content_length().unwrap_or(0).min(limit);
    let mut body = bytes::BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
    body.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        if too_large(body.len() + chunk.len()) {
            return Err(Ok(Failed::TooLarge { length: None }));
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await.map_err(Err)?;
    }
    Ok(body.freeze())
}

/// The stand-in a call that was abandoned returns to the generated code:
/// `send` and `send_raw` find why in the exchange and report that instead.
fn aborted(why: exchange::Aborted) -> reqwest::Response {
    exchange::abort(why);
    rebuild(
        StatusCode::INTERNAL_SERVER_ERROR,
        reqwest::Version::HTTP_11,
        HeaderMap::new(),
        Bytes::new(),
        None,
    )
}

impl Failed {
    fn retryable(&self) -> bool {
        match self {
            Failed::Transport { retry, .. } | Failed::Status { retry, .. } => *retry,
            Failed::TooLarge { .. } => false,
        }
    }
}

impl ClientContext {
    pub(crate) fn new(
        base: &url::Url,
        token: Option<(TokenHeader, HeaderValue)>,
        retry: RetryPolicy,
        api: &'static Api,
        token_kind: TokenKind,
        limits: Limits,
    ) -> Self {
        ClientContext {
            token: token.map(|(header, value)| (header.name(), value)),
            origin: base.origin(),
            base_path: base.path().trim_end_matches('/').to_owned(),
            retry,
            api,
            token_kind,
            limits,
        }
    }

    /// Whether a URL is on the client's own origin (scheme, host and port),
    /// compared without building an `Origin`, which allocates.
    fn is_own_origin(&self, url: &url::Url) -> bool {
        match &self.origin {
            url::Origin::Tuple(scheme, host, port) => {
                url.scheme() == scheme
                    && url.port_or_known_default() == Some(*port)
                    && url.host().is_some_and(|h| same_host(&h, host))
            }
            url::Origin::Opaque(_) => false,
        }
    }

    /// What the family crate told the runtime of its API.
    pub fn api(&self) -> &'static Api {
        self.api
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
    ///
    /// The attempts are boxed inside the returned future, which is small.
    pub fn execute<'a>(
        &'a self,
        http: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
        path_template: &'static str,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a {
        let span = tracing::info_span!(
            "chatwoot.request",
            operation = operation_id,
            method = %request.method(),
            path = path_template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        // What can be decided now is, and the future is a struct polling the
        // attempts in place: an `async` block would hold them twice (as
        // captured, and as awaited), and they hold the request.
        let method = request.method().clone();
        // An upload given more time than the deadline has that time.
        let deadline = request
            .timeout()
            .map_or(self.limits.deadline, |own| (*own).max(self.limits.deadline));
        // Boxed as it is made: it holds every state of the attempts (a few
        // KB), and each move of a future copies all of it.
        let call = Box::pin(self.execute_with_retries(http, request)).instrument(span.clone());
        Execution {
            deadline: tokio::time::sleep(deadline),
            limit: deadline,
            call,
            info: Some(CallInfo {
                api: self.api,
                token_kind: self.token_kind,
                operation: operation_id,
                method,
                path_template,
            }),
            // The clock is read only for a span someone listens to.
            started: (!span.is_disabled()).then(Instant::now),
            span,
        }
    }

    /// Whether a request's URL still has the path its operation's template
    /// makes: URL parsing resolves a parameter `..` or `.` away (even
    /// percent-encoded, some servers do), which would send the request to
    /// another endpoint. The generated clients call it before sending (their
    /// `ClientHooks::pre`); the refusal becomes `Error::InvalidRequest`.
    pub fn check_path(&self, url: &url::Url, path_template: &str) -> Result<(), String> {
        if path_fits_template(url.path(), &self.base_path, path_template) {
            Ok(())
        } else {
            Err(format!(
                "a path parameter changes the path requested ({path_template}); not sent"
            ))
        }
    }

    /// The attempts of one request; also returns how many were made.
    fn execute_with_retries<'a>(
        &'a self,
        http: &'a reqwest::Client,
        mut request: reqwest::Request,
    ) -> impl Future<Output = (reqwest::Result<reqwest::Response>, usize)> + Send + 'a {
        if let Some((name, value)) = &self.token
            && self.is_own_origin(request.url())
        {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        let method = request.method().clone();
        // A streamed body cannot be copied for another attempt.
        let copyable = request.body().is_none_or(|body| body.as_bytes().is_some());
        async move {
            if self.retry.max_retries == 0 || !copyable {
                let result = self.attempt(http, request, &method, 1).await;
                return (
                    result.or_else(|failed| failed.into_final(self.limits.max_response_bytes)),
                    1,
                );
            }
            // backon's schedule, made only once an attempt fails: most calls
            // never need it. The loop is ours so that a call that succeeds at
            // once pays for nothing more than one copy of its request.
            let mut schedule: Option<backon::ExponentialBackoff> = None;
            let mut waited = Duration::ZERO;
            let mut attempts = 0;
            loop {
                attempts += 1;
                let Some(copy) = request.try_clone() else {
                    // Unreachable: the body was checked to be copyable.
                    let result = self.attempt(http, request, &method, attempts).await;
                    return (
                        result.or_else(|failed| failed.into_final(self.limits.max_response_bytes)),
                        attempts,
                    );
                };
                let failed = match self.attempt(http, copy, &method, attempts).await {
                    Ok(response) => return (Ok(response), attempts),
                    Err(failed) if failed.retryable() => failed,
                    Err(failed) => {
                        return (failed.into_final(self.limits.max_response_bytes), attempts);
                    }
                };
                let planned = schedule
                    .get_or_insert_with(|| self.retry.backoff().build())
                    .next();
                let Some(planned) = planned else {
                    return (failed.into_final(self.limits.max_response_bytes), attempts);
                };
                // The server's `Retry-After` replaces the planned wait.
                let wait = match &failed {
                    Failed::Status {
                        wait: Some(wait), ..
                    } => *wait,
                    _ => planned,
                };
                if waited + wait > self.retry.max_total_delay {
                    return (failed.into_final(self.limits.max_response_bytes), attempts);
                }
                waited += wait;
                tokio::time::sleep(wait).await;
            }
        }
    }

    /// One attempt (number `attempt`, from 1): sends the request and reads
    /// the whole body.
    fn attempt<'a>(
        &'a self,
        http: &'a reqwest::Client,
        request: reqwest::Request,
        method: &'a Method,
        attempt: usize,
    ) -> impl Future<Output = Result<reqwest::Response, Failed>> + Send + 'a {
        if attempt > 1 {
            tracing::debug!(attempt, "retrying");
        }
        let transport = move |error: reqwest::Error| Failed::Transport {
            retry: self.retry.retry_transport(method, &error),
            error,
        };
        let sent = http.execute(request);
        async move {
            let mut response = sent.await.map_err(transport)?;
            let status = response.status();
            let version = response.version();
            let url = response.url().clone();
            let headers = std::mem::take(response.headers_mut());
            let body = read_body(&mut response, self.limits.max_response_bytes)
                .await
                .map_err(|failed| failed.unwrap_or_else(transport))?;
            exchange::record(status, &headers, &body);
            let response = rebuild(status, version, headers, body, Some(url));
            if self.retry.retry_status(method, status) {
                let wait = retry_after(response.headers());
                // A server asking for a longer wait than the policy allows
                // gets its answer returned, with the wait, rather than a
                // stalled call.
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
}

pin_project_lite::pin_project! {
    /// One request in flight: its attempts, and its span's bookkeeping.
    struct Execution<F> {
        #[pin]
        call: tracing::instrument::Instrumented<F>,
        // All attempts and waits end by then.
        #[pin]
        deadline: tokio::time::Sleep,
        limit: Duration,
        // Noted for `send` at the first poll, inside the call's exchange.
        info: Option<CallInfo>,
        started: Option<Instant>,
        span: tracing::Span,
    }
}

impl<F> Future for Execution<F>
where
    F: Future<Output = (reqwest::Result<reqwest::Response>, usize)>,
{
    type Output = reqwest::Result<reqwest::Response>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let call = this.call;
        if let Some(info) = this.info.take() {
            exchange::note(info);
        }
        let Poll::Ready((result, attempts)) = call.poll(cx) else {
            if this.deadline.poll(cx).is_ready() {
                // The attempt in flight is dropped with this future, and its
                // connection with it.
                this.span.record("status", "deadline");
                return Poll::Ready(Ok(aborted(exchange::Aborted::Deadline {
                    deadline: *this.limit,
                })));
            }
            return Poll::Pending;
        };
        let span = this.span;
        span.record("attempts", attempts);
        if let Some(started) = this.started {
            span.record("duration_ms", started.elapsed().as_millis() as u64);
        }
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
        Poll::Ready(result)
    }
}

impl Failed {
    /// After the last attempt: a status is the answer, a transport error the error.
    fn into_final(self, limit: u64) -> reqwest::Result<reqwest::Response> {
        match self {
            Failed::Status { response, .. } => Ok(response),
            Failed::Transport { error, .. } => Err(error),
            Failed::TooLarge { length } => {
                Ok(aborted(exchange::Aborted::TooLarge { limit, length }))
            }
        }
    }
}

/// Whether a request path is the base path plus the template, each
/// placeholder's segment filled by exactly one non-empty segment. One pass
/// over the bytes: it runs for every request.
fn path_fits_template(path: &str, base_path: &str, template: &str) -> bool {
    if template.is_empty() {
        return true; // an operation we have no template for
    }
    let Some(rest) = path.strip_prefix(base_path) else {
        return false;
    };
    let (path, template) = (rest.as_bytes(), template.as_bytes());
    let (mut p, mut t) = (0, 0);
    while let Some(&expected) = template.get(t) {
        if expected == b'{' {
            while template.get(t).is_some_and(|&b| b != b'/') {
                t += 1;
            }
            let filled_from = p;
            while path.get(p).is_some_and(|&b| b != b'/') {
                p += 1;
            }
            if p == filled_from {
                return false;
            }
        } else if path.get(p) == Some(&expected) {
            p += 1;
            t += 1;
        } else {
            return false;
        }
    }
    p == path.len()
}

fn same_host(a: &url::Host<&str>, b: &url::Host<String>) -> bool {
    match (a, b) {
        (url::Host::Domain(a), url::Host::Domain(b)) => a == b,
        (url::Host::Ipv4(a), url::Host::Ipv4(b)) => a == b,
        (url::Host::Ipv6(a), url::Host::Ipv6(b)) => a == b,
        _ => false,
    }
}

/// A response whose body has been read, again as a `reqwest::Response`.
/// With the URL it came from when there is one: kept for callers, and it
/// spares reqwest parsing a placeholder URL for every response.
fn rebuild(
    status: StatusCode,
    version: reqwest::Version,
    headers: HeaderMap,
    body: Bytes,
    url: Option<url::Url>,
) -> reqwest::Response {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.version_mut() = version;
    *response.headers_mut() = headers;
    if let Some(url) = url {
        // reqwest's URL extension type is private; its builder sets it.
        if let Ok(carrier) = http::Response::builder().url(url).body(()) {
            *response.extensions_mut() = carrier.into_parts().0.extensions;
        }
    }
    reqwest::Response::from(response)
}

impl fmt::Debug for ClientContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientContext")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("origin", &self.origin.ascii_serialization())
            .field("retry", &self.retry)
            .field("api", &self.api.name)
            .field("token_kind", &self.token_kind)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGES: &str = "/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages";

    #[test]
    fn a_path_fits_its_template() {
        let path = "/api/v1/accounts/1/conversations/42/messages";
        assert!(path_fits_template(path, "", MESSAGES));
        assert!(path_fits_template(
            &format!("/chat{path}"),
            "/chat",
            MESSAGES
        ));
        assert!(path_fits_template("/api/v1/profile", "", "/api/v1/profile"));
        assert!(path_fits_template(
            "/api/v1/accounts/7",
            "",
            "/api/v1/accounts/{id}"
        ));
        assert!(path_fits_template("/anything", "", ""));
    }

    #[test]
    fn a_path_that_left_its_template_does_not_fit() {
        // `conversation_id = ".."` resolved away by URL parsing.
        assert!(!path_fits_template(
            "/api/v1/accounts/1/messages",
            "",
            MESSAGES
        ));
        // An empty identifier.
        assert!(!path_fits_template(
            "/api/v1/accounts/1/conversations//messages",
            "",
            MESSAGES
        ));
        // An identifier holding a slash.
        assert!(!path_fits_template(
            "/api/v1/accounts/1/conversations/4/2/messages",
            "",
            MESSAGES
        ));
        assert!(!path_fits_template(
            "/api/v1/accounts/1/conversations/42/notes",
            "",
            MESSAGES
        ));
        assert!(!path_fits_template(
            "/api/v1/accounts/1/conversations/42/messages/9",
            "",
            MESSAGES
        ));
        assert!(!path_fits_template(
            "/api/v1/accounts/7/",
            "",
            "/api/v1/accounts/{id}"
        ));
        assert!(!path_fits_template(
            "/api/v1/accounts/1",
            "/chat",
            "/api/v1/accounts/{id}"
        ));
    }

    static TEST_API: Api = Api {
        name: "Test",
        uses_token: false,
        refusal: crate::no_refusals,
    };

    #[test]
    fn own_origin_is_scheme_host_and_port() {
        let base = url::Url::parse("https://chat.example.com/").expect("url");
        let context = ClientContext::new(
            &base,
            None,
            RetryPolicy::none(),
            &TEST_API,
            TokenKind::default(),
            Limits::default(),
        );
        let own = |u: &str| context.is_own_origin(&url::Url::parse(u).expect("url"));
        assert!(own("https://chat.example.com/api/v1/profile"));
        assert!(own("https://chat.example.com:443/x"));
        assert!(!own("http://chat.example.com/x"));
        assert!(!own("https://chat.example.com:8443/x"));
        assert!(!own("https://evil.example.com/x"));
        assert!(!own("https://chat.example.com.evil.com/x"));
    }
}
