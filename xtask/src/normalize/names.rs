//! Our names for upstream's routes (`openapi/names.toml`): every operation
//! takes the name the map gives its route (method and path template), so a
//! method, its builder, its `responses::` alias and its mock helper keep
//! their names whatever upstream calls the operation. Upstream's operationId
//! moves to `x-upstream-operation-id`, which generation turns into
//! `#[doc(alias = "...")]`. A route the map lacks is named by the same rule
//! the map follows, and reported, asking for an entry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::normalize::fixups::route_key;
use crate::normalize::report::{Change, Unnamed};
use crate::normalize::{Family, NormalizeError, record, walk};

/// The file of names in an `openapi/` directory.
pub const FILE: &str = "names.toml";

/// Where upstream's operationId is kept once ours replaces it.
pub use chatwoot_codegen::generate::UPSTREAM_ID;

/// The names of every family's routes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Per family: route key (see [`route_key`]) to our name.
    families: BTreeMap<Family, BTreeMap<String, String>>,
    /// The records whose types we name (`openapi/records.toml`).
    pub records: crate::normalize::records::Records,
    /// The enums we name (`openapi/enums.toml`).
    pub enums: crate::normalize::enums::Enums,
}

/// A names file that cannot be read or is malformed.
#[derive(Debug, thiserror::Error)]
pub enum NamesError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not the expected TOML.
    #[error("openapi/{FILE}: {0}")]
    Malformed(String),
    /// `records.toml` or `enums.toml` is not the expected TOML (the message
    /// names the file).
    #[error("{0}")]
    Records(String),
}

impl Names {
    /// Loads `names.toml` of an `openapi/` directory; none there is no names.
    /// Its records (`records.toml`) and enums (`enums.toml`) come with it.
    pub fn load_openapi_dir(openapi: &Path) -> Result<Names, NamesError> {
        let read = |file: &str| {
            let path = openapi.join(file);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(Some(text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(source) => Err(NamesError::Io { path, source }),
            }
        };
        let mut names = match read(FILE)? {
            Some(text) => Names::parse(&text)?,
            None => Names::default(),
        };
        if let Some(text) = read(crate::normalize::records::FILE)? {
            names.records =
                crate::normalize::records::Records::parse(&text).map_err(NamesError::Records)?;
        }
        if let Some(text) = read(crate::normalize::enums::FILE)? {
            names.enums =
                crate::normalize::enums::Enums::parse(&text).map_err(NamesError::Records)?;
        }
        Ok(names)
    }

    /// Parses the file's text: a table per family of `"METHOD /path" = "name"`.
    pub fn parse(text: &str) -> Result<Names, NamesError> {
        let malformed = NamesError::Malformed;
        let doc: toml::Table = text.parse().map_err(|e| malformed(format!("{e}")))?;
        let mut names = Names::default();
        for (family, table) in &doc {
            let family: Family = family.parse().map_err(|e| malformed(format!("{e}")))?;
            let table = table
                .as_table()
                .ok_or_else(|| malformed(format!("[{family}] is not a table")))?;
            let routes = names.families.entry(family).or_default();
            for (route, name) in table {
                let name = name.as_str().ok_or_else(|| {
                    malformed(format!("[{family}] {route:?}: the name is not a string"))
                })?;
                if !is_identifier(name) {
                    return Err(malformed(format!(
                        "[{family}] {route:?}: `{name}` is not a snake_case name"
                    )));
                }
                let (method, path) = route
                    .split_once(' ')
                    .filter(|(m, p)| {
                        walk::METHODS.contains(&m.to_ascii_lowercase().as_str())
                            && m.chars().all(|c| c.is_ascii_uppercase())
                            && p.starts_with('/')
                    })
                    .ok_or_else(|| {
                        malformed(format!(
                            "[{family}] {route:?} is not `METHOD /path/template`"
                        ))
                    })?;
                let key = route_key(method, path);
                if let Some(before) = routes.insert(key.clone(), name.to_owned()) {
                    return Err(malformed(format!(
                        "[{family}] {route:?} names the route `{key}` a second time (`{before}` before)"
                    )));
                }
            }
        }
        Ok(names)
    }

    /// Our name of a route, if the map has one.
    pub fn get(&self, family: Family, method: &str, path: &str) -> Option<&str> {
        self.families
            .get(&family)?
            .get(&route_key(method, path))
            .map(String::as_str)
    }

    /// How many routes a family's map names.
    pub fn len(&self, family: Family) -> usize {
        self.families.get(&family).map_or(0, BTreeMap::len)
    }

    /// Whether the map names no route at all.
    pub fn is_empty(&self) -> bool {
        self.families.values().all(BTreeMap::is_empty)
    }
}

/// `snake_case`: lower-case ASCII words joined by `_`, not starting with a digit.
fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit() || c == '_')
        && !name.ends_with('_')
        && !name.contains("__")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Gives every operation our name: the map's, or the rule's (reported in
/// `unnamed`). Upstream's operationId is kept in [`UPSTREAM_ID`].
pub(crate) fn apply(
    family: Family,
    doc: &mut Value,
    names: &Names,
    changes: &mut Vec<Change>,
    unnamed: &mut Vec<Unnamed>,
) -> Result<(), NormalizeError> {
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for (ptr, method, path, op) in walk::operations_mut(doc) {
        let upstream = op
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let name = match names.get(family, method, &path) {
            Some(name) => name.to_owned(),
            None => {
                let name = by_rule(method, &path);
                unnamed.push(Unnamed {
                    method: method.to_owned(),
                    path: path.clone(),
                    upstream_operation_id: upstream.clone(),
                    name: name.clone(),
                });
                name
            }
        };
        if let Some(first) = taken.insert(name.clone(), ptr.clone()) {
            return Err(NormalizeError::DuplicateOperation {
                method: name,
                first,
                second: ptr,
            });
        }
        if upstream.as_deref() != Some(name.as_str()) {
            record(
                changes,
                "names",
                &ptr,
                format!(
                    "operationId {} -> {name} (openapi/{FILE})",
                    upstream.as_deref().unwrap_or("(none)")
                ),
            );
        }
        if let Some(upstream) = upstream {
            op.insert(UPSTREAM_ID.into(), json!(upstream));
        }
        op.insert("operationId".into(), json!(name));
    }
    Ok(())
}

/// The scheme of `names.toml`, for a route it does not list: the verb from
/// the method and whether the path ends at a member (`{id}`), the object
/// from the last literal segments. `GET .../contacts/{id}/conversations`
/// is `list_contact_conversations`, `DELETE .../labels/{id}` is
/// `delete_label`, `POST .../conversations/{id}/mute` is `mute_conversation`.
pub fn by_rule(method: &str, path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // What every route of a family starts with says nothing of the route.
    let mut rest: &[&str] = &segments;
    while let Some((first, tail)) = rest.split_first() {
        let placeholder_follows = tail.first().is_some_and(|s| s.starts_with('{'));
        if ["public", "platform", "api", "v1", "v2"].contains(first) {
            rest = tail;
        } else if ["accounts", "inboxes"].contains(first) && placeholder_follows && tail.len() > 1 {
            rest = &tail[1..];
        } else {
            break;
        }
    }
    let member = rest.last().is_some_and(|s| s.starts_with('{'));
    let literals: Vec<(usize, &str)> = rest
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.starts_with('{'))
        .map(|(i, s)| (i, *s))
        .collect();
    let Some(&(last_at, last)) = literals.last() else {
        return format!("{}_root", method.to_ascii_lowercase());
    };
    // The nearest resource the last literal hangs from (`contacts/{id}/...`).
    let parent = literals
        .iter()
        .rev()
        .skip(1)
        .find(|(i, _)| rest.get(i + 1).is_some_and(|s| s.starts_with('{')))
        .map(|(_, s)| singular(s));
    let nested = last_at > 0 && rest[last_at - 1].starts_with('{');
    let words = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.to_ascii_lowercase().replace('-', "_"))
            .collect::<Vec<_>>()
            .join("_")
    };
    let method = method.to_ascii_lowercase();
    if member {
        let verb = match method.as_str() {
            "get" => "get",
            "delete" => "delete",
            "post" => "create",
            _ => "update",
        };
        return words(&[verb, &singular(last)]);
    }
    let plural = last.ends_with('s') && !last.ends_with("ss") && !last.ends_with("us");
    if nested && !plural {
        // An action on a member: `mute` of a conversation.
        return words(&[last, parent.as_deref().unwrap_or_default()]);
    }
    if !plural && last_at > 0 {
        // An action on a collection: `search` of the contacts.
        return words(&[last, rest[last_at - 1]]);
    }
    let parent = if nested {
        parent.unwrap_or_default()
    } else {
        String::new()
    };
    match method.as_str() {
        "get" => words(&["list", &parent, last]),
        "post" => words(&["create", &parent, &singular(last)]),
        "delete" => words(&["delete", &parent, last]),
        _ => words(&["update", &parent, last]),
    }
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("uses") {
        word[..word.len() - 2].to_owned()
    } else if word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_follows_the_scheme() {
        let cases = [
            (
                "GET",
                "/api/v1/accounts/{account_id}/contacts",
                "list_contacts",
            ),
            (
                "POST",
                "/api/v1/accounts/{account_id}/contacts",
                "create_contact",
            ),
            (
                "GET",
                "/api/v1/accounts/{account_id}/contacts/{id}",
                "get_contact",
            ),
            (
                "PATCH",
                "/api/v1/accounts/{account_id}/labels/{id}",
                "update_label",
            ),
            (
                "DELETE",
                "/api/v1/accounts/{account_id}/labels/{id}",
                "delete_label",
            ),
            (
                "GET",
                "/api/v1/accounts/{account_id}/contacts/{id}/conversations",
                "list_contact_conversations",
            ),
            (
                "POST",
                "/api/v1/accounts/{account_id}/conversations/{conversation_id}/mute",
                "mute_conversation",
            ),
            (
                "GET",
                "/api/v1/accounts/{account_id}/custom_attribute_definitions",
                "list_custom_attribute_definitions",
            ),
            ("GET", "/platform/api/v1/agent_bots/{id}", "get_agent_bot"),
            (
                "POST",
                "/public/api/v1/inboxes/{inbox_identifier}/contacts",
                "create_contact",
            ),
            ("GET", "/api/v1/profile", "list_profile"),
            (
                "POST",
                "/api/v1/accounts/{account_id}/contacts/filter",
                "filter_contacts",
            ),
            (
                "GET",
                "/api/v1/accounts/{account_id}/conversations/search",
                "search_conversations",
            ),
            (
                "GET",
                "/api/v1/accounts/{account_id}/categories",
                "list_categories",
            ),
            (
                "POST",
                "/api/v1/accounts/{account_id}/categories",
                "create_category",
            ),
        ];
        for (method, path, name) in cases {
            assert_eq!(by_rule(method, path), name, "{method} {path}");
            assert!(is_identifier(&by_rule(method, path)));
        }
    }

    #[test]
    fn the_file_is_checked() {
        let names =
            Names::parse("[client]\n\"GET /public/{inbox}/contacts\" = \"list_contacts\"\n")
                .unwrap();
        assert_eq!(
            names.get(Family::Client, "get", "/public/{x}/contacts"),
            Some("list_contacts"),
            "placeholders match whatever they are called"
        );
        assert_eq!(
            names.get(Family::Client, "get", "/public/{x}/contacts/"),
            None
        );
        for bad in [
            "[client]\n\"GET /x\" = \"ListX\"\n",
            "[client]\n\"get /x\" = \"list_x\"\n",
            "[client]\n\"GET x\" = \"list_x\"\n",
            "[nope]\n\"GET /x\" = \"list_x\"\n",
            "[client]\n\"GET /x/{a}\" = \"get_x\"\n\"GET /x/{b}\" = \"get_y\"\n",
        ] {
            assert!(Names::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_workspace_map_parses_and_names_every_route_once_per_family() {
        let names =
            Names::load_openapi_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi"))
                .expect("openapi/names.toml parses");
        for family in Family::ALL {
            assert!(names.len(family) > 0, "{family} has names");
        }
    }
}
