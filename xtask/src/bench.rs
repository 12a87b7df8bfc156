//! `cargo xtask bench [--quick]`: measures what the SDK costs, to build and
//! to run, and writes the figures with how they were taken to
//! `BENCHMARKS.md`. Nothing in that file is typed by hand.
//!
//! Builds run in their own target directories (`target/bench`,
//! `target/bench-clean`), never the shared `target/debug`. Ratios are always
//! taken from measurements made side by side in the same run.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chatwoot_codegen::generate::{GenerateOptions, generate};
use serde_json::Value;
use xtask::normalize::{Family, Fixup, Names, Options, normalize_with};

use xtask::codegen::{self, Layout};
use xtask::fetch::{Source, fetch_all};
use xtask::lock::Lock;

/// The parts of the run, each of which can be run alone (`--only`); the
/// generated lines are always counted (the baseline builds need their specs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Section {
    /// `cargo xtask codegen`'s pipeline from the mirror.
    Codegen,
    /// Build time of each family, the facade and the unpruned baseline, dependencies prebuilt.
    Builds,
    /// Two clean builds: what the build-time generator adds.
    Clean,
    /// Criterion: request overhead and decode speed.
    Criterion,
    /// Interleaved rounds: time and client CPU per request.
    Overhead,
    /// Resident memory over 10,000 requests.
    Memory,
    /// Cachegrind's counts per request, SDK and bare: where a gap comes from.
    Profile,
    /// Clean builds of projects outside the workspace, from the packaged crates, against bare reqwest.
    Consumers,
}

/// What `cargo xtask bench` was asked to do.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Few repetitions: checks that everything runs, figures are rough.
    pub quick: bool,
    /// Where to read upstream specs for the codegen timing.
    pub source: Source,
    /// Only these sections (all if empty).
    pub only: Vec<Section>,
    /// The file to write.
    pub output: PathBuf,
}

/// The root of the workspace the command runs in.
pub fn workspace_root() -> Result<PathBuf, String> {
    Layout::workspace()
        .map(|layout| layout.workspace_root())
        .map_err(|e| e.to_string())
}

/// Runs the asked sections, writes the report, returns its text.
pub async fn run(options: &BenchOptions) -> Result<String, String> {
    let root = workspace_root()?;
    let wants = |s: Section| options.only.is_empty() || options.only.contains(&s);
    let plan = Plan::new(options.quick);
    let mut results = Results {
        machine: Machine::read(&root),
        quick: options.quick,
        ..Results::default()
    };
    let layout = Layout {
        root: root.join("openapi"),
    };
    // Always: the unpruned specs the baseline builds read.
    results.lines = Some(generated_lines(&layout).await?);
    for areas in [AGENT_BOT_AREAS, INTEGRATION_AREAS] {
        results
            .area_lines
            .push((areas, area_lines(&layout, areas)?));
    }
    if wants(Section::Codegen) {
        results.codegen = codegen_timing(&layout, &options.source, plan.codegen_runs).await?;
        results.codegen_phases = Some(codegen_phases(&layout)?);
    }
    if wants(Section::Builds) {
        results.builds = Some(build_timings(&root, plan.build_rounds)?);
    }
    if wants(Section::Clean) {
        results.clean = Some(clean_build(&root)?);
    }
    let needs_binaries = [
        Section::Criterion,
        Section::Overhead,
        Section::Memory,
        Section::Profile,
    ];
    if needs_binaries.into_iter().any(wants) {
        step("building the benchmarks (release)");
        let mut build = cargo(&root, &bench_target(&root));
        build.args(["build", "--release", "-p", "chatwoot-benches", "--bins"]);
        timed(&mut build)?;
    }
    if wants(Section::Criterion) {
        results.criterion = Some(criterion(&root, options.quick)?);
    }
    if wants(Section::Overhead) {
        results.overhead = Some(overhead(&root, plan.overhead_rounds, plan.overhead_calls)?);
    }
    if wants(Section::Memory) {
        results.memory = Some(memory(&root, 10_000)?);
    }
    if wants(Section::Profile) {
        results.profile = Some(profile(&root, plan.profile_calls)?);
    }
    if wants(Section::Consumers) {
        results.consumers = Some(consumer_builds(&root, plan.build_rounds)?);
    }
    let text = render(&results);
    write_atomically(&options.output, &text)?;
    Ok(text)
}

/// Repetitions: `--quick` checks that everything runs; the full run takes
/// about a quarter of an hour once `target/bench` holds the dependencies.
struct Plan {
    codegen_runs: usize,
    build_rounds: usize,
    overhead_rounds: usize,
    overhead_calls: usize,
    /// Calls of the shorter and the longer cachegrind run.
    profile_calls: (usize, usize),
}

impl Plan {
    fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                codegen_runs: 1,
                build_rounds: 1,
                overhead_rounds: 6,
                overhead_calls: 50,
                profile_calls: (20, 60),
            }
        } else {
            Plan {
                codegen_runs: 5,
                build_rounds: 3,
                overhead_rounds: 30,
                overhead_calls: 200,
                profile_calls: (100, 500),
            }
        }
    }
}

#[derive(Default)]
struct Results {
    machine: Machine,
    quick: bool,
    lines: Option<Vec<Lines>>,
    /// Generated lines of `chatwoot-application` with only some areas.
    area_lines: Vec<(&'static str, usize)>,
    codegen: Option<Vec<f64>>,
    codegen_phases: Option<Vec<(String, f64)>>,
    builds: Option<Vec<(Unit, Vec<f64>)>>,
    clean: Option<Clean>,
    criterion: Option<BTreeMap<String, Estimate>>,
    overhead: Option<Vec<Value>>,
    memory: Option<Vec<Value>>,
    /// `None` inside: valgrind is not installed.
    profile: Option<Option<Vec<Profiled>>>,
    consumers: Option<ConsumerBuilds>,
}

/// What the figures were taken on.
#[derive(Default)]
struct Machine {
    date: String,
    cpu: String,
    cores: usize,
    rustc: String,
    load: String,
    revision: String,
}

impl Machine {
    fn read(root: &Path) -> Machine {
        let output = |program: &str, args: &[&str]| {
            Command::new(program)
                .args(args)
                .current_dir(root)
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                .unwrap_or_default()
        };
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        Machine {
            date: output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
            cpu: cpuinfo
                .lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
                .unwrap_or_default(),
            cores: std::thread::available_parallelism().map_or(0, usize::from),
            rustc: output("rustc", &["-V"]),
            load: std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .split(' ')
                .take(3)
                .collect::<Vec<_>>()
                .join(" "),
            revision: Lock::load(root.join("openapi/specs.lock.toml"))
                .map(|l| l.pinned)
                .unwrap_or_default(),
        }
    }
}

fn step(what: &str) {
    eprintln!("bench: {what}");
}

fn bench_target(root: &Path) -> PathBuf {
    root.join("target/bench")
}

/// `cargo` with its own target directory, building as a dependency from
/// crates.io is built in a user's dev build: non-incremental, with full debug
/// info (Cargo's default, which this workspace's own dev profile trims).
fn cargo(root: &Path, target_dir: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "true")
        .env_remove(chatwoot_codegen::build::SPEC_VARIANT_ENV)
        .stdin(Stdio::null());
    command
}

/// Runs a command, returning its wall time in seconds; on failure, the end of its output.
fn timed(command: &mut Command) -> Result<f64, String> {
    let started = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "{command:?} failed ({}):\n{}",
            output.status,
            tail.join("\n")
        ));
    }
    Ok(seconds)
}

fn stdout_of(command: &mut Command) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("md.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("write {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// Generated lines, and the unpruned specs the baseline builds read.

struct Lines {
    family: Family,
    pruned: usize,
    unpruned: usize,
    schemas_kept: usize,
    schemas_in: usize,
}

/// Normalizes each family's pinned upstream spec with and without pruning,
/// counts the lines progenitor generates from each, and writes
/// `openapi/normalized/<family>.unpruned.json` for the baseline builds.
async fn generated_lines(layout: &Layout) -> Result<Vec<Lines>, String> {
    step("generated lines, pruned and unpruned");
    let lock = Lock::load(layout.lock()).map_err(|e| e.to_string())?;
    let fetched = fetch_all(&lock, &lock.pinned, &Source::Upstream, &layout.upstream())
        .await
        .map_err(|e| format!("{e} (run `cargo xtask codegen` first)"))?;
    let fixups = Fixup::load_openapi_dir(&layout.root).map_err(|e| e.to_string())?;
    let names = Names::load_openapi_dir(&layout.root).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for spec in fetched {
        let family = spec.family;
        let text = std::fs::read_to_string(&spec.path)
            .map_err(|e| format!("read {}: {e}", spec.path.display()))?;
        let upstream: Value = serde_json::from_str(&text)
            .map_err(|e| format!("read {}: {e}", spec.path.display()))?;
        let lines = |prune: bool| {
            let options = Options {
                prune,
                names: Some(names.clone()),
            };
            let normalized = normalize_with(family, &upstream, &fixups, &options)
                .map_err(|e| format!("normalize {family}: {e}"))?;
            let code = generate(family, &normalized.spec, &GenerateOptions::default())
                .map_err(|e| format!("generate {family}: {e}"))?
                .client;
            Ok::<_, String>((normalized, code.lines().count()))
        };
        let (pruned, pruned_lines) = lines(true)?;
        let (unpruned, unpruned_lines) = lines(false)?;
        let path = layout.normalized().join(format!("{family}.unpruned.json"));
        let json = serde_json::to_string_pretty(&unpruned.spec).map_err(|e| e.to_string())?;
        write_atomically_json(&path, &json)?;
        rows.push(Lines {
            family,
            pruned: pruned_lines,
            unpruned: unpruned_lines,
            schemas_kept: pruned.report.schemas_kept,
            schemas_in: pruned.report.schemas_in,
        });
    }
    Ok(rows)
}

/// Lines generated for `chatwoot-application` built with only `areas`, as
/// its build script selects them.
fn area_lines(layout: &Layout, areas: &str) -> Result<usize, String> {
    use chatwoot_codegen::build::{declared_features, restrict_to_areas};
    let manifest = layout
        .workspace_root()
        .join("crates/chatwoot-application/Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("read {}: {e}", manifest.display()))?;
    let path = layout.normalized().join("application.json");
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
    let mut spec: Value =
        serde_json::from_str(&text).map_err(|e| format!("read {}: {e}", path.display()))?;
    let areas: Vec<&str> = areas.split(',').collect();
    restrict_to_areas(&mut spec, &declared_features(&manifest), &|f| {
        areas.contains(&f)
    });
    let code = generate(Family::Application, &spec, &GenerateOptions::default())
        .map_err(|e| format!("generate application ({}): {e}", areas.join(",")))?
        .client;
    Ok(code.lines().count())
}

fn write_atomically_json(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("write {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// Codegen speed.

/// Runs the codegen pipeline from the mirror `runs` times, each in a fresh
/// copy of `openapi/` (so the workspace's specs, and every build that reads
/// them, stay untouched); `None` without a mirror.
async fn codegen_timing(
    layout: &Layout,
    source: &Source,
    runs: usize,
) -> Result<Option<Vec<f64>>, String> {
    let mirror = match source {
        Source::Mirror(dir) => dir.clone(),
        Source::Upstream => {
            let shared = layout.workspace_root().join("../shared/openapi");
            if !shared.is_dir() {
                step("codegen: no mirror (--mirror DIR or CHATWOOT_OPENAPI_MIRROR); skipped");
                return Ok(None);
            }
            shared
        }
    };
    step("codegen from the mirror");
    let mut seconds = Vec::new();
    for _ in 0..runs {
        let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
        copy_openapi(&layout.root, scratch.path())?;
        let copy = Layout {
            root: scratch.path().to_path_buf(),
        };
        let started = Instant::now();
        codegen::run(&copy, None, &Source::Mirror(mirror.clone()))
            .await
            .map_err(|e| format!("codegen: {e}"))?;
        seconds.push(started.elapsed().as_secs_f64());
    }
    Ok(Some(seconds))
}

/// Where codegen's time goes: the same steps, timed one by one, from the
/// upstream cache (fetching is a copy and a checksum).
fn codegen_phases(layout: &Layout) -> Result<Vec<(String, f64)>, String> {
    let lock = Lock::load(layout.lock()).map_err(|e| e.to_string())?;
    let mut phases = Vec::new();
    let started = Instant::now();
    let fixups = Fixup::load_openapi_dir(&layout.root).map_err(|e| e.to_string())?;
    let options = Options {
        names: Some(Names::load_openapi_dir(&layout.root).map_err(|e| e.to_string())?),
        ..Options::default()
    };
    phases.push((
        "load fixups and names".to_owned(),
        started.elapsed().as_secs_f64(),
    ));
    for family in Family::ALL {
        let path = layout
            .upstream()
            .join(&lock.pinned)
            .join(format!("{family}.json"));
        let started = Instant::now();
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let upstream: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        phases.push((format!("{family}: read"), started.elapsed().as_secs_f64()));
        let started = Instant::now();
        let normalized = normalize_with(family, &upstream, &fixups, &options)
            .map_err(|e| format!("normalize {family}: {e}"))?;
        phases.push((
            format!("{family}: normalize"),
            started.elapsed().as_secs_f64(),
        ));
        let started = Instant::now();
        generate(family, &normalized.spec, &GenerateOptions::default())
            .map_err(|e| format!("generate {family}: {e}"))?;
        phases.push((
            format!("{family}: generate"),
            started.elapsed().as_secs_f64(),
        ));
        let started = Instant::now();
        let json = serde_json::to_string_pretty(&normalized.spec).map_err(|e| e.to_string())?;
        std::hint::black_box(json);
        phases.push((
            format!("{family}: serialize"),
            started.elapsed().as_secs_f64(),
        ));
    }
    Ok(phases)
}

/// Copies what codegen reads (lock, fixups, additions), not its outputs or cache.
fn copy_openapi(from: &Path, to: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if name == "normalized" || name == "upstream" {
            continue;
        }
        copy_tree(&entry.path(), &to.join(&name))?;
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
        for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
            let entry = entry.map_err(|e| e.to_string())?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to)
            .map(drop)
            .map_err(|e| format!("copy {}: {e}", from.display()))
    }
}

// ---------------------------------------------------------------------------
// Build timings with dependencies prebuilt.

/// One thing whose build is timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Family(Family),
    /// `chatwoot-application` with only some areas (`default-features = false`).
    Areas(&'static str),
    Facade,
    Unpruned(Family),
}

/// The areas of `chatwoot-application` an agent bot builds with: together
/// they hold every endpoint an agent bot's token may call
/// (`tests/areas.rs` checks it).
const AGENT_BOT_AREAS: &str = "conversations,messages,conversation-assignments";

/// The areas an integration that also manages contacts builds with.
const INTEGRATION_AREAS: &str = "conversations,messages,contacts";

impl Unit {
    const ALL: [Unit; 9] = [
        Unit::Family(Family::Application),
        Unit::Areas(AGENT_BOT_AREAS),
        Unit::Areas(INTEGRATION_AREAS),
        Unit::Family(Family::Client),
        Unit::Family(Family::Platform),
        Unit::Facade,
        Unit::Unpruned(Family::Application),
        Unit::Unpruned(Family::Client),
        Unit::Unpruned(Family::Platform),
    ];

    fn label(self) -> String {
        match self {
            Unit::Family(f) => format!("`chatwoot-{f}`"),
            Unit::Areas(areas) => format!("`chatwoot-application`, areas {areas} only"),
            Unit::Facade => "`chatwoot` (all three families)".into(),
            Unit::Unpruned(f) => format!("`chatwoot-{f}`, unpruned spec (baseline)"),
        }
    }

    /// The packages cleaned before the build: the unit's own, nothing else.
    fn cleaned(self) -> Vec<String> {
        match self {
            Unit::Family(f) | Unit::Unpruned(f) => vec![format!("chatwoot-{f}")],
            Unit::Areas(_) => vec!["chatwoot-application".to_owned()],
            Unit::Facade => std::iter::once("chatwoot".to_owned())
                .chain(Family::ALL.iter().map(|f| format!("chatwoot-{f}")))
                .collect(),
        }
    }

    fn package(self) -> String {
        match self {
            Unit::Family(f) | Unit::Unpruned(f) => format!("chatwoot-{f}"),
            Unit::Areas(_) => "chatwoot-application".into(),
            Unit::Facade => "chatwoot".into(),
        }
    }

    /// Feature arguments of the unit's build.
    fn features(self) -> Vec<&'static str> {
        match self {
            Unit::Areas(areas) => vec!["--no-default-features", "--features", areas],
            _ => Vec::new(),
        }
    }
}

/// Prebuilds everything in `target/bench`, then times each unit's build
/// after cleaning only its own packages, in interleaved rounds.
fn build_timings(root: &Path, rounds: usize) -> Result<Vec<(Unit, Vec<f64>)>, String> {
    let target = bench_target(root);
    step("builds: prebuilding dependencies in target/bench");
    // Each package alone too: alone, a crate may resolve its dependencies'
    // features differently than under the facade.
    for package in [
        "chatwoot",
        "chatwoot-application",
        "chatwoot-client",
        "chatwoot-platform",
    ] {
        timed(cargo(root, &target).args(["build", "-p", package]))?;
    }
    for areas in [AGENT_BOT_AREAS, INTEGRATION_AREAS] {
        timed(
            cargo(root, &target)
                .args(["build", "-p", "chatwoot-application"])
                .args(Unit::Areas(areas).features()),
        )?;
    }
    let mut times: Vec<(Unit, Vec<f64>)> = Unit::ALL.iter().map(|u| (*u, Vec::new())).collect();
    for round in 1..=rounds {
        for (unit, seconds) in &mut times {
            let mut clean = cargo(root, &target);
            clean.arg("clean");
            for package in unit.cleaned() {
                clean.args(["-p", &package]);
            }
            timed(&mut clean)?;
            let mut build = cargo(root, &target);
            build.args(["build", "-p", &unit.package()]);
            build.args(unit.features());
            if let Unit::Unpruned(_) = unit {
                build.env(chatwoot_codegen::build::SPEC_VARIANT_ENV, "unpruned");
            }
            let s = timed(&mut build)?;
            step(&format!(
                "builds: round {round}/{rounds}: {} {s:.1} s",
                unit.label()
            ));
            seconds.push(s);
        }
    }
    // Leave target/bench as the pruned build.
    timed(cargo(root, &target).args(["build", "-p", "chatwoot"]))?;
    Ok(times)
}

// ---------------------------------------------------------------------------
// Clean builds: what the generator adds.

struct Clean {
    /// `cargo build -p chatwoot-application` in an empty target directory.
    whole: f64,
    /// The same crate's normal dependencies alone, in an empty target directory.
    normal_deps: f64,
    /// From the whole build's `--timings`: seconds per unit kind.
    crate_compile: f64,
    script_compile: f64,
    script_run: f64,
    /// Summed unit time of packages built only for the generator.
    generator_only_units: f64,
    generator_only_packages: usize,
}

/// Two clean builds of the Application family (the largest): the whole, and
/// its normal dependencies alone; the difference less the crate's own
/// compile is what the build-time generator adds.
fn clean_build(root: &Path) -> Result<Clean, String> {
    let dir = root.join("target/bench-clean");
    let reset = || {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| format!("remove {}: {e}", dir.display()))
        } else {
            Ok(())
        }
    };
    // The normal dependencies, as cargo resolves them for the crate.
    let tree = stdout_of(cargo(root, &dir).args([
        "tree",
        "-p",
        "chatwoot-application",
        "-e",
        "normal",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ]))?;
    let normal: BTreeSet<(String, String)> = tree
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?.to_owned();
            let version = words.next()?.trim_start_matches('v').to_owned();
            Some((name, version))
        })
        .collect();
    let direct = stdout_of(cargo(root, &dir).args([
        "tree",
        "-p",
        "chatwoot-application",
        "-e",
        "normal",
        "--depth",
        "1",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ]))?;
    let direct: Vec<String> = direct
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some(format!(
                "{}@{}",
                words.next()?,
                words.next()?.trim_start_matches('v')
            ))
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    reset()?;
    step("clean build: chatwoot-application, everything (a few minutes)");
    let whole =
        timed(cargo(root, &dir).args(["build", "-p", "chatwoot-application", "--timings"]))?;
    let units = read_timings(&dir.join("cargo-timings/cargo-timing.html"))?;
    reset()?;
    step("clean build: chatwoot-application's normal dependencies alone");
    let mut deps = cargo(root, &dir);
    deps.arg("build");
    for spec in &direct {
        deps.args(["-p", spec]);
    }
    let normal_deps = timed(&mut deps)?;
    reset()?;

    let mut clean = Clean {
        whole,
        normal_deps,
        crate_compile: 0.0,
        script_compile: 0.0,
        script_run: 0.0,
        generator_only_units: 0.0,
        generator_only_packages: 0,
    };
    let mut generator_packages = BTreeSet::new();
    for unit in units {
        if unit.name == "chatwoot-application" {
            match unit.kind {
                UnitKind::RunBuildScript => clean.script_run += unit.duration,
                UnitKind::BuildScript => clean.script_compile += unit.duration,
                UnitKind::Other => clean.crate_compile += unit.duration,
            }
        } else if !normal.contains(&(unit.name.clone(), unit.version.clone())) {
            clean.generator_only_units += unit.duration;
            generator_packages.insert(unit.name);
        }
    }
    clean.generator_only_packages = generator_packages.len();
    Ok(clean)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum UnitKind {
    BuildScript,
    RunBuildScript,
    Other,
}

struct TimedUnit {
    name: String,
    version: String,
    kind: UnitKind,
    duration: f64,
}

/// Reads the units of cargo's `--timings` report (the `UNIT_DATA` array in its HTML).
fn read_timings(path: &Path) -> Result<Vec<TimedUnit>, String> {
    let html = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let start = html
        .find("const UNIT_DATA = ")
        .map(|i| i + "const UNIT_DATA = ".len())
        .ok_or_else(|| format!("{}: no UNIT_DATA", path.display()))?;
    let mut stream = serde_json::Deserializer::from_str(&html[start..]).into_iter::<Value>();
    let data = stream
        .next()
        .and_then(Result::ok)
        .ok_or_else(|| format!("{}: UNIT_DATA is not JSON", path.display()))?;
    let units = data.as_array().cloned().unwrap_or_default();
    Ok(units
        .iter()
        .map(|unit| {
            let text = |key: &str| unit[key].as_str().unwrap_or_default().to_owned();
            let (mode, target) = (text("mode"), text("target"));
            TimedUnit {
                name: text("name"),
                version: text("version").trim_start_matches('v').to_owned(),
                kind: if mode == "run-custom-build" {
                    UnitKind::RunBuildScript
                } else if target.contains("build-script") || target.contains("build script") {
                    UnitKind::BuildScript
                } else {
                    UnitKind::Other
                },
                duration: unit["duration"].as_f64().unwrap_or(0.0),
            }
        })
        .collect())
}

// ---------------------------------------------------------------------------
// Criterion, overhead rounds, memory.

#[derive(Clone, Copy)]
struct Estimate {
    /// Median time per iteration, nanoseconds.
    median_ns: f64,
    /// Bytes per iteration, where the bench declares a throughput.
    bytes: Option<f64>,
}

const CRITERION_IDS: [&str; 6] = [
    "list_conversations/sdk",
    "list_conversations/bare_reqwest_value",
    "create_message/sdk",
    "create_message/bare_reqwest_value",
    "decode_conversation_list_500/typed",
    "decode_conversation_list_500/value",
];

fn criterion(root: &Path, quick: bool) -> Result<BTreeMap<String, Estimate>, String> {
    step("criterion: request overhead and decode speed");
    let target = bench_target(root);
    let home = target.join("criterion");
    let mut command = cargo(root, &target);
    command.env("CRITERION_HOME", &home).args([
        "bench",
        "-p",
        "chatwoot-benches",
        "--bench",
        "request",
        "--bench",
        "decode",
        "--",
    ]);
    if quick {
        command.args([
            "--warm-up-time",
            "1",
            "--measurement-time",
            "2",
            "--sample-size",
            "20",
        ]);
    } else {
        command.args(["--warm-up-time", "3", "--measurement-time", "10"]);
    }
    timed(&mut command)?;
    let mut estimates = BTreeMap::new();
    for id in CRITERION_IDS {
        let dir = home.join(id).join("new");
        let read = |file: &str| -> Result<Value, String> {
            let path = dir.join(file);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
        };
        let median_ns = read("estimates.json")?["median"]["point_estimate"]
            .as_f64()
            .ok_or_else(|| format!("{id}: no median"))?;
        let bytes = read("benchmark.json")?["throughput"]["Bytes"].as_f64();
        estimates.insert(id.to_owned(), Estimate { median_ns, bytes });
    }
    Ok(estimates)
}

fn json_lines(text: &str) -> Result<Vec<Value>, String> {
    text.lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).map_err(|e| format!("`{l}`: {e}")))
        .collect()
}

fn overhead(root: &Path, rounds: usize, calls: usize) -> Result<Vec<Value>, String> {
    step("overhead: interleaved rounds, SDK and bare reqwest");
    let binary = bench_target(root).join("release/bench-overhead");
    json_lines(&stdout_of(
        Command::new(&binary).args([rounds.to_string(), calls.to_string()]),
    )?)
}

/// Cachegrind's counts per call of one request kind, SDK and bare.
struct Profiled {
    kind: &'static str,
    /// Event name (`Ir`, `D1mw`...) and count per call.
    sdk: BTreeMap<String, f64>,
    bare: BTreeMap<String, f64>,
}

/// Runs each variant under cachegrind twice, with `short` and `long` calls,
/// and divides the difference by the extra calls: start-up (the server's
/// fixtures, TLS roots, the first connection) cancels out. `None` if
/// valgrind is not installed.
fn profile(root: &Path, (short, long): (usize, usize)) -> Result<Option<Vec<Profiled>>, String> {
    if Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_err()
    {
        step("profile: valgrind not found, skipped");
        return Ok(None);
    }
    let binary = bench_target(root).join("release/bench-overhead");
    let out = bench_target(root).join("cachegrind.out");
    let counts = |variant: &str, calls: usize| -> Result<BTreeMap<String, f64>, String> {
        let mut command = Command::new("valgrind");
        command
            .args(["--tool=cachegrind", "--cache-sim=yes", "--branch-sim=yes"])
            .arg(format!("--cachegrind-out-file={}", out.display()))
            .arg(&binary)
            .args(["1".to_owned(), calls.to_string()])
            // Its stderr is captured: on failure it is the error's text.
            .env("BENCH_PROFILE", variant);
        stdout_of(&mut command)?;
        let text = std::fs::read_to_string(&out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        cachegrind_summary(&text)
    };
    let mut rows = Vec::new();
    for kind in ["list_conversations", "create_message"] {
        let per_call = |variant: &str| -> Result<BTreeMap<String, f64>, String> {
            let label = format!("{kind}/{variant}");
            step(&format!("profile: {label} under cachegrind"));
            let (a, b) = (counts(&label, short)?, counts(&label, long)?);
            let extra = (long - short) as f64;
            Ok(b.iter()
                .map(|(event, n)| (event.clone(), (n - a.get(event).unwrap_or(&0.0)) / extra))
                .collect())
        };
        rows.push(Profiled {
            kind,
            sdk: per_call("sdk")?,
            bare: per_call("bare")?,
        });
    }
    let _ = std::fs::remove_file(&out);
    Ok(Some(rows))
}

/// The totals of a cachegrind output file, by event name.
fn cachegrind_summary(text: &str) -> Result<BTreeMap<String, f64>, String> {
    let line = |key: &str| {
        text.lines()
            .rev()
            .find_map(|l| l.strip_prefix(key))
            .ok_or_else(|| format!("cachegrind output without `{key}`"))
    };
    let events = line("events: ")?.split_whitespace();
    let totals = line("summary: ")?.split_whitespace();
    events
        .zip(totals)
        .map(|(event, total)| {
            total
                .parse::<f64>()
                .map(|n| (event.to_owned(), n))
                .map_err(|e| format!("cachegrind total `{total}`: {e}"))
        })
        .collect()
}

fn memory(root: &Path, requests: usize) -> Result<Vec<Value>, String> {
    step("memory: 10,000 requests");
    let binary = bench_target(root).join("release/bench-memory");
    json_lines(&stdout_of(Command::new(&binary).arg(requests.to_string()))?)
}

// ---------------------------------------------------------------------------
// The report.

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

fn render(r: &Results) -> String {
    let mut md = String::new();
    let m = &r.machine;
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "Written by `cargo xtask bench{}` on {}; do not edit by hand, run it again.\n",
        if r.quick { " --quick" } else { "" },
        m.date
    );
    if r.quick {
        let _ = writeln!(
            md,
            "**Quick run**: one repetition of each build and short measurements; the figures are rough. `cargo xtask bench` without `--quick` gives the ones to quote.\n"
        );
    }
    let _ = writeln!(
        md,
        "Machine: {} cores, {}; {}; load average at start {}. Specs: upstream revision `{}`.\n",
        m.cores, m.cpu, m.rustc, m.load, m.revision
    );
    let _ = writeln!(md, "## Summary\n");
    let _ = writeln!(md, "| target | measured | |\n|---|---|---|");
    let mut sections = String::new();

    if let Some(lines) = &r.lines {
        let _ = writeln!(sections, "## Generated code per family\n");
        let _ = writeln!(
            sections,
            "Lines of Rust progenitor generates (after our syntax-tree edits, formatted by prettyplease) from the pinned spec, normalized with and without pruning the components no operation of the family reaches; the rest of normalization is the same.\n"
        );
        let _ = writeln!(
            sections,
            "| family | schemas kept | lines pruned | lines unpruned | unpruned / pruned |\n|---|---|---|---|---|"
        );
        for l in lines {
            let ratio = l.unpruned as f64 / l.pruned.max(1) as f64;
            let _ = writeln!(
                sections,
                "| {} | {} of {} | {} | {} | {ratio:.1}x |",
                l.family, l.schemas_kept, l.schemas_in, l.pruned, l.unpruned
            );
            if l.family != Family::Application {
                let _ = writeln!(
                    md,
                    "| {} generated code at least 5x smaller than unpruned | {ratio:.1}x smaller ({} vs {} lines) | {} |",
                    l.family,
                    l.pruned,
                    l.unpruned,
                    verdict(ratio >= 5.0)
                );
            }
        }
        let _ = writeln!(sections);
    }

    if let Some(builds) = &r.builds {
        let med: Vec<(Unit, f64, &Vec<f64>)> =
            builds.iter().map(|(u, s)| (*u, median(s), s)).collect();
        let facade = med
            .iter()
            .find(|(u, ..)| *u == Unit::Facade)
            .map_or(f64::NAN, |(_, m, _)| *m);
        let _ = writeln!(sections, "## Build time, dependencies prebuilt\n");
        let _ = writeln!(
            sections,
            "`cargo build -p <crate>` (dev profile with full debug info and `CARGO_INCREMENTAL=0`, as a user's dev build compiles a dependency from crates.io) in `target/bench`, after `cargo clean -p` of only the crate under test (the facade: it and the three families). Each build compiles the crate's build script, runs it (progenitor generates the code from the normalized spec) and compiles the crate; every dependency, the generator included, is already built. Units are interleaved (application, application with two selections of areas, client, platform, facade, the three unpruned, then again) so that the machine's noise falls on all alike; medians of {} round(s). The baseline builds the same crate from the unpruned spec (`CHATWOOT_SPEC_VARIANT=unpruned`, `openapi/normalized/<family>.unpruned.json`).\n",
            builds.first().map_or(0, |(_, s)| s.len())
        );
        let _ = writeln!(
            sections,
            "| crate | median s | runs s | of the facade's time | generated lines |\n|---|---|---|---|---|"
        );
        let lines_of = |unit: Unit| {
            let rows = r.lines.as_ref()?;
            let of = |f: Family, pruned: bool| {
                rows.iter()
                    .find(|l| l.family == f)
                    .map(|l| if pruned { l.pruned } else { l.unpruned })
            };
            match unit {
                Unit::Family(f) => of(f, true),
                Unit::Areas(areas) => r
                    .area_lines
                    .iter()
                    .find(|(a, _)| *a == areas)
                    .map(|(_, n)| *n),
                Unit::Unpruned(f) => of(f, false),
                Unit::Facade => Family::ALL.iter().map(|f| of(*f, true)).sum(),
            }
        };
        for (unit, median, runs) in &med {
            let runs: Vec<String> = runs.iter().map(|s| format!("{s:.1}")).collect();
            let _ = writeln!(
                sections,
                "| {} | {median:.1} | {} | {:.2} | {} |",
                unit.label(),
                runs.join(", "),
                median / facade,
                lines_of(*unit).map_or_else(String::new, |n| n.to_string())
            );
        }
        let _ = writeln!(
            sections,
            "\nA family's build time follows the lines generated for it: compiling the generated code (types with serde derives, builders) is most of it."
        );
        for family in Family::ALL {
            let own = med
                .iter()
                .find(|(u, ..)| *u == Unit::Family(family))
                .map_or(f64::NAN, |(_, m, _)| *m);
            let share = own / facade;
            let missed = if share <= 1.0 / 3.0 {
                String::new()
            } else {
                format!(" (by {:.0}%)", (share * 3.0 - 1.0) * 100.0)
            };
            let _ = writeln!(
                md,
                "| `chatwoot-{family}` builds in at most a third of the facade's time | {own:.1} s vs {facade:.1} s: {share:.2} | {}{missed} |",
                verdict(share <= 1.0 / 3.0)
            );
        }
        for areas in [AGENT_BOT_AREAS, INTEGRATION_AREAS] {
            let own = med
                .iter()
                .find(|(u, ..)| *u == Unit::Areas(areas))
                .map_or(f64::NAN, |(_, m, _)| *m);
            let share = own / facade;
            let _ = if areas == AGENT_BOT_AREAS {
                writeln!(
                    md,
                    "| `chatwoot-application` with an agent bot's areas ({areas}: every endpoint a bot's token may call) builds in at most a third of the facade's time | {own:.1} s vs {facade:.1} s: {share:.2} | {} |",
                    verdict(share <= 1.0 / 3.0)
                )
            } else {
                writeln!(
                    md,
                    "| `chatwoot-application` with an integration's areas ({areas}), for comparison | {own:.1} s vs {facade:.1} s: {share:.2} | no target |"
                )
            };
        }
        for family in Family::ALL {
            let pruned = med.iter().find(|(u, ..)| *u == Unit::Family(family));
            let unpruned = med.iter().find(|(u, ..)| *u == Unit::Unpruned(family));
            if let (Some((_, p, _)), Some((_, u, _))) = (pruned, unpruned) {
                let _ = writeln!(
                    sections,
                    "\n`chatwoot-{family}` builds in {:.0}% of the unpruned baseline's time.",
                    p / u * 100.0
                );
            }
        }
        let _ = writeln!(sections);
    }

    if let Some(c) = &r.clean {
        let extra = c.whole - c.normal_deps - c.crate_compile;
        let _ = writeln!(
            sections,
            "## What the build-time generator adds to a clean build\n"
        );
        let _ = writeln!(
            sections,
            "Two builds in an empty target directory (`target/bench-clean`, removed after): `cargo build -p chatwoot-application` (the largest family), and its normal dependencies alone (`cargo build -p` each package `cargo tree -e normal --depth 1` lists). What the first spends beyond the second is the generator (chatwoot-codegen and its build-only dependencies: progenitor, typify, syn...; the build script's compile and run) plus compiling the generated crate, which a crate with its code checked in would compile too; the crate's own compile, from the first build's `cargo --timings`, is taken off. One build each, so this figure is rougher than the others.\n"
        );
        let _ = writeln!(
            sections,
            "| | seconds |\n|---|---|\n| clean build of `chatwoot-application` | {:.1} |\n| clean build of its normal dependencies alone | {:.1} |\n| compile of the crate itself (`--timings`) | {:.1} |\n| **added by the generator** (first less the other two) | **{extra:.1}** |\n| of which: build script compile / run (`--timings`) | {:.1} / {:.1} |\n| unit time of the {} packages built only for the generator (summed, both cores) | {:.1} |\n",
            c.whole,
            c.normal_deps,
            c.crate_compile,
            c.script_compile,
            c.script_run,
            c.generator_only_packages,
            c.generator_only_units
        );
        let _ = writeln!(
            md,
            "| (no target) time the generator adds to a clean build | {extra:.1} s of {:.1} s | |",
            c.whole
        );
    }

    if let Some(runs) = &r.codegen {
        let med = median(runs);
        let _ = writeln!(sections, "## Codegen speed\n");
        let _ = writeln!(
            sections,
            "The pipeline of `cargo xtask codegen` (copy from the mirror with sha256 checks, fixups, normalization, a check generation of all three families, writing specs and reports), in process, once the xtask is built, each run in a fresh copy of `openapi/` so that the workspace's specs are untouched: median {med:.2} s of {} run(s) ({}).\n",
            runs.len(),
            runs.iter()
                .map(|s| format!("{s:.2}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(phases) = &r.codegen_phases {
            let total: f64 = phases.iter().map(|(_, s)| s).sum();
            let _ = writeln!(
                sections,
                "Where the time goes: the same steps timed one by one in this process (dev profile, as `cargo xtask` builds it: dependencies at opt-level 1, `chatwoot-codegen` and the xtask at 0), from the upstream cache; {total:.2} s in all.\n"
            );
            let _ = writeln!(sections, "| step | seconds | share |\n|---|---|---|");
            for (name, seconds) in phases {
                let _ = writeln!(
                    sections,
                    "| {name} | {seconds:.3} | {:.0}% |",
                    seconds / total * 100.0
                );
            }
            let _ = writeln!(sections);
        }
        let missed = if med < 1.0 {
            String::new()
        } else {
            format!(" (by {:.0}%)", (med - 1.0) * 100.0)
        };
        let _ = writeln!(
            md,
            "| `cargo xtask codegen` under one second for all three families | {med:.2} s | {}{missed} |",
            verdict(med < 1.0)
        );
    }

    if let Some(est) = &r.criterion {
        let get = |id: &str| est.get(id).copied();
        let _ = writeln!(sections, "## Request overhead (criterion)\n");
        let _ = writeln!(
            sections,
            "Against a local HTTP/1.1 keep-alive server of ours (`benches/src/server.rs`) that answers canned bytes, so the server costs next to nothing: the list of conversations, a page of 25 in the server's shape (`benches/src/fixtures.rs`), and the creation of a message. The SDK's call (typed result, retries armed, tracing span, token header) against the same request with bare `reqwest` (configured like the SDK's default client) decoded into `serde_json::Value`; one criterion group per request, both variants in the same run, on one current-thread tokio runtime. Median time per request.\n"
        );
        let _ = writeln!(
            sections,
            "| request | SDK µs | bare reqwest + Value µs | SDK / bare |\n|---|---|---|---|"
        );
        for (group, label) in [
            ("list_conversations", "GET conversations (25)"),
            ("create_message", "POST message"),
        ] {
            if let (Some(s), Some(b)) = (
                get(&format!("{group}/sdk")),
                get(&format!("{group}/bare_reqwest_value")),
            ) {
                let ratio = s.median_ns / b.median_ns;
                let _ = writeln!(
                    sections,
                    "| {label} | {:.1} | {:.1} | {ratio:.3} |",
                    s.median_ns / 1e3,
                    b.median_ns / 1e3
                );
                let missed = if ratio <= 1.05 {
                    String::new()
                } else {
                    format!(" (by {:.1}%)", (ratio / 1.05 - 1.0) * 100.0)
                };
                let _ = writeln!(
                    md,
                    "| {label}: SDK at most 1.05x bare reqwest (criterion) | {ratio:.3}x | {}{missed} |",
                    verdict(ratio <= 1.05)
                );
            }
        }
        let _ = writeln!(sections);
        if let (Some(t), Some(v)) = (
            get("decode_conversation_list_500/typed"),
            get("decode_conversation_list_500/value"),
        ) {
            let mbps = |e: Estimate| e.bytes.unwrap_or(0.0) / e.median_ns * 1e9 / 1e6;
            let _ = writeln!(sections, "## Decode speed (criterion)\n");
            let _ = writeln!(
                sections,
                "A list of 500 conversations in the server's shape ({:.0} KB), decoded with `serde_json::from_slice` into `chatwoot_application::types::ConversationList` (every lenient deserializer included) and into `serde_json::Value`, in one group.\n",
                t.bytes.unwrap_or(0.0) / 1e3
            );
            let _ = writeln!(
                sections,
                "| into | median ms | MB/s |\n|---|---|---|\n| typed models | {:.2} | {:.0} |\n| `serde_json::Value` | {:.2} | {:.0} |\n",
                t.median_ns / 1e6,
                mbps(t),
                v.median_ns / 1e6,
                mbps(v)
            );
            let ratio = v.median_ns / t.median_ns;
            let missed = if ratio >= 1.0 {
                String::new()
            } else {
                format!(" (typed is {:.0}% slower)", (1.0 / ratio - 1.0) * 100.0)
            };
            let _ = writeln!(
                md,
                "| typed decode at least as fast as `Value` | typed {:.0} MB/s, `Value` {:.0} MB/s: {ratio:.2}x | {}{missed} |",
                mbps(t),
                mbps(v),
                verdict(ratio >= 1.0)
            );
        }
    }

    if let Some(rows) = &r.overhead {
        let _ = writeln!(
            sections,
            "## Time and client CPU per request (interleaved rounds)\n"
        );
        let _ = writeln!(
            sections,
            "`benches/src/bin/bench-overhead.rs`: rounds of N calls, SDK and bare reqwest alternating (which goes first alternates too), after a warm-up round of each; medians over rounds of the per-call wall time and of the client's CPU time (`getrusage(RUSAGE_THREAD)` of the thread running the current-thread runtime, so the server's threads are not counted). The wall ratio is the median of per-round ratios: a cross-check of criterion's, less sensitive to drift.\n"
        );
        let _ = writeln!(
            sections,
            "| request | rounds x calls | SDK wall µs | bare wall µs | wall ratio | SDK CPU µs/call | bare CPU µs/call | CPU ratio |\n|---|---|---|---|---|---|---|---|"
        );
        let mut futures = Vec::new();
        for row in rows {
            let f = |k: &str| row[k].as_f64().unwrap_or(f64::NAN);
            let _ = writeln!(
                sections,
                "| {} | {} x {} | {:.1} | {:.1} | {:.3} | {:.1} | {:.1} | {:.3} |",
                row["kind"].as_str().unwrap_or_default(),
                row["rounds"],
                row["calls_per_round"],
                f("sdk_wall_ns") / 1e3,
                f("bare_wall_ns") / 1e3,
                f("wall_ratio_median"),
                f("sdk_cpu_ns") / 1e3,
                f("bare_cpu_ns") / 1e3,
                f("sdk_cpu_ns") / f("bare_cpu_ns"),
            );
            if let (Some(sdk), Some(bare)) = (
                row["sdk_future_bytes"].as_u64(),
                row["bare_future_bytes"].as_u64(),
            ) {
                futures.push(format!(
                    "{}: SDK {sdk} bytes, bare {bare} bytes",
                    row["kind"].as_str().unwrap_or_default()
                ));
            }
            let _ = writeln!(
                md,
                "| {}: SDK at most 1.05x bare reqwest (interleaved) | {:.3}x wall, {:.3}x CPU ({:.1} µs CPU per call) | {} |",
                row["kind"].as_str().unwrap_or_default(),
                f("wall_ratio_median"),
                f("sdk_cpu_ns") / f("bare_cpu_ns"),
                f("sdk_cpu_ns") / 1e3,
                verdict(f("wall_ratio_median") <= 1.05)
            );
        }
        if !futures.is_empty() {
            let _ = writeln!(
                sections,
                "\nSize of the future of one whole call ({}). Each move of a future is a memcpy of its size, and an async call moves its futures as it nests them: where the SDK spends more CPU than bare reqwest on a small request, this is where to look. To profile one variant alone: `BENCH_PROFILE=create_message/sdk perf record --call-graph dwarf target/bench/release/bench-overhead 20 500` (or `/bare`, `list_conversations/...`).",
                futures.join("; ")
            );
        }
        let _ = writeln!(sections);
    }

    if let Some(rows) = &r.memory {
        let _ = writeln!(sections, "## Memory over 10,000 requests\n");
        let _ = writeln!(
            sections,
            "`benches/src/bin/bench-memory.rs`: one SDK client, alternating the list (25 conversations) and message creation against the canned server, current-thread runtime; `VmRSS` and `VmHWM` (peak) of the whole process (server threads included) from `/proc/self/status` after N requests.\n"
        );
        let _ = writeln!(
            sections,
            "| requests | VmRSS KiB | VmHWM KiB |\n|---|---|---|"
        );
        for row in rows {
            let _ = writeln!(
                sections,
                "| {} | {} | {} |",
                row["requests"], row["rss_kib"], row["peak_kib"]
            );
        }
        let at = |n: u64, key: &str| {
            rows.iter()
                .find(|r| r["requests"].as_u64() == Some(n))
                .and_then(|r| r[key].as_f64())
        };
        if let (Some(p1), Some(p10), Some(r1), Some(r10)) = (
            at(1_000, "peak_kib"),
            at(10_000, "peak_kib"),
            at(1_000, "rss_kib"),
            at(10_000, "rss_kib"),
        ) {
            let growth = (p10 - p1) / p1;
            let _ = writeln!(
                sections,
                "\nFrom 1,000 to 10,000 requests the peak grows {:.1}% ({:+.0} KiB) and the resident set {:+.0} KiB; flat means under 5%.\n",
                growth * 100.0,
                p10 - p1,
                r10 - r1
            );
            let _ = writeln!(
                md,
                "| peak memory flat over 10,000 requests | {:.1} MiB at 1,000, {:.1} MiB at 10,000 ({:+.1}%) | {} |",
                p1 / 1024.0,
                p10 / 1024.0,
                growth * 100.0,
                verdict(growth < 0.05)
            );
        }
    }

    if let Some(c) = &r.consumers {
        render_consumers(&mut md, &mut sections, c);
    }
    if let Some(rows) = &r.profile {
        render_profile(&mut sections, rows.as_deref());
    }

    let _ = writeln!(md);
    md.push_str(&sections);
    let _ = writeln!(md, "## Reproduce\n");
    let _ = writeln!(
        md,
        "```sh\ncargo xtask codegen                 # the normalized specs the crates build from\ncargo xtask bench                   # everything, about a quarter of an hour; writes BENCHMARKS.md\ncargo xtask bench --quick           # one repetition each: checks that it all runs\ncargo xtask bench --only builds     # one section (codegen, builds, clean, criterion, overhead, memory, profile, consumers)\ncargo bench -p chatwoot-benches     # the criterion benches alone (request, decode)\n```\n\nBuilds go to `target/bench` and `target/bench-clean`, never the shared `target/debug`; the first run also builds the dependencies there. Codegen timing reads the spec mirror (`--mirror DIR`, `CHATWOOT_OPENAPI_MIRROR`, or `../shared/openapi`)."
    );
    md
}

// ---------------------------------------------------------------------------
// Consumers: what a user's project pays to build.

/// Clean builds of the consumer projects, from the packaged crates.
struct ConsumerBuilds {
    /// Per consumer (`tests/consumers/<dir>`): wall seconds of each round,
    /// and the packages of its build.
    builds: Vec<(&'static str, Vec<f64>, usize)>,
    /// Units the `client` consumer's last build compiled that bare's did
    /// not: `(name, seconds)`, longest first, and their sum.
    extra_units: Vec<(String, f64)>,
    /// Summed unit time of each whole build, the same round: client, bare.
    cpu: (f64, f64),
}

/// Packages the workspace (no verification: the crates are the same), then
/// builds `bare`, `client` and `agent-bot` from clean, interleaved, as a
/// user's first `cargo build` of each would: from the packages, offline, in
/// a fresh target directory, with the consumer's own (default) profile.
fn consumer_builds(root: &Path, rounds: usize) -> Result<ConsumerBuilds, String> {
    use xtask::consumers;
    let work = root.join("target/bench-consumers");
    let _ = std::fs::remove_dir_all(&work);
    step("packaging the workspace (cargo package --no-verify)");
    let packages = work.join("package-target");
    timed(
        Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .current_dir(root)
            .env("CARGO_TARGET_DIR", &packages)
            .args([
                "package",
                "--workspace",
                "--offline",
                "--no-verify",
                "--allow-dirty",
            ]),
    )?;
    let version = consumers::workspace_version(root)?;
    let unpacked = consumers::unpack(&packages.join("package"), &version, &work.join("packages"))?;
    let names = [consumers::BARE, "client", "agent-bot"];
    let mut projects = Vec::new();
    for name in names {
        let template = root.join("tests/consumers").join(name);
        projects.push((name, consumers::prepare(&template, &work, &unpacked)?));
    }
    let mut builds: Vec<(&'static str, Vec<f64>, usize)> =
        names.iter().map(|n| (*n, Vec::new(), 0)).collect();
    let mut timings: BTreeMap<&str, Vec<TimedUnit>> = BTreeMap::new();
    for round in 0..rounds {
        for (i, (name, project)) in projects.iter().enumerate() {
            let target = work.join(format!("target-{name}"));
            let _ = std::fs::remove_dir_all(&target);
            step(&format!(
                "clean build of consumer {name}, round {}",
                round + 1
            ));
            let seconds = timed(&mut consumers::cargo(
                project,
                &target,
                &["build", "--timings"],
            ))?;
            builds[i].1.push(seconds);
            timings.insert(
                name,
                read_timings(&target.join("cargo-timings/cargo-timing.html"))?,
            );
            builds[i].2 = consumers::tree(project, &target)?.packages.len();
            let _ = std::fs::remove_dir_all(&target);
        }
    }
    let key = |u: &TimedUnit| (u.name.clone(), u.version.clone(), u.kind);
    let bare: BTreeSet<_> = timings
        .get(consumers::BARE)
        .map(|units| units.iter().map(key).collect())
        .unwrap_or_default();
    let mut extra: BTreeMap<String, f64> = BTreeMap::new();
    let client = timings.get("client").map(Vec::as_slice).unwrap_or_default();
    for unit in client.iter().filter(|u| !bare.contains(&key(u))) {
        let label = match unit.kind {
            UnitKind::RunBuildScript => format!("{} (build script run)", unit.name),
            UnitKind::BuildScript => format!("{} (build script)", unit.name),
            UnitKind::Other => unit.name.clone(),
        };
        *extra.entry(label).or_default() += unit.duration;
    }
    let mut extra_units: Vec<(String, f64)> = extra.into_iter().collect();
    extra_units.sort_by(|a, b| b.1.total_cmp(&a.1));
    let sum =
        |units: Option<&Vec<TimedUnit>>| units.map_or(0.0, |u| u.iter().map(|u| u.duration).sum());
    let cpu = (
        sum(timings.get("client")),
        sum(timings.get(consumers::BARE)),
    );
    let _ = std::fs::remove_dir_all(&work);
    Ok(ConsumerBuilds {
        builds,
        extra_units,
        cpu,
    })
}

fn render_consumers(md: &mut String, sections: &mut String, c: &ConsumerBuilds) {
    let _ = writeln!(
        sections,
        "## What a user's project pays to build
"
    );
    let _ = writeln!(
        sections,
        "The projects of `tests/consumers/`, outside the workspace, each built from clean (`cargo build` in an empty target directory, the consumer's own default dev profile) against the packages `cargo xtask package` makes, offline, in interleaved rounds: `bare` (reqwest and serde_json, rustls with ring: the same TLS choice as the SDK's default), `client` (`chatwoot-client` alone), `agent-bot` (`chatwoot-application` with an agent bot's three areas). Dev-dependencies (the mocks) are not built: a user's `cargo build` does not.\n"
    );
    let _ = writeln!(
        sections,
        "| consumer | clean build, median (s) | rounds (s) | against bare | packages |\n|---|---|---|---|---|"
    );
    let bare = c
        .builds
        .iter()
        .find(|(n, ..)| *n == xtask::consumers::BARE)
        .map_or(f64::NAN, |(_, runs, _)| median(runs));
    for (name, runs, packages) in &c.builds {
        let m = median(runs);
        let shown: Vec<String> = runs.iter().map(|r| format!("{r:.1}")).collect();
        let _ = writeln!(
            sections,
            "| `{name}` | {m:.1} | {} | {:.2} | {packages} |",
            shown.join(", "),
            m / bare
        );
        if *name == "client" {
            let ratio = m / bare;
            let _ = writeln!(
                md,
                "| a project using `chatwoot-client` builds from clean in at most 1.2x bare reqwest + serde_json's time | {m:.1} s vs {bare:.1} s: {ratio:.2}x | {} |",
                verdict(ratio <= 1.2)
            );
        }
        if *name == "agent-bot" {
            let _ = writeln!(
                md,
                "| a project using `chatwoot-application` with an agent bot's areas, from clean, against bare | {m:.1} s vs {bare:.1} s: {:.2}x | no target |",
                m / bare
            );
        }
    }
    let extra: f64 = c.extra_units.iter().map(|(_, s)| s).sum();
    let _ = writeln!(
        sections,
        "\nWhat dominates: the `client` build compiled {:.1} s of units (summed, on {} cores in parallel) against bare's {:.1} s; {extra:.1} s of it in units bare does not build, the longest of them:\n",
        c.cpu.0,
        std::thread::available_parallelism().map_or(1, usize::from),
        c.cpu.1
    );
    let _ = writeln!(sections, "| unit | seconds |\n|---|---|");
    for (name, seconds) in c.extra_units.iter().take(15) {
        let _ = writeln!(sections, "| {name} | {seconds:.2} |");
    }
    let _ = writeln!(
        sections,
        "\nThe build-time generator's own dependencies (progenitor, typify and what they use: syn 2 through schemars_derive, regex, regress, openapiv3) are compiled by every user, because the client is generated in the build script from the spec its package carries; the generated client and the runtime are the rest.\n"
    );
}

/// Cachegrind's counts per call, SDK beside bare: whether a gap in time is
/// work done (instructions) or memory waited on (cache misses).
/// `None`: valgrind is not installed.
fn render_profile(sections: &mut String, rows: Option<&[Profiled]>) {
    let _ = writeln!(sections, "## Where a request's time goes (cachegrind)\n");
    let Some(rows) = rows else {
        let _ = writeln!(sections, "Skipped: valgrind is not installed.\n");
        return;
    };
    let _ = writeln!(
        sections,
        "`valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes` runs `bench-overhead` with `BENCH_PROFILE=<request>/<sdk|bare>` (one variant alone) twice, with a shorter and a longer series of calls; the difference divided by the extra calls is the cost of one call, start-up cancelled out. The whole process is counted, the canned server's threads included (their work is the same for both variants), on the caches valgrind simulates for this CPU. Counts, not time: where SDK and bare execute about as many instructions, a gap in time is memory and code the SDK's call path touches besides, which the L1 misses show.\n"
    );
    let events: [(&str, &[&str]); 6] = [
        ("instructions", &["Ir"]),
        ("L1 instruction-cache misses", &["I1mr"]),
        ("L1 data-cache read misses", &["D1mr"]),
        ("L1 data-cache write misses", &["D1mw"]),
        ("last-level cache misses", &["ILmr", "DLmr", "DLmw"]),
        ("mispredicted branches", &["Bcm", "Bim"]),
    ];
    for row in rows {
        let sum = |counts: &BTreeMap<String, f64>, names: &[&str]| -> f64 {
            names.iter().filter_map(|n| counts.get(*n)).sum()
        };
        let _ = writeln!(
            sections,
            "{} (per call):\n\n| count | SDK | bare | SDK less bare | ratio |\n|---|---|---|---|---|",
            row.kind
        );
        for (label, names) in events {
            // Below one per call is start-up noise, not a count to compare.
            let (sdk, bare) = (
                sum(&row.sdk, names).max(0.0),
                sum(&row.bare, names).max(0.0),
            );
            let ratio = if bare >= 1.0 {
                format!("{:.2}", sdk / bare)
            } else {
                "—".to_owned()
            };
            let _ = writeln!(
                sections,
                "| {label} | {sdk:.0} | {bare:.0} | {:+.0} | {ratio} |",
                sdk - bare
            );
        }
        let l1 = |counts: &BTreeMap<String, f64>| sum(counts, &["I1mr", "D1mr", "D1mw"]);
        let _ = writeln!(
            sections,
            "\nSDK against bare: {:.2}x the instructions, {:.2}x the L1 misses ({:+.0} per call).\n",
            sum(&row.sdk, &["Ir"]) / sum(&row.bare, &["Ir"]),
            l1(&row.sdk) / l1(&row.bare),
            l1(&row.sdk) - l1(&row.bare)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::cachegrind_summary;

    #[test]
    fn cachegrind_totals_are_read_by_event_name() {
        let text = "desc: I1 cache: 65536 B\nevents: Ir I1mr D1mw\nfl=a.rs\nfn=f\n1 2 3 4\nsummary: 1000 20 7\n";
        let totals = cachegrind_summary(text).unwrap();
        assert_eq!(totals["Ir"], 1000.0);
        assert_eq!(totals["I1mr"], 20.0);
        assert_eq!(totals["D1mw"], 7.0);
    }

    #[test]
    fn a_truncated_cachegrind_file_is_an_error() {
        let error = cachegrind_summary("events: Ir\nfl=a.rs\n").unwrap_err();
        assert!(error.contains("summary"), "{error}");
        let error = cachegrind_summary("events: Ir\nsummary: many\n").unwrap_err();
        assert!(error.contains("many"), "{error}");
    }
}
