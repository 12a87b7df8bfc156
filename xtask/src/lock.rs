//! `openapi/specs.lock.toml`: which upstream specs the workspace is built from,
//! and the sha256 each download must match.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use chatwoot_codegen::Family;
use serde::{Deserialize, Serialize};

/// Everything that can be wrong with the lock file or a lookup in it.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot parse {}: {source}", path.display())]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("cannot serialize the lock file: {0}")]
    Serialize(#[from] toml::ser::Error),
    #[error(
        "invalid sha256 `{sha256}` for {family} at revision {revision}: expected 64 lowercase hex characters"
    )]
    InvalidSha256 {
        family: Family,
        revision: String,
        sha256: String,
    },
    #[error(
        "invalid revision `{revision}`: expected a non-empty name of letters, digits, `.`, `_` or `-`"
    )]
    InvalidRevision { revision: String },
    #[error("{family} at revision {revision} is listed more than once")]
    DuplicateSpec { family: Family, revision: String },
    #[error("pinned revision {pinned} has no [[spec]] entries")]
    PinnedMissing { pinned: String },
    #[error("revision {revision} is not in the lock file (it has: {})", known.join(", "))]
    UnknownRevision {
        revision: String,
        known: Vec<String>,
    },
    #[error("revision {revision} has no {family} spec in the lock file")]
    MissingFamily { family: Family, revision: String },
    #[error("url {url} does not start with the upstream prefix {upstream}")]
    UrlOutsideUpstream { url: String, upstream: String },
    #[error("url {url} does not map to a safe relative path below the upstream prefix")]
    UnsafeUrlPath { url: String },
}

/// The whole lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// Prefix of every `url`; a mirror directory has the same layout below it.
    pub upstream: String,
    /// Revision used when none is asked for.
    pub pinned: String,
    /// One entry per (family, revision).
    #[serde(default)]
    pub spec: Vec<LockedSpec>,
}

/// One upstream spec file and the checksum it must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedSpec {
    #[serde(with = "family_str")]
    pub family: Family,
    pub revision: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub url: String,
    pub sha256: String,
}

/// `Family` has no serde impls of its own; the lock spells it as its `as_str()`.
mod family_str {
    use chatwoot_codegen::Family;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(family: &Family, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(family.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Family, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

impl Lock {
    /// Reads, parses and validates the lock file.
    pub fn load(path: impl AsRef<Path>) -> Result<Lock, LockError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| LockError::Read {
            path: path.to_owned(),
            source,
        })?;
        let lock = Lock::parse(&text).map_err(|source| LockError::Parse {
            path: path.to_owned(),
            source: Box::new(source),
        })?;
        lock.validate()?;
        Ok(lock)
    }

    /// Parses without validating (for callers holding the text already).
    pub fn parse(text: &str) -> Result<Lock, toml::de::Error> {
        toml::from_str(text)
    }

    /// Checks what serde cannot: hash syntax, uniqueness, the pinned revision.
    pub fn validate(&self) -> Result<(), LockError> {
        check_revision(&self.pinned)?;
        let mut seen = HashSet::new();
        for spec in &self.spec {
            check_revision(&spec.revision)?;
            if !is_sha256(&spec.sha256) {
                return Err(LockError::InvalidSha256 {
                    family: spec.family,
                    revision: spec.revision.clone(),
                    sha256: spec.sha256.clone(),
                });
            }
            if !seen.insert((spec.family, spec.revision.as_str())) {
                return Err(LockError::DuplicateSpec {
                    family: spec.family,
                    revision: spec.revision.clone(),
                });
            }
        }
        if !self.spec.iter().any(|s| s.revision == self.pinned) {
            return Err(LockError::PinnedMissing {
                pinned: self.pinned.clone(),
            });
        }
        Ok(())
    }

    /// Validates, then writes via a temporary file and a rename so a crash
    /// never leaves a truncated lock. The comment block heading the existing
    /// file is kept (it tells readers what the file is); other comments are not.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), LockError> {
        let path = path.as_ref();
        self.validate()?;
        let text = leading_comments(path) + &toml::to_string_pretty(self)?;
        let write_err = |source| LockError::Write {
            path: path.to_owned(),
            source,
        };
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write_err)?;
        tmp.write_all(text.as_bytes()).map_err(write_err)?;
        tmp.as_file().sync_all().map_err(write_err)?;
        // A temporary file is created private; the lock keeps its own mode.
        if let Ok(meta) = std::fs::metadata(path) {
            tmp.as_file()
                .set_permissions(meta.permissions())
                .map_err(write_err)?;
        }
        tmp.persist(path).map_err(|e| write_err(e.error))?;
        Ok(())
    }

    /// Distinct revisions, in file order.
    pub fn revisions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for spec in &self.spec {
            if !out.contains(&spec.revision.as_str()) {
                out.push(&spec.revision);
            }
        }
        out
    }

    /// The revisions worth a whole workspace build, of those a mirror holds:
    /// the oldest, the newest, and for each OpenAPI version present the
    /// newest revision written in it; each with why. Read from the mirror's
    /// files, so a revision added to the mirror and the lock is picked up
    /// with no change of code.
    pub fn representative(&self, mirror: &Path) -> Vec<(String, String)> {
        // Newest first, as the lock lists them; those the mirror holds.
        let mut held: Vec<(&str, &str)> = Vec::new();
        for spec in &self.spec {
            let present = spec
                .mirror_relative_path(&self.upstream)
                .is_ok_and(|rel| mirror.join(rel).is_file());
            if present && !held.iter().any(|(r, _)| *r == spec.revision) {
                held.push((&spec.revision, spec.date.as_deref().unwrap_or("")));
            }
        }
        held.sort_by(|a, b| b.1.cmp(a.1));
        let version = |revision: &str| -> String {
            let Ok([first, ..]) = self.specs_for(revision) else {
                return String::new();
            };
            let Ok(rel) = first.mirror_relative_path(&self.upstream) else {
                return String::new();
            };
            std::fs::read(mirror.join(rel))
                .ok()
                .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
                .and_then(|doc| doc.get("openapi")?.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let mut picked: Vec<(String, String)> = Vec::new();
        let mut pick =
            |revision: &str, why: String| match picked.iter_mut().find(|(r, _)| r == revision) {
                Some((_, reasons)) => *reasons = format!("{reasons}; {why}"),
                None => picked.push((revision.to_owned(), why)),
            };
        if let Some((newest, _)) = held.first() {
            pick(newest, "the newest".into());
        }
        if let Some((oldest, _)) = held.last() {
            pick(oldest, "the oldest".into());
        }
        let mut versions: Vec<String> = Vec::new();
        for (revision, _) in &held {
            let v = version(revision);
            if !v.is_empty() && !versions.contains(&v) {
                pick(revision, format!("the newest in OpenAPI {v}"));
                versions.push(v);
            }
        }
        picked
    }

    /// The three specs of `revision`, in `Family::ALL` order.
    pub fn specs_for(&self, revision: &str) -> Result<[&LockedSpec; 3], LockError> {
        if !self.spec.iter().any(|s| s.revision == revision) {
            return Err(LockError::UnknownRevision {
                revision: revision.to_owned(),
                known: self.revisions().into_iter().map(str::to_owned).collect(),
            });
        }
        let find = |family: Family| {
            self.spec
                .iter()
                .find(|s| s.family == family && s.revision == revision)
                .ok_or_else(|| LockError::MissingFamily {
                    family,
                    revision: revision.to_owned(),
                })
        };
        let [a, c, p] = Family::ALL;
        Ok([find(a)?, find(c)?, find(p)?])
    }
}

impl LockedSpec {
    /// Where this spec sits below a mirror directory: the url minus `upstream`.
    /// Refuses anything that could escape the mirror (`..`, absolute paths).
    pub fn mirror_relative_path(&self, upstream: &str) -> Result<PathBuf, LockError> {
        let rest =
            self.url
                .strip_prefix(upstream)
                .ok_or_else(|| LockError::UrlOutsideUpstream {
                    url: self.url.clone(),
                    upstream: upstream.to_owned(),
                })?;
        let rel = PathBuf::from(rest);
        let safe = !rest.is_empty()
            && !rest.contains(['?', '#', '\\'])
            && rel.components().all(|c| matches!(c, Component::Normal(_)));
        if safe {
            Ok(rel)
        } else {
            Err(LockError::UnsafeUrlPath {
                url: self.url.clone(),
            })
        }
    }
}

/// The comment and blank lines before the first key of the file at `path`;
/// empty when there is no such file.
fn leading_comments(path: &Path) -> String {
    let Ok(text) = std::fs::read_to_string(path) else {
        return String::new();
    };
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if !(trimmed.is_empty() || trimmed.starts_with('#')) {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Revisions become directory names, so they must be a single plain component.
pub(crate) fn check_revision(revision: &str) -> Result<(), LockError> {
    let ok = !revision.is_empty()
        && revision != "."
        && revision != ".."
        && revision
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(LockError::InvalidRevision {
            revision: revision.to_owned(),
        })
    }
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real_lock_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/specs.lock.toml")
    }

    fn real_lock() -> Lock {
        Lock::load(real_lock_path()).expect("the real lock file loads")
    }

    fn small_lock() -> Lock {
        let spec = |family: Family| LockedSpec {
            family,
            revision: "r1".into(),
            date: None,
            url: format!("https://example.org/up/r1/{family}.json"),
            sha256: "0".repeat(64),
        };
        Lock {
            upstream: "https://example.org/up/".into(),
            pinned: "r1".into(),
            spec: Family::ALL.into_iter().map(spec).collect(),
        }
    }

    /// The real lock's pinned revision and its oldest: read, never written
    /// here, so these tests pass at whatever revision the lock pins.
    fn pinned_and_oldest(lock: &Lock) -> (String, String) {
        let oldest = lock
            .spec
            .iter()
            .min_by(|a, b| a.date.cmp(&b.date))
            .map(|s| s.revision.clone())
            .expect("the lock lists specs");
        (lock.pinned.clone(), oldest)
    }

    #[test]
    fn real_lock_parses() {
        let lock = real_lock();
        assert_eq!(
            lock.upstream,
            "https://raw.githubusercontent.com/chatwoot/chatwoot/"
        );
        let revisions = lock.revisions();
        assert!(revisions.contains(&lock.pinned.as_str()));
        assert_eq!(lock.spec.len(), revisions.len() * 3, "three families each");
        // Newest first, as `update` writes it.
        let dates: Vec<_> = lock.spec.iter().map(|s| s.date.clone()).collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted);
    }

    #[test]
    fn real_lock_specs_for_every_revision() {
        let lock = real_lock();
        for revision in lock.revisions() {
            let specs = lock.specs_for(revision).unwrap();
            for (spec, family) in specs.iter().zip(Family::ALL) {
                assert_eq!(spec.family, family);
                assert_eq!(spec.revision, revision);
                assert!(spec.date.is_some());
                assert_eq!(spec.sha256.len(), 64);
                assert!(spec.url.starts_with(&lock.upstream));
            }
        }
    }

    #[test]
    fn unknown_revision_lists_known_ones() {
        let lock = real_lock();
        let (pinned, oldest) = pinned_and_oldest(&lock);
        let err = lock.specs_for("deadbeef").unwrap_err();
        assert!(matches!(err, LockError::UnknownRevision { .. }));
        let msg = err.to_string();
        assert!(msg.contains("deadbeef"), "{msg}");
        assert!(msg.contains(&pinned) && msg.contains(&oldest), "{msg}");
    }

    #[test]
    fn missing_family_is_an_error() {
        let mut lock = small_lock();
        lock.spec.retain(|s| s.family != Family::Client);
        let err = lock.specs_for("r1").unwrap_err();
        assert!(matches!(
            err,
            LockError::MissingFamily {
                family: Family::Client,
                ..
            }
        ));
    }

    #[test]
    fn mirror_path_derivation() {
        let lock = real_lock();
        let [_, client, _] = lock.specs_for(&lock.pinned).unwrap();
        assert_eq!(
            client.mirror_relative_path(&lock.upstream).unwrap(),
            Path::new(&lock.pinned).join("swagger/tag_groups/client_swagger.json")
        );
        let err = client
            .mirror_relative_path("https://example.org/")
            .unwrap_err();
        assert!(matches!(err, LockError::UrlOutsideUpstream { .. }));

        let mut sneaky = client.clone();
        sneaky.url = format!("{}../../etc/passwd", lock.upstream);
        assert!(matches!(
            sneaky.mirror_relative_path(&lock.upstream),
            Err(LockError::UnsafeUrlPath { .. })
        ));
    }

    #[test]
    fn validation_rejects_bad_locks() {
        let mut bad_hash = small_lock();
        bad_hash.spec[0].sha256 = "A".repeat(64);
        assert!(matches!(
            bad_hash.validate(),
            Err(LockError::InvalidSha256 { .. })
        ));

        let mut short_hash = small_lock();
        short_hash.spec[1].sha256 = "ab".into();
        assert!(matches!(
            short_hash.validate(),
            Err(LockError::InvalidSha256 { .. })
        ));

        let mut dup = small_lock();
        let copy = dup.spec[2].clone();
        dup.spec.push(copy);
        assert!(matches!(
            dup.validate(),
            Err(LockError::DuplicateSpec { .. })
        ));

        let mut unpinned = small_lock();
        unpinned.pinned = "r2".into();
        assert!(matches!(
            unpinned.validate(),
            Err(LockError::PinnedMissing { .. })
        ));

        let mut traversal = small_lock();
        traversal.spec[0].revision = "..".into();
        assert!(matches!(
            traversal.validate(),
            Err(LockError::InvalidRevision { .. })
        ));
    }

    #[test]
    fn unknown_family_fails_to_parse() {
        let text = r#"
            upstream = "https://example.org/"
            pinned = "r1"
            [[spec]]
            family = "admin"
            revision = "r1"
            url = "https://example.org/r1/admin.json"
            sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
        "#;
        let err = Lock::parse(text).unwrap_err();
        assert!(err.to_string().contains("admin"), "{err}");
    }

    #[test]
    fn save_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.lock.toml");
        let lock = real_lock();
        lock.save(&path).unwrap();
        assert_eq!(Lock::load(&path).unwrap(), lock);
        // Only the final file: the temporary one was renamed, not left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["specs.lock.toml"]);
    }

    #[test]
    fn save_keeps_the_heading_comments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.lock.toml");
        std::fs::copy(real_lock_path(), &path).unwrap();
        let mut lock = real_lock();
        let (_, oldest) = pinned_and_oldest(&lock);
        lock.pinned = oldest.clone();
        lock.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# Which upstream Chatwoot specs"),
            "{text}"
        );
        assert!(text.contains(&format!("pinned = \"{oldest}\"")), "{text}");
        assert_eq!(Lock::load(&path).unwrap(), lock);
    }

    #[test]
    fn save_refuses_invalid_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specs.lock.toml");
        let mut lock = small_lock();
        lock.pinned = "nope".into();
        assert!(lock.save(&path).is_err());
        assert!(!path.exists());
    }
}
