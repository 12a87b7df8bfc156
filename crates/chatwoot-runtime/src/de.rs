//! Lenient decoding, applied by the code generator to every generated field
//! of the kinds below, so that what real servers send decodes even where
//! upstream's spec says otherwise, and one odd field never costs the rest of
//! a response.
//!
//! The rules, by what the field's type expects at its top level:
//!
//! - `null` reads as absent (`None`), or as the type's default for a required
//!   field (Rails renders a missing association as `null` whatever the spec
//!   says). A required field that is missing altogether still fails: that is
//!   how the variants of a `oneOf` are told apart.
//! - A value of the wrong kind (an object where a string is expected, a word
//!   where a number is) reads as absent or default, and is reported as a
//!   `tracing` event at debug level on target `chatwoot_runtime::de`, with
//!   the kinds but never the value. A list or an object of the right kind is
//!   decoded strictly, so its own fields follow these rules in turn.
//! - Conversions that lose nothing are made: a number sent as a string
//!   (`"2"`, as pagination metas do), a number where a string is expected
//!   (a phone number), `"true"`/`"false"` and `0`/`1` for booleans, and Unix
//!   timestamps (seconds, as Chatwoot renders most times) for date-times.
//!
//! Nothing is buffered: a value is read once, in place, so the rules cost no
//! more than strict decoding.

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::value::{
    BoolDeserializer, MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer,
    StringDeserializer,
};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What a field's type expects at the top level of its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A string, or a type read from one (an enum, a date).
    Str,
    /// A number: signed or unsigned integer, or a float.
    Number,
    /// `true` or `false`.
    Bool,
    /// An RFC 3339 date-time, or a Unix timestamp in seconds.
    DateTime,
    /// A list.
    Array,
    /// An object (a struct, or a map).
    Object,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Str => "a string",
            Kind::Number => "a number",
            Kind::Bool => "a boolean",
            Kind::DateTime => "a date-time",
            Kind::Array => "a list",
            Kind::Object => "an object",
        }
    }
}

/// Records an odd value that was read as absent: the kinds, never the value,
/// which may be personal data.
fn odd<T>(expected: Kind, found: &'static str) -> Option<T> {
    tracing::debug!(
        target: "chatwoot_runtime::de",
        expected = expected.name(),
        found,
        "a field's value has an unexpected kind; read as absent"
    );
    None
}

/// Reads a value of kind `kind` into `T`, or `None` for `null` and for a
/// value of another kind.
struct Lenient<T> {
    kind: Kind,
    marker: PhantomData<T>,
}

impl<T> Lenient<T> {
    fn new(kind: Kind) -> Self {
        Lenient {
            kind,
            marker: PhantomData,
        }
    }

    /// A scalar of the right kind that `T` still refuses (an unparseable
    /// date, a number out of range) is odd too: the value is in hand, so
    /// refusing it costs nothing else.
    fn scalar<'de, E: de::Error, D: Deserializer<'de, Error = E>>(
        &self,
        deserializer: D,
        found: &'static str,
    ) -> Option<T>
    where
        T: Deserialize<'de>,
    {
        T::deserialize(deserializer)
            .ok()
            .or_else(|| odd(self.kind, found))
    }

    fn read_text<'de, E: de::Error>(&self, text: String, found: &'static str) -> Option<T>
    where
        T: Deserialize<'de>,
    {
        self.scalar(StringDeserializer::<E>::new(text), found)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Lenient<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} or null", self.kind.name())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
        Ok(match self.kind {
            Kind::Bool => self.scalar(BoolDeserializer::<E>::new(v), "a boolean"),
            Kind::Str => self.read_text::<E>(v.to_string(), "a boolean"),
            _ => odd(self.kind, "a boolean"),
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        Ok(match self.kind {
            Kind::Number => self.scalar(de::value::I64Deserializer::<E>::new(v), "a number"),
            Kind::Str => self.read_text::<E>(v.to_string(), "a number"),
            Kind::Bool if v == 0 || v == 1 => {
                self.scalar(BoolDeserializer::<E>::new(v == 1), "a number")
            }
            _ => odd(self.kind, "a number"),
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        match i64::try_from(v) {
            Ok(v) => self.visit_i64(v),
            Err(_) => Ok(match self.kind {
                Kind::Number => self.scalar(de::value::U64Deserializer::<E>::new(v), "a number"),
                Kind::Str => self.read_text::<E>(v.to_string(), "a number"),
                _ => odd(self.kind, "a number"),
            }),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        Ok(match self.kind {
            // `3.0` is 3 for an integer field; `1.5` stays a float.
            Kind::Number if v.fract() == 0.0 && v.abs() < 9.0e15 => {
                self.scalar(de::value::I64Deserializer::<E>::new(v as i64), "a number")
            }
            Kind::Number => self.scalar(de::value::F64Deserializer::<E>::new(v), "a number"),
            Kind::Str => self.read_text::<E>(v.to_string(), "a number"),
            _ => odd(self.kind, "a number"),
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        Ok(match self.kind {
            Kind::Str => self.scalar(StrDeserializer::<E>::new(v), "a string"),
            Kind::Number | Kind::Bool if v.trim().is_empty() => None,
            Kind::Number => {
                let v = v.trim();
                if let Ok(n) = v.parse::<i64>() {
                    self.scalar(de::value::I64Deserializer::<E>::new(n), "a string")
                } else if let Ok(n) = v.parse::<u64>() {
                    self.scalar(de::value::U64Deserializer::<E>::new(n), "a string")
                } else if let Ok(n) = v.parse::<f64>() {
                    return self.visit_f64(n);
                } else {
                    odd(self.kind, "a string that is not a number")
                }
            }
            Kind::Bool => match v.trim() {
                "true" | "1" => self.scalar(BoolDeserializer::<E>::new(true), "a string"),
                "false" | "0" => self.scalar(BoolDeserializer::<E>::new(false), "a string"),
                _ => odd(self.kind, "a string that is not a boolean"),
            },
            Kind::Array | Kind::Object | Kind::DateTime => odd(self.kind, "a string"),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        if self.kind == Kind::Array {
            // Each item that is a struct reads only from an object.
            return T::deserialize(SeqAccessDeserializer::new(Items(seq))).map(Some);
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(odd(self.kind, "a list"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        if self.kind == Kind::Object {
            // Each value that is a struct reads only from an object.
            return T::deserialize(MapAccessDeserializer::new(Entries(map))).map(Some);
        }
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(odd(self.kind, "an object"))
    }
}

fn read<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
    kind: Kind,
) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_any(Lenient::new(kind))
}

/// An optional field read from a string (a `String`, an enum, a date).
pub fn optional_string<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    read(deserializer, Kind::Str)
}

/// A required field read from a string: `null` or an odd value reads as the
/// default (an empty string).
pub fn string<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(read(deserializer, Kind::Str)?.unwrap_or_default())
}

/// An optional number field; also accepts the number as a string (`"2"`).
pub fn optional_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    read(deserializer, Kind::Number)
}

/// A required number field; also accepts the number as a string; `null` or
/// an odd value reads as zero.
pub fn number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(read(deserializer, Kind::Number)?.unwrap_or_default())
}

/// An optional boolean field; also accepts `"true"`, `"false"`, `0` and `1`.
pub fn optional_boolean<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<bool>, D::Error> {
    read(deserializer, Kind::Bool)
}

/// A required boolean field; `null` or an odd value reads as `false`.
pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(read(deserializer, Kind::Bool)?.unwrap_or_default())
}

/// An optional date-time field: RFC 3339, or a Unix timestamp in seconds (a
/// number or a numeric string), as Chatwoot renders most times.
pub fn optional_date_time<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    deserializer.deserialize_any(Times)
}

/// A required date-time field; `null` or an odd value reads as the Unix
/// epoch.
pub fn date_time<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    Ok(deserializer.deserialize_any(Times)?.unwrap_or_default())
}

/// [`Lenient`] for times, made directly: a Unix timestamp becomes the time
/// without being written out as text and parsed back (a list of 25
/// conversations holds some 200 times).
struct Times;

impl Times {
    fn at(seconds: i64, nanos: u32) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(seconds, nanos)
            .or_else(|| odd(Kind::DateTime, "a number out of range"))
    }
}

impl<'de> Visitor<'de> for Times {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date-time or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(odd(Kind::DateTime, "a boolean"))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Self::at(v, 0))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(match i64::try_from(v) {
            Ok(v) => Self::at(v, 0),
            Err(_) => odd(Kind::DateTime, "a number out of range"),
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Ok(odd(Kind::DateTime, "a number"));
        }
        let nanos = (v.fract().abs() * 1e9) as u32;
        Ok(Self::at(v.trunc() as i64, nanos))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        if let Ok(seconds) = v.parse::<i64>() {
            return Ok(Self::at(seconds, 0));
        }
        Ok(v.parse::<DateTime<Utc>>()
            .ok()
            .or_else(|| odd(Kind::DateTime, "a string")))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(odd(Kind::DateTime, "a list"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(odd(Kind::DateTime, "an object"))
    }
}

/// An optional object field (a generated struct, a map): anything but an
/// object reads as absent.
pub fn optional_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    read(deserializer, Kind::Object)
}

/// A required object field (a generated struct): read only from an object.
/// A list where the object belongs is an error naming the field, not the
/// struct's fields taken from the list in order.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    T::deserialize(ObjectOnly(deserializer))
}

/// A list field: `null` or anything but a list reads as empty.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(read(deserializer, Kind::Array)?.unwrap_or_default())
}

/// An optional list field: anything but a list reads as absent.
pub fn optional_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    read(deserializer, Kind::Array)
}

/// A map field: `null` or anything but an object reads as empty.
pub fn map<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(read(deserializer, Kind::Object)?.unwrap_or_default())
}

/// A deserializer that reads a struct only from an object. serde's derived
/// structs also take a list, field by field in order, which would turn a
/// list where an object belongs (`["tok", 7]`, `[]`) into a wrong value
/// instead of an error: a struct asked of this deserializer is read as a
/// map, which only an object is. Everything else passes through.
pub struct ObjectOnly<D>(pub D);

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    forward!(
        deserialize_any(),
        deserialize_bool(),
        deserialize_i8(),
        deserialize_i16(),
        deserialize_i32(),
        deserialize_i64(),
        deserialize_i128(),
        deserialize_u8(),
        deserialize_u16(),
        deserialize_u32(),
        deserialize_u64(),
        deserialize_u128(),
        deserialize_f32(),
        deserialize_f64(),
        deserialize_char(),
        deserialize_str(),
        deserialize_string(),
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_option(),
        deserialize_unit(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_seq(),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(),
        deserialize_ignored_any(),
    );

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The items of a list, each read through [`ObjectOnly`].
struct Items<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Items<A> {
    type Error = A::Error;

    fn next_element_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        self.0.next_element_seed(ObjectSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// The entries of an object, each value read through [`ObjectOnly`].
struct Entries<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(ObjectSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct ObjectSeed<S>(S);

impl<'de, S: de::DeserializeSeed<'de>> de::DeserializeSeed<'de> for ObjectSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(ObjectOnly(deserializer))
    }
}

/// Whether `T` reads an object at its top level (a struct or a map): what
/// the response decoder checks a body against, so that a list where an
/// object belongs is an error (see [`ObjectOnly`]). Asks `T` which
/// `deserialize_*` it calls first, and stops there: nothing is read.
pub fn expects_object<'de, T: Deserialize<'de>>() -> bool {
    #[derive(Debug)]
    struct Asked(bool);
    impl fmt::Display for Asked {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "asked")
        }
    }
    impl std::error::Error for Asked {}
    impl de::Error for Asked {
        fn custom<M: fmt::Display>(_: M) -> Self {
            Asked(false)
        }
    }
    struct Probe;
    impl<'de> Deserializer<'de> for Probe {
        type Error = Asked;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Asked> {
            Err(Asked(false))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            _: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Asked> {
            Err(Asked(true))
        }
        fn deserialize_map<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Asked> {
            Err(Asked(true))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct enum identifier ignored_any
        }
    }
    matches!(T::deserialize(Probe), Err(Asked(true)))
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use serde::Deserialize;
    use serde_json::{Map, Value, json};

    #[derive(Deserialize, Debug, PartialEq, Default)]
    struct Inner {
        #[serde(default, deserialize_with = "super::optional_number")]
        id: Option<i64>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Meta {
        #[serde(deserialize_with = "super::number")]
        count: i64,
        #[serde(default, deserialize_with = "super::optional_number")]
        current_page: Option<i64>,
        #[serde(default, deserialize_with = "super::optional_number")]
        average: Option<f64>,
        #[serde(default, deserialize_with = "super::list")]
        labels: Vec<String>,
        #[serde(default, deserialize_with = "super::optional_string")]
        name: Option<String>,
        #[serde(default, deserialize_with = "super::optional_boolean")]
        private: Option<bool>,
        #[serde(default, deserialize_with = "super::optional_date_time")]
        snoozed_until: Option<DateTime<Utc>>,
        #[serde(default, deserialize_with = "super::optional_object")]
        inner: Option<Inner>,
        #[serde(default, deserialize_with = "super::map")]
        attributes: Map<String, Value>,
    }

    fn meta(value: Value) -> Meta {
        serde_json::from_value(value.clone())
            .and_then(|from_value: Meta| {
                // The same from text, as responses are read.
                let read_text: Meta = serde_json::from_str(&value.to_string())?;
                assert_eq!(from_value, read_text);
                Ok(read_text)
            })
            .expect("decodes")
    }

    #[test]
    fn numbers_as_strings_and_nulls_decode() {
        let m = meta(json!({
            "count": "12", "current_page": "2", "average": 1.5, "labels": null
        }));
        assert_eq!(
            (m.count, m.current_page, m.average),
            (12, Some(2), Some(1.5))
        );
        assert!(m.labels.is_empty());
        let m = meta(json!({ "count": 3, "current_page": null }));
        assert_eq!((m.current_page, m.average), (None, None));
        let m = meta(json!({ "count": 3.0, "current_page": "" }));
        assert_eq!((m.count, m.current_page), (3, None));
    }

    #[test]
    fn one_odd_field_never_costs_the_rest() {
        let m = meta(json!({
            "count": "many",
            "current_page": {"page": 2},
            "labels": "billing",
            "name": ["Ada"],
            "private": "perhaps",
            "snoozed_until": "next week",
            "inner": "7",
            "attributes": [1, 2],
            "average": 2.5
        }));
        assert_eq!(m.count, 0);
        assert_eq!(m.current_page, None);
        assert!(m.labels.is_empty() && m.attributes.is_empty());
        assert_eq!((m.name, m.private, m.snoozed_until), (None, None, None));
        assert_eq!(m.inner, None);
        assert_eq!(m.average, Some(2.5), "the field after the odd ones is kept");
    }

    #[test]
    fn lossless_conversions_are_made() {
        let m = meta(json!({
            "count": 1,
            "name": 5551234,
            "private": 1,
            "snoozed_until": 1_700_000_000,
            "inner": {"id": "42"}
        }));
        assert_eq!(m.name.as_deref(), Some("5551234"));
        assert_eq!(m.private, Some(true));
        assert_eq!(
            m.snoozed_until.map(|t| t.to_rfc3339()).as_deref(),
            Some("2023-11-14T22:13:20+00:00")
        );
        assert_eq!(m.inner, Some(Inner { id: Some(42) }));
        let m = meta(json!({
            "count": 1, "private": "false", "snoozed_until": "2024-05-01T10:00:00Z"
        }));
        assert_eq!(m.private, Some(false));
        assert_eq!(m.snoozed_until.map(|t| t.timestamp()), Some(1_714_557_600));
    }

    #[test]
    fn a_broken_document_still_fails() {
        assert!(serde_json::from_str::<Meta>(r#"{"count": 1, "labels": [1, "#).is_err());
        // A list of the right kind is decoded strictly: its items must fit.
        assert!(serde_json::from_value::<Meta>(json!({"count": 1, "labels": [{}]})).is_err());
        // A required field that is missing is still missing.
        assert!(serde_json::from_value::<Meta>(json!({})).is_err());
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Holder {
        #[serde(deserialize_with = "super::object")]
        inner: Inner,
        #[serde(default, deserialize_with = "super::list")]
        items: Vec<Inner>,
        #[serde(default, deserialize_with = "super::map")]
        by_name: std::collections::BTreeMap<String, Inner>,
        #[serde(default, deserialize_with = "super::optional_object")]
        maybe: Option<Inner>,
    }

    /// Decoded from text, as responses are, with the place that failed.
    fn holder(text: &str) -> Result<Holder, String> {
        let mut reader = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut reader).map_err(|e| e.path().to_string())
    }

    #[test]
    fn a_list_where_an_object_belongs_is_an_error_naming_the_place() {
        // Without the rule, `[]` reads as `Inner::default()` and `["7"]` as
        // `Inner { id: Some(7) }`: serde's derived structs take lists.
        assert_eq!(holder(r#"{"inner": []}"#), Err("inner".into()));
        assert_eq!(holder(r#"{"inner": ["7"]}"#), Err("inner".into()));
        let items = r#"{"inner": {}, "items": [{"id": 1}, ["7"]]}"#;
        assert_eq!(holder(items), Err("items[1]".into()));
        let by_name = r#"{"inner": {}, "by_name": {"a": []}}"#;
        assert_eq!(holder(by_name), Err("by_name.a".into()));
        // An optional object keeps its rule: a wrong kind reads as absent.
        let maybe = holder(r#"{"inner": {"id": 2}, "maybe": []}"#).expect("decodes");
        assert_eq!((maybe.inner.id, maybe.maybe), (Some(2), None));
        let fine = holder(r#"{"inner": {"id": "3"}, "items": [{}], "by_name": {"a": {"id": 4}}}"#)
            .expect("decodes");
        assert_eq!(fine.items, vec![Inner::default()]);
        assert_eq!(fine.by_name["a"].id, Some(4));
    }

    #[test]
    fn which_types_read_an_object() {
        assert!(super::expects_object::<Inner>());
        assert!(super::expects_object::<Holder>());
        assert!(super::expects_object::<Map<String, Value>>());
        assert!(!super::expects_object::<Vec<Inner>>());
        assert!(!super::expects_object::<Value>());
        assert!(!super::expects_object::<String>());
        assert!(!super::expects_object::<()>());
    }
}
