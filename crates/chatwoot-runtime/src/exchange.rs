//! What one call saw on the wire, kept while the generated code decodes it,
//! so errors keep the status and body, and `send_raw` can hand them back.
//! One task-local per call holds it, with what the request hook noted about
//! the call: one scope to enter on every poll rather than two.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use tokio::task::futures::TaskLocalFuture;

use crate::auth::CallInfo;

/// The last response of a call, after retries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Exchange {
    pub status: Option<StatusCode>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// What the request hook noted about the call.
    pub call: Option<CallInfo>,
    /// Why the call was abandoned, if it was.
    pub aborted: Option<Aborted>,
    /// Whether `headers` is to be filled.
    keep_headers: bool,
}

tokio::task_local! {
    // Boxed: tokio swaps the value in and out of the thread on every poll.
    static EXCHANGE: RefCell<Box<Exchange>>;
}

/// A call run with an exchange to record into.
pub(crate) type Observed<F> = TaskLocalFuture<RefCell<Box<Exchange>>, F>;

/// Runs a call with an exchange to record into; once it is done, [`seen`]
/// gives what it saw on the wire. The response headers are kept only when
/// asked for (`send_raw`): typed calls get them from the response itself.
///
/// Not an `async fn` returning the output with the exchange: the output (a
/// decoded body, up to a few KB) would be copied through one more layer.
pub(crate) fn observe<F: Future>(call: F, keep_headers: bool) -> Observed<F> {
    let start = Box::new(Exchange {
        keep_headers,
        ..Exchange::default()
    });
    EXCHANGE.scope(RefCell::new(start), call)
}

/// What an observed call saw, once it is done.
pub(crate) fn seen<F: Future>(observed: Pin<&mut Observed<F>>) -> Exchange {
    observed
        .take_value()
        .map(|cell| *cell.into_inner())
        .unwrap_or_default()
}

/// Records a response; a no-op outside [`observe`].
pub(crate) fn record(status: StatusCode, headers: &HeaderMap, body: &Bytes) {
    let _ = EXCHANGE.try_with(|cell| {
        let mut seen = cell.borrow_mut();
        seen.status = Some(status);
        if seen.keep_headers {
            seen.headers = headers.clone();
        }
        seen.body = body.clone();
    });
}

/// Why a call was abandoned before its answer was whole.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Aborted {
    /// The body was larger than the limit.
    TooLarge { limit: u64, length: Option<u64> },
    /// The call's deadline passed.
    Deadline { deadline: std::time::Duration },
}

/// Records that the call was abandoned; a no-op outside [`observe`].
pub(crate) fn abort(why: Aborted) {
    let _ = EXCHANGE.try_with(|cell| cell.borrow_mut().aborted = Some(why));
}

/// Notes the call in flight; a no-op outside [`observe`].
pub(crate) fn note(call: CallInfo) {
    let _ = EXCHANGE.try_with(|cell| cell.borrow_mut().call = Some(call));
}
