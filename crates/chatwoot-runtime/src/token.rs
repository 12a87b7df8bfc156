use std::fmt;

use reqwest::header::HeaderValue;

use crate::TokenKind;

/// An access token: a user's, an agent bot's or a platform app's.
///
/// It never shows in `Debug` or `Display` output, and the header made from it
/// is marked sensitive, so HTTP-level logging redacts it too.
///
/// An Application API token may say whose it is ([`ApiToken::user`],
/// [`ApiToken::agent_bot`]): a bot's token then gets
/// [`Error::NotAllowedForAgentBot`](crate::Error::NotAllowedForAgentBot)
/// instead of a bare 401 on the endpoints Chatwoot keeps from bots, listed
/// on [`TokenKind`].
#[derive(Clone)]
pub struct ApiToken {
    secret: String,
    kind: TokenKind,
}

impl ApiToken {
    /// Wraps a token string, of a kind not said ([`TokenKind::Unknown`]).
    pub fn new(token: impl Into<String>) -> Self {
        ApiToken {
            secret: token.into(),
            kind: TokenKind::Unknown,
        }
    }

    /// A user's access token (Profile settings, "Access Token").
    pub fn user(token: impl Into<String>) -> Self {
        ApiToken::new(token).with_kind(TokenKind::User)
    }

    /// An agent bot's access token: it may call only the endpoints listed on
    /// [`TokenKind`], and a 401 elsewhere is
    /// [`Error::NotAllowedForAgentBot`](crate::Error::NotAllowedForAgentBot).
    pub fn agent_bot(token: impl Into<String>) -> Self {
        ApiToken::new(token).with_kind(TokenKind::AgentBot)
    }

    /// The same token, said to be of `kind`.
    pub fn with_kind(mut self, kind: TokenKind) -> Self {
        self.kind = kind;
        self
    }

    /// Whose token this is, as far as the caller said.
    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The token itself, for the rare code that must see it.
    pub fn expose_secret(&self) -> &str {
        &self.secret
    }

    /// The header value, marked sensitive; `None` when the token holds
    /// characters a header cannot carry.
    pub(crate) fn header_value(&self) -> Option<HeaderValue> {
        let mut value = HeaderValue::from_str(&self.secret).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

impl From<String> for ApiToken {
    fn from(token: String) -> Self {
        ApiToken::new(token)
    }
}

impl From<&str> for ApiToken {
    fn from(token: &str) -> Self {
        ApiToken::new(token)
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TokenKind::Unknown => f.write_str("ApiToken(<redacted>)"),
            kind => write!(f, "ApiToken({kind:?}, <redacted>)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let token = ApiToken::new("s3cr3t-token");
        assert_eq!(format!("{token:?}"), "ApiToken(<redacted>)");
        assert!(token.header_value().is_some_and(|v| v.is_sensitive()));
    }

    #[test]
    fn the_kind_shows_and_the_secret_does_not() {
        let bot = ApiToken::agent_bot("s3cr3t-token");
        assert_eq!(bot.kind(), TokenKind::AgentBot);
        assert_eq!(format!("{bot:?}"), "ApiToken(AgentBot, <redacted>)");
        assert_eq!(ApiToken::user("t").kind(), TokenKind::User);
        assert_eq!(ApiToken::from("t").kind(), TokenKind::Unknown);
    }

    #[test]
    fn a_token_a_header_cannot_carry_has_no_header_value() {
        assert!(ApiToken::new("line\nbreak").header_value().is_none());
    }
}
