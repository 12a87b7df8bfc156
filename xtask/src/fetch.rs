//! Getting the locked upstream specs into `openapi/upstream/`, from the network
//! or from a mirror directory, never writing bytes whose sha256 is wrong.

use std::ffi::OsString;
use std::fmt;
use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chatwoot_codegen::Family;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::lock::{Lock, LockError, LockedSpec, check_revision};

/// Environment variable naming a mirror directory, for machines without network.
pub const MIRROR_ENV: &str = "CHATWOOT_OPENAPI_MIRROR";

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
const MAX_REDIRECTS: usize = 10;

/// Where spec bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The `url` of each locked spec.
    Upstream,
    /// A directory laid out like the upstream prefix.
    Mirror(PathBuf),
}

/// How a spec ended up at its destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Already there with the right checksum; nothing was read.
    Cached,
    /// Downloaded from its upstream url.
    Upstream,
    /// Copied from the mirror directory.
    Mirror,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Cached => "cached",
            Origin::Upstream => "downloaded",
            Origin::Mirror => "mirror",
        })
    }
}

/// A spec that is now on disk with the locked checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedSpec {
    pub family: Family,
    pub revision: String,
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: usize,
    pub origin: Origin,
}

/// Why a spec could not be fetched. Each message stands on its own in one line.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(
        "cannot reach {url}: {}; to work offline, pass `--mirror DIR` or set {MIRROR_ENV} to a directory laid out like the upstream prefix",
        root_cause(source)
    )]
    Unreachable { url: String, source: reqwest::Error },
    #[error(
        "timed out fetching {url} (connect {}s, total {}s); to work offline, pass `--mirror DIR` or set {MIRROR_ENV}",
        CONNECT_TIMEOUT.as_secs(),
        TOTAL_TIMEOUT.as_secs()
    )]
    Timeout { url: String },
    #[error("fetching {url} returned HTTP {status}")]
    HttpStatus { url: String, status: StatusCode },
    #[error(
        "checksum mismatch for the {family} spec at revision {revision}: expected sha256 {expected}, got {actual}"
    )]
    ChecksumMismatch {
        family: Family,
        revision: String,
        expected: String,
        actual: String,
    },
    #[error("the {family} spec is not valid JSON: {source}")]
    InvalidJson {
        family: Family,
        source: serde_json::Error,
    },
    #[error("the {family} spec is not an OpenAPI 3.0 or 3.1 document (openapi = {})", found.as_deref().unwrap_or("<missing>"))]
    NotOpenApi {
        family: Family,
        found: Option<String>,
    },
    #[error(
        "mirror file {} does not exist (a mirror holds <revision>/swagger/tag_groups/<family>_swagger.json)",
        path.display()
    )]
    MirrorFileMissing { path: PathBuf },
    #[error("refusing to fetch {url}: only https is allowed (plain http only to a loopback host)")]
    InsecureUrl { url: String },
    #[error("invalid url {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("cannot build the HTTP client: {}", root_cause(source))]
    Client { source: reqwest::Error },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Lock(#[from] LockError),
}

/// The one HTTP client for spec downloads: rustls, bounded waits, and
/// redirects that may not leave https (loopback excepted, for tests).
pub fn http_client() -> Result<reqwest::Client, FetchError> {
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if check_url(attempt.url().as_str()).is_err() {
            let target = attempt.url().to_string();
            attempt.error(InsecureRedirect(target))
        } else {
            attempt.follow()
        }
    });
    // rustls with ring, as the crates' default: no C build of aws-lc in the
    // xtask either. The xtask is a program of its own: it may set the
    // process-wide provider (an error means one is set already).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .tls_backend_rustls()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .redirect(redirects)
        .user_agent(concat!("chatwoot-rs-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|source| FetchError::Client { source })
}

/// `--mirror DIR` wins, then a non-empty `CHATWOOT_OPENAPI_MIRROR`, else upstream.
pub fn source_from(mirror_flag: Option<PathBuf>) -> Source {
    choose_source(mirror_flag, std::env::var_os(MIRROR_ENV))
}

fn choose_source(flag: Option<PathBuf>, env: Option<OsString>) -> Source {
    match (flag, env) {
        (Some(dir), _) => Source::Mirror(dir),
        (None, Some(dir)) if !dir.is_empty() => Source::Mirror(PathBuf::from(dir)),
        _ => Source::Upstream,
    }
}

/// Where `fetch_spec` puts a spec: `dest_dir/<revision>/<family>.json`.
pub fn destination(spec: &LockedSpec, dest_dir: &Path) -> Result<PathBuf, FetchError> {
    check_revision(&spec.revision)?;
    Ok(dest_dir
        .join(&spec.revision)
        .join(format!("{}.json", spec.family)))
}

/// Brings one spec to `dest_dir/<revision>/<family>.json`.
///
/// The bytes are checked (sha256, then JSON, then OpenAPI 3.0/3.1) before
/// anything is written, and written through a temporary file plus rename, so
/// the destination is either the old file or the complete new one. A
/// destination that already has the locked checksum is left alone.
///
/// File I/O is blocking: the files are a few MB and this runs in a CLI.
pub async fn fetch_spec(
    spec: &LockedSpec,
    upstream_prefix: &str,
    source: &Source,
    dest_dir: &Path,
    http: &reqwest::Client,
) -> Result<FetchedSpec, FetchError> {
    let dest = destination(spec, dest_dir)?;
    // A lock pointing at plain http is wrong whether or not we need the network.
    if *source == Source::Upstream {
        check_url(&spec.url)?;
    }

    if let Some(bytes) = cached_len(&dest, &spec.sha256)? {
        return Ok(fetched(spec, dest, bytes, Origin::Cached));
    }

    let (bytes, origin) = match source {
        Source::Upstream => (download(&spec.url, http).await?, Origin::Upstream),
        Source::Mirror(dir) => {
            let path = dir.join(spec.mirror_relative_path(upstream_prefix)?);
            (read_mirror(&path)?, Origin::Mirror)
        }
    };

    let actual = sha256_hex(&bytes);
    if !actual.eq_ignore_ascii_case(&spec.sha256) {
        return Err(FetchError::ChecksumMismatch {
            family: spec.family,
            revision: spec.revision.clone(),
            expected: spec.sha256.clone(),
            actual,
        });
    }
    check_openapi(spec.family, &bytes)?;
    write_atomically(&dest, &bytes)?;
    Ok(fetched(spec, dest, bytes.len(), origin))
}

/// Fetches the three families of `revision` (concurrently when downloading).
/// On failure the first error in `Family::ALL` order is returned; specs that
/// did succeed stay on disk, as they are complete and verified.
pub async fn fetch_all(
    lock: &Lock,
    revision: &str,
    source: &Source,
    dest_dir: &Path,
) -> Result<Vec<FetchedSpec>, FetchError> {
    let [a, c, p] = lock.specs_for(revision)?;
    let http = http_client()?;
    let up = lock.upstream.as_str();
    let (a, c, p) = tokio::join!(
        fetch_spec(a, up, source, dest_dir, &http),
        fetch_spec(c, up, source, dest_dir, &http),
        fetch_spec(p, up, source, dest_dir, &http),
    );
    Ok(vec![a?, c?, p?])
}

/// Lower-case hex sha256, the form the lock file uses.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn fetched(spec: &LockedSpec, path: PathBuf, bytes: usize, origin: Origin) -> FetchedSpec {
    FetchedSpec {
        family: spec.family,
        revision: spec.revision.clone(),
        path,
        sha256: spec.sha256.to_ascii_lowercase(),
        bytes,
        origin,
    }
}

/// `Some(len)` when `dest` exists with the expected hash; `None` when it is
/// missing or stale (it will be replaced).
fn cached_len(dest: &Path, expected: &str) -> Result<Option<usize>, FetchError> {
    match std::fs::read(dest) {
        Ok(bytes) if sha256_hex(&bytes).eq_ignore_ascii_case(expected) => Ok(Some(bytes.len())),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(FetchError::Io {
            path: dest.to_owned(),
            source,
        }),
    }
}

/// https anywhere; plain http only to loopback, which is what tests mock.
pub(crate) fn check_url(url: &str) -> Result<(), FetchError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| FetchError::InvalidUrl {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    let allowed = match parsed.scheme() {
        "https" => true,
        "http" => parsed.host_str().is_some_and(is_loopback_host),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(FetchError::InsecureUrl {
            url: url.to_owned(),
        })
    }
}

fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub(crate) async fn download(url: &str, http: &reqwest::Client) -> Result<Vec<u8>, FetchError> {
    let response = http.get(url).send().await.map_err(|e| transport(url, e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::HttpStatus {
            url: url.to_owned(),
            status,
        });
    }
    let body = response.bytes().await.map_err(|e| transport(url, e))?;
    Ok(body.to_vec())
}

/// Sorts a reqwest failure into the variant that tells the user what to do.
fn transport(url: &str, err: reqwest::Error) -> FetchError {
    if let Some(target) = find_source::<InsecureRedirect>(&err) {
        return FetchError::InsecureUrl {
            url: target.0.clone(),
        };
    }
    if err.is_timeout() {
        return FetchError::Timeout {
            url: url.to_owned(),
        };
    }
    FetchError::Unreachable {
        url: url.to_owned(),
        source: err,
    }
}

pub(crate) fn read_mirror(path: &Path) -> Result<Vec<u8>, FetchError> {
    std::fs::read(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            FetchError::MirrorFileMissing {
                path: path.to_owned(),
            }
        } else {
            FetchError::Io {
                path: path.to_owned(),
                source,
            }
        }
    })
}

fn check_openapi(family: Family, bytes: &[u8]) -> Result<(), FetchError> {
    let doc: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|source| FetchError::InvalidJson { family, source })?;
    let found = doc.get("openapi").map(|v| match v.as_str() {
        Some(s) => s.to_owned(),
        None => v.to_string(),
    });
    let supported = doc
        .get("openapi")
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.starts_with("3.0.") || v.starts_with("3.1."));
    if supported {
        Ok(())
    } else {
        Err(FetchError::NotOpenApi { family, found })
    }
}

/// Temporary file in the destination directory, then rename: readers never
/// see a partial file, and a failure removes the temporary file on drop.
fn write_atomically(dest: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| FetchError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io(dir))?;
    tmp.write_all(bytes).map_err(io(tmp.path()))?;
    tmp.as_file().sync_all().map_err(io(tmp.path()))?;
    tmp.persist(dest).map_err(|e| FetchError::Io {
        path: dest.to_owned(),
        source: e.error,
    })?;
    Ok(())
}

/// Marks a redirect we refused, so it surfaces as `InsecureUrl`.
#[derive(Debug)]
struct InsecureRedirect(String);

impl fmt::Display for InsecureRedirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused redirect to insecure url {}", self.0)
    }
}

impl std::error::Error for InsecureRedirect {}

fn find_source<'a, T: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        cur = e.source();
    }
    None
}

/// reqwest's own message is generic ("error sending request"); the innermost
/// cause ("connection refused", "dns error") is what the user needs.
pub(crate) fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut last = err;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_precedence() {
        let flag = Some(PathBuf::from("/flag"));
        let env = Some(OsString::from("/env"));
        assert_eq!(
            choose_source(flag.clone(), env.clone()),
            Source::Mirror("/flag".into())
        );
        assert_eq!(choose_source(None, env), Source::Mirror("/env".into()));
        assert_eq!(choose_source(None, Some(OsString::new())), Source::Upstream);
        assert_eq!(choose_source(None, None), Source::Upstream);
    }

    #[test]
    fn url_policy() {
        for ok in [
            "https://raw.githubusercontent.com/x",
            "http://127.0.0.1:8080/x",
            "http://localhost/x",
            "http://[::1]:9/x",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com/x",
            "http://10.0.0.1/x",
            "ftp://127.0.0.1/x",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(check_url(bad), Err(FetchError::InsecureUrl { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            check_url("not a url"),
            Err(FetchError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn openapi_versions() {
        let f = Family::Client;
        assert!(check_openapi(f, br#"{"openapi":"3.0.4"}"#).is_ok());
        assert!(check_openapi(f, br#"{"openapi":"3.1.0"}"#).is_ok());
        for (doc, found) in [
            (&br#"{"openapi":"3.2.0"}"#[..], Some("3.2.0")),
            (br#"{"openapi":3.1}"#, Some("3.1")),
            (br#"{"swagger":"2.0"}"#, None),
            (br#"[1,2]"#, None),
        ] {
            match check_openapi(f, doc) {
                Err(FetchError::NotOpenApi { found: got, .. }) => {
                    assert_eq!(got.as_deref(), found)
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}
