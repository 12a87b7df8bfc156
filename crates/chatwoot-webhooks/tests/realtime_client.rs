//! The ActionCable client against a local server speaking the protocol as
//! Rails does: welcome, subscribe/confirm, pings, broadcasts, disconnects.
#![cfg(feature = "realtime")]

use std::time::Duration;

use chatwoot_webhooks::realtime::{
    Backoff, RealtimeConfig, RealtimeError, RealtimeEvent, RealtimeUpdate, Subscription,
};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;

type Ws = WebSocketStream<TcpStream>;

const TOKEN: &str = "u7Yh3kQm9Pz2";
const LIMIT: Duration = Duration::from_secs(10);

async fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

/// Accepts one websocket as ActionCable does, checking what the client asks for.
// The callback's error type is tungstenite's.
#[allow(clippy::result_large_err)]
async fn accept(listener: &TcpListener) -> Ws {
    let (tcp, _) = timeout(LIMIT, listener.accept()).await.unwrap().unwrap();
    tokio_tungstenite::accept_hdr_async(tcp, |req: &Request, mut resp: Response| {
        assert_eq!(req.uri().path(), "/cable");
        let protocols = req.headers()["sec-websocket-protocol"].to_str().unwrap();
        assert!(protocols.contains("actioncable-v1-json"), "{protocols}");
        assert!(req.headers().contains_key("origin"));
        resp.headers_mut().insert(
            "sec-websocket-protocol",
            HeaderValue::from_static("actioncable-v1-json"),
        );
        Ok(resp)
    })
    .await
    .unwrap()
}

async fn send(ws: &mut Ws, value: Value) {
    ws.send(Message::text(value.to_string())).await.unwrap();
}

/// The next command the client sends.
async fn command(ws: &mut Ws) -> Value {
    loop {
        let frame = timeout(LIMIT, ws.next()).await.unwrap().unwrap().unwrap();
        if let Message::Text(text) = frame {
            return serde_json::from_str(text.as_str()).unwrap();
        }
    }
}

/// Welcome, then the client's subscription: returns its identifier.
async fn welcome_and_subscription(ws: &mut Ws) -> String {
    send(ws, json!({"type": "welcome", "sid": "x1"})).await;
    let subscribe = command(ws).await;
    assert_eq!(subscribe["command"], "subscribe");
    let identifier = subscribe["identifier"].as_str().unwrap().to_owned();
    let params: Value = serde_json::from_str(&identifier).unwrap();
    assert_eq!(
        params,
        json!({"channel": "RoomChannel", "pubsub_token": TOKEN, "account_id": 1, "user_id": 7})
    );
    identifier
}

async fn confirm(ws: &mut Ws, identifier: &str) {
    send(
        ws,
        json!({"type": "confirm_subscription", "identifier": identifier}),
    )
    .await;
}

async fn broadcast(ws: &mut Ws, identifier: &str, event: &str, data: Value) {
    send(
        ws,
        json!({"identifier": identifier, "message": {"event": event, "data": data}}),
    )
    .await;
}

fn config(base: &str) -> RealtimeConfig {
    RealtimeConfig::new(base, TOKEN)
        .unwrap()
        .account_id(1)
        .user_id(7)
        .backoff(Backoff::new(Duration::from_millis(20), Duration::from_millis(100)).jitter(false))
}

async fn next(sub: &mut Subscription) -> Result<RealtimeUpdate, RealtimeError> {
    timeout(LIMIT, sub.next())
        .await
        .expect("the client went quiet")
        .expect("the stream ended")
}

fn fixture_data(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/realtime/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let frame: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    frame["message"]["data"].clone()
}

#[tokio::test]
async fn subscribes_receives_and_resubscribes_after_a_dropped_connection() {
    let (listener, base) = listener().await;
    let server: JoinHandle<()> = tokio::spawn(async move {
        // First connection: subscription, a ping, an event, then the
        // connection drops without a closing handshake.
        let mut ws = accept(&listener).await;
        let identifier = welcome_and_subscription(&mut ws).await;
        confirm(&mut ws, &identifier).await;
        send(&mut ws, json!({"type": "ping", "message": 1_776_330_605})).await;
        ws.send(Message::Ping(vec![1, 2, 3].into())).await.unwrap();
        broadcast(
            &mut ws,
            &identifier,
            "message.created",
            fixture_data("message.created"),
        )
        .await;
        // The websocket layer answers our ping before we go.
        loop {
            match timeout(LIMIT, ws.next()).await.unwrap() {
                Some(Ok(Message::Pong(payload))) => {
                    assert_eq!(&payload[..], [1, 2, 3]);
                    break;
                }
                Some(Ok(_)) => continue,
                other => panic!("no pong: {other:?}"),
            }
        }
        drop(ws);

        // Second connection: the client subscribes again by itself.
        let mut ws = accept(&listener).await;
        let identifier = welcome_and_subscription(&mut ws).await;
        confirm(&mut ws, &identifier).await;
        broadcast(
            &mut ws,
            &identifier,
            "conversation.status_changed",
            fixture_data("conversation.status_changed"),
        )
        .await;
        // Stay open until the client hangs up.
        while let Some(Ok(_)) = ws.next().await {}
    });

    let mut sub = config(&base).connect().unwrap();
    assert_eq!(
        next(&mut sub).await.unwrap(),
        RealtimeUpdate::Subscribed { reconnected: false }
    );
    let RealtimeUpdate::Event(first) = next(&mut sub).await.unwrap() else {
        panic!("expected an event")
    };
    assert_eq!(first.account_id, Some(1));
    let RealtimeEvent::MessageCreated(message) = first.event else {
        panic!("{:?}", first.event)
    };
    assert_eq!(message.id, Some(1201));

    let RealtimeUpdate::Disconnected { reason, retry_in } = next(&mut sub).await.unwrap() else {
        panic!("expected a disconnection")
    };
    assert_eq!(retry_in, Duration::from_millis(20), "{reason}");

    assert_eq!(
        next(&mut sub).await.unwrap(),
        RealtimeUpdate::Subscribed { reconnected: true }
    );
    let RealtimeUpdate::Event(second) = next(&mut sub).await.unwrap() else {
        panic!("expected an event")
    };
    assert_eq!(second.event.name(), "conversation.status_changed");

    drop(sub);
    timeout(LIMIT, server).await.unwrap().unwrap();
}

#[tokio::test]
async fn a_rejected_subscription_ends_the_stream() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let mut ws = accept(&listener).await;
        let identifier = welcome_and_subscription(&mut ws).await;
        send(
            &mut ws,
            json!({"type": "reject_subscription", "identifier": identifier}),
        )
        .await;
        while let Some(Ok(_)) = ws.next().await {}
    });
    let mut sub = config(&base).connect().unwrap();
    assert!(matches!(next(&mut sub).await, Err(RealtimeError::Rejected)));
    assert!(timeout(LIMIT, sub.next()).await.unwrap().is_none());
    drop(sub);
    timeout(LIMIT, server).await.unwrap().unwrap();
}

#[tokio::test]
async fn a_final_disconnect_ends_the_stream_and_a_restart_reconnects() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let mut ws = accept(&listener).await;
        let identifier = welcome_and_subscription(&mut ws).await;
        confirm(&mut ws, &identifier).await;
        send(
            &mut ws,
            json!({"type": "disconnect", "reason": "server_restart", "reconnect": true}),
        )
        .await;
        let _ = ws.close(None).await;

        let mut ws = accept(&listener).await;
        welcome_and_subscription(&mut ws).await;
        send(
            &mut ws,
            json!({"type": "disconnect", "reason": "unauthorized", "reconnect": false}),
        )
        .await;
        while let Some(Ok(_)) = ws.next().await {}
    });
    let mut sub = config(&base).connect().unwrap();
    assert!(matches!(
        next(&mut sub).await,
        Ok(RealtimeUpdate::Subscribed { reconnected: false })
    ));
    let Ok(RealtimeUpdate::Disconnected { reason, .. }) = next(&mut sub).await else {
        panic!("expected a disconnection")
    };
    assert!(reason.contains("server_restart"), "{reason}");
    match next(&mut sub).await {
        Err(RealtimeError::ServerClosed { reason }) => assert_eq!(reason, "unauthorized"),
        other => panic!("{other:?}"),
    }
    assert!(timeout(LIMIT, sub.next()).await.unwrap().is_none());
    drop(sub);
    timeout(LIMIT, server).await.unwrap().unwrap();
}

#[tokio::test]
async fn a_silent_connection_is_replaced() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        // Confirms, then never pings: a dead connection the OS has not noticed.
        let mut ws = accept(&listener).await;
        let identifier = welcome_and_subscription(&mut ws).await;
        confirm(&mut ws, &identifier).await;
        let mut second = accept(&listener).await;
        let identifier = welcome_and_subscription(&mut second).await;
        confirm(&mut second, &identifier).await;
        drop(ws);
        while let Some(Ok(_)) = second.next().await {}
    });
    let mut sub = config(&base)
        .stale_after(Duration::from_millis(500))
        .connect()
        .unwrap();
    assert!(matches!(
        next(&mut sub).await,
        Ok(RealtimeUpdate::Subscribed { reconnected: false })
    ));
    let Ok(RealtimeUpdate::Disconnected { reason, .. }) = next(&mut sub).await else {
        panic!("expected a disconnection")
    };
    assert!(reason.contains("nothing received"), "{reason}");
    assert!(matches!(
        next(&mut sub).await,
        Ok(RealtimeUpdate::Subscribed { reconnected: true })
    ));
    drop(sub);
    timeout(LIMIT, server).await.unwrap().unwrap();
}

#[tokio::test]
async fn an_unconfirmed_subscription_is_retried_then_given_up() {
    // The server neither confirms nor rejects when the token is wrong.
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let mut kept = Vec::new();
        for _ in 0..2 {
            let mut ws = accept(&listener).await;
            welcome_and_subscription(&mut ws).await;
            kept.push(ws);
        }
    });
    let mut sub = config(&base)
        .handshake_timeout(Duration::from_millis(800))
        .backoff(
            Backoff::new(Duration::from_millis(10), Duration::from_millis(10))
                .jitter(false)
                .max_retries(Some(1)),
        )
        .connect()
        .unwrap();
    let Ok(RealtimeUpdate::Disconnected { reason, .. }) = next(&mut sub).await else {
        panic!("expected a disconnection")
    };
    assert!(reason.contains("not confirmed"), "{reason}");
    match next(&mut sub).await {
        Err(RealtimeError::RetriesExhausted { attempts, .. }) => assert_eq!(attempts, 2),
        other => panic!("{other:?}"),
    }
    assert!(timeout(LIMIT, sub.next()).await.unwrap().is_none());
    timeout(LIMIT, server).await.unwrap().unwrap();
}

#[tokio::test]
async fn connection_failures_back_off_exponentially_and_give_up() {
    // A port nobody listens on.
    let (listener, base) = listener().await;
    drop(listener);
    let mut sub = RealtimeConfig::new(&base, TOKEN)
        .unwrap()
        .backoff(
            Backoff::new(Duration::from_millis(10), Duration::from_millis(25))
                .jitter(false)
                .max_retries(Some(3)),
        )
        .connect()
        .unwrap();
    let mut waits = Vec::new();
    loop {
        match next(&mut sub).await {
            Ok(RealtimeUpdate::Disconnected { retry_in, .. }) => waits.push(retry_in.as_millis()),
            Err(RealtimeError::RetriesExhausted {
                attempts,
                last_error,
            }) => {
                assert_eq!(attempts, 4);
                assert!(last_error.contains("could not connect"), "{last_error}");
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(waits, [10, 20, 25]);
}

#[tokio::test]
async fn presence_updates_are_sent_when_asked_for() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let mut ws = accept(&listener).await;
        let identifier = welcome_and_subscription(&mut ws).await;
        confirm(&mut ws, &identifier).await;
        let presence = command(&mut ws).await;
        assert_eq!(presence["command"], "message");
        assert_eq!(presence["identifier"], identifier);
        let data: Value = serde_json::from_str(presence["data"].as_str().unwrap()).unwrap();
        assert_eq!(data, json!({"action": "update_presence"}));
        broadcast(
            &mut ws,
            &identifier,
            "presence.update",
            fixture_data("presence.update"),
        )
        .await;
        while let Some(Ok(_)) = ws.next().await {}
    });
    let mut events = config(&base)
        .presence_interval(Some(Duration::from_millis(50)))
        .connect()
        .unwrap()
        .events();
    let event = timeout(LIMIT, events.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let RealtimeEvent::PresenceUpdate(presence) = event.event else {
        panic!("{:?}", event.event)
    };
    assert_eq!(presence.users["7"], "online");
    drop(events);
    timeout(LIMIT, server).await.unwrap().unwrap();
}

#[test]
fn connecting_outside_a_runtime_is_an_error() {
    let result = RealtimeConfig::new("https://chat.example.test", TOKEN)
        .unwrap()
        .connect();
    assert!(matches!(result, Err(RealtimeError::NoRuntime)));
}

#[test]
fn urls_and_identifiers() {
    let config = RealtimeConfig::new("https://chat.example.test/", TOKEN).unwrap();
    assert_eq!(config.url(), "wss://chat.example.test/cable");
    assert_eq!(
        config.identifier(),
        format!(r#"{{"channel":"RoomChannel","pubsub_token":"{TOKEN}"}}"#)
    );
    let config = config.cable_url("ws://127.0.0.1:3334/cable").unwrap();
    assert_eq!(config.url(), "ws://127.0.0.1:3334/cable");
    assert!(matches!(
        RealtimeConfig::new("https://x.test", TOKEN)
            .unwrap()
            .cable_url("https://x.test/cable"),
        Err(RealtimeError::InvalidUrl(_))
    ));
}

/// A server that confirms the subscription and drops the connection at once
/// is failing, not recovering: the confirmations do not reset the schedule,
/// and `max_retries` ends the reconnections.
#[tokio::test]
async fn a_server_that_confirms_then_drops_is_given_up() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        for _ in 0..3 {
            let mut ws = accept(&listener).await;
            let identifier = welcome_and_subscription(&mut ws).await;
            confirm(&mut ws, &identifier).await;
            drop(ws);
        }
    });
    let mut sub = config(&base)
        .backoff(
            Backoff::new(Duration::from_millis(10), Duration::from_millis(40))
                .jitter(false)
                .max_retries(Some(2)),
        )
        .connect()
        .unwrap();
    let mut waits = Vec::new();
    loop {
        match next(&mut sub).await {
            Ok(RealtimeUpdate::Subscribed { .. }) => {}
            Ok(RealtimeUpdate::Disconnected { retry_in, .. }) => waits.push(retry_in.as_millis()),
            Err(RealtimeError::RetriesExhausted { attempts, .. }) => {
                assert_eq!(attempts, 3);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        waits,
        [10, 20],
        "backing off, not reset by each confirmation"
    );
    timeout(LIMIT, server).await.unwrap().unwrap();
}

/// A message larger than the limit loses the connection, and counts.
#[tokio::test]
async fn an_oversized_message_loses_the_connection() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let mut ws = accept(&listener).await;
        let identifier = welcome_and_subscription(&mut ws).await;
        confirm(&mut ws, &identifier).await;
        let huge = "x".repeat(64 * 1024);
        broadcast(
            &mut ws,
            &identifier,
            "message.created",
            json!({ "content": huge }),
        )
        .await;
        // The client goes away; this end sees it.
        let _ = timeout(LIMIT, ws.next()).await;
    });
    let mut sub = config(&base).max_message_size(16 * 1024).connect().unwrap();
    assert!(matches!(
        next(&mut sub).await,
        Ok(RealtimeUpdate::Subscribed { .. })
    ));
    match next(&mut sub).await {
        Ok(RealtimeUpdate::Disconnected { reason, .. }) => {
            assert!(reason.contains("failed"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    drop(sub);
    timeout(LIMIT, server).await.unwrap().unwrap();
}

/// A peer that welcomes but never reads: the subscribe cannot be written
/// once the socket's buffers are full, and must not hang the client. A
/// 16 MiB token makes the one command larger than loopback's buffers can
/// take (a few MiB), so the send blocks at once.
#[tokio::test]
async fn a_peer_that_never_reads_is_given_up_not_waited_for() {
    let (listener, base) = listener().await;
    let server = tokio::spawn(async move {
        let mut held = Vec::new();
        for _ in 0..2 {
            let mut ws = accept(&listener).await;
            send(&mut ws, json!({"type": "welcome"})).await;
            // Never read: keep the socket open, unread.
            held.push(ws);
        }
        tokio::time::sleep(LIMIT).await;
    });
    let huge = "t".repeat(16 * 1024 * 1024);
    let started = std::time::Instant::now();
    let mut sub = RealtimeConfig::new(&base, huge)
        .unwrap()
        .account_id(1)
        .user_id(7)
        .send_timeout(Duration::from_millis(300))
        .backoff(
            Backoff::new(Duration::from_millis(10), Duration::from_millis(40))
                .jitter(false)
                .max_retries(Some(1)),
        )
        .connect()
        .unwrap();
    match next(&mut sub).await {
        Ok(RealtimeUpdate::Disconnected { reason, .. }) => {
            assert!(reason.contains("not reading"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        next(&mut sub).await,
        Err(RealtimeError::RetriesExhausted { attempts: 2, .. })
    ));
    assert!(started.elapsed() < LIMIT, "{:?}", started.elapsed());
    server.abort();
}
