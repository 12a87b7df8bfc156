//! The workspace's declared `rust-version` is one it can keep: every crate of
//! the workspace declares it, and no dependency in the resolved graph needs a
//! newer compiler. Together with clippy's `incompatible_msrv` lint (which CI
//! runs with `-D warnings`, and which flags standard-library items newer than
//! `rust-version` in our own code), this checks the promise without an old
//! toolchain on the machine.

use std::process::Command;

use serde_json::Value;

fn version(text: &str) -> Vec<u64> {
    text.split('.')
        .map(|part| {
            part.parse()
                .unwrap_or_else(|_| panic!("`{text}` is not a version"))
        })
        .collect()
}

fn at_most(needed: &str, declared: &str) -> bool {
    let (mut needed, mut declared) = (version(needed), version(declared));
    let len = needed.len().max(declared.len());
    needed.resize(len, 0);
    declared.resize(len, 0);
    needed <= declared
}

#[test]
fn no_dependency_needs_a_newer_compiler_than_rust_version() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let packages = metadata["packages"].as_array().expect("packages");
    let mut declared = None;
    for package in packages
        .iter()
        .filter(|p| members.contains(&p["id"].as_str().unwrap_or_default()))
    {
        let name = package["name"].as_str().unwrap_or_default();
        let Some(rust_version) = package["rust_version"].as_str() else {
            panic!("workspace crate {name} declares no rust-version");
        };
        match declared {
            None => declared = Some(rust_version),
            Some(previous) => assert_eq!(
                previous, rust_version,
                "workspace crates declare different rust-versions ({name})"
            ),
        }
    }
    let declared = declared.expect("the workspace has members");
    let too_new: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needed = p["rust_version"].as_str()?;
            (!at_most(needed, declared))
                .then(|| format!("{} {} needs {needed}", p["name"], p["version"]))
        })
        .collect();
    assert!(
        too_new.is_empty(),
        "rust-version is {declared}, but: {}",
        too_new.join(", ")
    );
    assert!(
        packages.len() > 100,
        "the graph is suspiciously small: {} packages",
        packages.len()
    );
}

#[test]
fn versions_compare_by_number() {
    assert!(at_most("1.70", "1.88"));
    assert!(at_most("1.88.0", "1.88"));
    assert!(!at_most("1.89", "1.88"));
    assert!(at_most("1.9", "1.88"), "1.9 is older than 1.88");
}
