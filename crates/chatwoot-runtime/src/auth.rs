//! Who a client authenticates as, and the hook through which a family crate
//! turns an authorization refusal into its own [`Error`] kind instead of a
//! bare 401: the runtime knows no family, only what [`Api`] tells it.

use reqwest::{Method, StatusCode};

use crate::error::{Error, ErrorBody};

/// Whose access token a client holds, as far as it was told. Only some
/// families give it a meaning: the Application API tells a bot's refusals
/// apart from a wrong token with it (see `chatwoot_application::bots`).
///
/// [`ApiToken::agent_bot`]: crate::ApiToken::agent_bot
/// [`ApiToken::user`]: crate::ApiToken::user
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenKind {
    /// Not said (the default). A 401 becomes
    /// [`Error::NotAllowedForAgentBot`] only when the server's own message
    /// says the endpoint is closed to bots.
    #[default]
    Unknown,
    /// A user's access token (Profile settings, "Access Token"): a 401 is
    /// always [`Error::Status`].
    User,
    /// An agent bot's access token (Settings, "Bots", or the Platform API):
    /// a 401 on an endpoint closed to bots is
    /// [`Error::NotAllowedForAgentBot`], unless the server says the token
    /// itself is invalid.
    AgentBot,
}

/// What a family crate tells the runtime of its API: its name, whether it
/// takes a token, and which error statuses are refusals of its own.
#[derive(Debug)]
pub struct Api {
    /// Its name in messages (`Application`).
    pub name: &'static str,
    /// Whether requests carry an access token.
    pub uses_token: bool,
    /// Which error statuses are an authorization refusal of this API, and
    /// which; `None` leaves the status as it is.
    pub refusal: fn(&Refused<'_>) -> Option<Refusal>,
}

/// An error status, as [`Api::refusal`] sees it.
#[derive(Debug)]
pub struct Refused<'a> {
    /// The status.
    pub status: StatusCode,
    /// The server's message (any of Chatwoot's error shapes), lower-cased.
    pub message: &'a str,
    /// Whose token the client holds.
    pub token_kind: TokenKind,
    /// The request's method.
    pub method: &'a Method,
    /// The operation's path template.
    pub path_template: &'a str,
}

/// The refusals the one [`Error`] type has kinds for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// [`Error::NotAllowedForAgentBot`].
    AgentBot,
    /// [`Error::NotPermittedForPlatformApp`].
    PlatformApp,
}

/// What the request hook knows about the call in flight, kept for the error
/// mapping in `send`.
#[derive(Debug, Clone)]
pub(crate) struct CallInfo {
    pub api: &'static Api,
    pub token_kind: TokenKind,
    pub operation: &'static str,
    pub method: Method,
    pub path_template: &'static str,
}

/// Turns an error status that the API calls a refusal into its own kind;
/// anything else is returned as it is.
pub(crate) fn classify(error: Error, call: Option<&CallInfo>) -> Error {
    let Some(call) = call else {
        return error;
    };
    let Error::Status {
        status,
        headers,
        body,
    } = error
    else {
        return error;
    };
    let message = message_lower(&body);
    let refused = Refused {
        status,
        message: &message,
        token_kind: call.token_kind,
        method: &call.method,
        path_template: call.path_template,
    };
    match (call.api.refusal)(&refused) {
        Some(Refusal::AgentBot) => Error::NotAllowedForAgentBot {
            operation: call.operation,
            method: call.method.clone(),
            path: call.path_template,
            body,
        },
        Some(Refusal::PlatformApp) => Error::NotPermittedForPlatformApp {
            operation: call.operation,
            body,
        },
        None => Error::Status {
            status,
            headers,
            body,
        },
    }
}

/// The server's message, lower-cased, for matching.
fn message_lower(body: &ErrorBody) -> String {
    body.message().unwrap_or_default().to_lowercase()
}

/// An API with no refusals of its own.
pub fn no_refusals(_: &Refused<'_>) -> Option<Refusal> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    fn by_message(refused: &Refused<'_>) -> Option<Refusal> {
        refused
            .message
            .contains("bots")
            .then_some(Refusal::AgentBot)
    }

    static API: Api = Api {
        name: "Test",
        uses_token: true,
        refusal: by_message,
    };

    fn call() -> CallInfo {
        CallInfo {
            api: &API,
            token_kind: TokenKind::AgentBot,
            operation: "op",
            method: Method::GET,
            path_template: "/x",
        }
    }

    fn unauthorized(message: &str) -> Error {
        let body = serde_json::json!({ "error": message }).to_string();
        Error::from_status(StatusCode::UNAUTHORIZED, HeaderMap::new(), body.as_bytes())
    }

    #[test]
    fn the_api_says_which_statuses_are_its_refusals() {
        assert!(matches!(
            classify(unauthorized("Not authorized for BOTS"), Some(&call())),
            Error::NotAllowedForAgentBot {
                operation: "op",
                ..
            }
        ));
        assert!(matches!(
            classify(unauthorized("Invalid Access Token"), Some(&call())),
            Error::Status { .. }
        ));
        assert!(matches!(
            classify(unauthorized("bots"), None),
            Error::Status { .. }
        ));
    }
}
