//! `cargo xtask codegen`: fetch, normalize, check generation, write the
//! normalized specs and reports the family crates build from.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::normalize::{
    Family, Fixup, Names, Options, Report, names::NamesError, normalize_with, stamp_upstream,
};
use chatwoot_codegen::generate::{GenerateOptions, generate};

use crate::fetch::{FetchError, FetchedSpec, Source, fetch_all};
use crate::lock::{Lock, LockError};
use crate::stage::{self, Provenance};

/// The workspace's `openapi/` directory and what lives in it.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `openapi/`.
    pub root: PathBuf,
}

/// No workspace around the directory the command runs in.
#[derive(Debug, thiserror::Error)]
#[error(
    "no chatwoot-rs workspace at or above {}: run `cargo xtask` inside a checkout (its openapi/specs.lock.toml marks the root)",
    start.display()
)]
pub struct NoWorkspace {
    /// Where the search started.
    pub start: PathBuf,
}

impl Layout {
    /// The layout of the workspace the command runs in: the nearest
    /// directory at or above the current one whose `openapi/` holds the
    /// lock. Found at run time, not where the xtask binary was compiled: a
    /// target directory shared by several checkouts runs whichever binary
    /// was built last, and it must work on the checkout it is run in.
    pub fn workspace() -> Result<Layout, NoWorkspace> {
        let start = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Layout::find(&start)
    }

    /// [`Layout::workspace`], searching from `start`.
    pub fn find(start: &Path) -> Result<Layout, NoWorkspace> {
        start
            .ancestors()
            .map(|dir| dir.join("openapi"))
            .find(|openapi| {
                openapi.join("specs.lock.toml").is_file()
                    && openapi
                        .parent()
                        .is_some_and(|d| d.join("Cargo.toml").is_file())
            })
            .map(|root| Layout { root })
            .ok_or_else(|| NoWorkspace {
                start: start.to_owned(),
            })
    }

    /// The directory holding `openapi/` (the workspace root, for the
    /// workspace's layout).
    pub fn workspace_root(&self) -> PathBuf {
        self.root
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// Where a family crate of this workspace keeps the copy of its
    /// normalized spec that its package carries (`crates/chatwoot-<family>/spec/`),
    /// if the crate is there.
    pub fn staged_spec_dir(&self, family: Family) -> Option<PathBuf> {
        let krate = self
            .workspace_root()
            .join("crates")
            .join(format!("chatwoot-{family}"));
        krate
            .join("Cargo.toml")
            .is_file()
            .then(|| krate.join("spec"))
    }
    /// The committed lock of upstream revisions and checksums.
    pub fn lock(&self) -> PathBuf {
        self.root.join("specs.lock.toml")
    }
    /// Downloaded upstream specs (git-ignored).
    pub fn upstream(&self) -> PathBuf {
        self.root.join("upstream")
    }
    /// Committed named fixups.
    pub fn fixups(&self) -> PathBuf {
        self.root.join("fixups")
    }
    /// Committed spec additions: routes upstream's spec lacks.
    pub fn additions(&self) -> PathBuf {
        self.root.join("additions")
    }
    /// Normalized specs and reports, read by the family crates' builds (git-ignored).
    pub fn normalized(&self) -> PathBuf {
        self.root.join("normalized")
    }
}

/// Why `codegen` failed; each names the step and the family.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    /// The lock file.
    #[error("lock: {0}")]
    Lock(#[from] LockError),
    /// Fetching.
    #[error("fetch: {0}")]
    Fetch(#[from] FetchError),
    /// Loading the fixups or the additions.
    #[error("fixups: {0}")]
    Fixups(#[from] crate::normalize::FixupError),
    /// Loading our names of routes.
    #[error("names: {0}")]
    Names(#[from] NamesError),
    /// A fetched spec that cannot be read back.
    #[error("read {family} spec {path}: {reason}")]
    Read {
        /// The family.
        family: Family,
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Normalization.
    #[error("normalize {family}: {source}")]
    Normalize {
        /// The family.
        family: Family,
        /// Why.
        source: crate::normalize::NormalizeError,
    },
    /// Generation.
    #[error("generate {family}: {source}")]
    Generate {
        /// The family.
        family: Family,
        /// Why.
        source: chatwoot_codegen::generate::GenerateError,
    },
    /// Writing the outputs.
    #[error("write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// What one run produced, per family.
#[derive(Debug)]
pub struct CodegenOutcome {
    /// The revision used.
    pub revision: String,
    /// The fetched specs.
    pub fetched: Vec<FetchedSpec>,
    /// One report per family.
    pub reports: Vec<Report>,
    /// Seconds spent, fetch included.
    pub seconds: f64,
}

/// Runs the whole pipeline for `revision` (the lock's pinned one if `None`).
/// The outputs of all three families are written only once all three
/// succeeded, so a failure leaves the previous outputs in place.
pub async fn run(
    layout: &Layout,
    revision: Option<&str>,
    source: &Source,
) -> Result<CodegenOutcome, CodegenError> {
    let started = Instant::now();
    let lock = Lock::load(layout.lock())?;
    let revision = revision.unwrap_or(&lock.pinned).to_owned();
    let fetched = fetch_all(&lock, &revision, source, &layout.upstream()).await?;
    let fixups = Fixup::load_openapi_dir(&layout.root)?;
    let options = Options {
        names: Some(Names::load_openapi_dir(&layout.root)?),
        ..Options::default()
    };
    let date = lock
        .specs_for(&revision)
        .ok()
        .and_then(|specs| specs.first().and_then(|s| s.date.clone()));

    let mut outputs = Vec::new();
    let mut reports = Vec::new();
    for spec in &fetched {
        let family = spec.family;
        let read_error = |reason: String| CodegenError::Read {
            family,
            path: spec.path.clone(),
            reason,
        };
        let text = std::fs::read_to_string(&spec.path).map_err(|e| read_error(e.to_string()))?;
        let upstream: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| read_error(e.to_string()))?;
        let mut normalized = normalize_with(family, &upstream, &fixups, &options)
            .map_err(|source| CodegenError::Normalize { family, source })?;
        stamp_upstream(&mut normalized.spec, &revision, date.as_deref());
        // Generating here as well as in the build catches a spec progenitor
        // rejects now, with the family named, rather than at build time.
        let options = GenerateOptions {
            mock: true,
            ..GenerateOptions::default()
        };
        let code = generate(family, &normalized.spec, &options)
            .map_err(|source| CodegenError::Generate { family, source })?
            .client;
        let mut report = normalized.report;
        report.revision = Some(revision.clone());
        report.upstream_sha256 = Some(spec.sha256.clone());
        report.generated_lines = Some(code.lines().count());
        outputs.push((family, spec.sha256.clone(), normalized.spec, report.clone()));
        reports.push(report);
    }

    let dir = layout.normalized();
    for (family, sha256, spec, report) in outputs {
        let spec = pretty_json(&spec);
        write_file(&dir.join(format!("{family}.json")), &spec)?;
        write_file(
            &dir.join(format!("{family}.report.json")),
            &pretty_json(&report),
        )?;
        // The copy the family crate's package carries, with Chatwoot's notice.
        let provenance = Provenance {
            revision: &revision,
            date: date.as_deref(),
            sha256: &sha256,
        };
        for (path, bytes) in stage::files(layout, family, &spec, &provenance) {
            write_file(&path, &bytes)?;
        }
    }
    Ok(CodegenOutcome {
        revision,
        fetched,
        reports,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// JSON as the workspace writes it: pretty, with a final newline.
pub(crate) fn pretty_json(value: &impl serde::Serialize) -> Vec<u8> {
    // A `Value` or a `Report` always serializes: no non-string keys.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// Writes through a temporary file and a rename: never a half-written file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CodegenError> {
    crate::update::write_file(path, bytes).map_err(|source| CodegenError::Write {
        path: path.to_owned(),
        source,
    })
}
