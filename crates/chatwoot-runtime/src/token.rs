use std::fmt;

use reqwest::header::HeaderValue;

/// An access token: a user's, an agent bot's or a platform app's.
///
/// It never shows in `Debug` or `Display` output, and the header made from it
/// is marked sensitive, so HTTP-level logging redacts it too.
#[derive(Clone)]
pub struct ApiToken(String);

impl ApiToken {
    /// Wraps a token string.
    pub fn new(token: impl Into<String>) -> Self {
        ApiToken(token.into())
    }

    /// The token itself, for the rare code that must see it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The header value, marked sensitive; `None` when the token holds
    /// characters a header cannot carry.
    pub(crate) fn header_value(&self) -> Option<HeaderValue> {
        let mut value = HeaderValue::from_str(&self.0).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

impl From<String> for ApiToken {
    fn from(token: String) -> Self {
        ApiToken(token)
    }
}

impl From<&str> for ApiToken {
    fn from(token: &str) -> Self {
        ApiToken(token.to_owned())
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
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
    fn a_token_a_header_cannot_carry_has_no_header_value() {
        assert!(ApiToken::new("line\nbreak").header_value().is_none());
    }
}
