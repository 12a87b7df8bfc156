//! Which endpoints an agent bot's token may call: Chatwoot answers 401 both
//! for a wrong token and for a bot's token on an endpoint closed to bots;
//! this table tells them apart, so that a bot's refusal is
//! [`Error::NotAllowedForAgentBot`](crate::Error::NotAllowedForAgentBot).
//!
//! Say which kind of token the client holds ([`ApiToken::agent_bot`],
//! [`ApiToken::user`], or `ClientBuilder::token_kind`) and a bot's refusal
//! becomes [`Error::NotAllowedForAgentBot`](crate::Error::NotAllowedForAgentBot), naming the operation.
//!
//! # Endpoints open to agent bot tokens
//!
//! Chatwoot's `AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS`
//! (`app/controllers/concerns/access_token_auth_helper.rb`, at the revision
//! this SDK is generated from, `83a422de`) lets an agent bot's token call
//! these controller actions and nothing else; every other Application API
//! endpoint answers a bot's token with 401 `Access to this endpoint is not
//! authorized for bots`. All paths start `/api/v1/accounts/{account_id}`.
//!
//! | controller#action | request | SDK method (`chatwoot_application::Client::…`) |
//! |---|---|---|
//! | `api/v1/accounts/conversations#create` | `POST /conversations` | `create_conversation` |
//! | `api/v1/accounts/conversations#update` | `PATCH` (or `PUT`) `/conversations/{conversation_id}` | `update_conversation` |
//! | `api/v1/accounts/conversations#toggle_status` | `POST /conversations/{conversation_id}/toggle_status` | `toggle_conversation_status` |
//! | `api/v1/accounts/conversations#toggle_priority` | `POST /conversations/{conversation_id}/toggle_priority` | `toggle_conversation_priority` |
//! | `api/v1/accounts/conversations#toggle_typing_status` | `POST /conversations/{conversation_id}/toggle_typing_status` | `toggle_conversation_typing` |
//! | `api/v1/accounts/conversations#custom_attributes` | `POST /conversations/{conversation_id}/custom_attributes` | `update_conversation_custom_attributes` |
//! | `api/v1/accounts/conversations/messages#create` | `POST /conversations/{conversation_id}/messages` | `create_message` |
//! | `api/v1/accounts/conversations/assignments#create` | `POST /conversations/{conversation_id}/assignments` | `assign_conversation` |
//!
//! So a bot may open, update, resolve, prioritise and assign conversations,
//! set their custom attributes, type and post messages, but not read them
//! back (no `GET`), nor touch contacts, inboxes, agents or reports: those take
//! a user's token. Older Chatwoot versions lack `toggle_conversation_typing` in the
//! list. [`BOT_ACCESSIBLE_ENDPOINTS`] holds the table as data, and
//! [`is_bot_accessible`] is the check the SDK applies.
//!
//! [`ApiToken::agent_bot`]: crate::ApiToken::agent_bot
//! [`ApiToken::user`]: crate::ApiToken::user

use chatwoot_runtime::{Refusal, Refused, TokenKind};
use reqwest::{Method, StatusCode};

/// One controller action Chatwoot opens to agent bot tokens, and the request
/// that reaches it; see the [module](self) for the table.
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

/// The Application API's refusals: a 401 that is a bot's token refused,
/// because the server says so, or because the client holds a bot's token and
/// the endpoint is not open to bots (and the server does not say the token
/// itself is invalid).
pub(crate) fn refusal(refused: &Refused<'_>) -> Option<Refusal> {
    if refused.status != StatusCode::UNAUTHORIZED {
        return None;
    }
    let server_says_bots = refused.message.contains("not authorized for bots");
    let bot = match refused.token_kind {
        TokenKind::User => false,
        TokenKind::AgentBot => {
            server_says_bots
                || (!is_bot_accessible(refused.method, refused.path_template)
                    && !refused.message.contains("invalid access token"))
        }
        _ => server_says_bots,
    };
    bot.then_some(Refusal::AgentBot)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused<'a>(
        kind: TokenKind,
        method: &'a Method,
        path: &'a str,
        message: &'a str,
    ) -> Refused<'a> {
        Refused {
            status: StatusCode::UNAUTHORIZED,
            message,
            token_kind: kind,
            method,
            path_template: path,
        }
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
        let get = Method::GET;
        let bots = "access to this endpoint is not authorized for bots";
        let check = |kind, message| refusal(&refused(kind, &get, contacts, message));
        assert_eq!(check(TokenKind::AgentBot, bots), Some(Refusal::AgentBot));
        assert_eq!(check(TokenKind::AgentBot, "invalid access token"), None);
        assert_eq!(
            check(TokenKind::AgentBot, "you are not authorized"),
            Some(Refusal::AgentBot)
        );
        assert_eq!(check(TokenKind::Unknown, bots), Some(Refusal::AgentBot));
        assert_eq!(
            check(
                TokenKind::Unknown,
                "you are not authorized to do this action"
            ),
            None
        );
        assert_eq!(check(TokenKind::User, bots), None);
        let mut not_401 = refused(TokenKind::AgentBot, &get, contacts, bots);
        not_401.status = StatusCode::FORBIDDEN;
        assert_eq!(refusal(&not_401), None);
    }
}
