//! `cargo xtask <task>`: the project's own tooling (see README.md).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::codegen::{self, Layout};
use xtask::fetch::{self, source_from};
use xtask::lock::Lock;

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
    let layout = Layout::workspace();
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
    let layout = Layout::workspace();
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
