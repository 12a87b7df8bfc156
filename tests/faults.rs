//! The fault matrix: each failure a real deployment shows, against a local
//! server scripted to produce it, asserting the exact error kind and the
//! number of attempts the server saw.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chatwoot::application::{Client, Error, ErrorBody, RetryPolicy, types};
use chatwoot::runtime::DEFAULT_MAX_RESPONSE_BYTES;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the scripted server does with one request.
#[derive(Clone)]
enum Reply {
    /// Writes these bytes and closes the connection.
    Raw(Vec<u8>),
    /// Writes these bytes, then resets the connection (TCP RST).
    Reset(Vec<u8>),
    /// Waits, then answers 200 with an empty list.
    Slow(Duration),
    /// A 200 whose chunked body never ends (a chunk every millisecond,
    /// until the client goes away).
    Endless,
    /// A 200 that sends its head, then one byte of body a second.
    Trickle,
}

fn http(status: &str, content_type: &str, extra_headers: &str, body: &str) -> Reply {
    Reply::Raw(
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n{extra_headers}\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

const INBOXES: &str = r#"{"payload":[{"id":1,"name":"Support","channel_type":"Channel::Api"}]}"#;

fn ok() -> Reply {
    http("200 OK", "application/json", "", INBOXES)
}

/// A server that answers its n-th request with `script[n]` (the last entry
/// repeats), counting requests.
struct Scripted {
    url: String,
    requests: Arc<AtomicUsize>,
    /// The request line of every request, as sent.
    lines: Arc<std::sync::Mutex<Vec<String>>>,
}

async fn scripted(script: Vec<Reply>) -> Scripted {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let requests = Arc::new(AtomicUsize::new(0));
    let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (seen, lines_seen) = (requests.clone(), lines.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let reply = script[n.min(script.len() - 1)].clone();
            tokio::spawn(serve(stream, reply, lines_seen.clone()));
        }
    });
    Scripted {
        url,
        requests,
        lines,
    }
}

async fn serve(mut stream: TcpStream, reply: Reply, lines: Arc<std::sync::Mutex<Vec<String>>>) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut read = 0;
    // Read the head and, by content-length, the body.
    loop {
        let Ok(n) = stream.read(&mut buf[read..]).await else {
            return;
        };
        if n == 0 {
            return;
        }
        read += n;
        let text = String::from_utf8_lossy(&buf[..read]).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            // The first read that completes the head records the request line.
            if read == n
                && let (Some(line), Ok(mut lines)) = (text.lines().next(), lines.lock())
            {
                lines.push(line.to_owned());
            }
            let length = text
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            if read >= end + 4 + length {
                break;
            }
        }
    }
    match reply {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
        }
        Reply::Reset(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            // A zero linger makes the close a reset; it blocks nothing here.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
            return;
        }
        Reply::Slow(wait) => {
            tokio::time::sleep(wait).await;
            let Reply::Raw(bytes) = ok() else { return };
            let _ = stream.write_all(&bytes).await;
        }
        Reply::Endless => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "x".repeat(64 * 1024));
            while stream.write_all(chunk.as_bytes()).await.is_ok() {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            return;
        }
        Reply::Trickle => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                INBOXES.len()
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for byte in INBOXES.as_bytes() {
                if stream.write_all(&[*byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
    let _ = stream.shutdown().await;
}

/// Quick retries, so the matrix runs in seconds.
fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(2),
        max_total_delay: Duration::from_secs(5),
        retry_non_idempotent: false,
    }
}

fn client(url: &str, retry: RetryPolicy) -> Client {
    Client::builder(url)
        .token("fault-token")
        .timeout(Duration::from_millis(500))
        .retry_policy(retry)
        .build()
        .expect("client builds")
}

async fn list_inboxes(client: &Client) -> Result<types::ListInboxesResponse, Error> {
    client
        .list_inboxes()
        .account_id(1)
        .send()
        .await
        .map(|r| r.into_inner())
}

async fn create_message(client: &Client) -> Result<(), Error> {
    client
        .create_message()
        .account_id(1)
        .conversation_id(2)
        .body(types::ConversationMessageCreatePayload {
            content: "hello".into(),
            message_type: None,
            private: None,
            content_type: None,
            content_attributes: Default::default(),
            campaign_id: None,
            template_params: None,
        })
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let error = list_inboxes(&client(&format!("http://127.0.0.1:{port}"), fast_retries()))
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, Error::Connect { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("cannot connect to http://127.0.0.1:"),
        "{error}"
    );
}

#[tokio::test]
async fn connection_reset_mid_body_is_retried_then_reported_as_broken() {
    let cut = Reply::Raw(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\nconnection: close\r\n\r\n{\"payload\":[{\"id\":1,"
            .to_vec(),
    );
    let server = scripted(vec![cut]).await;
    let error = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect_err("body cut");
    assert!(matches!(error, Error::ConnectionBroken { .. }), "{error:?}");
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        4,
        "a GET is retried 3 times"
    );
}

#[tokio::test]
async fn connection_reset_by_the_peer_mid_body_is_broken() {
    let reset = Reply::Reset(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"payload\":[".to_vec(),
    );
    let server = scripted(vec![reset]).await;
    let error = list_inboxes(&client(&server.url, RetryPolicy::none()))
        .await
        .expect_err("reset");
    assert!(matches!(error, Error::ConnectionBroken { .. }), "{error:?}");
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_is_a_timeout() {
    let server = scripted(vec![Reply::Slow(Duration::from_secs(3))]).await;
    let started = Instant::now();
    let error = list_inboxes(&client(&server.url, RetryPolicy::none()))
        .await
        .expect_err("too slow");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "gave up at the timeout"
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_an_excerpt() {
    let server = scripted(vec![http(
        "200 OK",
        "application/json",
        "",
        r#"{"payload":[{"id":1,"na"#,
    )])
    .await;
    let error = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect_err("truncated");
    let Error::Decode {
        status, excerpt, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(status.map(|s| s.as_u16()), Some(200));
    assert!(excerpt.starts_with(r#"{"payload":[{"id":1"#), "{excerpt}");
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        1,
        "a decode error is not retried"
    );
}

#[tokio::test]
async fn an_odd_field_costs_only_itself() {
    let body = r#"{"payload":[{"id":1,"name":"Support"},{"id":"two","name":"Sales"}]}"#;
    let server = scripted(vec![http("200 OK", "application/json", "", body)]).await;
    let inboxes = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect("an odd id does not cost the response");
    let read: Vec<_> = inboxes
        .payload
        .iter()
        .map(|inbox| (inbox.id, inbox.name.as_deref()))
        .collect();
    assert_eq!(read, [(Some(1), Some("Support")), (None, Some("Sales"))]);
}

#[tokio::test]
async fn an_item_of_the_wrong_shape_is_named_by_its_path() {
    let body = r#"{"payload":[{"id":1},"two"]}"#;
    let server = scripted(vec![http("200 OK", "application/json", "", body)]).await;
    let error = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect_err("a string is not an inbox");
    let Error::Decode { path, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(path, "payload[1]");
    assert!(error.to_string().contains("at `payload[1]`"), "{error}");
}

/// serde's derived structs also read a list, field by field in order: a
/// list where an object belongs must not decode into a wrong value.
#[tokio::test]
async fn a_list_where_an_object_belongs_is_a_decode_error_naming_the_place() {
    for (body, place) in [
        // Would read as an empty response, or as `payload` taken from the
        // list's first item.
        ("[]", "."),
        (r#"[[{"id":1,"name":"Support"}]]"#, "."),
        // Would read as the inbox with id 1 named Support.
        (r#"{"payload":[[1,"Support"]]}"#, "payload[0]"),
        (r#"{"payload":[{"id":1},[]]}"#, "payload[1]"),
    ] {
        let server = scripted(vec![http("200 OK", "application/json", "", body)]).await;
        let error = list_inboxes(&client(&server.url, fast_retries()))
            .await
            .expect_err(body);
        let Error::Decode { path, .. } = &error else {
            panic!("{body}: {error:?}")
        };
        assert_eq!(path, place, "{body}");
        assert_eq!(server.requests.load(Ordering::SeqCst), 1, "not retried");
    }
}

#[tokio::test]
async fn an_empty_200_is_a_decode_error() {
    let server = scripted(vec![http("200 OK", "application/json", "", "")]).await;
    let error = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect_err("empty");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn an_html_error_page_from_a_proxy_keeps_its_text() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let server = scripted(vec![http("502 Bad Gateway", "text/html", "", page)]).await;
    let error = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect_err("502");
    let Error::Status { status, body, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(status.as_u16(), 502);
    assert!(
        matches!(body, ErrorBody::Text(t) if t.contains("502 Bad Gateway")),
        "{body:?}"
    );
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        4,
        "502 is retried for a GET"
    );
}

/// Server text reaches `Display` in one line: newlines and terminal escape
/// sequences escaped, long pages cut, for an error status and a body that
/// does not decode alike.
#[tokio::test]
async fn server_text_is_displayed_in_one_line_without_escape_sequences() {
    let page = format!(
        "<html>\n<body>\n\u{1b}[2J\u{1b}[31mBad gateway\u{1b}[0m\r\n{}</body>\n</html>",
        "filler ".repeat(2000)
    );
    for (status, content_type) in [
        ("502 Bad Gateway", "text/html"),
        ("200 OK", "application/json"),
    ] {
        let server = scripted(vec![http(status, content_type, "", &page)]).await;
        let error = list_inboxes(&client(&server.url, RetryPolicy::none()))
            .await
            .expect_err(status);
        let shown = error.to_string();
        assert!(shown.contains("Bad gateway"), "{shown}");
        assert!(
            !shown.contains('\n') && !shown.contains('\r') && !shown.contains('\u{1b}'),
            "{shown:?}"
        );
        assert!(shown.len() < 2_000, "{} chars", shown.len());
    }
}

#[tokio::test]
async fn a_wrong_content_type_with_html_for_json_is_a_decode_error() {
    let server = scripted(vec![http(
        "200 OK",
        "text/html",
        "",
        "<html><body>Maintenance</body></html>",
    )])
    .await;
    let error = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect_err("html");
    let Error::Decode { excerpt, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(excerpt.contains("Maintenance"), "{excerpt}");
}

#[tokio::test]
async fn rate_limited_with_retry_after_waits_then_succeeds() {
    let server = scripted(vec![
        http(
            "429 Too Many Requests",
            "text/plain",
            "retry-after: 1\r\n",
            "Retry later\n",
        ),
        ok(),
    ])
    .await;
    let started = Instant::now();
    let inboxes = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect("second attempt succeeds");
    assert_eq!(inboxes.payload.len(), 1);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "honoured Retry-After: {:?}",
        started.elapsed()
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn rate_limited_as_plain_text_without_retry_after() {
    let limited = http("429 Too Many Requests", "text/plain", "", "Retry later\n");
    let server = scripted(vec![limited.clone()]).await;
    let error = list_inboxes(&client(&server.url, RetryPolicy::none()))
        .await
        .expect_err("limited");
    let Error::RateLimited { retry_after, body } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(retry_after, &None);
    assert_eq!(body.message().as_deref(), Some("Retry later"));
    assert_eq!(error.to_string(), "rate limited (HTTP 429): Retry later");

    // With retries on, a GET backs off and tries again.
    let server = scripted(vec![limited, ok()]).await;
    list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect("retried");
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_wait_longer_than_the_policy_allows_is_returned_not_slept() {
    let server = scripted(vec![http(
        "429 Too Many Requests",
        "text/plain",
        "retry-after: 3600\r\n",
        "Retry later\n",
    )])
    .await;
    let error = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect_err("limited");
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(3600)),
        "{error:?}"
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn unavailable_twice_then_ok_for_a_get() {
    let unavailable = http(
        "503 Service Unavailable",
        "application/json",
        "",
        r#"{"error":"maintenance"}"#,
    );
    let server = scripted(vec![unavailable.clone(), unavailable, ok()]).await;
    let inboxes = list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect("third attempt succeeds");
    assert_eq!(inboxes.payload[0].name.as_deref(), Some("Support"));
    assert_eq!(server.requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn unavailable_for_a_post_is_tried_once() {
    let server = scripted(vec![
        http(
            "503 Service Unavailable",
            "application/json",
            "",
            r#"{"error":"maintenance"}"#,
        ),
        ok(),
    ])
    .await;
    let error = create_message(&client(&server.url, fast_retries()))
        .await
        .expect_err("503");
    assert!(
        matches!(&error, Error::Status { status, .. } if status.as_u16() == 503),
        "{error:?}"
    );
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        1,
        "no message is created twice"
    );
}

#[tokio::test]
async fn a_post_is_retried_when_opted_in() {
    let unavailable = http(
        "503 Service Unavailable",
        "application/json",
        "",
        r#"{"error":"maintenance"}"#,
    );
    let created = http(
        "200 OK",
        "application/json",
        "",
        r#"{"id":5,"content":"hello"}"#,
    );
    let server = scripted(vec![unavailable, created]).await;
    create_message(&client(
        &server.url,
        fast_retries().retry_non_idempotent(true),
    ))
    .await
    .expect("retried");
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

#[cfg(chatwoot_operation = "application::list_inboxes")]
#[tokio::test]
async fn send_raw_returns_what_the_server_sent_whatever_the_status() {
    let server = scripted(vec![http(
        "422 Unprocessable Entity",
        "application/json",
        "",
        r#"{"message":"Name can't be blank","attributes":["name"]}"#,
    )])
    .await;
    let raw = client(&server.url, RetryPolicy::none())
        .list_inboxes()
        .account_id(1)
        .send_raw()
        .await
        .expect("a response arrived");
    assert_eq!(raw.status.as_u16(), 422);
    assert_eq!(raw.json().expect("json")["attributes"][0], "name");
}

#[tokio::test]
async fn the_token_never_shows_in_errors_or_debug_output() {
    let server = scripted(vec![http(
        "401 Unauthorized",
        "application/json",
        "",
        r#"{"errors":["Invalid Access Token"]}"#,
    )])
    .await;
    let client = client(&server.url, RetryPolicy::none());
    let error = list_inboxes(&client).await.expect_err("401");
    for text in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{client:?}"),
    ] {
        assert!(!text.contains("fault-token"), "{text}");
    }
}

#[cfg(chatwoot_operation = "client::get_contact")]
#[tokio::test]
async fn path_parameters_cannot_change_the_path_requested() {
    let contact = r#"{"id":1,"source_id":"x","pubsub_token":"p"}"#;
    let server = scripted(vec![http("200 OK", "application/json", "", contact)]).await;
    let public = chatwoot::client::Client::builder(&server.url)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    for (inbox, contact_id, expected) in [
        (
            "a/b",
            "c?d#e",
            "/public/api/v1/inboxes/a%2Fb/contacts/c%3Fd%23e",
        ),
        (
            "100%",
            "two words",
            "/public/api/v1/inboxes/100%25/contacts/two%20words",
        ),
        ("x", "y\\z", "/public/api/v1/inboxes/x/contacts/y%5Cz"),
        ("...", "a..b", "/public/api/v1/inboxes/.../contacts/a..b"),
        (
            "%2e%2E",
            "x",
            "/public/api/v1/inboxes/%252e%252E/contacts/x",
        ),
    ] {
        public
            .get_contact()
            .inbox_identifier(inbox)
            .contact_identifier(contact_id)
            .send()
            .await
            .expect("contact");
        let line = server
            .lines
            .lock()
            .expect("lock")
            .last()
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            line,
            format!("GET {expected} HTTP/1.1"),
            "{inbox:?} {contact_id:?}"
        );
    }
    // `.` and `..` are dot segments however they are encoded (URL parsing
    // resolves `%2E%2E` too): such a request is refused, never sent.
    let sent = server.requests.load(Ordering::SeqCst);
    for (inbox, contact_id) in [("..", "x"), ("x", ".."), (".", "x"), ("x", ".")] {
        let error = public
            .get_contact()
            .inbox_identifier(inbox)
            .contact_identifier(contact_id)
            .send()
            .await
            .expect_err("refused");
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{inbox:?} {contact_id:?}: {error:?}"
        );
    }
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        sent,
        "nothing was sent"
    );
}

/// A writer collecting what a `tracing` subscriber prints.
#[derive(Clone, Default)]
struct Captured(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut buffer) = self.0.lock() {
            buffer.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn traces_name_the_operation_but_never_the_token_identifiers_or_bodies() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let unavailable = http(
        "503 Service Unavailable",
        "application/json",
        "",
        r#"{"error":"secret-body-text"}"#,
    );
    let server = scripted(vec![unavailable, ok()]).await;
    list_inboxes(&client(&server.url, fast_retries()))
        .await
        .expect("retried");
    let text = String::from_utf8_lossy(&captured.0.lock().expect("lock")).into_owned();
    assert!(text.contains("chatwoot.request"), "{text}");
    assert!(text.contains("operation=\"list_inboxes\""), "{text}");
    assert!(
        text.contains("/api/v1/accounts/{account_id}/inboxes"),
        "{text}"
    );
    assert!(
        text.contains("status=200") && text.contains("attempts=2"),
        "{text}"
    );
    for secret in [
        "fault-token",
        "secret-body-text",
        "/api/v1/accounts/1/inboxes",
    ] {
        assert!(
            !text.contains(secret),
            "{secret} leaked into traces: {text}"
        );
    }
}

/// A body announced larger than the limit is refused on its
/// `Content-Length`, unread, and not retried.
#[cfg(chatwoot_operation = "application::list_inboxes")]
#[tokio::test]
async fn a_body_announced_too_large_is_refused_unread() {
    let huge =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10737418240\r\n\r\n{";
    let server = scripted(vec![Reply::Raw(huge.as_bytes().to_vec())]).await;
    let client = Client::builder(&server.url)
        .token("fault-token")
        .retry_policy(fast_retries())
        .max_response_size(1024 * 1024)
        .build()
        .expect("client builds");

    let error = list_inboxes(&client).await.expect_err("too large");

    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                limit: 1_048_576,
                length: Some(10_737_418_240)
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 1, "not retried");
    assert!(!error.to_string().contains('\n'));
}

/// A body that never ends is abandoned once past the limit: memory stays
/// bounded and the call ends, long before its deadline.
#[cfg(chatwoot_operation = "application::list_inboxes")]
#[tokio::test]
async fn an_endless_body_is_abandoned_at_the_limit() {
    let server = scripted(vec![Reply::Endless]).await;
    let client = Client::builder(&server.url)
        .token("fault-token")
        .timeout(Duration::from_secs(30))
        .retry_policy(fast_retries())
        .max_response_size(4 * 1024 * 1024)
        .build()
        .expect("client builds");
    let started = Instant::now();

    let error = list_inboxes(&client).await.expect_err("too large");

    assert!(
        matches!(error, Error::ResponseTooLarge { length: None, .. }),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 1, "not retried");
}

/// The peak resident memory of this process, in KiB, after resetting it
/// (Linux: `VmHWM`, reset by writing 5 to `clear_refs`).
#[cfg(target_os = "linux")]
fn peak_kib(reset: bool) -> Option<u64> {
    if reset {
        std::fs::write("/proc/self/clear_refs", "5").ok()?;
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// With the default limit (32 MiB), an endless body raises the process's
/// peak memory by about the limit, not by what the server sends.
#[cfg(all(target_os = "linux", chatwoot_operation = "application::list_inboxes"))]
#[tokio::test]
async fn an_endless_body_costs_at_most_about_the_default_limit_in_memory() {
    let server = scripted(vec![Reply::Endless]).await;
    let client = Client::builder(&server.url)
        .token("fault-token")
        .retry_policy(fast_retries())
        .build()
        .expect("client builds");
    let Some(before) = peak_kib(true) else {
        eprintln!("VmHWM cannot be reset here: not measured");
        return;
    };

    let error = list_inboxes(&client).await.expect_err("too large");

    assert!(
        matches!(error, Error::ResponseTooLarge { length: None, limit } if limit == DEFAULT_MAX_RESPONSE_BYTES),
        "{error:?}"
    );
    let grown = peak_kib(false).unwrap_or(before).saturating_sub(before);
    eprintln!("endless body, default limit: peak grew by {grown} KiB");
    // The body read so far (up to the limit) plus the buffer it grows in;
    // other tests of this binary run meanwhile, so leave room.
    assert!(grown < 96 * 1024, "peak grew by {grown} KiB");
}

/// A server that answers a byte a second keeps every attempt within its
/// timeout; the call's deadline bounds them all, retries included.
#[cfg(chatwoot_operation = "application::list_inboxes")]
#[tokio::test]
async fn a_trickling_server_meets_the_calls_deadline() {
    let server = scripted(vec![Reply::Trickle]).await;
    let client = Client::builder(&server.url)
        .token("fault-token")
        .timeout(Duration::from_millis(1500))
        .retry_policy(fast_retries())
        .deadline(Duration::from_secs(3))
        .build()
        .expect("client builds");
    let started = Instant::now();

    let error = list_inboxes(&client).await.expect_err("deadline");

    let took = started.elapsed();
    assert!(
        matches!(error, Error::DeadlineExceeded { deadline } if deadline == Duration::from_secs(3)),
        "{error:?}"
    );
    assert!(
        took >= Duration::from_secs(3) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert!(
        server.requests.load(Ordering::SeqCst) >= 2,
        "it was retried meanwhile"
    );
}
