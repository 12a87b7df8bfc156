//! A loopback relay in front of each Prism that records every request line.
//! Prism validates the query parameters upstream declares and ignores any
//! other name, so a renamed optional parameter (`labels[]` for `labels`)
//! passes it unseen; the relay lets the test compare the names really sent
//! with upstream's.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use serde_json::Value;

use crate::validation::route_key;

/// One request as it went on the wire.
#[derive(Debug, Clone)]
pub struct WireRequest {
    pub method: String,
    /// Path and query, as sent (percent-encoded).
    pub target: String,
}

impl WireRequest {
    /// The decoded names of the query parameters, in order, repeats kept.
    pub fn query_names(&self) -> Vec<String> {
        let query = self.target.split_once('?').map_or("", |(_, query)| query);
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| percent_decode(pair.split_once('=').map_or(pair, |(name, _)| name)))
            .collect()
    }
}

/// Requests recorded by one relay, in the order they arrived.
#[derive(Clone, Default)]
pub struct Recorded(Arc<Mutex<Vec<WireRequest>>>);

impl Recorded {
    /// The requests recorded since the last call, oldest first.
    pub fn take(&self) -> Vec<WireRequest> {
        std::mem::take(&mut *self.0.lock().expect("recorder lock"))
    }
}

/// Starts a relay to `upstream_port`; returns its port and its record. The
/// relay threads end with the test process.
pub fn relay(upstream_port: u16) -> (u16, Recorded) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("relay binds");
    let port = listener.local_addr().expect("relay address").port();
    let recorded = Recorded::default();
    let record = recorded.clone();
    thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let record = record.clone();
            thread::spawn(move || relay_connection(client, upstream_port, &record));
        }
    });
    (port, recorded)
}

fn relay_connection(mut client: TcpStream, upstream_port: u16, record: &Recorded) {
    let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream_port)) else {
        return;
    };
    let (Ok(mut client_back), Ok(mut server_back)) = (client.try_clone(), server.try_clone())
    else {
        return;
    };
    let answers = thread::spawn(move || {
        let _ = std::io::copy(&mut server_back, &mut client_back);
        let _ = client_back.shutdown(Shutdown::Write);
    });
    let mut sniffer = Sniffer::default();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match client.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                // Recorded before Prism sees the request, so before the
                // client can have its answer.
                for request in sniffer.feed(&chunk[..n]) {
                    record.0.lock().expect("recorder lock").push(request);
                }
                if server.write_all(&chunk[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = server.shutdown(Shutdown::Write);
    let _ = answers.join();
}

/// Splits an HTTP/1.1 request stream into requests by their heads and
/// `Content-Length`.
#[derive(Default)]
struct Sniffer {
    buffer: Vec<u8>,
    /// Body bytes still to skip of the request last read.
    body_left: usize,
}

impl Sniffer {
    fn feed(&mut self, bytes: &[u8]) -> Vec<WireRequest> {
        self.buffer.extend_from_slice(bytes);
        let mut requests = Vec::new();
        loop {
            if self.body_left > 0 {
                let skip = self.body_left.min(self.buffer.len());
                self.buffer.drain(..skip);
                self.body_left -= skip;
                if self.body_left > 0 {
                    return requests;
                }
            }
            let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                return requests;
            };
            let head = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
            self.buffer.drain(..end + 4);
            let mut lines = head.lines();
            let mut request_line = lines.next().unwrap_or_default().split(' ');
            requests.push(WireRequest {
                method: request_line.next().unwrap_or_default().to_owned(),
                target: request_line.next().unwrap_or_default().to_owned(),
            });
            self.body_left = lines
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.trim().parse().ok())
                .unwrap_or(0);
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query parameters upstream's spec declares, per route.
pub fn declared_query_parameters(spec: &Value) -> BTreeMap<(String, String), BTreeSet<String>> {
    let resolve = |parameter: &Value| -> Value {
        match parameter["$ref"].as_str() {
            Some(pointer) => spec
                .pointer(pointer.trim_start_matches('#'))
                .cloned()
                .unwrap_or(Value::Null),
            None => parameter.clone(),
        }
    };
    let mut out = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().expect("spec has paths") {
        let shared = item["parameters"].as_array().cloned().unwrap_or_default();
        for (method, operation) in item.as_object().expect("path item is an object") {
            if !operation.is_object() || method == "parameters" {
                continue;
            }
            let own = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let names = shared
                .iter()
                .chain(&own)
                .map(resolve)
                .filter(|parameter| parameter["in"] == "query")
                .filter_map(|parameter| parameter["name"].as_str().map(str::to_owned))
                .collect();
            out.insert(route_key(method, path), names);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffer_splits_requests_with_and_without_bodies() {
        let mut sniffer = Sniffer::default();
        let first = sniffer.feed(b"GET /a?labels%5B%5D=vip&page=2 HTTP/1.1\r\nhost: x\r\n\r\nPOST /b HTTP/1.1\r\ncontent-length: 7\r\n\r\n{\"a\"");
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].query_names(), ["labels[]", "page"]);
        assert_eq!(first[1].method, "POST");
        let second = sniffer.feed(b":1}DELETE /c HTTP/1.1\r\n\r\n");
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].target, "/c");
        assert!(second[0].query_names().is_empty());
    }
}
