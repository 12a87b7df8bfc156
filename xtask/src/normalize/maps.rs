//! What our maps of upstream's schemas share (`records.toml`,
//! `enums.toml`): `[[<family>]]` tables of entries, each with its reason and
//! source.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use crate::normalize::Family;

/// A `$ref` to a component, less its name.
pub(crate) const SCHEMAS: &str = "#/components/schemas/";

/// Every family's entries of one map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyMap<E>(BTreeMap<Family, Vec<E>>);

impl<E> Default for FamilyMap<E> {
    fn default() -> Self {
        FamilyMap(BTreeMap::new())
    }
}

impl<E: DeserializeOwned> FamilyMap<E> {
    /// Parses `openapi/<file>`; `incomplete` says what an entry lacks (the
    /// message's end), naming it by `name`.
    pub(crate) fn parse_with(
        text: &str,
        file: &str,
        incomplete: impl Fn(&E) -> Option<(String, &'static str)>,
    ) -> Result<Self, String> {
        let doc: BTreeMap<String, Vec<E>> =
            toml::from_str(text).map_err(|e| format!("openapi/{file}: {e}"))?;
        let mut map = FamilyMap::default();
        for (family, entries) in doc {
            let family: Family = family.parse().map_err(|e| format!("openapi/{file}: {e}"))?;
            if let Some((name, lack)) = entries.iter().find_map(&incomplete) {
                return Err(format!(
                    "openapi/{file}: [[{family}]] `{name}` needs {lack}"
                ));
            }
            map.0.insert(family, entries);
        }
        Ok(map)
    }
}

impl<E> FamilyMap<E> {
    /// A family's entries.
    pub fn of(&self, family: Family) -> &[E] {
        self.0.get(&family).map_or(&[], Vec::as_slice)
    }
}
