//! Finding (or installing) Stoplight Prism and running one mock server per
//! spec, stopped when dropped, also when the test panics.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The Prism release the test pins; CI installs the same.
const PRISM_PACKAGE: &str = "@stoplight/prism-cli@5.14.2";

/// How long one Prism may take to load its spec and listen.
const START_TIMEOUT: Duration = Duration::from_secs(90);

/// The workspace root: the tests package sits one level below it.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package has a parent directory")
        .to_path_buf()
}

/// The upstream revision `openapi/specs.lock.toml` pins.
pub fn pinned_revision() -> String {
    let lock_path = workspace_root().join("openapi/specs.lock.toml");
    let lock = std::fs::read_to_string(&lock_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", lock_path.display()));
    lock.lines()
        .find_map(|line| {
            let value = line
                .strip_prefix("pinned")?
                .trim_start()
                .strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_owned())
        })
        .expect("the lock names a pinned revision")
}

/// Upstream's original spec of `family`, as `cargo xtask codegen` copied it.
pub fn upstream_spec(family: &str) -> PathBuf {
    let path = workspace_root()
        .join("openapi/upstream")
        .join(pinned_revision())
        .join(format!("{family}.json"));
    assert!(
        path.is_file(),
        "{} is missing: run `cargo xtask codegen` first",
        path.display()
    );
    path
}

/// Prism's executable, installing it with npm on first use. `None` when node
/// or npm are not available (the caller decides whether that fails).
pub fn prism_binary() -> Result<PathBuf, String> {
    static PRISM: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PRISM.get_or_init(locate_or_install).clone()
}

fn locate_or_install() -> Result<PathBuf, String> {
    let prefix = workspace_root().join("target/prism");
    let binary = prefix.join("node_modules/.bin/prism");
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|out| out.status.success()) {
        return Err("node is not installed".into());
    }
    if binary.is_file() {
        return Ok(binary);
    }
    eprintln!("installing {PRISM_PACKAGE} into {}", prefix.display());
    let install = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&prefix)
        .args(["--no-audit", "--no-fund", PRISM_PACKAGE])
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !install.status.success() {
        return Err(format!(
            "`npm install {PRISM_PACKAGE}` failed: {}",
            String::from_utf8_lossy(&install.stderr).trim()
        ));
    }
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("npm installed no {}", binary.display()))
    }
}

/// A running `prism mock` serving one spec, killed when dropped.
pub struct Prism {
    child: Child,
    port: u16,
    spec: PathBuf,
    log_dir: tempfile::TempDir,
}

impl Prism {
    /// Starts Prism on a free loopback port; does not wait for it.
    pub fn spawn(binary: &Path, spec: &Path) -> Prism {
        let port = free_port();
        let log_dir = tempfile::tempdir().expect("temp dir");
        let stdout = File::create(log_dir.path().join("stdout")).expect("log file");
        let stderr = File::create(log_dir.path().join("stderr")).expect("log file");
        // Logs go to files: a pipe nobody reads would fill and stall Prism.
        let child = Command::new(binary)
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        Prism {
            child,
            port,
            spec: spec.to_path_buf(),
            log_dir,
        }
    }

    /// Waits until Prism accepts connections; fails with its output if it
    /// exits or does not listen in time.
    pub fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "Prism for {} exited ({status}) before listening:\n{}",
                    self.spec.display(),
                    self.output()
                );
            }
            if Instant::now() > deadline {
                panic!(
                    "Prism for {} did not listen on port {} within {START_TIMEOUT:?}:\n{}",
                    self.spec.display(),
                    self.port,
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The base URL the clients talk to.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port Prism listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// What Prism wrote so far (the tail of stdout, and stderr).
    pub fn output(&self) -> String {
        let read = |name: &str| {
            std::fs::read_to_string(self.log_dir.path().join(name)).unwrap_or_default()
        };
        let stdout = read("stdout");
        let tail: Vec<&str> = stdout.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!(
            "--- stdout (last lines)\n{}\n--- stderr\n{}",
            tail.join("\n"),
            read("stderr")
        )
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts one Prism per spec at once (each takes seconds to load its spec),
/// then waits for all of them.
pub fn start_all(binary: &Path, specs: &[PathBuf]) -> Vec<Prism> {
    let mut servers: Vec<Prism> = specs
        .iter()
        .map(|spec| Prism::spawn(binary, spec))
        .collect();
    for server in &mut servers {
        server.wait_until_listening();
    }
    servers
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// Prism's executable, or `None` after a loud notice when Prism cannot be had
/// and `CHATWOOT_REQUIRE_PRISM` is not set (CI sets it, so there it fails).
pub fn prism_or_skip(test: &str) -> Option<PathBuf> {
    match prism_binary() {
        Ok(binary) => Some(binary),
        Err(why) => {
            let required = std::env::var("CHATWOOT_REQUIRE_PRISM").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "CHATWOOT_REQUIRE_PRISM=1 but Prism is unavailable: {why}"
            );
            eprintln!(
                "\n**************************************************************\n\
                 * {test}: NOT RUN, Prism is unavailable: {why}\n\
                 * Install node and npm (or set CHATWOOT_REQUIRE_PRISM=1 to fail).\n\
                 **************************************************************\n"
            );
            None
        }
    }
}
