use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

/// Everything a call can fail with, the same for the three families.
///
/// The kinds tell apart what a caller reacts to differently: the server could
/// not be reached, the connection broke, it took too long, the server said no
/// (with its error body), the server asked to slow down, or its answer did not
/// decode. No variant ever holds the access token.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect {
        /// The transport's error.
        source: reqwest::Error,
    },
    /// The connection broke after the request was sent, mid-response.
    ConnectionBroken {
        /// The transport's error.
        source: reqwest::Error,
    },
    /// A connect or request timeout ran out.
    Timeout {
        /// The transport's error.
        source: reqwest::Error,
    },
    /// The server answered with an error status.
    Status {
        /// The status.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The body, decoded where it is JSON.
        body: ErrorBody,
    },
    /// The server rate-limited the call (429) and retries, if any, are spent.
    RateLimited {
        /// The wait the server asked for (`Retry-After`), if it said.
        retry_after: Option<Duration>,
        /// The body (Rack::Attack sends plain text).
        body: ErrorBody,
    },
    /// A success response whose body does not decode into the expected type.
    Decode {
        /// The status of the response.
        status: Option<StatusCode>,
        /// Where in the body decoding failed (`payload[2].created_at`).
        path: String,
        /// The decoder's message.
        message: String,
        /// The first bytes of the body, as text.
        excerpt: String,
    },
    /// An agent bot's access token called an Application API endpoint that
    /// Chatwoot keeps from bots (HTTP 401). Bots may call only a few
    /// conversation endpoints, listed on [`TokenKind`](crate::TokenKind);
    /// everything else takes a user's access token. Reported when the client
    /// was told it holds a bot's token (`ApiToken::agent_bot`,
    /// `ClientBuilder::token_kind`), or when the server's message says so.
    NotAllowedForAgentBot {
        /// The operation called (`list_inboxes`).
        operation: &'static str,
        /// The HTTP method.
        method: reqwest::Method,
        /// The path template (no identifiers).
        path: &'static str,
        /// The server's body.
        body: ErrorBody,
    },
    /// A platform app's token asked for an object its app did not create and
    /// was not granted (HTTP 401 `Non permissible resource`). A platform
    /// token reaches only the accounts, users and agent bots its app created
    /// through the Platform API, or was explicitly permitted: an installation
    /// admin grants access with a `PlatformAppPermissible` record for the app
    /// and the object, in a Rails console.
    NotPermittedForPlatformApp {
        /// The operation called (`get_an_account_details`).
        operation: &'static str,
        /// The server's body.
        body: ErrorBody,
    },
    /// The response body was larger than the client's limit
    /// (`ClientBuilder::max_response_size`): not read further, its
    /// connection dropped.
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The length the server announced, if it did.
        length: Option<u64>,
    },
    /// The call's deadline (`ClientBuilder::deadline`) passed before an
    /// answer, retries and their waits included; the attempt in flight was
    /// abandoned.
    DeadlineExceeded {
        /// The deadline.
        deadline: Duration,
    },
    /// The request could not be built (a required parameter is missing).
    InvalidRequest(String),
    /// Any other transport failure.
    Http {
        /// The transport's error.
        source: reqwest::Error,
    },
}

impl From<crate::exchange::Aborted> for Error {
    fn from(why: crate::exchange::Aborted) -> Error {
        match why {
            crate::exchange::Aborted::TooLarge { limit, length } => {
                Error::ResponseTooLarge { limit, length }
            }
            crate::exchange::Aborted::Deadline { deadline } => Error::DeadlineExceeded { deadline },
        }
    }
}

/// How many bytes of a body an error message quotes.
const EXCERPT_BYTES: usize = 200;

/// The start of a body as text, for messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let cut = body.len().min(EXCERPT_BYTES);
    let mut text = one_line(&String::from_utf8_lossy(&body[..cut]), EXCERPT_BYTES);
    if body.len() > cut && !text.ends_with('…') {
        text.push('…');
    }
    text
}

/// Text from the server, or about it, fit for one line of a message:
/// control characters (newlines, terminal escapes) written as escapes, and
/// at most `max_chars` characters, then `…`. A hostile server's HTML page or
/// escape sequence never reaches a terminal or a log line as it is.
pub(crate) fn one_line(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars + 8));
    for (count, c) in text.chars().enumerate() {
        if count == max_chars {
            out.push('…');
            break;
        }
        if c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A transport error with no path or query in its URL, only the origin:
/// a Client API path holds the inbox's and the contact's identifiers, which
/// authenticate, and a path may hold other identifiers; the error (and its
/// `Debug`) names the server, not the resource.
fn origin_only(source: reqwest::Error) -> reqwest::Error {
    let origin = source
        .url()
        .map(|url| url.origin())
        .filter(url::Origin::is_tuple)
        .and_then(|origin| url::Url::parse(&origin.ascii_serialization()).ok());
    match origin {
        Some(origin) => source.with_url(origin),
        None => source.without_url(),
    }
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Error::NotAllowedForAgentBot { .. } | Error::NotPermittedForPlatformApp { .. } => {
                Some(StatusCode::UNAUTHORIZED)
            }
            Error::Decode { status, .. } => *status,
            _ => None,
        }
    }

    /// The server's error body, when it sent one.
    pub fn body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Status { body, .. }
            | Error::RateLimited { body, .. }
            | Error::NotAllowedForAgentBot { body, .. }
            | Error::NotPermittedForPlatformApp { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Classifies a transport error.
    pub(crate) fn from_transport(source: reqwest::Error) -> Error {
        let source = origin_only(source);
        if source.is_timeout() {
            Error::Timeout { source }
        } else if source.is_connect() {
            Error::Connect { source }
        } else if source.is_body() || source.is_decode() || source.is_request() {
            Error::ConnectionBroken { source }
        } else {
            Error::Http { source }
        }
    }

    /// The error an error status with this body is: [`Error::RateLimited`]
    /// for a 429, [`Error::Status`] otherwise (what tests of code that
    /// handles errors need to make one).
    pub fn from_status(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Error {
        let body = ErrorBody::parse(body);
        if status == StatusCode::TOO_MANY_REQUESTS {
            Error::RateLimited {
                retry_after: crate::retry::retry_after(&headers),
                body,
            }
        } else {
            Error::Status {
                status,
                headers,
                body,
            }
        }
    }
}

/// The innermost cause's message: reqwest wraps hyper wraps io.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    one_line(&current.to_string(), EXCERPT_BYTES)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Connect { source } => write!(
                f,
                "cannot connect to {}: {}",
                url_of(source),
                root_cause(source)
            ),
            Error::ConnectionBroken { source } => {
                write!(
                    f,
                    "connection to {} broke mid-response: {}",
                    url_of(source),
                    root_cause(source)
                )
            }
            Error::Timeout { source } => write!(f, "request to {} timed out", url_of(source)),
            Error::Status { status, body, .. } => write!(f, "HTTP {status}: {body}"),
            Error::RateLimited { retry_after, body } => {
                write!(f, "rate limited (HTTP 429)")?;
                if let Some(wait) = retry_after {
                    write!(f, ", retry after {} s", wait.as_secs())?;
                }
                write!(f, ": {body}")
            }
            Error::Decode {
                status,
                path,
                message,
                excerpt,
            } => {
                write!(f, "cannot decode the response")?;
                if let Some(status) = status {
                    write!(f, " (HTTP {status})")?;
                }
                write!(
                    f,
                    " at `{}`: {}; body starts: {}",
                    one_line(path, EXCERPT_BYTES),
                    one_line(message, EXCERPT_BYTES),
                    one_line(excerpt, EXCERPT_BYTES)
                )
            }
            Error::NotAllowedForAgentBot {
                operation,
                method,
                path,
                body,
            } => write!(
                f,
                "HTTP 401 Unauthorized: `{operation}` ({method} {path}) is not open to agent bot \
                 tokens: Chatwoot lets a bot's token call only a few conversation endpoints \
                 (see `TokenKind`), use a user's access token for this one; server said: {body}"
            ),
            Error::NotPermittedForPlatformApp { operation, body } => write!(
                f,
                "HTTP 401 Unauthorized on `{operation}`: {body}: a platform app's token reaches \
                 only the accounts, users and agent bots its app created or was granted; an \
                 installation admin grants access in a Rails console with \
                 `PlatformAppPermissible.create!(platform_app: PlatformApp.find(APP_ID), \
                 permissible: Account.find(ACCOUNT_ID))` (or `User.find`, `AgentBot.find`)"
            ),
            Error::ResponseTooLarge { limit, length } => {
                write!(f, "the response is larger than the limit of {limit} bytes")?;
                if let Some(length) = length {
                    write!(f, " ({length} bytes announced)")?;
                }
                write!(f, "; not read")
            }
            Error::DeadlineExceeded { deadline } => write!(
                f,
                "no answer within the call's deadline of {} s, retries included",
                deadline.as_secs_f64()
            ),
            Error::InvalidRequest(message) => {
                write!(f, "invalid request: {}", one_line(message, EXCERPT_BYTES))
            }
            Error::Http { source } => write!(f, "HTTP error: {}", root_cause(source)),
        }
    }
}

/// The server of a transport error: its origin, never a path (see
/// [`origin_only`]).
fn url_of(source: &reqwest::Error) -> String {
    source
        .url()
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_else(|| "the server".into())
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connect { source }
            | Error::ConnectionBroken { source }
            | Error::Timeout { source }
            | Error::Http { source } => Some(source),
            _ => None,
        }
    }
}

/// An error body as Chatwoot sends it: JSON in one of several shapes
/// (`{"error": ...}`, `{"errors": [...]}`, `{"message": ..., "attributes": [...]}`,
/// Rails' `{"status": ..., "error": ...}`), or text when a proxy or the rate
/// limiter answered (an HTML page, `Retry later`).
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody {
    /// A JSON body, kept whole.
    Json(Value),
    /// A body that is not JSON.
    Text(String),
    /// No body.
    Empty,
}

impl ErrorBody {
    /// Reads a body, JSON if it parses as JSON.
    pub fn parse(body: &[u8]) -> ErrorBody {
        if body.iter().all(u8::is_ascii_whitespace) {
            return ErrorBody::Empty;
        }
        match serde_json::from_slice(body) {
            Ok(value) => ErrorBody::Json(value),
            Err(_) => ErrorBody::Text(String::from_utf8_lossy(body).into_owned()),
        }
    }

    /// The server's message, from whichever shape it used.
    pub fn message(&self) -> Option<String> {
        match self {
            ErrorBody::Json(value) => message_of(value),
            ErrorBody::Text(text) => Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
            ErrorBody::Empty => None,
        }
    }

    /// The JSON body, if it was JSON.
    pub fn json(&self) -> Option<&Value> {
        match self {
            ErrorBody::Json(value) => Some(value),
            _ => None,
        }
    }
}

/// The message of a JSON error body, whatever its shape.
fn message_of(value: &Value) -> Option<String> {
    let text = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().filter_map(message_of_item).collect();
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            Value::Object(_) => message_of(v),
            _ => None,
        }
    };
    let object = value.as_object()?;
    for key in ["message", "error", "errors", "description"] {
        if let Some(found) = object.get(key).and_then(text) {
            return Some(match object.get("attributes").and_then(Value::as_array) {
                Some(attrs) if !attrs.is_empty() => {
                    let names: Vec<&str> = attrs.iter().filter_map(Value::as_str).collect();
                    format!("{found} ({})", names.join(", "))
                }
                _ => found,
            });
        }
    }
    None
}

/// One entry of an `errors` list: a string, or an object with a message.
fn message_of_item(item: &Value) -> Option<String> {
    match item {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => {
            let message = map.get("message").and_then(Value::as_str)?;
            Some(match map.get("field").and_then(Value::as_str) {
                Some(field) => format!("{field}: {message}"),
                None => message.to_owned(),
            })
        }
        _ => None,
    }
}

impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.message(), self) {
            (Some(message), _) => f.write_str(&excerpt(message.as_bytes())),
            (None, ErrorBody::Json(value)) => f.write_str(&excerpt(value.to_string().as_bytes())),
            _ => f.write_str("(no body)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_shape_chatwoot_sends_yields_its_message() {
        let cases = [
            (
                json!({ "error": "Resource could not be found" }),
                "Resource could not be found",
            ),
            (
                json!({ "errors": ["Invalid Access Token"] }),
                "Invalid Access Token",
            ),
            (
                json!({ "message": "Name has already been taken", "attributes": ["name"] }),
                "Name has already been taken (name)",
            ),
            (
                json!({ "status": 500, "error": "Internal Server Error" }),
                "Internal Server Error",
            ),
            (
                json!({ "errors": [{ "field": "email", "message": "is invalid", "code": "invalid" }] }),
                "email: is invalid",
            ),
            (json!({ "description": "bad", "errors": [] }), "bad"),
        ];
        for (body, message) in cases {
            assert_eq!(
                ErrorBody::parse(body.to_string().as_bytes())
                    .message()
                    .as_deref(),
                Some(message),
                "{body}"
            );
        }
    }

    #[test]
    fn text_and_empty_bodies_are_kept() {
        assert_eq!(
            ErrorBody::parse(b"Retry later\n"),
            ErrorBody::Text("Retry later\n".into())
        );
        assert_eq!(
            ErrorBody::parse(b"Retry later\n").message().as_deref(),
            Some("Retry later")
        );
        assert_eq!(ErrorBody::parse(b"  "), ErrorBody::Empty);
        let html = ErrorBody::parse(b"<html><body><h1>502 Bad Gateway</h1></body></html>");
        assert!(matches!(html, ErrorBody::Text(ref t) if t.contains("502 Bad Gateway")));
    }

    #[test]
    fn status_errors_read_in_one_line() {
        let error = Error::from_status(
            StatusCode::NOT_FOUND,
            HeaderMap::new(),
            br#"{"error":"Resource could not be found"}"#,
        );
        assert_eq!(
            error.to_string(),
            "HTTP 404 Not Found: Resource could not be found"
        );
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "30".parse().expect("header"));
        let limited = Error::from_status(StatusCode::TOO_MANY_REQUESTS, headers, b"Retry later\n");
        assert_eq!(
            limited.to_string(),
            "rate limited (HTTP 429), retry after 30 s: Retry later"
        );
        assert!(
            matches!(limited, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(30))
        );
    }

    #[test]
    fn authorization_refusals_read_in_one_line() {
        let bot = Error::NotAllowedForAgentBot {
            operation: "list_inboxes",
            method: reqwest::Method::GET,
            path: "/api/v1/accounts/{account_id}/inboxes",
            body: ErrorBody::parse(
                br#"{"error":"Access to this endpoint is not authorized for bots"}"#,
            ),
        };
        let text = bot.to_string();
        assert!(
            text.starts_with(
                "HTTP 401 Unauthorized: `list_inboxes` (GET /api/v1/accounts/{account_id}/inboxes) \
                 is not open to agent bot tokens"
            ),
            "{text}"
        );
        assert!(!text.contains('\n'), "{text}");
        assert_eq!(bot.status(), Some(StatusCode::UNAUTHORIZED));

        let platform = Error::NotPermittedForPlatformApp {
            operation: "get_account",
            body: ErrorBody::parse(br#"{"error":"Non permissible resource"}"#),
        };
        let text = platform.to_string();
        assert!(
            text.starts_with(
                "HTTP 401 Unauthorized on `get_account`: Non permissible resource: \
                 a platform app's token reaches only"
            ),
            "{text}"
        );
        assert!(text.contains("PlatformAppPermissible.create!"), "{text}");
        assert!(!text.contains('\n'), "{text}");
        assert!(platform.body().is_some());
    }

    #[test]
    fn server_text_reads_in_one_line() {
        let hostile = "line one\nline two\r\n\u{1b}[31mred\u{1b}[0m\u{202e}rtl";
        let text = one_line(hostile, 200);
        assert!(!text.chars().any(char::is_control), "{text}");
        assert!(text.contains("\\n") && text.contains("\\u{1b}"), "{text}");
        assert!(!text.contains('\u{202e}'), "{text}");
        let error = Error::from_status(
            StatusCode::BAD_GATEWAY,
            HeaderMap::new(),
            b"<html>\n<body>\n\x1b[2JBad gateway</body>\n</html>",
        );
        let shown = error.to_string();
        assert!(
            !shown.contains('\n') && !shown.contains('\u{1b}'),
            "{shown}"
        );
        assert_eq!(one_line("abcdef", 3), "abc…");
    }

    #[test]
    fn excerpts_are_bounded() {
        let long = vec![b'x'; 1000];
        assert_eq!(excerpt(&long).chars().count(), EXCERPT_BYTES + 1);
    }
}
