use std::fmt;
use std::ops::Deref;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A point in time from a Chatwoot payload.
///
/// The server sends times in three forms, depending on the serializer:
/// epoch seconds (`1776334835`, conversations), fractional epoch seconds
/// (`1776334835.123`, a conversation's `updated_at`) and ISO 8601 strings
/// (`"2026-04-16T10:20:35.123Z"`, messages in webhooks, records). All three
/// decode; `0`, which the server sends for an unset time (`nil.to_i`), does
/// not, so such a field reads `None`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// Wraps a time.
    pub fn new(time: DateTime<Utc>) -> Self {
        Self(time)
    }

    /// The time as a `chrono` value.
    pub fn as_datetime(&self) -> DateTime<Utc> {
        self.0
    }

    /// Whole seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.0.timestamp()
    }

    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => {
                if let Some(secs) = n.as_i64() {
                    Self::from_seconds(secs, 0)
                } else {
                    let f = n.as_f64()?;
                    if !f.is_finite() {
                        return None;
                    }
                    // A double holds epoch seconds to about a microsecond:
                    // finer digits are noise.
                    let micros = (f * 1e6).round();
                    // Casting a finite float saturates; from_seconds rejects absurd values.
                    let micros = micros as i64;
                    let nanos = (micros.rem_euclid(1_000_000) * 1000) as u32;
                    Self::from_seconds(micros.div_euclid(1_000_000), nanos)
                }
            }
            Value::String(s) => Self::parse_str(s.trim()),
            _ => None,
        }
    }

    fn from_seconds(secs: i64, nanos: u32) -> Option<Self> {
        if secs == 0 && nanos == 0 {
            return None;
        }
        DateTime::from_timestamp(secs, nanos).map(Self)
    }

    fn parse_str(s: &str) -> Option<Self> {
        if let Ok(time) = DateTime::parse_from_rfc3339(s) {
            return Some(Self(time.with_timezone(&Utc)));
        }
        // Ruby's Time#to_s, as found in values stored by older servers.
        if let Ok(time) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z") {
            return Some(Self(time.with_timezone(&Utc)));
        }
        if let Ok(time) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f") {
            return Some(Self(time.and_utc()));
        }
        if let Ok(number) = s.parse::<f64>() {
            return Self::from_value(&Value::from(number));
        }
        None
    }
}

impl Deref for Timestamp {
    type Target = DateTime<Utc>;

    fn deref(&self) -> &DateTime<Utc> {
        &self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(time: DateTime<Utc>) -> Self {
        Self(time)
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(time: Timestamp) -> Self {
        time.0
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::from_value(&value)
            .ok_or_else(|| D::Error::custom(format_args!("not a time: {value}")))
    }
}
