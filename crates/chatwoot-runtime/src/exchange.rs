//! What one call saw on the wire, kept while the generated code decodes it,
//! so errors keep the status and body, and `send_raw` can hand them back.

use std::cell::RefCell;
use std::future::Future;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The last response of a call, after retries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Exchange {
    pub status: Option<StatusCode>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Why the request was refused before it was sent, if it was.
    pub refused: Option<String>,
}

tokio::task_local! {
    static EXCHANGE: RefCell<Exchange>;
}

/// Runs a call, returning its result and what it saw on the wire.
pub(crate) async fn observe<F: Future>(call: F) -> (F::Output, Exchange) {
    EXCHANGE
        .scope(RefCell::new(Exchange::default()), async move {
            let output = call.await;
            let seen = EXCHANGE.with(|cell| std::mem::take(&mut *cell.borrow_mut()));
            (output, seen)
        })
        .await
}

/// Records a response; a no-op outside [`observe`].
pub(crate) fn record(status: StatusCode, headers: &HeaderMap, body: &Bytes) {
    let _ = EXCHANGE.try_with(|cell| {
        *cell.borrow_mut() = Exchange {
            status: Some(status),
            headers: headers.clone(),
            body: body.clone(),
            refused: None,
        };
    });
}

/// Records that a request was refused before it was sent.
pub(crate) fn refuse(reason: String) {
    let _ = EXCHANGE.try_with(|cell| cell.borrow_mut().refused = Some(reason));
}
