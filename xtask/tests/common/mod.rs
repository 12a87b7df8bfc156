//! Shared by the update and diff tests: a temporary `openapi/` directory,
//! the real specs of the shared mirror, and small crafted specs.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chatwoot_codegen::Family;
use serde_json::{Value, json};
use tempfile::TempDir;
use xtask::codegen::Layout;
use xtask::lock::Lock;

/// The real lock's pinned revision: read, so the tests pass at whatever
/// revision the lock pins.
pub static PINNED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| real_lock().pinned);
/// The real lock's oldest revision.
pub static OLDER: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    real_lock()
        .spec
        .iter()
        .min_by(|a, b| a.date.cmp(&b.date))
        .map(|s| s.revision.clone())
        .expect("the lock lists specs")
});

fn real_lock() -> Lock {
    Lock::load(workspace().join("openapi/specs.lock.toml")).expect("the real lock loads")
}

/// A revision no lock lists.
pub const NEW: &str = "feedfacefeedfacefeedfacefeedfacefeedface";

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The shared spec mirror, if this machine has it.
pub fn mirror() -> Option<PathBuf> {
    let dir = match std::env::var_os("CHATWOOT_OPENAPI_MIRROR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace().join("../shared/openapi"),
    };
    dir.join(&*PINNED).is_dir().then_some(dir)
}

/// Upstream's real spec of `family` at `revision`, from the shared mirror.
pub fn real_spec(revision: &str, family: Family) -> Option<Vec<u8>> {
    let path = mirror()?.join(format!(
        "{revision}/swagger/tag_groups/{family}_swagger.json"
    ));
    std::fs::read(path).ok()
}

/// A temporary copy of the workspace's `openapi/`: the real lock, optionally
/// the real fixups, and placeholder normalized files to prove they survive.
pub struct Fixture {
    pub dir: TempDir,
    pub layout: Layout,
}

impl Fixture {
    pub fn new(with_fixups: bool, with_normalized: bool) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout {
            root: dir.path().join("openapi"),
        };
        let real = Layout::workspace().expect("tests run inside the workspace");
        std::fs::create_dir_all(&layout.root).unwrap();
        std::fs::copy(real.lock(), layout.lock()).unwrap();
        std::fs::create_dir_all(layout.fixups()).unwrap();
        if with_fixups {
            for (from, to) in [
                (real.fixups(), layout.fixups()),
                (real.additions(), layout.additions()),
            ] {
                std::fs::create_dir_all(&to).unwrap();
                for entry in std::fs::read_dir(from).unwrap() {
                    let path = entry.unwrap().path();
                    std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
                }
            }
            for map in ["names.toml", "records.toml", "enums.toml"] {
                std::fs::copy(real.root.join(map), layout.root.join(map)).unwrap();
            }
        }
        if with_normalized {
            std::fs::create_dir_all(layout.normalized()).unwrap();
            for family in Family::ALL {
                for name in [format!("{family}.json"), format!("{family}.report.json")] {
                    let text = format!("{{\"placeholder\": \"{name}\"}}\n");
                    std::fs::write(layout.normalized().join(name), text).unwrap();
                }
            }
        }
        Fixture { dir, layout }
    }

    /// Every file below the directory with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let rel = path.strip_prefix(root).unwrap().to_owned();
                    out.insert(rel, std::fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(self.dir.path(), self.dir.path(), &mut out);
        out
    }

    /// Every directory below the directory.
    pub fn dirs(&self) -> Vec<PathBuf> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    out.push(path.strip_prefix(root).unwrap().to_owned());
                    walk(root, &path, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), self.dir.path(), &mut out);
        out.sort();
        out
    }

    pub fn lock(&self) -> Lock {
        Lock::load(self.layout.lock()).unwrap()
    }

    /// Writes `bytes` as `openapi/upstream/<revision>/<family>.json`.
    pub fn put_upstream(&self, revision: &str, family: Family, bytes: &[u8]) {
        let dir = self.layout.upstream().join(revision);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{family}.json")), bytes).unwrap();
    }
}

/// Writes `bytes` into a mirror laid out like the upstream prefix.
pub fn put_mirror(mirror: &Path, revision: &str, family: Family, bytes: &[u8]) {
    let path = mirror.join(format!(
        "{revision}/swagger/tag_groups/{family}_swagger.json"
    ));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A small valid spec: one operation returning `widget`.
pub fn small_doc(family: Family, widget: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": format!("{family} widgets"), "version": "1" },
        "paths": {
            "/widgets/{id}": {
                "get": {
                    "operationId": "get-widget",
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }
                    ],
                    "responses": {
                        "200": {
                            "description": "the widget",
                            "content": {
                                "application/json": { "schema": { "$ref": "#/components/schemas/widget" } }
                            }
                        },
                        "404": { "description": "no such widget" }
                    }
                }
            }
        },
        "components": { "schemas": { "widget": widget } }
    })
}

pub fn small_widget() -> Value {
    json!({
        "type": "object",
        "properties": {
            "id": { "type": "integer" },
            "name": { "type": ["string", "null"] }
        }
    })
}

pub fn bytes(doc: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(doc).unwrap()
}

/// The specs a passing update is given: upstream's real ones when the mirror
/// is here (with the real fixups), else small ones (without).
pub fn passing_specs() -> (Vec<(Family, Vec<u8>)>, bool) {
    let real: Option<Vec<(Family, Vec<u8>)>> = Family::ALL
        .into_iter()
        .map(|f| real_spec(&PINNED, f).map(|b| (f, b)))
        .collect();
    match real {
        Some(specs) => (specs, true),
        None => (
            Family::ALL
                .into_iter()
                .map(|f| (f, bytes(&small_doc(f, small_widget()))))
                .collect(),
            false,
        ),
    }
}

/// A port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
