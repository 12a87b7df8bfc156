//! When and how often a request is sent again. The schedule (exponential
//! backoff with jitter, bounded in attempts and in total wait) is `backon`'s;
//! this module decides what is safe to retry and for how long the server
//! asked us to wait.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How failed requests are retried. Configure it with
/// `ClientBuilder::retry_policy`; [`RetryPolicy::none`] turns retries off.
///
/// Retried: connection failures, and the statuses 429, 502, 503 and 504.
/// Only idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS) are retried once
/// they may have reached the server, so a POST that creates a message is never
/// sent twice; a POST whose connection could not even be opened is. Opt in to
/// retrying POST and PATCH in every case with
/// [`RetryPolicy::retry_non_idempotent`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retries off.
    pub max_retries: usize,
    /// The first backoff delay; it doubles each retry.
    pub initial_delay: Duration,
    /// The longest single wait, and the longest `Retry-After` honoured: a
    /// server asking for more gets its error returned instead.
    pub max_delay: Duration,
    /// The most time spent waiting across all retries of one request.
    pub max_total_delay: Duration,
    /// Retry POST and PATCH as well, even when they may have reached the server.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_total_delay: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Also retry POST and PATCH after they may have reached the server. Only
    /// for calls you know to be safe to repeat.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// The backoff schedule.
    pub(crate) fn backoff(&self) -> backon::ExponentialBuilder {
        backon::ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries)
            .with_total_delay(Some(self.max_total_delay))
            .with_jitter()
    }

    fn may_repeat(&self, method: &Method) -> bool {
        self.retry_non_idempotent || is_idempotent(method)
    }

    /// Whether a transport failure is worth another attempt.
    pub(crate) fn retry_transport(&self, method: &Method, error: &reqwest::Error) -> bool {
        // A connection that never opened never reached the server.
        error.is_connect()
            || (self.may_repeat(method) && !(error.is_builder() || error.is_redirect()))
    }

    /// Whether a response status is worth another attempt.
    pub(crate) fn retry_status(&self, method: &Method, status: StatusCode) -> bool {
        self.may_repeat(method)
            && matches!(
                status,
                StatusCode::TOO_MANY_REQUESTS
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            )
    }
}

/// GET, HEAD, PUT, DELETE, OPTIONS and TRACE: repeating them changes nothing more.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// The wait a `Retry-After` header asks for, in either form: delay-seconds
/// or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, value.parse().expect("header value"));
        headers
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(retry_after(&headers("120")), Some(Duration::from_secs(120)));
    }

    #[test]
    fn retry_after_as_an_http_date() {
        let later = SystemTime::now() + Duration::from_secs(90);
        let wait = retry_after(&headers(&httpdate::fmt_http_date(later))).expect("parsed");
        assert!(
            wait > Duration::from_secs(85) && wait <= Duration::from_secs(90),
            "{wait:?}"
        );
        let past = retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(past, Some(Duration::ZERO));
    }

    #[test]
    fn garbage_retry_after_is_ignored() {
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn only_idempotent_requests_retry_statuses_unless_opted_in() {
        let policy = RetryPolicy::default();
        assert!(policy.retry_status(&Method::GET, StatusCode::SERVICE_UNAVAILABLE));
        assert!(policy.retry_status(&Method::DELETE, StatusCode::TOO_MANY_REQUESTS));
        assert!(!policy.retry_status(&Method::POST, StatusCode::SERVICE_UNAVAILABLE));
        assert!(!policy.retry_status(&Method::PATCH, StatusCode::BAD_GATEWAY));
        assert!(!policy.retry_status(&Method::GET, StatusCode::INTERNAL_SERVER_ERROR));
        assert!(
            RetryPolicy::default()
                .retry_non_idempotent(true)
                .retry_status(&Method::POST, StatusCode::BAD_GATEWAY)
        );
    }
}
