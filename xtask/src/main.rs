//! `cargo xtask <task>`: the project's own tooling (see README.md).

use std::path::PathBuf;
use std::process::ExitCode;

mod bench;

use clap::{Parser, Subcommand};
use xtask::codegen::{self, Layout};
use xtask::diff::{self, DiffOptions, Format};
use xtask::fetch::{self, source_from};
use xtask::lock::Lock;
use xtask::update::{
    self, BuildCommand, GITHUB_API, GITHUB_API_ENV, UPSTREAM_ENV, UpdateOptions, UpdateOutcome,
};

#[derive(Parser)]
#[command(about = "chatwoot-rs project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Download the locked upstream specs into openapi/upstream/ and verify them.
    Fetch(SpecArgs),
    /// Fetch, normalize and check generation; write openapi/normalized/ for the family crates.
    Codegen(SpecArgs),
    /// Move the lock to upstream's newest revision, once the whole pipeline passes on it.
    Update(UpdateArgs),
    /// What changed between two upstream revisions, per family (release notes).
    Diff(DiffArgs),
    /// Time builds, requests, decoding, codegen and memory; write BENCHMARKS.md.
    Bench(BenchArgs),
    /// Package the published crates, each built from its tarball alone (cargo package).
    Package(PackageArgs),
    /// Build and test tests/consumers/ outside the workspace, against the packaged crates.
    Consumers(ConsumersArgs),
    /// The locked revisions worth a whole build: oldest, newest, one per OpenAPI version.
    Revisions(RevisionsArgs),
}

#[derive(clap::Args)]
struct RevisionsArgs {
    /// The spec mirror to read; default: CHATWOOT_OPENAPI_MIRROR.
    #[arg(long, value_name = "DIR", env = "CHATWOOT_OPENAPI_MIRROR")]
    mirror: PathBuf,
}

#[derive(clap::Args)]
struct PackageArgs {
    /// Resolve dependencies from the local cache only.
    #[arg(long)]
    offline: bool,
}

#[derive(clap::Args)]
struct ConsumersArgs {
    /// Where `cargo xtask package` left the tarballs; default: target/package.
    #[arg(long, value_name = "DIR")]
    packages: Option<PathBuf>,
    /// Work there (kept) instead of a temporary directory (removed).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Skip building each package's docs as docs.rs would (nightly rustdoc).
    #[arg(long)]
    no_docs: bool,
}

#[derive(clap::Args)]
struct BenchArgs {
    /// One repetition each, short measurements: checks that everything runs.
    #[arg(long)]
    quick: bool,
    /// Run only these sections (comma-separated); default: all.
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<bench::Section>,
    /// Spec mirror for the codegen timing; default: CHATWOOT_OPENAPI_MIRROR, else ../shared/openapi.
    #[arg(long, value_name = "DIR")]
    mirror: Option<PathBuf>,
    /// Where to write the report; default: BENCHMARKS.md at the workspace root.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args)]
struct UpdateArgs {
    /// Revision to move to; default: the newest of chatwoot/chatwoot `develop`, asked of GitHub.
    #[arg(long)]
    revision: Option<String>,
    /// The revision's date (YYYY-MM-DD) for the lock; default: GitHub's, when it resolves.
    #[arg(long, value_parser = parse_date)]
    date: Option<String>,
    /// Read specs from a directory laid out like the upstream URL prefix (needs --revision).
    #[arg(long, value_name = "DIR")]
    mirror: Option<PathBuf>,
    /// Base URL of GitHub's API.
    #[arg(long, value_name = "URL", env = GITHUB_API_ENV, default_value = GITHUB_API)]
    github_api: String,
    /// Download from this prefix instead of the lock's `upstream` (the lock keeps its urls).
    #[arg(long, value_name = "URL", env = UPSTREAM_ENV)]
    upstream: Option<String>,
    /// Skip `cargo build --workspace --all-targets` against the candidate specs.
    #[arg(long)]
    no_build: bool,
    /// Add the revision to the lock, proven, without pinning it (`codegen --revision` builds it).
    #[arg(long)]
    no_pin: bool,
    /// The `openapi/` directory to work on; default: the workspace's.
    #[arg(long, value_name = "DIR")]
    openapi_dir: Option<PathBuf>,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The older revision; default: the lock's pinned one.
    from: Option<String>,
    /// The newer revision (or --to).
    to: Option<String>,
    /// The newer revision.
    #[arg(long = "to", value_name = "REV", conflicts_with = "to")]
    to_flag: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read specs from a directory laid out like the upstream URL prefix instead of the network.
    #[arg(long, value_name = "DIR")]
    mirror: Option<PathBuf>,
    /// Download from this prefix instead of the lock's `upstream`.
    #[arg(long, value_name = "URL", env = UPSTREAM_ENV)]
    upstream: Option<String>,
    /// The `openapi/` directory to work on; default: the workspace's.
    #[arg(long, value_name = "DIR")]
    openapi_dir: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<String, String> {
    if update::is_date(s) {
        Ok(s.to_owned())
    } else {
        Err(format!("`{s}` is not a date of the form YYYY-MM-DD"))
    }
}

fn layout_from(dir: Option<PathBuf>) -> Result<Layout, String> {
    match dir {
        Some(root) => Ok(Layout { root }),
        None => Layout::workspace().map_err(|e| e.to_string()),
    }
}

#[derive(clap::Args)]
struct SpecArgs {
    /// Upstream revision to use (one listed in openapi/specs.lock.toml); default: the pinned one.
    #[arg(long)]
    revision: Option<String>,
    /// Read specs from a directory laid out like the upstream URL prefix instead of the network.
    #[arg(long, value_name = "DIR")]
    mirror: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.task {
            Task::Fetch(args) => fetch_task(args).await,
            Task::Codegen(args) => codegen_task(args).await,
            Task::Update(args) => update_task(args).await,
            Task::Diff(args) => diff_task(args).await,
            Task::Bench(args) => bench_task(args).await,
            Task::Package(args) => package_task(args),
            Task::Consumers(args) => consumers_task(args),
            Task::Revisions(args) => revisions_task(args),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn fetch_task(args: SpecArgs) -> Result<(), String> {
    let layout = Layout::workspace().map_err(|e| e.to_string())?;
    let lock = Lock::load(layout.lock()).map_err(|e| e.to_string())?;
    let revision = args.revision.unwrap_or_else(|| lock.pinned.clone());
    let source = source_from(args.mirror);
    let fetched = fetch::fetch_all(&lock, &revision, &source, &layout.upstream())
        .await
        .map_err(|e| e.to_string())?;
    for spec in fetched {
        println!(
            "{:<12} {} ({} bytes, {}, sha256 {})",
            spec.family,
            spec.path.display(),
            spec.bytes,
            spec.origin,
            spec.sha256
        );
    }
    Ok(())
}

async fn codegen_task(args: SpecArgs) -> Result<(), String> {
    let layout = Layout::workspace().map_err(|e| e.to_string())?;
    let source = source_from(args.mirror);
    let outcome = codegen::run(&layout, args.revision.as_deref(), &source)
        .await
        .map_err(|e| e.to_string())?;
    println!("revision {}", outcome.revision);
    for report in &outcome.reports {
        print!("{report}");
    }
    println!(
        "wrote {} (reports: <family>.report.json) in {:.2} s",
        layout.normalized().display(),
        outcome.seconds
    );
    Ok(())
}

async fn update_task(args: UpdateArgs) -> Result<(), String> {
    let layout = layout_from(args.openapi_dir)?;
    let options = UpdateOptions {
        revision: args.revision,
        date: args.date,
        github_api: args.github_api,
        upstream: args.upstream,
        source: source_from(args.mirror),
        build: (!args.no_build).then(BuildCommand::workspace),
        pin: !args.no_pin,
    };
    let outcome = update::run(&layout, &options)
        .await
        .map_err(|e| e.to_string())?;
    let updated = match outcome {
        UpdateOutcome::UpToDate { revision } => {
            println!("already at {revision}, the pinned revision: nothing changed");
            return Ok(());
        }
        UpdateOutcome::Updated(updated) => updated,
    };
    println!(
        "revision {}{}",
        updated.revision,
        updated
            .date
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default()
    );
    for spec in &updated.specs {
        println!(
            "{:<12} {} bytes, sha256 {}, from {}",
            spec.family, spec.bytes, spec.sha256, spec.location
        );
    }
    for report in &updated.reports {
        print!("{report}");
    }
    println!(
        "build: {}",
        if updated.built {
            "cargo build --workspace --all-targets passed"
        } else {
            "skipped (--no-build)"
        }
    );
    if !updated.pinned {
        println!(
            "lock: {} added, still pinned at {}; wrote {} in {:.2} s",
            updated.revision,
            updated.previous,
            layout.lock().display(),
            updated.seconds
        );
        return Ok(());
    }
    println!(
        "lock: pinned {} (was {}){}; wrote {} in {:.2} s",
        updated.revision,
        updated.previous,
        if updated.added_to_lock {
            ", its three specs added"
        } else {
            ""
        },
        layout.lock().display(),
        updated.seconds
    );
    println!(
        "changelog: cargo xtask diff {} {}",
        updated.previous, updated.revision
    );
    Ok(())
}

/// One line per revision: the commit, then why it was picked.
fn revisions_task(args: RevisionsArgs) -> Result<(), String> {
    let layout = Layout::workspace().map_err(|e| e.to_string())?;
    let lock = Lock::load(layout.lock()).map_err(|e| e.to_string())?;
    for (revision, why) in lock.representative(&args.mirror) {
        println!("{revision} {why}");
    }
    Ok(())
}

fn package_task(args: PackageArgs) -> Result<(), String> {
    let layout = Layout::workspace().map_err(|e| e.to_string())?;
    let root = layout.workspace_root();
    let version = xtask::consumers::workspace_version(&root)?;
    let stale = xtask::consumers::forget_stale_packages(&version)?;
    if stale > 0 {
        println!("removed {stale} stale extracted copies of our {version} packages");
        // Packages were verified here before: their builds are stale too.
        xtask::consumers::forget_stale_builds(&root, args.offline)?;
    }
    xtask::consumers::package(&root, args.offline)
}

fn consumers_task(args: ConsumersArgs) -> Result<(), String> {
    use xtask::consumers;
    let layout = Layout::workspace().map_err(|e| e.to_string())?;
    let root = layout.workspace_root();
    let packages = args.packages.unwrap_or_else(|| {
        std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| root.join("target"), PathBuf::from)
            .join("package")
    });
    let temp;
    let work = match args.dir {
        Some(dir) => dir,
        None => {
            temp = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
            temp.path().to_owned()
        }
    };
    let version = consumers::workspace_version(&root)?;
    let unpacked = consumers::unpack(&packages, &version, &work.join("packages"))?;
    println!("packages {version} from {}", packages.display());
    let target_dir = work.join("target");
    for consumer in consumers::CONSUMERS {
        let template = root.join("tests/consumers").join(consumer.dir);
        let project = consumers::prepare(&template, &work, &unpacked)?;
        let checked = consumers::check(&consumer, &project, &target_dir)?;
        let names = checked.tree.names();
        let ours: Vec<&str> = consumers::PUBLISHED
            .iter()
            .copied()
            .filter(|p| names.contains(p))
            .collect();
        println!(
            "consumer {}: test passed; {} packages in its build (normal and build dependencies); ours: {}; in two versions: {}",
            checked.dir,
            checked.tree.packages.len(),
            ours.join(", "),
            match checked.tree.duplicates() {
                d if d.is_empty() => "none".to_owned(),
                d => d.join("; "),
            }
        );
    }
    if !args.no_docs {
        consumers::docs_rs(&unpacked, &work.join("docs-target"))?;
        println!(
            "docs.rs: {} built from their packages alone, offline, with every feature and no warning",
            consumers::PUBLISHED.join(", ")
        );
    }
    Ok(())
}

async fn bench_task(args: BenchArgs) -> Result<(), String> {
    let options = bench::BenchOptions {
        quick: args.quick,
        source: source_from(args.mirror),
        only: args.only,
        output: match args.output {
            Some(output) => output,
            None => bench::workspace_root()?.join("BENCHMARKS.md"),
        },
    };
    let text = bench::run(&options).await?;
    print!("{text}");
    println!("wrote {}", options.output.display());
    Ok(())
}

async fn diff_task(args: DiffArgs) -> Result<(), String> {
    let layout = layout_from(args.openapi_dir)?;
    let from = match args.from {
        Some(from) => from,
        None => Lock::load(layout.lock()).map_err(|e| e.to_string())?.pinned,
    };
    let to = args
        .to
        .or(args.to_flag)
        .ok_or("no revision to compare with: pass `cargo xtask diff FROM TO` or `--to REV`")?;
    let options = DiffOptions {
        source: source_from(args.mirror),
        upstream: args.upstream,
    };
    let report = diff::run(&layout, &from, &to, &options)
        .await
        .map_err(|e| e.to_string())?;
    let text = diff::render(&report, args.format);
    match args.output {
        Some(path) => diff::write_output(&path, &text).map_err(|e| e.to_string())?,
        None => print!("{text}"),
    }
    Ok(())
}
