use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::event::Event;

type HmacSha256 = Hmac<Sha256>;

/// `X-Chatwoot-Signature`: `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
pub const SIGNATURE_HEADER: &str = "x-chatwoot-signature";
/// `X-Chatwoot-Timestamp`: Unix time in seconds when the server signed.
pub const TIMESTAMP_HEADER: &str = "x-chatwoot-timestamp";
/// `X-Chatwoot-Delivery`: a UUID per delivery, to drop duplicates.
pub const DELIVERY_HEADER: &str = "x-chatwoot-delivery";
/// How far the timestamp may be from now unless configured otherwise.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

const SCHEME: &str = "sha256=";

/// Read access to request headers, so verification works with any framework.
///
/// Implemented for [`http::HeaderMap`] and for lists of `(name, value)`
/// pairs, whose names compare case-insensitively.
pub trait Headers {
    /// The first value of the header `name` (given in lowercase).
    fn header(&self, name: &str) -> Option<&[u8]>;
}

impl Headers for http::HeaderMap {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.get(name).map(http::HeaderValue::as_bytes)
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.iter()
            .find(|(k, _)| k.as_ref().trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>, const N: usize> Headers for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<[u8]>> Headers for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.as_slice().header(name)
    }
}

impl<T: Headers + ?Sized> Headers for &T {
    fn header(&self, name: &str) -> Option<&[u8]> {
        (**self).header(name)
    }
}

/// Why a webhook was not accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// A header the signature needs is absent (or the webhook has no secret).
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    /// `X-Chatwoot-Timestamp` is not a Unix time in seconds.
    #[error("header x-chatwoot-timestamp is not a Unix time in seconds")]
    InvalidTimestamp,
    /// `X-Chatwoot-Signature` is not `sha256=` and 64 hex digits.
    #[error("header x-chatwoot-signature is malformed: {reason}")]
    MalformedSignature {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The signature is not that of this body and timestamp under the secret.
    #[error("signature does not match the body")]
    SignatureMismatch,
    /// The signature is genuine but its timestamp is too far from now:
    /// a replay, or a clock out of sync.
    #[error(
        "timestamp {timestamp} is {}s from now ({now}), more than the {}s allowed",
        now.abs_diff(*timestamp),
        tolerance.as_secs()
    )]
    TimestampOutOfTolerance {
        /// The signed timestamp.
        timestamp: i64,
        /// The verifier's clock, in Unix seconds.
        now: i64,
        /// The allowed distance.
        tolerance: Duration,
    },
    /// The body is authentic but not a JSON object.
    #[error("body is not a webhook payload: {0}")]
    InvalidPayload(#[source] serde_json::Error),
    /// The verifier was given an empty secret (or only spaces). Chatwoot
    /// never signs without a secret, so such a verifier would accept only
    /// forgeries: a missing environment variable read as `""`, say.
    #[error(
        "the webhook secret is empty: Chatwoot never signs without one; set it to the `secret` of the webhook in its settings"
    )]
    EmptySecret,
}

impl VerifyError {
    /// The status to answer with: 400 for an authentic but undecodable
    /// body, 500 for a receiver with no secret, 401 otherwise.
    pub fn status(&self) -> http::StatusCode {
        match self {
            Self::InvalidPayload(_) => http::StatusCode::BAD_REQUEST,
            Self::EmptySecret => http::StatusCode::INTERNAL_SERVER_ERROR,
            _ => http::StatusCode::UNAUTHORIZED,
        }
    }
}

/// What the signature headers said about an authentic delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Delivery {
    /// The signed Unix time in seconds.
    pub timestamp: i64,
    /// `X-Chatwoot-Delivery`, to drop duplicates; retries keep it.
    pub delivery_id: Option<String>,
}

/// An authentic webhook and its decoded event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VerifiedWebhook {
    /// The event.
    pub event: Event,
    /// The signed Unix time in seconds.
    pub timestamp: i64,
    /// `X-Chatwoot-Delivery`, to drop duplicates.
    pub delivery_id: Option<String>,
}

type ClockFn = dyn Fn() -> SystemTime + Send + Sync;

/// Checks webhook signatures with the endpoint's secret.
///
/// For account webhooks the secret is the `secret` field of the webhook in
/// `GET /api/v1/accounts/{account_id}/webhooks`; newer servers also give
/// agent bots and API channels a `secret` of their own. Cheap to clone.
#[derive(Clone)]
pub struct Verifier {
    secret: Arc<[u8]>,
    tolerance: Duration,
    clock: Option<Arc<ClockFn>>,
}

impl Verifier {
    /// A verifier for the webhook with this secret, allowing
    /// [`DEFAULT_TOLERANCE`] between the signed timestamp and now; an empty
    /// secret is [`VerifyError::EmptySecret`].
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, VerifyError> {
        let secret = secret.as_ref();
        if secret.iter().all(u8::is_ascii_whitespace) {
            return Err(VerifyError::EmptySecret);
        }
        Ok(Self {
            secret: Arc::from(secret),
            tolerance: DEFAULT_TOLERANCE,
            clock: None,
        })
    }

    /// Sets how far the signed timestamp may be from now, either way.
    /// Shorter stops replays sooner; longer tolerates clock drift and queues.
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Replaces the system clock, for tests.
    pub fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The allowed distance between the signed timestamp and now.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Checks the signature and the timestamp, then decodes the event.
    pub fn verify(
        &self,
        headers: &(impl Headers + ?Sized),
        body: &[u8],
    ) -> Result<VerifiedWebhook, VerifyError> {
        let delivery = self.verify_signature(headers, body)?;
        let event = Event::from_slice(body).map_err(VerifyError::InvalidPayload)?;
        Ok(VerifiedWebhook {
            event,
            timestamp: delivery.timestamp,
            delivery_id: delivery.delivery_id,
        })
    }

    /// Checks the signature and the timestamp without decoding the body,
    /// for callers with types of their own.
    pub fn verify_signature(
        &self,
        headers: &(impl Headers + ?Sized),
        body: &[u8],
    ) -> Result<Delivery, VerifyError> {
        let signature = header_str(headers, SIGNATURE_HEADER)?;
        let timestamp_text = header_str(headers, TIMESTAMP_HEADER)?;
        let timestamp: i64 = timestamp_text
            .parse()
            .map_err(|_| VerifyError::InvalidTimestamp)?;
        let expected = parse_signature(signature)?;

        // The server signs the timestamp exactly as it sends it.
        let mut mac = self.mac()?;
        mac.update(timestamp_text.as_bytes());
        mac.update(b".");
        mac.update(body);
        // Constant time.
        mac.verify_slice(&expected)
            .map_err(|_| VerifyError::SignatureMismatch)?;

        let now = self.now();
        if now.abs_diff(timestamp) > self.tolerance.as_secs() {
            return Err(VerifyError::TimestampOutOfTolerance {
                timestamp,
                now,
                tolerance: self.tolerance,
            });
        }

        let delivery_id = headers
            .header(DELIVERY_HEADER)
            .and_then(|v| std::str::from_utf8(v).ok())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        Ok(Delivery {
            timestamp,
            delivery_id,
        })
    }

    /// The `X-Chatwoot-Signature` value the server would send for this
    /// timestamp and body: for testing receivers.
    pub fn sign(&self, timestamp: i64, body: &[u8]) -> String {
        sign(&self.secret, timestamp, body)
    }

    fn mac(&self) -> Result<HmacSha256, VerifyError> {
        // HMAC takes keys of any length; the error cannot happen.
        HmacSha256::new_from_slice(&self.secret).map_err(|_| VerifyError::SignatureMismatch)
    }

    fn now(&self) -> i64 {
        let now = match &self.clock {
            Some(clock) => clock(),
            None => SystemTime::now(),
        };
        match now.duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
        }
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &chatwoot_runtime::Redacted("(key)"))
            .field("tolerance", &self.tolerance)
            .field(
                "clock",
                &if self.clock.is_some() {
                    "custom"
                } else {
                    "system"
                },
            )
            .finish()
    }
}

/// Verifies a webhook with the default tolerance and the system clock:
/// shorthand for [`Verifier::new`] then [`Verifier::verify`].
pub fn verify(
    secret: impl AsRef<[u8]>,
    headers: &(impl Headers + ?Sized),
    body: &[u8],
) -> Result<VerifiedWebhook, VerifyError> {
    Verifier::new(secret)?.verify(headers, body)
}

/// The `X-Chatwoot-Signature` value for a secret, timestamp and body, as
/// the server computes it: for testing receivers.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut out = String::with_capacity(SCHEME.len() + 64);
    out.push_str(SCHEME);
    if let Ok(mut mac) = HmacSha256::new_from_slice(secret) {
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        out.push_str(&hex::encode(mac.finalize().into_bytes()));
    }
    out
}

fn header_str<'a>(
    headers: &'a (impl Headers + ?Sized),
    name: &'static str,
) -> Result<&'a str, VerifyError> {
    let raw = headers
        .header(name)
        .ok_or(VerifyError::MissingHeader(name))?;
    let text = std::str::from_utf8(raw).map_err(|_| match name {
        TIMESTAMP_HEADER => VerifyError::InvalidTimestamp,
        _ => VerifyError::MalformedSignature {
            reason: "not ASCII",
        },
    })?;
    let text = text.trim();
    if text.is_empty() {
        return Err(VerifyError::MissingHeader(name));
    }
    Ok(text)
}

fn parse_signature(value: &str) -> Result<[u8; 32], VerifyError> {
    let digits = value
        .get(..SCHEME.len())
        .filter(|scheme| scheme.eq_ignore_ascii_case(SCHEME))
        .and_then(|_| value.get(SCHEME.len()..))
        .ok_or(VerifyError::MalformedSignature {
            reason: "expected the prefix `sha256=`",
        })?;
    if digits.len() != 64 {
        return Err(VerifyError::MalformedSignature {
            reason: "expected 64 hex digits after `sha256=`",
        });
    }
    let mut out = [0u8; 32];
    hex::decode_to_slice(digits, &mut out).map_err(|_| VerifyError::MalformedSignature {
        reason: "expected hex digits after `sha256=`",
    })?;
    Ok(out)
}
