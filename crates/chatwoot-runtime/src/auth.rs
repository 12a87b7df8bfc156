//! Who a client authenticates as, and what Chatwoot's authorization refusals
//! mean: an agent bot's token on an endpoint closed to bots, a platform app's
//! token on an object its app may not reach. Each becomes its own [`Error`]
//! kind instead of a bare 401.

use reqwest::{Method, StatusCode};

use crate::Family;
use crate::error::{Error, ErrorBody};

/// Whose access token an Application API client holds.
///
/// Chatwoot answers 401 both for a wrong token and for an agent bot's token on
/// an endpoint bots may not call, so a bot's refusals read like a bad token.
/// Say which kind of token the client holds ([`ApiToken::agent_bot`],
/// [`ApiToken::user`], or `ClientBuilder::token_kind`) and a bot's refusal
/// becomes [`Error::NotAllowedForAgentBot`], naming the operation.
///
/// # Endpoints open to agent bot tokens
///
/// Chatwoot's `AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS`
/// (`app/controllers/concerns/access_token_auth_helper.rb`, at the revision
/// this SDK is generated from, `83a422de`) lets an agent bot's token call
/// these controller actions and nothing else; every other Application API
/// endpoint answers a bot's token with 401 `Access to this endpoint is not
/// authorized for bots`. All paths start `/api/v1/accounts/{account_id}`.
///
/// | controller#action | request | SDK method (`chatwoot_application::Client::…`) |
/// |---|---|---|
/// | `api/v1/accounts/conversations#create` | `POST /conversations` | `create_conversation` |
/// | `api/v1/accounts/conversations#update` | `PATCH` (or `PUT`) `/conversations/{conversation_id}` | `update_conversation` |
/// | `api/v1/accounts/conversations#toggle_status` | `POST /conversations/{conversation_id}/toggle_status` | `toggle_conversation_status` |
/// | `api/v1/accounts/conversations#toggle_priority` | `POST /conversations/{conversation_id}/toggle_priority` | `toggle_conversation_priority` |
/// | `api/v1/accounts/conversations#toggle_typing_status` | `POST /conversations/{conversation_id}/toggle_typing_status` | `toggle_conversation_typing` |
/// | `api/v1/accounts/conversations#custom_attributes` | `POST /conversations/{conversation_id}/custom_attributes` | `update_conversation_custom_attributes` |
/// | `api/v1/accounts/conversations/messages#create` | `POST /conversations/{conversation_id}/messages` | `create_message` |
/// | `api/v1/accounts/conversations/assignments#create` | `POST /conversations/{conversation_id}/assignments` | `assign_conversation` |
///
/// So a bot may open, update, resolve, prioritise and assign conversations,
/// set their custom attributes, type and post messages, but not read them
/// back (no `GET`), nor touch contacts, inboxes, agents or reports: those take
/// a user's token. Older Chatwoot versions lack `toggle_conversation_typing` in the
/// list. [`BOT_ACCESSIBLE_ENDPOINTS`] holds the table as data, and
/// [`is_bot_accessible`] is the check the SDK applies.
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
    /// a 401 on an endpoint not in the table above is
    /// [`Error::NotAllowedForAgentBot`], unless the server says the token
    /// itself is invalid.
    AgentBot,
}

/// One controller action Chatwoot opens to agent bot tokens, and the request
/// that reaches it; see [`TokenKind`] for the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BotEndpoint {
    /// The Rails controller, as upstream's list names it
    /// (`api/v1/accounts/conversations`).
    pub controller: &'static str,
    /// The controller action (`toggle_status`).
    pub action: &'static str,
    /// The HTTP methods routed to the action.
    pub methods: &'static [&'static str],
    /// The path template, as the Application API's spec writes it.
    pub path: &'static str,
    /// The SDK method (`chatwoot_application::Client::…`) that sends it.
    pub operation: &'static str,
}

const CONVERSATION: &str = "/api/v1/accounts/{account_id}/conversations/{conversation_id}";

/// The controller actions Chatwoot opens to agent bot tokens
/// (`AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS`, upstream revision
/// `83a422de`), with the requests and SDK methods they correspond to.
pub const BOT_ACCESSIBLE_ENDPOINTS: &[BotEndpoint] = &[
    BotEndpoint {
        controller: "api/v1/accounts/conversations",
        action: "create",
        methods: &["POST"],
        path: "/api/v1/accounts/{account_id}/conversations",
        operation: "create_conversation",
    },
    BotEndpoint {
        controller: "api/v1/accounts/conversations",
        action: "update",
        methods: &["PATCH", "PUT"],
        path: CONVERSATION,
        operation: "update_conversation",
    },
    BotEndpoint {
        controller: "api/v1/accounts/conversations",
        action: "toggle_status",
        methods: &["POST"],
        path: "/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status",
        operation: "toggle_conversation_status",
    },
    BotEndpoint {
        controller: "api/v1/accounts/conversations",
        action: "toggle_priority",
        methods: &["POST"],
        path: "/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_priority",
        operation: "toggle_conversation_priority",
    },
    BotEndpoint {
        controller: "api/v1/accounts/conversations",
        action: "toggle_typing_status",
        methods: &["POST"],
        path: "/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_typing_status",
        operation: "toggle_conversation_typing",
    },
    BotEndpoint {
        controller: "api/v1/accounts/conversations",
        action: "custom_attributes",
        methods: &["POST"],
        path: "/api/v1/accounts/{account_id}/conversations/{conversation_id}/custom_attributes",
        operation: "update_conversation_custom_attributes",
    },
    BotEndpoint {
        controller: "api/v1/accounts/conversations/messages",
        action: "create",
        methods: &["POST"],
        path: "/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages",
        operation: "create_message",
    },
    BotEndpoint {
        controller: "api/v1/accounts/conversations/assignments",
        action: "create",
        methods: &["POST"],
        path: "/api/v1/accounts/{account_id}/conversations/{conversation_id}/assignments",
        operation: "assign_conversation",
    },
];

/// Whether an agent bot's token may call the endpoint at `path_template`
/// (as the spec writes it; placeholder names do not matter) with `method`.
pub fn is_bot_accessible(method: &Method, path_template: &str) -> bool {
    BOT_ACCESSIBLE_ENDPOINTS.iter().any(|endpoint| {
        endpoint.methods.contains(&method.as_str()) && same_template(endpoint.path, path_template)
    })
}

/// Whether two path templates name the same route: equal segments, any
/// placeholder matching any placeholder.
fn same_template(a: &str, b: &str) -> bool {
    let placeholder = |s: &str| s.starts_with('{') && s.ends_with('}');
    let (mut a, mut b) = (
        a.trim_end_matches('/').split('/'),
        b.trim_end_matches('/').split('/'),
    );
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y || (placeholder(x) && placeholder(y)) => {}
            _ => return false,
        }
    }
}

/// What the request hook knows about the call in flight, kept for the error
/// mapping in `send`.
#[derive(Debug, Clone)]
pub(crate) struct CallInfo {
    pub family: Family,
    pub token_kind: TokenKind,
    pub operation: &'static str,
    pub method: Method,
    pub path_template: &'static str,
}

/// The server's message, lower-cased, for matching.
fn message_lower(body: &ErrorBody) -> String {
    body.message().unwrap_or_default().to_lowercase()
}

/// Turns an error status that is really an authorization refusal into its
/// own kind; anything else is returned as it is.
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
    let unauthorized = status == StatusCode::UNAUTHORIZED;
    match call.family {
        Family::Application if unauthorized && bot_refusal(call, &message) => {
            Error::NotAllowedForAgentBot {
                operation: call.operation,
                method: call.method.clone(),
                path: call.path_template,
                body,
            }
        }
        Family::Platform if unauthorized && message.contains("non permissible resource") => {
            Error::NotPermittedForPlatformApp {
                operation: call.operation,
                body,
            }
        }
        _ => Error::Status {
            status,
            headers,
            body,
        },
    }
}

/// Whether a 401 of the Application API is a bot's token refused: the server
/// says so, or the client holds a bot's token and the endpoint is not open to
/// bots (and the server does not say the token itself is invalid).
fn bot_refusal(call: &CallInfo, message: &str) -> bool {
    let server_says_bots = message.contains("not authorized for bots");
    match call.token_kind {
        TokenKind::User => false,
        TokenKind::Unknown => server_says_bots,
        TokenKind::AgentBot => {
            server_says_bots
                || (!is_bot_accessible(&call.method, call.path_template)
                    && !message.contains("invalid access token"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    fn call(kind: TokenKind, method: Method, path: &'static str) -> CallInfo {
        CallInfo {
            family: Family::Application,
            token_kind: kind,
            operation: "op",
            method,
            path_template: path,
        }
    }

    fn unauthorized(message: &str) -> Error {
        let body = serde_json::json!({ "error": message }).to_string();
        Error::from_status(StatusCode::UNAUTHORIZED, HeaderMap::new(), body.as_bytes())
    }

    #[test]
    fn every_listed_endpoint_is_accessible_and_reads_are_not() {
        for endpoint in BOT_ACCESSIBLE_ENDPOINTS {
            for method in endpoint.methods {
                let method = Method::from_bytes(method.as_bytes()).expect("method");
                assert!(is_bot_accessible(&method, endpoint.path), "{endpoint:?}");
            }
        }
        assert!(is_bot_accessible(
            &Method::POST,
            "/api/v1/accounts/{id}/conversations/{cid}/messages"
        ));
        assert!(!is_bot_accessible(&Method::GET, CONVERSATION));
        assert!(!is_bot_accessible(
            &Method::GET,
            "/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages"
        ));
        assert!(!is_bot_accessible(
            &Method::POST,
            "/api/v1/accounts/{account_id}/contacts"
        ));
        assert!(!is_bot_accessible(&Method::POST, ""));
    }

    #[test]
    fn bot_refusals_are_told_apart_from_wrong_tokens() {
        let contacts = "/api/v1/accounts/{account_id}/contacts";
        let bot = call(TokenKind::AgentBot, Method::GET, contacts);
        assert!(matches!(
            classify(
                unauthorized("Access to this endpoint is not authorized for bots"),
                Some(&bot)
            ),
            Error::NotAllowedForAgentBot { .. }
        ));
        assert!(matches!(
            classify(unauthorized("Invalid Access Token"), Some(&bot)),
            Error::Status { .. }
        ));
        let unknown = call(TokenKind::Unknown, Method::GET, contacts);
        assert!(matches!(
            classify(
                unauthorized("Access to this endpoint is not authorized for bots"),
                Some(&unknown)
            ),
            Error::NotAllowedForAgentBot { .. }
        ));
        assert!(matches!(
            classify(
                unauthorized("You are not authorized to do this action"),
                Some(&unknown)
            ),
            Error::Status { .. }
        ));
        let user = call(TokenKind::User, Method::GET, contacts);
        assert!(matches!(
            classify(
                unauthorized("Access to this endpoint is not authorized for bots"),
                Some(&user)
            ),
            Error::Status { .. }
        ));
        assert!(matches!(
            classify(unauthorized("anything"), None),
            Error::Status { .. }
        ));
    }
}
