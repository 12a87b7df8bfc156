//! An axum extractor for signed webhooks.
//!
//! ```no_run
//! use axum::{Router, routing::post};
//! use chatwoot_webhooks::{Event, Verifier, axum::ChatwootWebhook};
//!
//! async fn receive(ChatwootWebhook(webhook): ChatwootWebhook) {
//!     if let Event::MessageCreated(message) = webhook.event {
//!         println!("{:?}", message.content);
//!     }
//! }
//!
//! # fn main() -> Result<(), chatwoot_webhooks::VerifyError> {
//! let app: Router = Router::new()
//!     .route("/chatwoot", post(receive))
//!     .with_state(Verifier::new("webhook-secret")?);
//! # let _ = app; Ok(()) }
//! ```

use std::fmt;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRef, FromRequest, Request};
use axum::response::{IntoResponse, Response};

use crate::verify::{VerifiedWebhook, Verifier, VerifyError};

/// Extracts a verified webhook; the [`Verifier`] comes from the router's
/// state (directly, or through [`FromRef`]).
///
/// Rejects with 401 when the signature or timestamp does not check out,
/// and with 400 when an authentic body is not a JSON object.
#[derive(Debug, Clone)]
pub struct ChatwootWebhook(pub VerifiedWebhook);

impl<S> FromRequest<S> for ChatwootWebhook
where
    S: Send + Sync,
    Verifier: FromRef<S>,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state)
            .await
            .map_err(WebhookRejection::Body)?;
        verifier
            .verify(&headers, &body)
            .map(ChatwootWebhook)
            .map_err(WebhookRejection::Verify)
    }
}

/// Why [`ChatwootWebhook`] rejected a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// Verification failed: 401, or 400 for an undecodable body.
    Verify(VerifyError),
    /// The body could not be read (too large, aborted): axum's own status.
    Body(BytesRejection),
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Verify(e) => e.fmt(f),
            Self::Body(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WebhookRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Verify(e) => Some(e),
            Self::Body(e) => Some(e),
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        match self {
            Self::Verify(e) => (e.status(), e.to_string()).into_response(),
            Self::Body(e) => e.into_response(),
        }
    }
}
