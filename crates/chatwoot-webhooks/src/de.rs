//! Lenient decoding: a field of the wrong shape becomes its default instead of
//! failing the whole event, since Chatwoot's payloads vary between versions,
//! editions and channels.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A field type that decodes from any JSON value, keeping what it can.
pub(crate) trait Lenient: Sized {
    fn from_json(value: Value) -> Self;
}

/// `None` when the value has another shape.
impl<T: DeserializeOwned> Lenient for Option<T> {
    fn from_json(value: Value) -> Self {
        if value.is_null() {
            return None;
        }
        typed(&value).ok()
    }
}

/// The elements that decode; the others are dropped.
impl<T: DeserializeOwned> Lenient for Vec<T> {
    fn from_json(value: Value) -> Self {
        match value {
            Value::Array(items) => items.iter().filter_map(|item| typed(item).ok()).collect(),
            _ => Vec::new(),
        }
    }
}

/// Empty unless the value is an object.
impl Lenient for Map<String, Value> {
    fn from_json(value: Value) -> Self {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

/// The entries that decode; the others are dropped.
impl<V: DeserializeOwned> Lenient for BTreeMap<String, V> {
    fn from_json(value: Value) -> Self {
        match value {
            Value::Object(map) => map
                .into_iter()
                .filter_map(|(k, v)| Some((k, typed(&v).ok()?)))
                .collect(),
            _ => BTreeMap::new(),
        }
    }
}

/// Decodes a `T` from a value, a struct only from an object. serde's derived
/// structs also read a list, field by field in order: `[]` would decode as a
/// struct of defaults, `["tok", 7]` as whatever its first fields take.
pub(crate) fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    T::deserialize(chatwoot_runtime::de::ObjectOnly(value))
}

/// Decodes a field leniently (see [`Lenient`]).
pub(crate) fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Lenient,
{
    Ok(T::from_json(Value::deserialize(deserializer)?))
}

/// A boolean that may arrive as `true`, `"true"`, `1` or `"1"`: request
/// parameters (such as `is_private` of typing events) are passed through
/// untyped by the server.
pub(crate) fn flexible_bool<'de, D>(deserializer: D) -> Result<bool, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(bool_of(&Value::deserialize(deserializer)?))
}

pub(crate) fn bool_of(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(s.as_str(), "true" | "1" | "t" | "yes"),
        Value::Number(n) => n.as_i64() == Some(1),
        _ => false,
    }
}

/// Declares a payload struct whose every field is optional and lenient.
macro_rules! payload {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[serde(default, deserialize_with = "crate::de::lenient")]
                pub $field: $ty,
            )*
        }

        // Secrets (a contact's `pubsub_token`, a channel's `hmac_token`)
        // show only whether they are there.
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($field), &chatwoot_runtime::secret::field(stringify!($field), &self.$field)))*
                    .finish()
            }
        }
    };
}

/// `Debug` for an enum of payloads, as derived would show it, except that
/// the free-form JSON of the variants after `json:` and of the catch-all (`other:`)
/// variant shows through `chatwoot_runtime::secret::field`: secrets in it
/// stay hidden. The match is exhaustive: a new variant must be listed.
macro_rules! debug_enum {
    (
        $name:ident {
            $($variant:ident),*
            $(; json: $($json:ident),*)?
            $(; other: $unknown:ident { $($unknown_field:ident),* })?
        }
    ) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                use chatwoot_runtime::secret::field;
                match self {
                    $(Self::$variant(inner) => f.debug_tuple(stringify!($variant)).field(inner).finish(),)*
                    $($(Self::$json(inner) => f
                        .debug_tuple(stringify!($json))
                        .field(&field(stringify!($json), inner))
                        .finish(),)*)?
                    $(Self::$unknown { $($unknown_field),* } => f
                        .debug_struct(stringify!($unknown))
                        $(.field(stringify!($unknown_field), &field(stringify!($unknown_field), $unknown_field)))*
                        .finish(),)?
                }
            }
        }
    };
}

/// Declares an enum of the values of a Rails enum column, with `Other` for
/// values this crate does not know. Decodes from the name (`"incoming"`) or,
/// where Rails sends the raw column, from the integer (`0`).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $wire:literal $(, $code:literal)?
            );* $(;)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                $variant,
            )*
            /// A value this crate does not know, as sent.
            Other(String),
        }

        impl $name {
            /// The value as Chatwoot spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Other(other) => other,
                }
            }

            fn from_wire(wire: &str) -> Self {
                match wire {
                    $($wire => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }

            /// The integer Rails stores for the value, where it has one (the
            /// REST API renders some enums by it: a message's type).
            pub fn code(&self) -> Option<i64> {
                match self {
                    $($(Self::$variant => Some($code),)?)*
                    _ => None,
                }
            }

            #[allow(unused_variables)]
            fn from_code(code: i64) -> Self {
                $($(if code == $code {
                    return Self::$variant;
                })?)*
                Self::Other(code.to_string())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(s))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match serde_json::Value::deserialize(deserializer)? {
                    serde_json::Value::String(s) => Ok(Self::from_wire(&s)),
                    serde_json::Value::Number(n) => match n.as_i64() {
                        Some(code) => Ok(Self::from_code(code)),
                        None => Ok(Self::Other(n.to_string())),
                    },
                    other => Err(serde::de::Error::custom(format_args!(
                        "expected a string or an integer, got {other}"
                    ))),
                }
            }
        }
    };
}

pub(crate) use {debug_enum, payload, wire_enum};
