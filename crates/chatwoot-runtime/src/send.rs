//! The two ways a generated operation is sent: typed (`send`), and raw
//! (`send_raw`), the escape hatch that returns whatever the server said.

use std::future::Future;

use bytes::Bytes;
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::auth;
use crate::error::{Error, excerpt};
use crate::exchange::{self, Exchange};

/// Runs a generated call and maps its outcome to [`Error`]. Error responses
/// are generated untyped (raw bytes), so every one is decoded here, the same
/// way for every operation of every family.
///
/// Hand it the call boxed (`Box::pin(call)`), as generated code does: a
/// call's future holds the whole exchange, a few KB, and moving it through
/// the layers here would copy it each time.
pub async fn send<T, F>(call: F) -> Result<ResponseValue<T>, Error>
where
    T: DeserializeOwned,
    F: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ByteStream>>>,
{
    // The generated `send` boxes its call before handing it here, so the
    // layers below move a pointer, not the call's large future.
    let mut observed = std::pin::pin!(exchange::observe(call, false));
    match observed.as_mut().await {
        Ok(value) => {
            // serde's derived structs also read a list, field by field:
            // `[]` would come back as a struct of defaults.
            let seen = exchange::seen(observed);
            match list_for_object::<T>(seen.status, &seen.body) {
                Some(error) => Err(error),
                None => Ok(value),
            }
        }
        Err(error) => {
            let mut seen = exchange::seen(observed);
            let call = seen.call.take();
            Err(auth::classify(map_error::<T>(error, seen), call.as_ref()))
        }
    }
}

/// A body that is a list where `T` reads an object. serde's derived structs
/// also read a list, field by field in order: `[]` would decode as a struct
/// of defaults, `["x", 7]` as whatever its first fields take.
fn list_for_object<'de, T: serde::Deserialize<'de>>(
    status: Option<StatusCode>,
    body: &[u8],
) -> Option<Error> {
    let is_list = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    (is_list && crate::de::expects_object::<T>()).then(|| Error::Decode {
        status,
        path: ".".into(),
        message: "a list where an object belongs".into(),
        excerpt: excerpt(body),
    })
}

/// What the server sent, undecoded: for responses the typed method cannot
/// take (a field upstream's spec gets wrong, a status it does not document).
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

impl RawResponse {
    /// The body as JSON of any shape.
    pub fn json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The body decoded into a type of your choosing.
    // `Error` is the one error type of every call, large because
    // `Error::Status` keeps the headers by value; boxing it would change
    // every caller's pattern.
    #[allow(clippy::result_large_err)]
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        if let Some(error) = list_for_object::<T>(Some(self.status), &self.body) {
            return Err(error);
        }
        decode_error::<T>(Some(self.status), &self.body).map_or_else(
            || serde_json::from_slice(&self.body).map_err(|_| unknown_decode(self)),
            Err,
        )
    }
}

fn unknown_decode(raw: &RawResponse) -> Error {
    Error::Decode {
        status: Some(raw.status),
        path: ".".into(),
        message: "does not decode".into(),
        excerpt: excerpt(&raw.body),
    }
}

/// Runs a generated call and returns the raw response, whatever its status;
/// fails only when no response arrived (connection, timeout).
pub async fn send_raw<T, F>(call: F) -> Result<RawResponse, Error>
where
    F: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ByteStream>>>,
{
    let mut observed = std::pin::pin!(exchange::observe(call, true));
    let result = observed.as_mut().await;
    let seen = exchange::seen(observed);
    if let Some(why) = seen.aborted {
        return Err(Error::from(why));
    }
    match (seen.status, result) {
        (Some(status), _) => Ok(RawResponse {
            status,
            headers: seen.headers,
            body: seen.body,
        }),
        (None, Err(error)) => Err(map_error::<serde_json::Value>(error, seen)),
        (None, Ok(_)) => Err(Error::InvalidRequest(
            "the call completed without a response".into(),
        )),
    }
}

/// Maps progenitor's error, with what the exchange saw, to ours.
fn map_error<T: DeserializeOwned>(
    error: progenitor_client::Error<ByteStream>,
    seen: Exchange,
) -> Error {
    use progenitor_client::Error as P;
    if let Some(why) = seen.aborted {
        return Error::from(why);
    }
    match error {
        P::InvalidRequest(message) | P::Custom(message) => Error::InvalidRequest(message),
        P::CommunicationError(source)
        | P::ResponseBodyError(source)
        | P::InvalidUpgrade(source) => Error::from_transport(source),
        P::ErrorResponse(response) => {
            Error::from_status(response.status(), response.headers().clone(), &seen.body)
        }
        P::UnexpectedResponse(response) => {
            Error::from_status(response.status(), response.headers().clone(), &seen.body)
        }
        P::InvalidResponsePayload(body, serde_error) => decode_error::<T>(seen.status, &body)
            .unwrap_or_else(|| Error::Decode {
                status: seen.status,
                path: ".".into(),
                message: serde_error.to_string(),
                excerpt: excerpt(&body),
            }),
    }
}

/// Decodes a body again, with `serde_path_to_error`, to name where it fails;
/// `None` if it decodes.
fn decode_error<T: DeserializeOwned>(status: Option<StatusCode>, body: &[u8]) -> Option<Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => None,
        Err(error) => Some(Error::Decode {
            status,
            path: error.path().to_string(),
            message: error.inner().to_string(),
            excerpt: excerpt(body),
        }),
    }
}
