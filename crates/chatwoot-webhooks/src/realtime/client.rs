use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use chatwoot_runtime::Redacted;
use futures_core::Stream;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep, sleep_until, timeout};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::Message as Frame;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use url::Url;

use super::Broadcast;

/// The subprotocol Rails' ActionCable speaks.
const PROTOCOL: &str = "actioncable-v1-json";
/// Updates buffered before the connection waits for the consumer.
const BUFFER: usize = 64;

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Why the realtime client stopped, or could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RealtimeError {
    /// The base or cable URL cannot be used.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    /// [`RealtimeConfig::connect`] was called outside a tokio runtime.
    #[error("the realtime client needs a tokio runtime")]
    NoRuntime,
    /// TLS could not be set up.
    #[error("TLS setup failed: {0}")]
    Tls(String),
    /// The server refused the subscription: wrong token, user or account.
    #[error("the server rejected the RoomChannel subscription")]
    Rejected,
    /// The server closed the connection and asked not to reconnect.
    #[error("the server closed the connection for good: {reason}")]
    ServerClosed {
        /// The reason the server gave, such as `"unauthorized"`.
        reason: String,
    },
    /// Reconnecting failed as many times in a row as allowed.
    #[error("gave up after {attempts} failed attempts; last: {last_error}")]
    RetriesExhausted {
        /// Failed attempts in a row.
        attempts: u32,
        /// What went wrong the last time.
        last_error: String,
    },
}

/// How long to wait between reconnection attempts: exponential, capped,
/// with optional jitter so that many clients do not reconnect at once.
#[derive(Debug, Clone, PartialEq)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
    max_retries: Option<u32>,
    jitter: bool,
}

impl Default for Backoff {
    /// 500 ms, doubling up to 30 s, with jitter, retrying forever.
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(30),
            max_retries: None,
            jitter: true,
        }
    }
}

impl Backoff {
    /// Starts at `initial`, doubles after each failure, never exceeds `max`.
    pub fn new(initial: Duration, max: Duration) -> Self {
        Self {
            initial,
            max: max.max(initial),
            ..Self::default()
        }
    }

    /// Gives up after this many failed attempts in a row (`None`: never).
    /// A connection that stayed subscribed for
    /// [`healthy_after`](RealtimeConfig::healthy_after) resets the count; a
    /// server that confirms and drops at once does not.
    pub fn max_retries(mut self, max_retries: Option<u32>) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Waits a random time between half the delay and the delay.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The wait after the `failures`-th failure in a row (1-based).
    pub fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(32);
        let delay = self
            .initial
            .checked_mul(1u32 << doublings.min(31))
            .unwrap_or(self.max)
            .min(self.max);
        if !self.jitter || delay.is_zero() {
            return delay;
        }
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u32(failures);
        let fraction = (hasher.finish() % 1000) as u32;
        // At most `delay`, so this cannot overflow.
        delay.mul_f64(0.5 + f64::from(fraction) / 2000.0)
    }
}

/// What to connect to and how. Build with [`RealtimeConfig::new`], then
/// [`connect`](RealtimeConfig::connect).
#[derive(Clone)]
pub struct RealtimeConfig {
    cable_url: Url,
    pubsub_token: String,
    account_id: Option<i64>,
    user_id: Option<i64>,
    backoff: Backoff,
    handshake_timeout: Duration,
    stale_after: Duration,
    presence_interval: Option<Duration>,
    send_timeout: Duration,
    healthy_after: Duration,
    max_message_bytes: usize,
    tls: Option<Arc<rustls::ClientConfig>>,
}

impl RealtimeConfig {
    /// Connects to `<base_url>/cable` (`ws://` for `http://`, `wss://` for
    /// `https://`) with a `pubsub_token`.
    ///
    /// An agent's token (from `GET /api/v1/profile`) also needs
    /// [`account_id`](Self::account_id) and [`user_id`](Self::user_id), as
    /// the dashboard sends them; a contact's token (of a contact inbox)
    /// needs neither.
    pub fn new(base_url: &str, pubsub_token: impl Into<String>) -> Result<Self, RealtimeError> {
        Ok(Self {
            cable_url: cable_url(base_url)?,
            pubsub_token: pubsub_token.into(),
            account_id: None,
            user_id: None,
            backoff: Backoff::default(),
            handshake_timeout: Duration::from_secs(10),
            stale_after: Duration::from_secs(10),
            presence_interval: None,
            send_timeout: Duration::from_secs(10),
            healthy_after: Duration::from_secs(60),
            max_message_bytes: 1024 * 1024,
            tls: None,
        })
    }

    /// How long sending one command (subscribe, presence) may take before
    /// the connection counts as lost (default 10 s): a peer that stops
    /// reading fills the socket, and the client must not wait on it forever.
    pub fn send_timeout(mut self, timeout: Duration) -> Self {
        self.send_timeout = timeout;
        self
    }

    /// How long a subscribed connection must last before its loss starts
    /// the reconnection schedule afresh (default 60 s). A server that
    /// confirms the subscription and drops the connection at once is
    /// failing, not recovering: its reconnections back off, and
    /// [`Backoff::max_retries`] ends them.
    pub fn healthy_after(mut self, healthy_after: Duration) -> Self {
        self.healthy_after = healthy_after;
        self
    }

    /// The largest message accepted (default 1 MiB; Chatwoot's events are a
    /// few KB): a larger one loses the connection, and counts as a failure.
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.max_message_bytes = bytes;
        self
    }

    /// The account whose events to receive (agents only).
    pub fn account_id(mut self, account_id: i64) -> Self {
        self.account_id = Some(account_id);
        self
    }

    /// The user the token belongs to (agents only).
    pub fn user_id(mut self, user_id: i64) -> Self {
        self.user_id = Some(user_id);
        self
    }

    /// Uses this websocket URL as is, for installations that serve
    /// ActionCable elsewhere (the dashboard's `websocketURL` setting).
    pub fn cable_url(mut self, url: &str) -> Result<Self, RealtimeError> {
        let parsed = checked(url)?;
        if !matches!(parsed.scheme(), "ws" | "wss") {
            return Err(RealtimeError::InvalidUrl(format!(
                "{}: a cable URL is ws:// or wss://",
                parsed.as_str()
            )));
        }
        self.cable_url = parsed;
        Ok(self)
    }

    /// The reconnection schedule.
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// How long connecting, the server's welcome and the subscription's
    /// confirmation may take together (default 10 s). The server confirms
    /// nothing, nor rejects, when the token or ids are wrong: this is when
    /// the client notices.
    pub fn handshake_timeout(mut self, timeout: Duration) -> Self {
        self.handshake_timeout = timeout;
        self
    }

    /// Reconnects when nothing arrived for this long (default 10 s). The
    /// server pings every 3 s, so silence means a dead connection.
    pub fn stale_after(mut self, stale_after: Duration) -> Self {
        self.stale_after = stale_after;
        self
    }

    /// Calls `update_presence` at this interval, as the dashboard does every
    /// 20 s, so that the user shows as online. Off by default.
    pub fn presence_interval(mut self, interval: Option<Duration>) -> Self {
        self.presence_interval = interval;
        self
    }

    /// TLS settings for `wss://`; by default the platform's verifier and
    /// trusted roots.
    pub fn tls_config(mut self, config: Arc<rustls::ClientConfig>) -> Self {
        self.tls = Some(config);
        self
    }

    /// The websocket URL the client connects to.
    pub fn url(&self) -> &str {
        self.cable_url.as_str()
    }

    /// The `identifier` of the subscription, as the dashboard writes it.
    pub fn identifier(&self) -> String {
        // Field order as the dashboard's: the server echoes the string as is.
        #[derive(serde::Serialize)]
        struct Identifier<'a> {
            channel: &'static str,
            pubsub_token: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            account_id: Option<i64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            user_id: Option<i64>,
        }
        serde_json::to_string(&Identifier {
            channel: "RoomChannel",
            pubsub_token: &self.pubsub_token,
            account_id: self.account_id,
            user_id: self.user_id,
        })
        .unwrap_or_default()
    }

    /// Starts the client on the current tokio runtime. It connects,
    /// subscribes, and reconnects on its own until the returned stream is
    /// dropped or fails for good.
    pub fn connect(self) -> Result<Subscription, RealtimeError> {
        let runtime =
            tokio::runtime::Handle::try_current().map_err(|_| RealtimeError::NoRuntime)?;
        let (tx, rx) = mpsc::channel(BUFFER);
        let task = runtime.spawn(run(self, tx));
        Ok(Subscription { rx, task })
    }
}

impl fmt::Debug for RealtimeConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RealtimeConfig")
            .field("cable_url", &self.cable_url.as_str())
            .field("pubsub_token", &Redacted(&self.pubsub_token))
            .field("account_id", &self.account_id)
            .field("user_id", &self.user_id)
            .field("backoff", &self.backoff)
            .field("handshake_timeout", &self.handshake_timeout)
            .field("stale_after", &self.stale_after)
            .field("presence_interval", &self.presence_interval)
            .field("send_timeout", &self.send_timeout)
            .field("healthy_after", &self.healthy_after)
            .field("max_message_bytes", &self.max_message_bytes)
            .field("custom_tls", &self.tls.is_some())
            .finish()
    }
}

/// What the realtime stream yields.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
// Updates are handled one at a time; boxing would only add noise to matches.
#[allow(clippy::large_enum_variant)]
pub enum RealtimeUpdate {
    /// The subscription is confirmed. After a reconnection
    /// (`reconnected: true`) events may have been missed: refetch what matters.
    Subscribed {
        /// Whether an earlier connection of this stream was subscribed.
        reconnected: bool,
    },
    /// An event.
    Event(Broadcast),
    /// The connection was lost or could not be made; the client retries
    /// after `retry_in`.
    Disconnected {
        /// What happened.
        reason: String,
        /// The wait before the next attempt.
        retry_in: Duration,
    },
}

/// The stream of a realtime connection. Ends after yielding an error that
/// stops it for good; dropping it closes the connection.
pub struct Subscription {
    rx: mpsc::Receiver<Result<RealtimeUpdate, RealtimeError>>,
    task: JoinHandle<()>,
}

impl Subscription {
    /// Only the events, without connection updates.
    pub fn events(self) -> impl Stream<Item = Result<Broadcast, RealtimeError>> + Send + Unpin {
        self.filter_map(|item| {
            futures_util::future::ready(match item {
                Ok(RealtimeUpdate::Event(event)) => Some(Ok(event)),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
        })
    }
}

impl Stream for Subscription {
    type Item = Result<RealtimeUpdate, RealtimeError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription")
            .field("finished", &self.task.is_finished())
            .finish()
    }
}

/// A URL the client may connect to: no spaces around it, no credentials
/// (`user:password@`, which would show in messages and travel with every
/// connection; the `pubsub_token` authenticates), no query or fragment.
/// Messages never repeat credentials.
fn checked(url: &str) -> Result<Url, RealtimeError> {
    let invalid = |why: &str| RealtimeError::InvalidUrl(why.to_owned());
    if url.trim() != url {
        return Err(invalid("the URL has spaces around it"));
    }
    let parsed = Url::parse(url).map_err(|e| invalid(&format!("not a URL: {e}")))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(
            "the URL holds credentials (`user:password@`): the pubsub token authenticates, remove them",
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid(&format!(
            "{}://{}: a base or cable URL takes no query or fragment",
            parsed.scheme(),
            parsed.host_str().unwrap_or_default()
        )));
    }
    Ok(parsed)
}

fn cable_url(base_url: &str) -> Result<Url, RealtimeError> {
    let mut url = checked(base_url)?;
    let scheme = match url.scheme() {
        "http" | "ws" => "ws",
        "https" | "wss" => "wss",
        other => {
            return Err(RealtimeError::InvalidUrl(format!(
                "{base_url}: unsupported scheme {other}"
            )));
        }
    };
    url.set_scheme(scheme)
        .map_err(|()| RealtimeError::InvalidUrl(base_url.to_owned()))?;
    let path = url.path().trim_end_matches('/').to_owned();
    if !path.ends_with("/cable") {
        url.set_path(&format!("{path}/cable"));
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// `from + after`, or about a year on for durations meant as "never".
fn later(from: Instant, after: Duration) -> Instant {
    const YEAR: Duration = Duration::from_secs(365 * 24 * 3600);
    from.checked_add(after)
        .or_else(|| from.checked_add(YEAR))
        .unwrap_or(from)
}

/// How one connection ended.
enum End {
    /// Reconnect after a pause.
    Lost(String),
    /// Stop and report.
    Fatal(RealtimeError),
    /// The stream was dropped.
    Gone,
}

type UpdateTx = mpsc::Sender<Result<RealtimeUpdate, RealtimeError>>;

async fn run(config: RealtimeConfig, tx: UpdateTx) {
    let connector = match connector(&config) {
        Ok(connector) => connector,
        Err(e) => {
            let _ = tx.send(Err(e)).await;
            return;
        }
    };
    let mut failures: u32 = 0;
    let mut subscribed_before = false;
    loop {
        let mut healthy = false;
        let reason = match session(
            &config,
            &connector,
            &tx,
            &mut healthy,
            &mut subscribed_before,
        )
        .await
        {
            End::Lost(reason) => reason,
            End::Fatal(e) => {
                let _ = tx.send(Err(e)).await;
                return;
            }
            End::Gone => return,
        };
        // Only a connection that stayed subscribed a while starts the
        // schedule afresh: one that drops right after each confirmation
        // backs off, and `max_retries` ends it.
        if healthy {
            failures = 0;
        }
        failures = failures.saturating_add(1);
        if config.backoff.max_retries.is_some_and(|max| failures > max) {
            let _ = tx
                .send(Err(RealtimeError::RetriesExhausted {
                    attempts: failures,
                    last_error: reason,
                }))
                .await;
            return;
        }
        let retry_in = config.backoff.delay(failures);
        let update = RealtimeUpdate::Disconnected { reason, retry_in };
        if tx.send(Ok(update)).await.is_err() {
            return;
        }
        tokio::select! {
            () = sleep(retry_in) => {}
            () = tx.closed() => return,
        }
    }
}

fn connector(config: &RealtimeConfig) -> Result<Option<Connector>, RealtimeError> {
    if config.cable_url.scheme() != "wss" {
        return Ok(Some(Connector::Plain));
    }
    if let Some(tls) = &config.tls {
        return Ok(Some(Connector::Rustls(tls.clone())));
    }
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = provider().ok_or_else(|| {
        RealtimeError::Tls(
            "`wss://` needs a TLS provider: enable the feature `rustls-ring` (the default) or `rustls-aws-lc`, or give `tls_config`".into(),
        )
    })?;
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| RealtimeError::Tls(e.to_string()))?
        .with_platform_verifier()
        .map_err(|e| RealtimeError::Tls(e.to_string()))?
        .with_no_client_auth();
    Ok(Some(Connector::Rustls(Arc::new(tls))))
}

/// rustls' primitives for `wss://`: the application's process-wide default
/// if it installed one, else aws-lc-rs with `rustls-aws-lc`, else ring
/// (`rustls-ring`, the default).
fn provider() -> Option<Arc<rustls::crypto::CryptoProvider>> {
    if let Some(provider) = rustls::crypto::CryptoProvider::get_default() {
        return Some(provider.clone());
    }
    #[cfg(feature = "rustls-aws-lc")]
    return Some(Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    return Some(Arc::new(rustls::crypto::ring::default_provider()));
    #[cfg(not(any(feature = "rustls-ring", feature = "rustls-aws-lc")))]
    None
}

/// Sends one text frame, within `limit`.
async fn send<S>(sink: &mut S, text: String, limit: Duration) -> Result<(), String>
where
    S: futures_util::Sink<Frame, Error = tokio_tungstenite::tungstenite::Error> + Unpin,
{
    match timeout(limit, sink.send(Frame::text(text))).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!(
            "not sent within {limit:?}: the server is not reading"
        )),
    }
}

async fn open(config: &RealtimeConfig, connector: &Option<Connector>) -> Result<Socket, String> {
    let mut request = config
        .cable_url
        .as_str()
        .into_client_request()
        .map_err(|e| e.to_string())?;
    let headers = request.headers_mut();
    headers.insert("sec-websocket-protocol", HeaderValue::from_static(PROTOCOL));
    if let Some(origin) = origin(&config.cable_url)
        && let Ok(origin) = HeaderValue::from_str(&origin)
    {
        headers.insert("origin", origin);
    }
    // A message or frame larger than the limit ends the connection.
    let limits = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .max_message_size(Some(config.max_message_bytes))
        .max_frame_size(Some(config.max_message_bytes));
    let (socket, _) = tokio_tungstenite::connect_async_tls_with_config(
        request,
        Some(limits),
        true,
        connector.clone(),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(socket)
}

/// The dashboard's origin, which a browser would send.
fn origin(url: &Url) -> Option<String> {
    let scheme = if url.scheme() == "wss" {
        "https"
    } else {
        "http"
    };
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

async fn session(
    config: &RealtimeConfig,
    connector: &Option<Connector>,
    tx: &UpdateTx,
    healthy: &mut bool,
    subscribed_before: &mut bool,
) -> End {
    let handshake_deadline = later(Instant::now(), config.handshake_timeout);
    let socket = tokio::select! {
        opened = timeout(config.handshake_timeout, open(config, connector)) => match opened {
            Ok(Ok(socket)) => socket,
            Ok(Err(e)) => return End::Lost(format!("could not connect: {e}")),
            Err(_) => return End::Lost("connecting timed out".to_owned()),
        },
        () = tx.closed() => return End::Gone,
    };
    let (mut sink, mut stream) = socket.split();
    let identifier = config.identifier();
    let mut subscribed = false;
    let mut subscribed_at: Option<Instant> = None;
    let mut last_seen = Instant::now();
    let mut next_presence = config
        .presence_interval
        .map(|every| later(Instant::now(), every));

    loop {
        let deadline = if subscribed {
            later(last_seen, config.stale_after)
        } else {
            handshake_deadline.min(later(last_seen, config.stale_after))
        };
        let presence_due = async {
            match next_presence {
                Some(at) if subscribed => sleep_until(at).await,
                _ => std::future::pending().await,
            }
        };
        let frame = tokio::select! {
            frame = stream.next() => frame,
            () = sleep_until(deadline) => {
                return End::Lost(if subscribed {
                    format!("nothing received for {:?}", config.stale_after)
                } else {
                    "the subscription was not confirmed in time".to_owned()
                });
            }
            () = presence_due => {
                let command = json!({
                    "command": "message",
                    "identifier": identifier,
                    "data": json!({ "action": "update_presence" }).to_string(),
                });
                if let Err(e) = send(&mut sink, command.to_string(), config.send_timeout).await {
                    return End::Lost(format!("sending the presence failed: {e}"));
                }
                next_presence = config
                    .presence_interval
                    .map(|every| later(Instant::now(), every));
                continue;
            }
            () = tx.closed() => return End::Gone,
        };
        last_seen = Instant::now();
        *healthy = subscribed_at.is_some_and(|at| at.elapsed() >= config.healthy_after);
        let text = match frame {
            None => return End::Lost("the connection closed".to_owned()),
            Some(Err(e)) => return End::Lost(format!("the connection failed: {e}")),
            Some(Ok(Frame::Close(frame))) => {
                let reason = frame.map(|f| f.reason.to_string()).unwrap_or_default();
                return End::Lost(format!("the server closed the connection ({reason})"));
            }
            // The websocket layer answers pings itself.
            Some(Ok(Frame::Text(text))) => text,
            Some(Ok(_)) => continue,
        };
        let Ok(message) = serde_json::from_str::<Value>(text.as_str()) else {
            continue;
        };
        match message.get("type").and_then(Value::as_str) {
            Some("welcome") => {
                let command = json!({ "command": "subscribe", "identifier": identifier });
                if let Err(e) = send(&mut sink, command.to_string(), config.send_timeout).await {
                    return End::Lost(format!("subscribing failed: {e}"));
                }
            }
            Some("ping") => {}
            Some("confirm_subscription") => {
                subscribed = true;
                subscribed_at.get_or_insert_with(Instant::now);
                let reconnected = std::mem::replace(subscribed_before, true);
                if tx
                    .send(Ok(RealtimeUpdate::Subscribed { reconnected }))
                    .await
                    .is_err()
                {
                    return End::Gone;
                }
            }
            Some("reject_subscription") => return End::Fatal(RealtimeError::Rejected),
            Some("disconnect") => {
                let reason = message
                    .get("reason")
                    .and_then(Value::as_str)
                    .unwrap_or("unspecified")
                    .to_owned();
                let reconnect = message.get("reconnect").is_none_or(crate::de::bool_of);
                return if reconnect {
                    End::Lost(format!("the server disconnected: {reason}"))
                } else {
                    End::Fatal(RealtimeError::ServerClosed { reason })
                };
            }
            Some(_) => {}
            None => {
                let Some(payload) = message.get("message") else {
                    continue;
                };
                let Ok(broadcast) = Broadcast::from_value(payload) else {
                    continue;
                };
                if tx.send(Ok(RealtimeUpdate::Event(broadcast))).await.is_err() {
                    return End::Gone;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cable_url_follows_the_base_scheme_and_path() {
        let url = |base| cable_url(base).map(|u| u.to_string()).unwrap_or_default();
        assert_eq!(
            url("https://app.chatwoot.com"),
            "wss://app.chatwoot.com/cable"
        );
        assert_eq!(url("http://localhost:3000/"), "ws://localhost:3000/cable");
        assert_eq!(
            url("https://example.com/support"),
            "wss://example.com/support/cable"
        );
        assert_eq!(url("wss://example.com/cable"), "wss://example.com/cable");
        assert!(cable_url("ftp://example.com").is_err());
        assert!(cable_url("not a url").is_err());
    }

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let backoff =
            Backoff::new(Duration::from_millis(100), Duration::from_secs(1)).jitter(false);
        let delays: Vec<_> = (1..=6).map(|n| backoff.delay(n).as_millis()).collect();
        assert_eq!(delays, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(backoff.delay(u32::MAX), Duration::from_secs(1));
        let jittered = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
        for n in 1..10 {
            let d = jittered.delay(n);
            let full = backoff.delay(n);
            assert!(d >= full / 2 && d <= full, "{d:?} vs {full:?}");
        }
    }

    #[test]
    fn huge_durations_do_not_overflow() {
        let backoff = Backoff::new(Duration::MAX, Duration::MAX);
        for n in [1, 2, 40, u32::MAX] {
            assert!(backoff.delay(n) <= Duration::MAX);
        }
        let now = Instant::now();
        assert!(later(now, Duration::MAX) > now);
    }

    #[test]
    fn identifier_matches_the_dashboard() {
        let config = RealtimeConfig::new("https://x.test", "tok")
            .map(|c| c.account_id(1).user_id(2))
            .map(|c| c.identifier())
            .unwrap_or_default();
        assert_eq!(
            config,
            r#"{"channel":"RoomChannel","pubsub_token":"tok","account_id":1,"user_id":2}"#
        );
    }

    #[test]
    fn debug_hides_the_token() {
        let config = RealtimeConfig::new("https://x.test", "very-secret-token");
        let shown = format!("{config:?}");
        assert!(!shown.contains("very-secret-token"), "{shown}");
    }
}
