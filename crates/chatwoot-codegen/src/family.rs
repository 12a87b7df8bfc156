//! The three API families Chatwoot publishes, one spec and one crate each.

use std::fmt;
use std::str::FromStr;

/// One of Chatwoot's API families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// `/api/v1/accounts/...`: what an agent, admin or agent bot can do.
    Application,
    /// `/public/api/v1/inboxes/{inbox_identifier}/...`: custom chat front ends.
    Client,
    /// `/platform/api/v1/...`: installation-wide administration.
    Platform,
}

impl Family {
    /// Every family, in the order reports list them.
    pub const ALL: [Family; 3] = [Family::Application, Family::Client, Family::Platform];

    /// The lower-case name upstream uses in its file names (`application_swagger.json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Application => "application",
            Family::Client => "client",
            Family::Platform => "platform",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A family name that is not one of `application`, `client`, `platform`.
#[derive(Debug, thiserror::Error)]
#[error("unknown API family `{0}` (expected application, client or platform)")]
pub struct UnknownFamily(pub String);

impl FromStr for Family {
    type Err = UnknownFamily;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Family::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| UnknownFamily(s.to_owned()))
    }
}
