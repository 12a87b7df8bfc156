//! What the benchmarks share: a canned-answer server, fixtures in the
//! server's shape, the two requests made through the SDK and through bare
//! `reqwest` + `serde_json::Value`, and readings of CPU time and memory.
//! `cargo xtask bench` runs them and writes `BENCHMARKS.md`.

pub mod fixtures;
pub mod server;

use std::time::Duration;

use chatwoot_application::Client;
use chatwoot_application::types::{ConversationMessageCreatePayload, ConversationStatusFilter};
use serde_json::Value;

pub use server::{CannedServer, Route};

/// The account and conversation the requests name.
pub const ACCOUNT_ID: i64 = 1;
/// The conversation messages are posted to.
pub const CONVERSATION_ID: i64 = 4_207;
/// The access token both variants send.
pub const TOKEN: &str = "bench-token-not-secret";
/// The text of the message both variants post.
pub const MESSAGE: &str = "Your parcel left our warehouse this morning.";

/// A server answering the list (a page of 25) and the message creation.
pub fn start_server() -> std::io::Result<CannedServer> {
    CannedServer::start(&[
        Route {
            method: "GET",
            path_suffix: "/conversations",
            status: 200,
            body: fixtures::bytes(&fixtures::list_conversations(fixtures::PAGE)),
        },
        Route {
            method: "POST",
            path_suffix: "/messages",
            status: 200,
            body: fixtures::bytes(&fixtures::message_created()),
        },
    ])
}

/// The SDK's client, as a user builds it (default timeouts, retries, redirects).
pub fn sdk_client(base_url: &str) -> Client {
    Client::builder(base_url)
        .token(TOKEN)
        .build()
        .expect("a client for a local http URL builds")
}

/// A bare `reqwest` client configured like the SDK's default one.
pub fn bare_client() -> reqwest::Client {
    // The SDK's default TLS (rustls with ring) leaves reqwest no provider
    // of its own: the same process-wide one the SDK's client installs.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent("bare-reqwest")
        .build()
        .expect("a reqwest client builds")
}

/// Why a benchmark request failed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// `GET .../conversations?status=open&page=1` through the SDK; returns the
/// number of conversations decoded.
pub async fn sdk_list(client: &Client) -> Result<usize, BoxError> {
    let list = client
        .list_conversations()
        .account_id(ACCOUNT_ID)
        .status(ConversationStatusFilter::Open)
        .page(1)
        .send()
        .await?
        .into_inner();
    Ok(list.data.map_or(0, |data| data.payload.len()))
}

/// The same request with bare `reqwest` (the same headers on the wire as the
/// SDK sends), decoded into `serde_json::Value`.
pub async fn bare_list(http: &reqwest::Client, base_url: &str) -> Result<usize, BoxError> {
    let response = http
        .get(format!(
            "{base_url}/api/v1/accounts/{ACCOUNT_ID}/conversations"
        ))
        .query(&[("status", "open"), ("page", "1")])
        .header("api-access-token", TOKEN)
        .header("accept", "application/json")
        .send()
        .await?
        .error_for_status()?;
    let body = response.bytes().await?;
    let list: Value = serde_json::from_slice(&body)?;
    Ok(list["data"]["payload"].as_array().map_or(0, Vec::len))
}

/// `POST .../conversations/{id}/messages` through the SDK; returns the new message's id.
pub async fn sdk_create_message(client: &Client) -> Result<i64, BoxError> {
    let message = client
        .create_message()
        .account_id(ACCOUNT_ID)
        .conversation_id(CONVERSATION_ID)
        .body(ConversationMessageCreatePayload::builder().content(MESSAGE.to_owned()))
        .send()
        .await?
        .into_inner();
    Ok(message.id.unwrap_or_default())
}

/// The same request with bare `reqwest` and `serde_json::Value`.
pub async fn bare_create_message(http: &reqwest::Client, base_url: &str) -> Result<i64, BoxError> {
    let url =
        format!("{base_url}/api/v1/accounts/{ACCOUNT_ID}/conversations/{CONVERSATION_ID}/messages");
    let body = serde_json::json!({ "content": MESSAGE });
    let response = http
        .post(url)
        .header("api-access-token", TOKEN)
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&body)?)
        .send()
        .await?
        .error_for_status()?;
    let bytes = response.bytes().await?;
    let message: Value = serde_json::from_slice(&bytes)?;
    Ok(message["id"].as_i64().unwrap_or_default())
}

/// Bytes of the futures of one whole call, SDK and bare (created, never
/// polled): an async call moves its future, so a large one costs memcpy.
pub fn future_sizes(
    client: &Client,
    http: &reqwest::Client,
    base_url: &str,
) -> [(&'static str, usize); 4] {
    [
        (
            "list_conversations/sdk",
            std::mem::size_of_val(&sdk_list(client)),
        ),
        (
            "list_conversations/bare",
            std::mem::size_of_val(&bare_list(http, base_url)),
        ),
        (
            "create_message/sdk",
            std::mem::size_of_val(&sdk_create_message(client)),
        ),
        (
            "create_message/bare",
            std::mem::size_of_val(&bare_create_message(http, base_url)),
        ),
    ]
}

/// Keeps this thread, and every thread it starts afterwards (the server's),
/// on one CPU. Client and server then hand each request over on the same
/// core: without it, which variant's connection lands across cores is left
/// to chance, and that alone changed a small request's time fivefold between
/// runs. Returns the CPU, or `None` where affinity cannot be set.
pub fn pin_to_one_cpu() -> Option<usize> {
    // SAFETY: `cpu_set_t` is plain data; the calls get a pointer to one we
    // own and its size, as their contracts ask.
    unsafe {
        let mut allowed: libc::cpu_set_t = std::mem::zeroed();
        let size = std::mem::size_of::<libc::cpu_set_t>();
        if libc::sched_getaffinity(0, size, &mut allowed) != 0 {
            return None;
        }
        let cpu = (0..libc::CPU_SETSIZE as usize).find(|&c| libc::CPU_ISSET(c, &allowed))?;
        let mut one: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut one);
        (libc::sched_setaffinity(0, size, &one) == 0).then_some(cpu)
    }
}

/// CPU time (user + system) the calling thread has used so far.
pub fn thread_cpu_time() -> Duration {
    // SAFETY: `getrusage` writes into the zeroed struct we own; RUSAGE_THREAD
    // is valid on Linux.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_THREAD, &mut usage) != 0 {
            return Duration::ZERO;
        }
        usage
    };
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime))
}

/// A process's resident memory, from `/proc/self/status`, in KiB.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Memory {
    /// `VmRSS`: resident now.
    pub rss_kib: u64,
    /// `VmHWM`: the peak resident so far.
    pub peak_kib: u64,
}

/// Reads this process's resident memory (zeros where `/proc` is missing).
pub fn memory() -> Memory {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    Memory {
        rss_kib: field("VmRSS:"),
        peak_kib: field("VmHWM:"),
    }
}

/// A single-threaded runtime: the client's work all happens on the calling
/// thread, so [`thread_cpu_time`] counts all of it and none of the server's.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts")
}
