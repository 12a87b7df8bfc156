//! `cargo xtask consumers`: our crates as a user's project gets them. The
//! projects in `tests/consumers/` depend on our crates by version; they are
//! copied to a directory outside the workspace and resolve our crates from
//! the tarballs `cargo xtask package` made (unpacked beside them,
//! through `[patch.crates-io]`), then built offline, tested (one call
//! against a typed mock) and checked with `cargo tree`: a project that
//! depends on one family compiles no other family, no xtask and none of the
//! normalization code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Our published crates, in the order they would be published.
pub const PUBLISHED: [&str; 7] = [
    "chatwoot-runtime",
    "chatwoot-codegen",
    "chatwoot-webhooks",
    "chatwoot-client",
    "chatwoot-platform",
    "chatwoot-application",
    "chatwoot",
];

/// Packages the published crates (and nothing else of the workspace: the
/// tests, benchmarks and xtask are not published), each verified by a build
/// of its tarball alone against the packages made before it.
///
/// `--allow-dirty`: each family crate's package carries its staged spec,
/// which git ignores by design, and cargo counts an included, ignored file
/// as an uncommitted change (rust-lang/cargo#12294).
pub fn package(root: &Path, offline: bool) -> Result<(), String> {
    cargo_on_published(root, offline, &["package", "--allow-dirty"])
}

/// `cargo <args> -p <each published crate>` in the workspace.
fn cargo_on_published(root: &Path, offline: bool, args: &[&str]) -> Result<(), String> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.args(args).current_dir(root);
    for name in PUBLISHED {
        command.args(["-p", name]);
    }
    if offline {
        command.arg("--offline");
    }
    clean_env(&mut command);
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo {}: {e}", args[0]))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed ({status})", args[0]))
    }
}

/// Removes the workspace target directory's builds of our crates (`cargo
/// clean -p` each), where packages were verified before: cargo takes a
/// registry crate of the same name and version for unchanged, so the
/// verification of a family crate would link the previous package's
/// `chatwoot-codegen` instead of the new one.
pub fn forget_stale_builds(root: &Path, offline: bool) -> Result<(), String> {
    cargo_on_published(root, offline, &["clean", "--quiet"])
}

/// Removes what cargo extracted of our packages of `version` from the local
/// registries it verifies packages through. That registry has the same id
/// every run, and cargo reuses an extracted copy of the same name and
/// version: without this, a stale copy of a crate packaged earlier is
/// built in place of the new one. Returns how many it removed.
pub fn forget_stale_packages(version: &str) -> Result<usize, String> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let sources = home.join("registry/src");
    let Ok(registries) = std::fs::read_dir(&sources) else {
        return Ok(0);
    };
    let mut removed = 0;
    for registry in registries.flatten() {
        // Local registries have no host in their id: `-<hash>`.
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        for name in PUBLISHED {
            let copy = registry.path().join(format!("{name}-{version}"));
            if copy.is_dir() {
                std::fs::remove_dir_all(&copy)
                    .map_err(|e| format!("remove {}: {e}", copy.display()))?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// A consumer project of `tests/consumers/` and what it must not pull in.
#[derive(Debug, Clone, Copy)]
pub struct Consumer {
    /// Its directory in `tests/consumers/`.
    pub dir: &'static str,
    /// Packages its graph must not hold.
    pub forbidden: &'static [&'static str],
}

/// Never in a user's build: our tooling, and what only normalization uses.
const TOOLING: [&str; 3] = ["xtask", "json-patch", "jsonptr"];

/// The consumers CI builds and tests.
pub const CONSUMERS: [Consumer; 3] = [
    Consumer {
        dir: "client",
        forbidden: &[
            "chatwoot-application",
            "chatwoot-platform",
            "chatwoot",
            "chatwoot-webhooks",
        ],
    },
    Consumer {
        dir: "agent-bot",
        forbidden: &[
            "chatwoot-client",
            "chatwoot-platform",
            "chatwoot",
            "chatwoot-webhooks",
        ],
    },
    Consumer {
        dir: "webhook-receiver",
        // Verifying and decoding needs no HTTP client, no async runtime,
        // no generated API: the runtime without its `client` feature.
        forbidden: &[
            "chatwoot-application",
            "chatwoot-client",
            "chatwoot-platform",
            "chatwoot",
            "chatwoot-codegen",
            "reqwest",
            "progenitor-client",
            "tokio",
        ],
    },
];

/// The baseline consumer: bare reqwest and serde_json.
pub const BARE: &str = "bare";

/// Runs a command; its output on failure.
fn run(command: &mut Command) -> Result<String, String> {
    let described = format!("{command:?}");
    let output = command
        .output()
        .map_err(|e| format!("cannot run {described}: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "{described} failed ({}):\n{stdout}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The workspace's version, which every published crate has.
pub fn workspace_version(root: &Path) -> Result<String, String> {
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("read {}: {e}", manifest.display()))?;
    let doc: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", manifest.display()))?;
    doc.get("workspace")
        .and_then(|w| w.get("package"))
        .and_then(|p| p.get("version"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{} has no [workspace.package] version", manifest.display()))
}

/// Unpacks each published crate's tarball from `packages` (cargo's
/// `target/package/`) into `dest`; returns each crate's directory.
pub fn unpack(
    packages: &Path,
    version: &str,
    dest: &Path,
) -> Result<Vec<(&'static str, PathBuf)>, String> {
    std::fs::create_dir_all(dest).map_err(|e| format!("create {}: {e}", dest.display()))?;
    let mut unpacked = Vec::new();
    for name in PUBLISHED {
        let tarball = packages.join(format!("{name}-{version}.crate"));
        if !tarball.is_file() {
            return Err(format!(
                "{} is missing: run `cargo xtask package` first",
                tarball.display()
            ));
        }
        run(Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(dest))?;
        unpacked.push((name, dest.join(format!("{name}-{version}"))));
    }
    Ok(unpacked)
}

/// Copies a consumer project to `dest/<dir>` and points its `crates-io`
/// dependencies on our crates at the unpacked packages; returns its path.
pub fn prepare(
    template: &Path,
    dest: &Path,
    packages: &[(&'static str, PathBuf)],
) -> Result<PathBuf, String> {
    let name = template
        .file_name()
        .ok_or_else(|| format!("{} has no name", template.display()))?;
    let project = dest.join(name);
    let _ = std::fs::remove_dir_all(&project);
    copy_dir(template, &project)?;
    let mut config = String::from(
        "# Written by `cargo xtask consumers`: our crates from their packages.\n[patch.crates-io]\n",
    );
    for (crate_name, dir) in packages {
        config.push_str(&format!(
            "{crate_name} = {{ path = {:?} }}\n",
            dir.to_string_lossy()
        ));
    }
    let cargo_dir = project.join(".cargo");
    std::fs::create_dir_all(&cargo_dir)
        .map_err(|e| format!("create {}: {e}", cargo_dir.display()))?;
    std::fs::write(cargo_dir.join("config.toml"), config)
        .map_err(|e| format!("write {}: {e}", cargo_dir.display()))?;
    Ok(project)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("create {}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("read {}: {e}", from.display()))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        // A build of the template in place leaves these; they are not the project.
        if ["target", "Cargo.lock", ".cargo"]
            .contains(&entry.file_name().to_string_lossy().as_ref())
        {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// A cargo command in a consumer project, offline, with its own target
/// directory, and none of the xtask's own cargo environment.
pub fn cargo(project: &Path, target_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .args(args)
        .arg("--offline")
        .current_dir(project)
        .env("CARGO_TARGET_DIR", target_dir);
    clean_env(&mut command);
    command
}

/// Removes what `cargo run` set for the xtask itself.
fn clean_env(command: &mut Command) {
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || key == "CARGO_PRIMARY_PACKAGE"
            || key == "CARGO_CRATE_NAME"
            || key == "CARGO_BIN_NAME"
        {
            command.env_remove(key.as_ref());
        }
    }
}

/// The packages of a project's graph, by name and version.
#[derive(Debug, Clone)]
pub struct Tree {
    /// `name version` of every package (normal and build dependencies).
    pub packages: BTreeSet<String>,
}

impl Tree {
    /// The names alone.
    pub fn names(&self) -> BTreeSet<&str> {
        self.packages
            .iter()
            .filter_map(|p| p.split(' ').next())
            .collect()
    }

    /// Packages present in more than one version.
    pub fn duplicates(&self) -> Vec<String> {
        let mut seen: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for p in &self.packages {
            if let Some((name, version)) = p.split_once(' ') {
                seen.entry(name).or_default().push(version);
            }
        }
        seen.into_iter()
            .filter(|(_, v)| v.len() > 1)
            .map(|(name, v)| format!("{name} {}", v.join(", ")))
            .collect()
    }
}

/// `cargo tree` of what a user's build compiles (normal and build
/// dependencies, not dev-dependencies).
pub fn tree(project: &Path, target_dir: &Path) -> Result<Tree, String> {
    let out = run(&mut cargo(
        project,
        target_dir,
        &[
            "tree",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ],
    ))?;
    let packages = out
        .lines()
        .filter_map(|line| {
            // `name v1.2.3 (path) (*)`: keep name and version.
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let version = words.next()?.trim_start_matches('v');
            Some(format!("{name} {version}"))
        })
        .collect();
    Ok(Tree { packages })
}

/// What one consumer showed.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The consumer's directory name.
    pub dir: &'static str,
    /// Its graph.
    pub tree: Tree,
    /// Its test's output.
    pub test_output: String,
}

/// Tests one consumer and checks its graph.
pub fn check(consumer: &Consumer, project: &Path, target_dir: &Path) -> Result<Checked, String> {
    let test_output = run(&mut cargo(project, target_dir, &["test", "--quiet"]))?;
    let tree = tree(project, target_dir)?;
    let names = tree.names();
    let bad: Vec<&str> = consumer
        .forbidden
        .iter()
        .chain(TOOLING.iter())
        .copied()
        .filter(|f| names.contains(f))
        .collect();
    if !bad.is_empty() {
        return Err(format!(
            "consumer {}: its build pulls in {bad:?}, which it never asked for",
            consumer.dir
        ));
    }
    Ok(Checked {
        dir: consumer.dir,
        tree,
        test_output,
    })
}

/// Builds each unpacked package's documentation as docs.rs would: from the
/// package alone, offline, nightly rustdoc with `--cfg docsrs` (feature
/// badges), `DOCS_RS` set, every feature on (its `[package.metadata.docs.rs]`),
/// warnings denied. Our other crates come from their packages too.
pub fn docs_rs(unpacked: &[(&'static str, PathBuf)], target_dir: &Path) -> Result<(), String> {
    for (name, dir) in unpacked {
        // rustup's proxy, so that `+nightly` picks the toolchain: `cargo
        // run` started the xtask with stable's tools in its environment.
        let mut command = Command::new("cargo");
        command
            .args([
                "+nightly",
                "doc",
                "--offline",
                "--no-deps",
                "--all-features",
            ])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target_dir)
            .env("DOCS_RS", "1")
            .env("RUSTDOCFLAGS", "--cfg docsrs -D warnings");
        for var in ["CARGO", "RUSTC", "RUSTDOC", "RUSTUP_TOOLCHAIN"] {
            command.env_remove(var);
        }
        clean_env(&mut command);
        for (other, path) in unpacked.iter().filter(|(other, _)| other != name) {
            command.arg("--config").arg(format!(
                "patch.crates-io.{other}.path={:?}",
                path.to_string_lossy()
            ));
        }
        run(&mut command).map_err(|e| format!("docs of {name}, as docs.rs builds them: {e}"))?;
    }
    Ok(())
}
