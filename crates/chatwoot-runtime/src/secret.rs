//! Which fields hold secrets, and how `Debug` shows them: one list and one
//! way for every crate, generated or hand-written. The code generator reads
//! [`SECRET_FIELDS`] to give generated types their `Debug`; hand-written
//! types print each field through [`field`]. A secret shows only whether it
//! is there; free-form JSON (custom attributes, unknown events, a channel's
//! settings) shows with the values of secret keys hidden, at any depth.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// Field names whose values are secrets: a user's API token, a webhook's
/// signing secret, an inbox's identity-validation key and the hashes made
/// with it, a contact's realtime token, passwords. A type holding one prints
/// [`Redacted`] for it.
pub const SECRET_FIELDS: &[&str] = &[
    "access_token",
    "api_key",
    "auth_token",
    "current_password",
    "hmac_token",
    "identifier_hash",
    "imap_password",
    "password",
    "password_confirmation",
    "pubsub_token",
    "secret",
    "smtp_password",
];

/// Whether a field of this name holds a secret (see [`SECRET_FIELDS`]).
pub fn is_secret(field: &str) -> bool {
    SECRET_FIELDS.contains(&field.trim_start_matches("r#"))
}

/// Shows in `Debug` output instead of a secret: whether it is there, never
/// what it is.
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

impl<T: RedactedShape + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_present() {
            "<redacted>"
        } else {
            "None"
        })
    }
}

/// What [`Redacted`] may say about a secret: only whether it is present.
pub trait RedactedShape {
    /// Whether a value is there to hide.
    fn is_present(&self) -> bool;
}

impl RedactedShape for String {
    fn is_present(&self) -> bool {
        true
    }
}

impl RedactedShape for str {
    fn is_present(&self) -> bool {
        true
    }
}

impl<T> RedactedShape for Option<T> {
    fn is_present(&self) -> bool {
        self.is_some()
    }
}

impl<T, E> RedactedShape for Result<T, E> {
    fn is_present(&self) -> bool {
        self.is_ok()
    }
}

impl RedactedShape for serde_json::Value {
    fn is_present(&self) -> bool {
        !self.is_null()
    }
}

impl RedactedShape for serde_json::Map<String, serde_json::Value> {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

/// A field as `Debug` shows it: [`Redacted`] when its name is a secret's;
/// with secret keys hidden when it holds JSON that has any (see
/// [`redact_json`]); as its own `Debug` otherwise.
pub fn field<'a, T: Serialize + fmt::Debug + ?Sized>(name: &'a str, value: &'a T) -> Field<'a, T> {
    Field { name, value }
}

/// See [`field`].
pub struct Field<'a, T: ?Sized> {
    name: &'a str,
    value: &'a T,
}

impl<T: Serialize + fmt::Debug + ?Sized> fmt::Debug for Field<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = serde_json::to_value(self.value);
        if is_secret(self.name) {
            // Only whether it is there; a value JSON cannot hold, as present.
            return match value {
                Ok(value) => Redacted(&value).fmt(f),
                Err(_) => f.write_str("<redacted>"),
            };
        }
        match value {
            Ok(mut value) => {
                if redact_json(&mut value) {
                    value.fmt(f)
                } else {
                    // Nothing to hide: as it is.
                    self.value.fmt(f)
                }
            }
            Err(_) => self.value.fmt(f),
        }
    }
}

/// Replaces the value of every non-null secret key (see [`is_secret`]), at
/// any depth, with `"<redacted>"`; whether it replaced any.
pub fn redact_json(value: &mut Value) -> bool {
    match value {
        Value::Object(map) => {
            let mut any = false;
            for (key, value) in map.iter_mut() {
                if is_secret(key) && !value.is_null() {
                    *value = Value::String("<redacted>".to_owned());
                    any = true;
                } else {
                    any |= redact_json(value);
                }
            }
            any
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |any, item| redact_json(item) | any),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_shows_with_secret_keys_hidden_at_any_depth() {
        let channel = json!({
            "id": 3,
            "hmac_token": "h-123",
            "nested": [{"secret": "s-456", "pubsub_token": null, "name": "web"}]
        });
        let shown = format!("{:?}", field("channel", &channel));
        assert!(
            shown.contains("<redacted>") && shown.contains("web"),
            "{shown}"
        );
        assert!(
            !shown.contains("h-123") && !shown.contains("s-456"),
            "{shown}"
        );
        assert_eq!(
            format!("{:?}", field("pubsub_token", &Some("p"))),
            "<redacted>"
        );
        assert_eq!(
            format!("{:?}", field("pubsub_token", &None::<String>)),
            "None"
        );
        assert_eq!(
            format!("{:?}", field("name", &Some("Ada"))),
            "Some(\"Ada\")"
        );
    }

    #[test]
    fn only_presence_shows() {
        let token = Some("s3cr3t".to_owned());
        assert_eq!(format!("{:?}", Redacted(&token)), "<redacted>");
        assert_eq!(format!("{:?}", Redacted(&None::<String>)), "None");
        assert_eq!(format!("{:?}", Redacted("s3cr3t")), "<redacted>");
        assert!(is_secret("pubsub_token") && is_secret("r#secret"));
        assert!(!is_secret("name"));
    }
}
