//! Lenient decoding, applied by the code generator to every generated field
//! of the kinds below, so that what real servers send decodes even where
//! upstream's spec says otherwise.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A list or map field: `null` reads as empty (Rails renders a missing
/// association as `null` where the spec promises `[]` or `{}`).
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A number field: also accepts the number as a string (`"2"`, as some
/// pagination metas send it).
pub fn number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + TryFromNumber,
{
    deserializer.deserialize_any(NumberVisitor(PhantomData))
}

/// An optional number field: `null`, a number, or a number as a string;
/// an empty string reads as absent.
pub fn optional_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr + TryFromNumber,
{
    deserializer.deserialize_any(OptionalNumberVisitor(PhantomData))
}

/// The numeric types generated fields use.
pub trait TryFromNumber: Sized {
    /// From a signed integer, if it fits.
    fn from_i64(v: i64) -> Option<Self>;
    /// From an unsigned integer, if it fits.
    fn from_u64(v: u64) -> Option<Self>;
    /// From a float, if it is one (integers do not take fractions).
    fn from_f64(v: f64) -> Option<Self>;
}

impl TryFromNumber for i64 {
    fn from_i64(v: i64) -> Option<Self> {
        Some(v)
    }
    fn from_u64(v: u64) -> Option<Self> {
        i64::try_from(v).ok()
    }
    fn from_f64(v: f64) -> Option<Self> {
        (v.fract() == 0.0 && v >= i64::MIN as f64 && v <= i64::MAX as f64).then_some(v as i64)
    }
}

impl TryFromNumber for f64 {
    fn from_i64(v: i64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_u64(v: u64) -> Option<Self> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }
}

struct NumberVisitor<T>(PhantomData<T>);

impl<'de, T: FromStr + TryFromNumber> Visitor<'de> for NumberVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a number as a string")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_i64(v).ok_or_else(|| E::custom(format!("{v} is out of range")))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::from_u64(v).ok_or_else(|| E::custom(format!("{v} is out of range")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::from_f64(v).ok_or_else(|| E::custom(format!("{v} is not an integer")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.trim()
            .parse()
            .map_err(|_| E::custom(format!("`{v}` is not a number")))
    }
}

struct OptionalNumberVisitor<T>(PhantomData<T>);

impl<'de, T: FromStr + TryFromNumber> Visitor<'de> for OptionalNumberVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a number as a string, or null")
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
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
        NumberVisitor(PhantomData).visit_i64(v).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
        NumberVisitor(PhantomData).visit_u64(v).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
        NumberVisitor(PhantomData).visit_f64(v).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        NumberVisitor(PhantomData).visit_str(v).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Meta {
        #[serde(deserialize_with = "super::number")]
        count: i64,
        #[serde(default, deserialize_with = "super::optional_number")]
        current_page: Option<i64>,
        #[serde(default, deserialize_with = "super::optional_number")]
        average: Option<f64>,
        #[serde(default, deserialize_with = "super::null_as_default")]
        labels: Vec<String>,
    }

    #[test]
    fn numbers_as_strings_and_nulls_decode() {
        let meta: Meta = serde_json::from_value(json!({
            "count": "12", "current_page": "2", "average": 1.5, "labels": null
        }))
        .expect("decodes");
        assert_eq!(
            meta,
            Meta {
                count: 12,
                current_page: Some(2),
                average: Some(1.5),
                labels: vec![]
            }
        );
        let absent: Meta =
            serde_json::from_value(json!({ "count": 3, "current_page": null })).expect("decodes");
        assert_eq!((absent.current_page, absent.average), (None, None));
        let empty: Meta =
            serde_json::from_value(json!({ "count": 3.0, "current_page": "" })).expect("decodes");
        assert_eq!((empty.count, empty.current_page), (3, None));
    }

    #[test]
    fn what_is_not_a_number_still_fails() {
        assert!(serde_json::from_value::<Meta>(json!({ "count": "many" })).is_err());
        assert!(serde_json::from_value::<Meta>(json!({ "count": 1.5 })).is_err());
        assert!(serde_json::from_value::<Meta>(json!({ "count": 1, "labels": 3 })).is_err());
    }
}
