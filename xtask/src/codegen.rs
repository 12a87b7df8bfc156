//! `cargo xtask codegen`: fetch, normalize, check generation, write the
//! normalized specs and reports the family crates build from.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chatwoot_codegen::generate::{GenerateOptions, generate};
use chatwoot_codegen::{Family, Fixup, Report, normalize};

use crate::fetch::{FetchError, FetchedSpec, Source, fetch_all};
use crate::lock::{Lock, LockError};

/// The workspace's `openapi/` directory and what lives in it.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `openapi/`.
    pub root: PathBuf,
}

impl Layout {
    /// The layout of the workspace this xtask belongs to.
    pub fn workspace() -> Layout {
        Layout {
            root: Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi"),
        }
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
    Fixups(#[from] chatwoot_codegen::FixupError),
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
        source: chatwoot_codegen::NormalizeError,
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
        let normalized = normalize(family, &upstream, &fixups)
            .map_err(|source| CodegenError::Normalize { family, source })?;
        // Generating here as well as in the build catches a spec progenitor
        // rejects now, with the family named, rather than at build time.
        let code = generate(family, &normalized.spec, &GenerateOptions::default())
            .map_err(|source| CodegenError::Generate { family, source })?;
        let mut report = normalized.report;
        report.revision = Some(revision.clone());
        report.upstream_sha256 = Some(spec.sha256.clone());
        report.generated_lines = Some(code.lines().count());
        outputs.push((family, normalized.spec, report.clone()));
        reports.push(report);
    }

    let dir = layout.normalized();
    std::fs::create_dir_all(&dir).map_err(|source| CodegenError::Write {
        path: dir.clone(),
        source,
    })?;
    for (family, spec, report) in outputs {
        write_json(&dir.join(format!("{family}.json")), &spec)?;
        write_json(&dir.join(format!("{family}.report.json")), &report)?;
    }
    Ok(CodegenOutcome {
        revision,
        fetched,
        reports,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Writes JSON through a temporary file and a rename: never a half-written file.
fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<(), CodegenError> {
    let write_error = |source| CodegenError::Write {
        path: path.to_owned(),
        source,
    };
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| write_error(std::io::Error::other(e)))?;
    text.push('\n');
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(write_error)?;
    std::fs::rename(&tmp, path).map_err(write_error)
}
