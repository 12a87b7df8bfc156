//! `cargo xtask update`: move the lock to a newer upstream revision in one
//! step that either completes or changes nothing. Every check `codegen` and
//! the family crates' builds would make runs on the candidate first; the lock
//! is rewritten last, so a failure leaves the workspace building as before.

use std::ffi::OsString;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::normalize::names::NamesError;
use crate::normalize::openapi_version;
use crate::normalize::{
    Family, Fixup, FixupError, Names, NormalizeError, Options, Report, normalize_with,
};
use chatwoot_codegen::generate::{GenerateError, GenerateOptions, generate};
use reqwest::StatusCode;
use serde_json::Value;

use crate::codegen::Layout;
use crate::fetch::{self, FetchError, Source, sha256_hex};
use crate::lock::{Lock, LockError, LockedSpec, check_revision};
use crate::stage::{self, Provenance};

/// GitHub's REST API, asked for the newest revision.
pub const GITHUB_API: &str = "https://api.github.com";
/// Environment variable overriding [`GITHUB_API`] (tests, GitHub Enterprise mirrors).
pub const GITHUB_API_ENV: &str = "CHATWOOT_GITHUB_API";
/// Environment variable naming another prefix to download upstream's files from.
pub const UPSTREAM_ENV: &str = "CHATWOOT_UPSTREAM";
/// Upstream's repository.
pub const REPOSITORY: &str = "chatwoot/chatwoot";
/// The branch the developer docs render from.
pub const BRANCH: &str = "develop";

/// The steps of an update, in order; every error names the one it failed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading the lock or the fixups.
    Lock,
    /// Asking GitHub for the newest revision.
    Resolve,
    /// Reading the candidate specs.
    Download,
    /// Comparing checksums: between two reads, and with the lock.
    Checksum,
    /// Reading the bytes as an OpenAPI document.
    Parse,
    /// `crate::normalize::normalize`.
    Normalize,
    /// `chatwoot_codegen::generate::generate`.
    Generate,
    /// `cargo build --workspace` against the candidate normalized specs.
    Build,
    /// Writing the outputs and the lock.
    Write,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Lock => "lock",
            Step::Resolve => "resolve",
            Step::Download => "download",
            Step::Checksum => "checksum",
            Step::Parse => "parse",
            Step::Normalize => "normalize",
            Step::Generate => "generate",
            Step::Build => "build",
            Step::Write => "write",
        })
    }
}

/// Why the newest revision could not be found.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(
        "a mirror has no API to ask for the newest revision: pass --revision REV (the mirror {} holds: {})",
        dir.display(),
        if held.is_empty() { "nothing".to_owned() } else { held.join(", ") }
    )]
    MirrorNeedsRevision { dir: PathBuf, held: Vec<String> },
    #[error(
        "cannot reach {url}: {reason}; pass --revision REV to skip asking GitHub (with --mirror DIR to work offline)"
    )]
    Unreachable { url: String, reason: String },
    #[error("{url} answered HTTP {status}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    HttpStatus {
        url: String,
        status: StatusCode,
        message: Option<String>,
    },
    #[error("{url} did not answer with a commit: {reason}")]
    BadAnswer { url: String, reason: String },
    #[error(transparent)]
    Fetch(#[from] FetchError),
}

/// Why an update failed. The message starts with the step and the family.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("lock: {0}")]
    Lock(#[from] LockError),
    #[error("lock: fixups: {0}")]
    Fixups(#[from] FixupError),
    #[error("lock: names: {0}")]
    Names(#[from] NamesError),
    #[error("resolve: {0}")]
    Resolve(#[from] ResolveError),
    #[error("download {family} of {revision}: {source}")]
    Download {
        family: Family,
        revision: String,
        source: FetchError,
    },
    #[error(
        "checksum {family} of {revision}: checksum changed during download of {location}: sha256 {first} on the first read, {second} on the second; upstream changed meanwhile or something rewrites the download, try again"
    )]
    ChecksumChanged {
        family: Family,
        revision: String,
        location: String,
        first: String,
        second: String,
    },
    #[error(
        "checksum {family} of {revision}: the lock has sha256 {expected}, {location} has {actual}"
    )]
    ChecksumMismatch {
        family: Family,
        revision: String,
        location: String,
        expected: String,
        actual: String,
    },
    #[error("parse {family} of {revision}: {reason}")]
    Parse {
        family: Family,
        revision: String,
        reason: String,
    },
    #[error("normalize {family} of {revision}: {source}")]
    Normalize {
        family: Family,
        revision: String,
        source: Box<NormalizeError>,
    },
    #[error("generate {family} of {revision}: {source}")]
    Generate {
        family: Family,
        revision: String,
        source: Box<GenerateError>,
    },
    #[error(
        "{step} {family} of {revision}: chatwoot-codegen panicked ({message}); this is a bug in chatwoot-codegen"
    )]
    Panicked {
        step: Step,
        family: Family,
        revision: String,
        message: String,
    },
    #[error("build: {0}; the previous openapi/normalized/ is restored")]
    Build(String),
    #[error("write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{original}; restoring the previous files failed too: {restore}")]
    RestoreFailed {
        original: Box<UpdateError>,
        restore: String,
    },
}

impl UpdateError {
    /// The step that failed.
    pub fn step(&self) -> Step {
        match self {
            UpdateError::Lock(_) | UpdateError::Fixups(_) | UpdateError::Names(_) => Step::Lock,
            UpdateError::Resolve(_) => Step::Resolve,
            UpdateError::Download { .. } => Step::Download,
            UpdateError::ChecksumChanged { .. } | UpdateError::ChecksumMismatch { .. } => {
                Step::Checksum
            }
            UpdateError::Parse { .. } => Step::Parse,
            UpdateError::Normalize { .. } => Step::Normalize,
            UpdateError::Generate { .. } => Step::Generate,
            UpdateError::Panicked { step, .. } => *step,
            UpdateError::Build(_) => Step::Build,
            UpdateError::Write { .. } => Step::Write,
            UpdateError::RestoreFailed { original, .. } => original.step(),
        }
    }

    /// The family whose spec failed, when one did.
    pub fn family(&self) -> Option<Family> {
        match self {
            UpdateError::Download { family, .. }
            | UpdateError::ChecksumChanged { family, .. }
            | UpdateError::ChecksumMismatch { family, .. }
            | UpdateError::Parse { family, .. }
            | UpdateError::Normalize { family, .. }
            | UpdateError::Generate { family, .. }
            | UpdateError::Panicked { family, .. } => Some(*family),
            UpdateError::RestoreFailed { original, .. } => original.family(),
            _ => None,
        }
    }
}

/// The command that proves the candidate specs build; tests substitute their own.
#[derive(Debug, Clone)]
pub struct BuildCommand {
    pub program: OsString,
    pub args: Vec<OsString>,
    /// Where it runs; `None`: the root of the workspace being updated.
    pub dir: Option<PathBuf>,
}

impl BuildCommand {
    /// `cargo build --workspace --all-targets`: the libraries, and every
    /// test, example and bench that calls them, so hand-written code that
    /// names an operation the candidate lacks stops the update here.
    pub fn workspace() -> BuildCommand {
        BuildCommand {
            program: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            args: vec!["build".into(), "--workspace".into(), "--all-targets".into()],
            dir: None,
        }
    }

    fn describe(&self) -> String {
        let mut words = vec![self.program.to_string_lossy().into_owned()];
        words.extend(self.args.iter().map(|a| a.to_string_lossy().into_owned()));
        words.join(" ")
    }

    /// Runs with output shown (a build takes minutes; the user wants to see it).
    /// The layout's `openapi/` is passed as `CHATWOOT_OPENAPI_DIR`, where the
    /// family crates' build scripts look when their crate has no staged copy.
    fn run(&self, layout: &Layout) -> Result<(), UpdateError> {
        let mut command = Command::new(&self.program);
        let dir = self.dir.clone().unwrap_or_else(|| layout.workspace_root());
        command.args(&self.args).current_dir(dir);
        let root = std::path::absolute(&layout.root).unwrap_or_else(|_| layout.root.clone());
        command.env("CHATWOOT_OPENAPI_DIR", root);
        let status = command
            .status()
            .map_err(|e| UpdateError::Build(format!("cannot run `{}`: {e}", self.describe())))?;
        if status.success() {
            Ok(())
        } else {
            Err(UpdateError::Build(format!(
                "`{}` failed ({status}; its errors are above)",
                self.describe()
            )))
        }
    }
}

/// What to update to and how.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// The revision to move to; `None` asks GitHub for the newest of [`BRANCH`].
    pub revision: Option<String>,
    /// The revision's date (YYYY-MM-DD) for the lock; GitHub's when it resolves.
    pub date: Option<String>,
    /// Base URL of GitHub's API.
    pub github_api: String,
    /// Prefix to download from instead of the lock's `upstream`; the lock
    /// still records urls below its own `upstream`, as the sha256 pins the bytes.
    pub upstream: Option<String>,
    /// Network or mirror.
    pub source: Source,
    /// The build to prove the candidate with; `None` skips it (`--no-build`).
    pub build: Option<BuildCommand>,
    /// Pin the revision (default). Without, it is only added to the lock,
    /// proven like a pin, and the workspace is left at the pinned revision:
    /// `cargo xtask codegen --revision REV` then builds it.
    pub pin: bool,
}

impl Default for UpdateOptions {
    fn default() -> Self {
        UpdateOptions {
            revision: None,
            date: None,
            github_api: GITHUB_API.into(),
            upstream: None,
            source: Source::Upstream,
            build: Some(BuildCommand::workspace()),
            pin: true,
        }
    }
}

/// How an update ended.
#[derive(Debug)]
pub enum UpdateOutcome {
    /// The revision asked for is the pinned one; nothing was changed.
    UpToDate { revision: String },
    /// The lock now pins `revision`.
    Updated(Updated),
}

/// What a successful update changed.
#[derive(Debug)]
pub struct Updated {
    /// The revision pinned before.
    pub previous: String,
    pub revision: String,
    pub date: Option<String>,
    /// Whether the revision was new to the lock (else it was only pinned).
    pub added_to_lock: bool,
    /// Whether the workspace build ran (and passed).
    pub built: bool,
    /// Whether the lock now pins it (else it was only added to the lock).
    pub pinned: bool,
    pub specs: Vec<UpdatedSpec>,
    pub reports: Vec<Report>,
    pub seconds: f64,
}

/// One family's new upstream spec.
#[derive(Debug, Clone)]
pub struct UpdatedSpec {
    pub family: Family,
    pub sha256: String,
    pub bytes: usize,
    /// The url or mirror file it was read from.
    pub location: String,
}

/// The newest commit of a branch, as GitHub reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub sha: String,
    /// The committer date, YYYY-MM-DD.
    pub date: Option<String>,
}

/// Asks `{api}/repos/chatwoot/chatwoot/commits/develop` for its `sha`.
pub async fn resolve_newest(api: &str, http: &reqwest::Client) -> Result<Resolved, ResolveError> {
    let url = format!(
        "{}/repos/{REPOSITORY}/commits/{BRANCH}",
        api.trim_end_matches('/')
    );
    fetch::check_url(&url)?;
    let response = http
        .get(&url)
        .header(reqwest::header::ACCEPT, "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .send()
        .await
        .map_err(|e| unreachable(&url, &e))?;
    let status = response.status();
    let body = response.bytes().await.map_err(|e| unreachable(&url, &e))?;
    let json: Option<Value> = serde_json::from_slice(&body).ok();
    if !status.is_success() {
        // GitHub says why in `message` (rate limit, not found).
        let message = json
            .as_ref()
            .and_then(|j| j.get("message"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        return Err(ResolveError::HttpStatus {
            url,
            status,
            message,
        });
    }
    let bad = |reason: &str| ResolveError::BadAnswer {
        url: url.clone(),
        reason: reason.to_owned(),
    };
    let json = json.ok_or_else(|| bad("not JSON"))?;
    let sha = json
        .get("sha")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("no `sha` string"))?;
    if sha.len() != 40 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad(&format!("`sha` {sha:?} is not a 40-digit commit id")));
    }
    let date = json
        .pointer("/commit/committer/date")
        .and_then(Value::as_str)
        .and_then(|d| d.get(..10))
        .filter(|d| is_date(d))
        .map(str::to_owned);
    Ok(Resolved {
        sha: sha.to_ascii_lowercase(),
        date,
    })
}

fn unreachable(url: &str, err: &reqwest::Error) -> ResolveError {
    let reason = if err.is_timeout() {
        "timed out".to_owned()
    } else {
        fetch::root_cause(err)
    };
    ResolveError::Unreachable {
        url: url.to_owned(),
        reason,
    }
}

/// `YYYY-MM-DD`, digits where digits belong.
pub fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Where a spec of `revision` sits below the upstream prefix or a mirror.
pub fn spec_relative_path(revision: &str, family: Family) -> String {
    format!("{revision}/swagger/tag_groups/{family}_swagger.json")
}

/// `prefix` and `rest` with exactly one `/` between them.
pub(crate) fn join_url(prefix: &str, rest: &str) -> String {
    format!("{}/{}", prefix.trim_end_matches('/'), rest)
}

/// Reads one spec of `revision` from the mirror or below `prefix`; returns the
/// bytes and where they came from. `revision` must have passed `check_revision`.
pub(crate) async fn read_spec(
    family: Family,
    revision: &str,
    prefix: &str,
    source: &Source,
    http: &reqwest::Client,
) -> Result<(Vec<u8>, String), FetchError> {
    let rel = spec_relative_path(revision, family);
    match source {
        Source::Mirror(dir) => {
            let path = dir.join(&rel);
            Ok((fetch::read_mirror(&path)?, path.display().to_string()))
        }
        Source::Upstream => {
            let url = join_url(prefix, &rel);
            fetch::check_url(&url)?;
            Ok((fetch::download(&url, http).await?, url))
        }
    }
}

/// A candidate spec: read twice with the same bytes, parsed.
struct Candidate {
    family: Family,
    bytes: Vec<u8>,
    sha256: String,
    location: String,
    doc: Value,
}

/// Reads a spec twice: bytes that differ between two reads are not a spec
/// to pin, whatever their checksum.
async fn download_twice(
    family: Family,
    revision: &str,
    prefix: &str,
    source: &Source,
    http: &reqwest::Client,
) -> Result<Candidate, UpdateError> {
    let download = |source| UpdateError::Download {
        family,
        revision: revision.to_owned(),
        source,
    };
    let (bytes, location) = read_spec(family, revision, prefix, source, http)
        .await
        .map_err(download)?;
    let (again, _) = read_spec(family, revision, prefix, source, http)
        .await
        .map_err(download)?;
    let sha256 = sha256_hex(&bytes);
    let second = sha256_hex(&again);
    if sha256 != second {
        return Err(UpdateError::ChecksumChanged {
            family,
            revision: revision.to_owned(),
            location,
            first: sha256,
            second,
        });
    }
    Ok(Candidate {
        family,
        bytes,
        sha256,
        location,
        doc: Value::Null,
    })
}

/// Checks the bytes are JSON and OpenAPI 3.0 or 3.1.
fn parse(candidate: &mut Candidate, revision: &str) -> Result<(), UpdateError> {
    let parse_error = |reason: String| UpdateError::Parse {
        family: candidate.family,
        revision: revision.to_owned(),
        reason,
    };
    let doc: Value = serde_json::from_slice(&candidate.bytes)
        .map_err(|e| parse_error(format!("not valid JSON: {e}")))?;
    openapi_version(&doc).map_err(|e| parse_error(e.to_string()))?;
    candidate.doc = doc;
    Ok(())
}

/// One family's normalized spec and report, ready to write.
struct Output {
    family: Family,
    spec: Value,
    report: Report,
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "no message".into())
}

/// Normalizes and generates one family, as `codegen` and the build would.
fn pipeline(
    candidate: &Candidate,
    fixups: &[Fixup],
    names: &Names,
    revision: &str,
) -> Result<Output, UpdateError> {
    let family = candidate.family;
    let panicked = |step, panic: Box<dyn std::any::Any + Send>| UpdateError::Panicked {
        step,
        family,
        revision: revision.to_owned(),
        message: panic_message(panic.as_ref()),
    };
    let normalized = catch_unwind(AssertUnwindSafe(|| {
        let options = Options {
            names: Some(names.clone()),
            ..Options::default()
        };
        normalize_with(family, &candidate.doc, fixups, &options)
    }))
    .map_err(|p| panicked(Step::Normalize, p))?
    .map_err(|source| UpdateError::Normalize {
        family,
        revision: revision.to_owned(),
        source: Box::new(source),
    })?;
    let code = catch_unwind(AssertUnwindSafe(|| {
        let options = GenerateOptions {
            mock: true,
            ..GenerateOptions::default()
        };
        generate(family, &normalized.spec, &options).map(|g| g.client)
    }))
    .map_err(|p| panicked(Step::Generate, p))?
    .map_err(|source| UpdateError::Generate {
        family,
        revision: revision.to_owned(),
        source: Box::new(source),
    })?;
    let mut report = normalized.report;
    report.revision = Some(revision.to_owned());
    report.upstream_sha256 = Some(candidate.sha256.clone());
    report.generated_lines = Some(code.lines().count());
    Ok(Output {
        family,
        spec: normalized.spec,
        report,
    })
}

/// The three families at once (generation takes seconds each); the first
/// error in `Family::ALL` order wins.
fn pipeline_all(
    candidates: &[Candidate],
    fixups: &[Fixup],
    names: &Names,
    revision: &str,
) -> Result<Vec<Output>, UpdateError> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = candidates
            .iter()
            .map(|c| {
                (
                    c.family,
                    scope.spawn(move || pipeline(c, fixups, names, revision)),
                )
            })
            .collect();
        handles
            .into_iter()
            .map(|(family, handle)| {
                handle.join().unwrap_or_else(|p| {
                    Err(UpdateError::Panicked {
                        step: Step::Generate,
                        family,
                        revision: revision.to_owned(),
                        message: panic_message(p.as_ref()),
                    })
                })
            })
            .collect()
    })
}

/// Files as they were before the update wrote them, to put back on failure.
#[derive(Default)]
struct Rollback {
    /// A file and its previous bytes (`None`: it did not exist).
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Directories the update created.
    dirs: Vec<PathBuf>,
}

impl Rollback {
    /// Remembers `path` as it is now, unless already remembered.
    fn remember(&mut self, path: &Path) -> Result<(), UpdateError> {
        if self.files.iter().any(|(p, _)| p == path) {
            return Ok(());
        }
        let before = match std::fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(UpdateError::Write {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        self.files.push((path.to_owned(), before));
        Ok(())
    }

    /// Remembers `dir` if it does not exist yet (to remove it on failure).
    fn remember_dir(&mut self, dir: &Path) {
        if !dir.exists() && !self.dirs.iter().any(|d| d == dir) {
            self.dirs.push(dir.to_owned());
        }
    }

    /// Writes `bytes` to `path` (atomically), remembering what was there.
    fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), UpdateError> {
        self.remember(path)?;
        if let Some(dir) = path.parent() {
            self.remember_dir(dir);
        }
        write_file(path, bytes).map_err(|source| UpdateError::Write {
            path: path.to_owned(),
            source,
        })
    }

    /// Puts everything back; on error, says what could not be restored.
    fn restore(&self) -> Result<(), String> {
        let mut failures = Vec::new();
        for (path, before) in self.files.iter().rev() {
            let result = match before {
                Some(bytes) => {
                    write_file(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
                }
                None => match std::fs::remove_file(path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        Err(format!("{}: {e}", path.display()))
                    }
                    _ => Ok(()),
                },
            };
            if let Err(e) = result {
                failures.push(e);
            }
        }
        for dir in self.dirs.iter().rev() {
            // Only if empty: anything else in it is not ours to delete.
            let _ = std::fs::remove_dir(dir);
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(failures.join("; "))
        }
    }
}

/// Writes through a temporary file beside `path` and a rename, so readers
/// (a build running meanwhile) never see half a file. Unlike a `tempfile`,
/// the result gets the usual mode, as `codegen`'s outputs do.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

use crate::codegen::pretty_json;

/// Resolves, downloads and checks a revision; writes the normalized specs,
/// the upstream files and, last, the lock. On error everything is as before.
pub async fn run(layout: &Layout, options: &UpdateOptions) -> Result<UpdateOutcome, UpdateError> {
    let started = Instant::now();
    let mut lock = Lock::load(layout.lock())?;
    let http = fetch::http_client().map_err(ResolveError::from)?;

    let (revision, date) = match &options.revision {
        Some(revision) => (revision.clone(), options.date.clone()),
        None => {
            if let Source::Mirror(dir) = &options.source {
                return Err(ResolveError::MirrorNeedsRevision {
                    dir: dir.clone(),
                    held: mirror_revisions(dir),
                }
                .into());
            }
            let resolved = resolve_newest(&options.github_api, &http).await?;
            (resolved.sha, options.date.clone().or(resolved.date))
        }
    };
    check_revision(&revision)?;
    if revision == lock.pinned {
        return Ok(UpdateOutcome::UpToDate { revision });
    }
    let locked: Option<Vec<LockedSpec>> = if lock.revisions().contains(&revision.as_str()) {
        Some(lock.specs_for(&revision)?.into_iter().cloned().collect())
    } else {
        None
    };

    let prefix = options.upstream.as_deref().unwrap_or(&lock.upstream);
    let [a, c, p] = Family::ALL;
    let (a, c, p) = tokio::join!(
        download_twice(a, &revision, prefix, &options.source, &http),
        download_twice(c, &revision, prefix, &options.source, &http),
        download_twice(p, &revision, prefix, &options.source, &http),
    );
    let mut candidates = vec![a?, c?, p?];
    if let Some(locked) = &locked {
        for (candidate, spec) in candidates.iter().zip(locked) {
            if !candidate.sha256.eq_ignore_ascii_case(&spec.sha256) {
                return Err(UpdateError::ChecksumMismatch {
                    family: candidate.family,
                    revision: revision.clone(),
                    location: candidate.location.clone(),
                    expected: spec.sha256.clone(),
                    actual: candidate.sha256.clone(),
                });
            }
        }
    }
    for candidate in &mut candidates {
        parse(candidate, &revision)?;
    }
    let fixups = Fixup::load_openapi_dir(&layout.root)?;
    let names = Names::load_openapi_dir(&layout.root)?;
    let mut outputs = pipeline_all(&candidates, &fixups, &names, &revision)?;
    for output in &mut outputs {
        crate::normalize::stamp_upstream(&mut output.spec, &revision, date.as_deref());
    }

    let mut rollback = Rollback::default();
    let result = commit(
        layout,
        options,
        &mut lock,
        &revision,
        date.as_deref(),
        &candidates,
        &outputs,
        &mut rollback,
    );
    let previous = match result {
        Ok(previous) => previous,
        Err(original) => {
            return Err(match rollback.restore() {
                Ok(()) => original,
                Err(restore) => UpdateError::RestoreFailed {
                    original: Box::new(original),
                    restore,
                },
            });
        }
    };
    Ok(UpdateOutcome::Updated(Updated {
        previous,
        date,
        added_to_lock: locked.is_none(),
        built: options.build.is_some(),
        pinned: options.pin,
        specs: candidates
            .iter()
            .map(|c| UpdatedSpec {
                family: c.family,
                sha256: c.sha256.clone(),
                bytes: c.bytes.len(),
                location: c.location.clone(),
            })
            .collect(),
        reports: outputs.into_iter().map(|o| o.report).collect(),
        revision,
        seconds: started.elapsed().as_secs_f64(),
    }))
}

/// The writing half of `run`: every write goes through `rollback`. Returns
/// the previously pinned revision.
#[allow(clippy::too_many_arguments)]
fn commit(
    layout: &Layout,
    options: &UpdateOptions,
    lock: &mut Lock,
    revision: &str,
    date: Option<&str>,
    candidates: &[Candidate],
    outputs: &[Output],
    rollback: &mut Rollback,
) -> Result<String, UpdateError> {
    let normalized = layout.normalized();
    for (output, candidate) in outputs.iter().zip(candidates) {
        let family = output.family;
        let spec = pretty_json(&output.spec);
        rollback.write(&normalized.join(format!("{family}.json")), &spec)?;
        rollback.write(
            &normalized.join(format!("{family}.report.json")),
            &pretty_json(&output.report),
        )?;
        // The copies the family crates' packages carry: what their build
        // scripts read first, so the build below proves the candidate.
        let provenance = Provenance {
            revision,
            date,
            sha256: &candidate.sha256,
        };
        for (path, bytes) in stage::files(layout, family, &spec, &provenance) {
            rollback.write(&path, &bytes)?;
        }
    }
    if let Some(build) = &options.build {
        build.run(layout)?;
    }
    if !options.pin {
        // Proven: the workspace goes back to the pinned revision's specs.
        rollback.restore().map_err(|e| {
            UpdateError::Build(format!(
                "the candidate built, but putting back the pinned revision's specs failed: {e}"
            ))
        })?;
        *rollback = Rollback::default();
    }
    let upstream_dir = layout.upstream();
    rollback.remember_dir(&upstream_dir);
    for candidate in candidates {
        let dest = upstream_dir
            .join(revision)
            .join(format!("{}.json", candidate.family));
        rollback.write(&dest, &candidate.bytes)?;
    }

    let previous = if options.pin {
        std::mem::replace(&mut lock.pinned, revision.to_owned())
    } else {
        lock.pinned.clone()
    };
    if !lock.revisions().contains(&revision) {
        let entries: Vec<LockedSpec> = candidates
            .iter()
            .map(|c| LockedSpec {
                family: c.family,
                revision: revision.to_owned(),
                date: date.map(str::to_owned),
                url: join_url(&lock.upstream, &spec_relative_path(revision, c.family)),
                sha256: c.sha256.clone(),
            })
            .collect();
        // Newest first, as the file lists them: a pin goes first, a
        // revision only added goes where its date puts it.
        let at = if options.pin {
            0
        } else {
            lock.spec
                .iter()
                .position(|s| s.date.as_deref() < date)
                .unwrap_or(lock.spec.len())
        };
        lock.spec.splice(at..at, entries);
    }
    // Atomic: the lock is either the old one or the new one.
    lock.save(layout.lock())?;
    Ok(previous)
}

/// Revisions a mirror directory holds, for the error that asks for one.
fn mirror_revisions(dir: &Path) -> Vec<String> {
    let mut held: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("swagger/tag_groups").is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .collect();
    held.sort();
    held
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2026-03-19"));
        for bad in ["2026-3-19", "2026/03/19", "20260319xx", "", "2026-03-1x"] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn urls_join_with_one_slash() {
        assert_eq!(
            join_url("https://x/up/", "r/f.json"),
            "https://x/up/r/f.json"
        );
        assert_eq!(
            join_url("https://x/up", "r/f.json"),
            "https://x/up/r/f.json"
        );
        assert_eq!(
            spec_relative_path("abc", Family::Client),
            "abc/swagger/tag_groups/client_swagger.json"
        );
    }

    #[test]
    fn step_names() {
        let names: Vec<String> = [
            Step::Resolve,
            Step::Download,
            Step::Checksum,
            Step::Parse,
            Step::Normalize,
            Step::Generate,
            Step::Build,
        ]
        .iter()
        .map(Step::to_string)
        .collect();
        assert_eq!(
            names,
            [
                "resolve",
                "download",
                "checksum",
                "parse",
                "normalize",
                "generate",
                "build"
            ]
        );
    }
}
