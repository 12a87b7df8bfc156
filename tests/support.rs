//! Helpers shared by the workspace-level tests.

use httpmock::MockServer;

/// The token the tests' clients send.
pub const TOKEN: &str = "test-token-5f2c";

/// An Application API client for a mock server.
pub fn application_client(server: &MockServer) -> chatwoot::application::Client {
    chatwoot::application::Client::with_token(server.base_url(), TOKEN).expect("client builds")
}

/// A Client API client for a mock server.
pub fn client_client(server: &MockServer) -> chatwoot::client::Client {
    chatwoot::client::Client::with_base_url(server.base_url()).expect("client builds")
}

/// A Platform API client for a mock server.
pub fn platform_client(server: &MockServer) -> chatwoot::platform::Client {
    chatwoot::platform::Client::with_token(server.base_url(), TOKEN).expect("client builds")
}

/// The query string of a request, split into decoded `(name, value)` pairs in
/// the order they were sent.
pub fn query_pairs(req: &httpmock::HttpMockRequest) -> Vec<(String, String)> {
    let query = req.uri_str().split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// A matcher for [`httpmock::When::is_true`]: the request's query string holds
/// exactly these pairs (repeated names included), in any order, and nothing
/// else.
pub fn query_is(
    expected: &[(&str, &str)],
) -> impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static {
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    expected.sort();
    move |req| {
        let mut actual = query_pairs(req);
        actual.sort();
        actual == expected
    }
}

/// A matcher for [`httpmock::When::is_true`]: the request has no query string.
pub fn no_query() -> impl Fn(&httpmock::HttpMockRequest) -> bool + Send + Sync + 'static {
    query_is(&[])
}

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
