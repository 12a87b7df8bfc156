//! What the family crates' typed mocks (`mock::MockServerExt`) share: a
//! record of what each typed mock expects, and an answer for the request
//! that none matches.
//!
//! httpmock answers a request no mock matches with a bare 404 ("Request did
//! not match any route or mock"), which leaves the test's author to guess
//! which expectation failed. Each typed mock records what it was told
//! (operation, method, path, query, body) here; a last mock per server, made
//! again after each typed one so that it stays behind them all, catches the
//! requests on their paths that none matched and answers 404 with a message
//! naming each typed mock of the path and what differed.
//!
//! A mock made with httpmock's own `server.mock(..)` for a path after a
//! typed mock of that path comes behind this catch: make it first.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use httpmock::{HttpMockRequest, HttpMockResponse, MockServer, Regex};
use serde_json::Value;

/// httpmock's [`When`](httpmock::When), recording what a typed mock's
/// helpers expect (the methods they call have httpmock's names).
pub struct When {
    inner: httpmock::When,
    expected: Arc<Mutex<Expected>>,
}

/// What one typed mock expects, as its helpers set it.
#[derive(Clone, Debug, Default)]
pub struct Expected {
    operation: &'static str,
    mock: usize,
    method: Option<String>,
    /// The operation's route first, then one per path parameter set.
    paths: Vec<Regex>,
    /// `None`: the parameter must be absent.
    query: Vec<(String, Option<String>)>,
    body: Option<Value>,
    /// `into_inner()` was called: more may be expected than this records.
    raw: bool,
}

impl Expected {
    /// A typed mock of `operation`, to record into with [`When::new`].
    pub fn new(operation: &'static str) -> Arc<Mutex<Expected>> {
        Arc::new(Mutex::new(Expected {
            operation,
            ..Expected::default()
        }))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl When {
    /// Wraps httpmock's `When`, recording into `expected`.
    pub fn new(inner: httpmock::When, expected: &Arc<Mutex<Expected>>) -> When {
        When {
            inner,
            expected: Arc::clone(expected),
        }
    }

    /// httpmock's `When`, for expectations the typed helpers do not offer
    /// (the catch-all's message then says that more was expected).
    pub fn into_inner(self) -> httpmock::When {
        lock(&self.expected).raw = true;
        self.inner
    }

    /// Records into the expectations, then applies to httpmock's `When`.
    fn and(
        self,
        record: impl FnOnce(&mut Expected),
        apply: impl FnOnce(httpmock::When) -> httpmock::When,
    ) -> When {
        record(&mut lock(&self.expected));
        When {
            inner: apply(self.inner),
            expected: self.expected,
        }
    }

    /// `When::method`.
    pub fn method(self, method: httpmock::Method) -> When {
        let name = method.to_string();
        self.and(|e| e.method = Some(name), |w| w.method(method))
    }

    /// `When::path_matches`; panics on a pattern that is no regex, as
    /// httpmock does.
    pub fn path_matches(self, pattern: String) -> When {
        let regex = Regex::from(pattern.as_str());
        let recorded = regex.clone();
        self.and(|e| e.paths.push(recorded), |w| w.path_matches(regex))
    }

    /// `When::query_param`.
    pub fn query_param(self, name: &str, value: String) -> When {
        let recorded = (name.to_owned(), Some(value.clone()));
        self.and(|e| e.query.push(recorded), |w| w.query_param(name, value))
    }

    /// `When::query_param_missing`.
    pub fn query_param_missing(self, name: &str) -> When {
        let recorded = (name.to_owned(), None);
        self.and(|e| e.query.push(recorded), |w| w.query_param_missing(name))
    }

    /// `When::json_body`.
    pub fn json_body(self, body: Value) -> When {
        let recorded = body.clone();
        self.and(|e| e.body = Some(recorded), |w| w.json_body(body))
    }
}

/// The typed mocks of one server, shared with its catch-all. The catch-all's
/// definition holds the only lasting strong reference: when httpmock drops
/// the server's mocks (`reset`, or the server going back to its pool), this
/// goes too, and the next typed mock on that address starts afresh.
#[derive(Default)]
struct Registry {
    mocks: Mutex<Vec<Expected>>,
}

/// Per server address: its registry and the id of its catch-all mock, or
/// `None` for a server that takes no catch-all ([`without_catch_all`]).
type Servers = HashMap<SocketAddr, Option<(Weak<Registry>, usize)>>;

fn servers() -> &'static Mutex<Servers> {
    static SERVERS: OnceLock<Mutex<Servers>> = OnceLock::new();
    SERVERS.get_or_init(Mutex::default)
}

/// While the guard lives, typed mocks on this server make no catch-all: a
/// request none matches gets httpmock's bare 404. For a standalone httpmock
/// server (`MockServer::connect`), which cannot run the catch-all's
/// closure; take it before the first typed mock. The guard borrows the
/// server, so it ends before the server goes back to httpmock's pool.
pub fn without_catch_all(server: &MockServer) -> WithoutCatchAll<'_> {
    lock(servers()).insert(*server.address(), None);
    WithoutCatchAll(server)
}

/// See [`without_catch_all`].
#[must_use = "the catch-all is off only while this lives"]
pub struct WithoutCatchAll<'a>(&'a MockServer);

impl Drop for WithoutCatchAll<'_> {
    fn drop(&mut self) {
        let mut servers = lock(servers());
        if let Some(None) = servers.get(self.0.address()) {
            servers.remove(self.0.address());
        }
    }
}

/// Adds a typed mock, once made (its id), to its server's record, and puts
/// the server's catch-all behind it.
pub fn made(server: &MockServer, expected: &Arc<Mutex<Expected>>, mock: usize) {
    let mut expected = lock(expected).clone();
    expected.mock = mock;
    let mut servers = lock(servers());
    let address = *server.address();
    let live = match servers.get(&address) {
        Some(None) => return,
        Some(Some((registry, catch_all))) => registry.upgrade().map(|r| (r, *catch_all)),
        None => None,
    };
    let registry = match live {
        Some((registry, catch_all)) => {
            httpmock::Mock::new(catch_all, server).delete();
            registry
        }
        None => Arc::new(Registry::default()),
    };
    let routes: Vec<String> = {
        let mut mocks = lock(&registry.mocks);
        mocks.push(expected);
        let mut routes: Vec<String> = mocks
            .iter()
            .filter_map(|m| m.paths.first().map(|r| r.0.as_str().to_owned()))
            .collect();
        routes.sort();
        routes.dedup();
        routes
    };
    let answering = Arc::clone(&registry);
    let catch_all = server.mock(|when, then| {
        when.path_matches(Regex::from(routes.join("|").as_str()));
        then.respond_with(move |request| answer(&answering, request));
    });
    servers.insert(address, Some((Arc::downgrade(&registry), catch_all.id())));
}

/// The catch-all's answer: 404, as httpmock's own, with a message.
fn answer(registry: &Registry, request: &HttpMockRequest) -> HttpMockResponse {
    let message = explain(&lock(&registry.mocks), request);
    let body = serde_json::json!({ "message": message }).to_string();
    HttpMockResponse::builder()
        .status(404)
        .header("content-type", "application/json")
        .body(body)
        .build()
}

/// `no typed mock matched GET /path?query: list_x (mock 3): query page:
/// wants 2, got 1; ...`, one clause per typed mock of the request's path.
fn explain(mocks: &[Expected], request: &HttpMockRequest) -> String {
    // The request line's target, without scheme and host (which httpmock
    // adds).
    let target = request.uri_str().parse::<http::Uri>().ok();
    let uri = target
        .as_ref()
        .and_then(http::Uri::path_and_query)
        .map_or(request.uri_str(), http::uri::PathAndQuery::as_str);
    let path = uri.split('?').next().unwrap_or_default();
    let mut message = format!(
        "no typed mock matched {} {}; typed mocks for this path:",
        request.method_str(),
        crate::error::one_line(uri, 200)
    );
    let query = request.query_params();
    let body: Option<Value> = serde_json::from_slice(request.body_ref()).ok();
    let mut first = true;
    for mock in mocks {
        if !mock.paths.first().is_some_and(|r| r.0.is_match(path)) {
            continue;
        }
        let differences = differences(mock, request.method_str(), path, &query, body.as_ref());
        let said = if differences.is_empty() && mock.raw {
            "differs in what was set through `into_inner()`".to_owned()
        } else if differences.is_empty() {
            "matches: used up (`up_to_n_times`) or deleted".to_owned()
        } else {
            differences.join(", ")
        };
        let _ = write!(
            message,
            "{} `{}` (mock {}): {said}",
            if first { "" } else { ";" },
            mock.operation,
            mock.mock
        );
        first = false;
    }
    message
}

/// What of the request differs from `mock`'s expectations.
fn differences(
    mock: &Expected,
    method: &str,
    path: &str,
    query: &[(String, String)],
    body: Option<&Value>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(wanted) = &mock.method
        && !wanted.eq_ignore_ascii_case(method)
    {
        out.push(format!("method: wants {wanted}, got {method}"));
    }
    if mock.paths.iter().any(|r| !r.0.is_match(path)) {
        out.push(format!("path: wants {}", path_wanted(&mock.paths)));
    }
    for (name, wanted) in &mock.query {
        let got: Vec<&str> = query
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect();
        match wanted {
            Some(wanted) if !got.contains(&wanted.as_str()) => out.push(match got.as_slice() {
                [] => format!("query {name}: wants {wanted}, got none"),
                got => format!("query {name}: wants {wanted}, got {}", got.join(" and ")),
            }),
            None if !got.is_empty() => {
                out.push(format!(
                    "query {name}: wants none, got {}",
                    got.join(" and ")
                ));
            }
            _ => {}
        }
    }
    if let Some(wanted) = &mock.body {
        match body {
            None => out.push("body: wants JSON, got none or not JSON".to_owned()),
            Some(got) => json_differences(wanted, got, &mut String::new(), &mut out),
        }
    }
    out
}

/// How many differences of a body a message names.
const BODY_DIFFERENCES: usize = 8;

/// The places where `got` differs from `wanted`, as `body.a.b[2]: wants x,
/// got y`; the first [`BODY_DIFFERENCES`].
fn json_differences(wanted: &Value, got: &Value, at: &mut String, out: &mut Vec<String>) {
    let place = |at: &str| format!("body{}", if at.is_empty() { "" } else { at });
    match (wanted, got) {
        (Value::Object(wanted), Value::Object(got)) => {
            let mut keys: Vec<&String> = wanted.keys().chain(got.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let len = at.len();
                let _ = write!(at, ".{key}");
                match (wanted.get(key), got.get(key)) {
                    (Some(w), Some(g)) => json_differences(w, g, at, out),
                    (Some(w), None) => {
                        push_bounded(out, format!("{}: wants {w}, got none", place(at)))
                    }
                    (None, Some(g)) => {
                        push_bounded(out, format!("{}: wants none, got {g}", place(at)))
                    }
                    (None, None) => {}
                }
                at.truncate(len);
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (index, (w, g)) in w.iter().zip(g).enumerate() {
                let len = at.len();
                let _ = write!(at, "[{index}]");
                json_differences(w, g, at, out);
                at.truncate(len);
            }
        }
        (wanted, got) if wanted != got => {
            push_bounded(out, format!("{}: wants {wanted}, got {got}", place(at)));
        }
        _ => {}
    }
}

fn push_bounded(out: &mut Vec<String>, difference: String) {
    let bodies = out.iter().filter(|d| d.starts_with("body")).count();
    if bodies < BODY_DIFFERENCES {
        out.push(crate::error::one_line(&difference, 200));
    } else if bodies == BODY_DIFFERENCES {
        out.push("body: and more".to_owned());
    }
}

/// The path a typed mock wants, from its regexes (the route's, with `*`
/// for each segment any value matches, and one per path parameter set): the
/// set segments written over the route's.
fn path_wanted(paths: &[Regex]) -> String {
    let mut merged: Vec<String> = Vec::new();
    for regex in paths {
        let pattern = regex
            .0
            .as_str()
            .trim_start_matches('^')
            .trim_end_matches('$');
        let segments: Vec<String> = pattern
            .replace("[^/]*", "*")
            .split('/')
            .map(|s| s.replace('\\', ""))
            .collect();
        if merged.is_empty() {
            merged = segments;
        } else if merged.len() == segments.len() {
            for (have, set) in merged.iter_mut().zip(segments) {
                if set != "*" {
                    *have = set;
                }
            }
        }
    }
    merged.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regexes(patterns: &[&str]) -> Vec<Regex> {
        patterns.iter().map(|p| Regex::from(*p)).collect()
    }

    #[test]
    fn a_path_wanted_merges_the_parameters_set() {
        let paths = regexes(&[
            "^/api/v1/accounts/[^/]*/conversations/[^/]*/messages$",
            "^/api/v1/accounts/7/conversations/[^/]*/messages$",
            "^/api/v1/accounts/[^/]*/conversations/a\\.b/messages$",
        ]);
        assert_eq!(
            path_wanted(&paths),
            "/api/v1/accounts/7/conversations/a.b/messages"
        );
    }

    #[test]
    fn each_difference_is_named() {
        let mock = Expected {
            operation: "create_message",
            mock: 3,
            method: Some("POST".into()),
            paths: regexes(&[
                "^/api/v1/accounts/[^/]*/messages$",
                "^/api/v1/accounts/7/messages$",
            ]),
            query: vec![("page".into(), Some("2".into())), ("sort".into(), None)],
            body: Some(serde_json::json!({"content": "Hi", "private": false, "tags": [1, 2]})),
            raw: false,
        };
        let got = serde_json::json!({"content": "Hello", "tags": [1, 3]});
        let query = vec![
            ("page".to_owned(), "1".to_owned()),
            ("sort".to_owned(), "name".to_owned()),
        ];
        let out = differences(
            &mock,
            "GET",
            "/api/v1/accounts/8/messages",
            &query,
            Some(&got),
        );
        assert_eq!(
            out,
            [
                "method: wants POST, got GET",
                "path: wants /api/v1/accounts/7/messages",
                "query page: wants 2, got 1",
                "query sort: wants none, got name",
                "body.content: wants \"Hi\", got \"Hello\"",
                "body.private: wants false, got none",
                "body.tags[1]: wants 2, got 3",
            ]
        );
        assert!(
            differences(
                &mock,
                "POST",
                "/api/v1/accounts/7/messages",
                &[("page".into(), "2".into())],
                Some(mock.body.as_ref().unwrap())
            )
            .is_empty()
        );
    }
}
