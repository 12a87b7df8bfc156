//! `cargo xtask update` against httpmock playing GitHub's API and upstream's
//! raw-file host, on temporary copies of `openapi/`: the lock changes after a
//! success only, and a failure names its step and family.

mod common;

use chatwoot_codegen::Family;
use common::*;
use httpmock::prelude::*;
use serde_json::{Value, json};
use xtask::fetch::{Source, sha256_hex};
use xtask::update::{self, BuildCommand, Step, UpdateError, UpdateOptions, UpdateOutcome, Updated};

const COMMITS_PATH: &str = "/repos/chatwoot/chatwoot/commits/develop";

fn spec_path(revision: &str, family: Family) -> String {
    format!("/{revision}/swagger/tag_groups/{family}_swagger.json")
}

/// Options pointing both hosts at mocks, without the cargo build.
fn options(github: &MockServer, raw: &MockServer) -> UpdateOptions {
    UpdateOptions {
        revision: None,
        date: None,
        github_api: github.base_url(),
        upstream: Some(format!("{}/", raw.base_url())),
        source: Source::Upstream,
        build: None,
        pin: true,
    }
}

async fn serve_commit<'a>(server: &'a MockServer, sha: &str) -> httpmock::Mock<'a> {
    let body = json!({
        "sha": sha,
        "commit": { "committer": { "date": "2026-04-02T08:09:10Z" } }
    });
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(COMMITS_PATH)
                .header("accept", "application/vnd.github+json")
                .header_exists("user-agent");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(body);
        })
        .await
}

async fn serve_spec<'a>(
    server: &'a MockServer,
    revision: &str,
    family: Family,
    body: &[u8],
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(GET).path(spec_path(revision, family));
            then.status(200).body(body);
        })
        .await
}

async fn serve_all<'a>(
    server: &'a MockServer,
    revision: &str,
    specs: &[(Family, Vec<u8>)],
) -> Vec<httpmock::Mock<'a>> {
    let mut mocks = Vec::new();
    for (family, body) in specs {
        mocks.push(serve_spec(server, revision, *family, body).await);
    }
    mocks
}

fn small_specs() -> Vec<(Family, Vec<u8>)> {
    Family::ALL
        .into_iter()
        .map(|f| (f, bytes(&small_doc(f, small_widget()))))
        .collect()
}

/// `small_specs` with one family's spec replaced.
fn small_specs_with(family: Family, doc: &Value) -> Vec<(Family, Vec<u8>)> {
    small_specs()
        .into_iter()
        .map(|(f, b)| if f == family { (f, bytes(doc)) } else { (f, b) })
        .collect()
}

fn updated(outcome: UpdateOutcome) -> Updated {
    match outcome {
        UpdateOutcome::Updated(updated) => updated,
        UpdateOutcome::UpToDate { revision } => panic!("unexpectedly up to date at {revision}"),
    }
}

/// Runs an update expected to fail and checks that nothing changed.
async fn failing(fixture: &Fixture, options: &UpdateOptions) -> UpdateError {
    let before = fixture.snapshot();
    let dirs = fixture.dirs();
    let err = update::run(&fixture.layout, options).await.unwrap_err();
    assert_eq!(fixture.snapshot(), before, "files changed after: {err}");
    assert_eq!(fixture.dirs(), dirs, "directories changed after: {err}");
    let msg = err.to_string();
    assert!(
        msg.starts_with(&err.step().to_string()),
        "message does not start with its step: {msg}"
    );
    if let Some(family) = err.family() {
        assert!(msg.contains(family.as_str()), "{msg}");
    }
    err
}

/// Checks the lock and the files after an update to `revision` with `specs`.
fn assert_updated_to(fixture: &Fixture, revision: &str, specs: &[(Family, Vec<u8>)]) {
    let lock = fixture.lock();
    assert_eq!(lock.pinned, revision);
    let locked = lock.specs_for(revision).unwrap();
    for ((family, body), spec) in specs.iter().zip(locked) {
        assert_eq!(spec.family, *family);
        assert_eq!(spec.sha256, sha256_hex(body));
        // Urls stay below the lock's own prefix, wherever the bytes came from.
        assert_eq!(
            spec.url,
            format!(
                "{}{revision}/swagger/tag_groups/{family}_swagger.json",
                lock.upstream
            )
        );
        let upstream = fixture
            .layout
            .upstream()
            .join(revision)
            .join(format!("{family}.json"));
        assert_eq!(&std::fs::read(upstream).unwrap(), body);
        let report: Value = serde_json::from_slice(
            &std::fs::read(
                fixture
                    .layout
                    .normalized()
                    .join(format!("{family}.report.json")),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(report["revision"], revision);
        assert_eq!(report["upstream_sha256"], sha256_hex(body));
        let spec: Value = serde_json::from_slice(
            &std::fs::read(fixture.layout.normalized().join(format!("{family}.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(spec["openapi"], "3.0.3");
    }
}

#[tokio::test]
async fn new_revision_passes_and_updates_the_lock() {
    let (specs, real) = passing_specs();
    let fixture = Fixture::new(real, true);
    let before = fixture.lock();
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    let commits = serve_commit(&github, NEW).await;
    let mocks = serve_all(&raw, NEW, &specs).await;

    let outcome = update::run(&fixture.layout, &options(&github, &raw))
        .await
        .unwrap();

    let updated = updated(outcome);
    assert_eq!(updated.previous, *PINNED);
    assert_eq!(updated.revision, NEW);
    assert_eq!(updated.date.as_deref(), Some("2026-04-02"));
    assert!(updated.added_to_lock);
    assert!(!updated.built);
    assert_eq!(updated.reports.len(), 3);
    assert!(
        updated
            .reports
            .iter()
            .all(|r| r.operations_in + r.operations_added.len() == r.operations_out)
    );
    assert_updated_to(&fixture, NEW, &specs);

    let lock = fixture.lock();
    assert!(lock.spec[..3].iter().all(|s| s.revision == NEW));
    assert!(
        lock.spec[..3]
            .iter()
            .all(|s| s.date.as_deref() == Some("2026-04-02"))
    );
    // The revisions known before are all still there, after the new one.
    assert_eq!(lock.spec[3..], before.spec[..]);
    let text = std::fs::read_to_string(fixture.layout.lock()).unwrap();
    assert!(
        text.starts_with("# Which upstream Chatwoot specs"),
        "{text}"
    );

    assert_eq!(commits.calls_async().await, 1);
    // Each spec read twice: bytes that change between reads are refused.
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 2);
    }
}

#[tokio::test]
async fn pinned_revision_is_up_to_date_and_changes_nothing() {
    let fixture = Fixture::new(false, true);
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    let commits = serve_commit(&github, &PINNED).await;
    let any = raw
        .mock_async(|when, then| {
            when.any_request();
            then.status(500);
        })
        .await;
    let before = fixture.snapshot();

    let outcome = update::run(&fixture.layout, &options(&github, &raw))
        .await
        .unwrap();

    match outcome {
        UpdateOutcome::UpToDate { revision } => assert_eq!(revision, *PINNED),
        UpdateOutcome::Updated(u) => panic!("updated to {}", u.revision),
    }
    assert_eq!(fixture.snapshot(), before);
    assert_eq!(commits.calls_async().await, 1);
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn revision_flag_skips_resolve() {
    let fixture = Fixture::new(false, true);
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    let commits = serve_commit(&github, &PINNED).await;
    let specs = small_specs();
    serve_all(&raw, NEW, &specs).await;
    let mut options = options(&github, &raw);
    options.revision = Some(NEW.into());
    options.date = Some("2026-01-02".into());

    let updated = updated(update::run(&fixture.layout, &options).await.unwrap());

    assert_eq!(commits.calls_async().await, 0);
    assert_eq!(updated.date.as_deref(), Some("2026-01-02"));
    assert_updated_to(&fixture, NEW, &specs);
}

#[tokio::test]
async fn spec_that_does_not_parse_fails_at_parse() {
    for body in [
        &b"<html>rate limited</html>"[..],
        br#"{"swagger":"2.0","paths":{}}"#,
        br#"{"openapi":"4.0.0","paths":{}}"#,
    ] {
        let fixture = Fixture::new(false, true);
        let github = MockServer::start_async().await;
        let raw = MockServer::start_async().await;
        serve_commit(&github, NEW).await;
        let mut specs = small_specs();
        specs[1].1 = body.to_vec();
        serve_all(&raw, NEW, &specs).await;

        let err = failing(&fixture, &options(&github, &raw)).await;

        assert_eq!(err.step(), Step::Parse, "{err}");
        assert_eq!(err.family(), Some(Family::Client), "{err}");
        assert!(err.to_string().starts_with("parse client of "), "{err}");
    }
}

#[tokio::test]
async fn checksum_changed_during_download() {
    let fixture = Fixture::new(false, true);
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    serve_commit(&github, NEW).await;
    let specs = small_specs();
    serve_all(&raw, NEW, &specs[..2]).await;
    // The platform spec answers one body, then another.
    let first = bytes(&small_doc(Family::Platform, small_widget()));
    let second = bytes(&small_doc(Family::Platform, json!({ "type": "string" })));
    let once = raw
        .mock_async(|when, then| {
            when.method(GET).path(spec_path(NEW, Family::Platform));
            then.status(200).body(&first).up_to_n_times(1);
        })
        .await;
    let later = serve_spec(&raw, NEW, Family::Platform, &second).await;

    let err = failing(&fixture, &options(&github, &raw)).await;

    assert_eq!(err.step(), Step::Checksum, "{err}");
    assert_eq!(err.family(), Some(Family::Platform));
    let msg = err.to_string();
    assert!(msg.contains("checksum changed during download"), "{msg}");
    assert!(
        msg.contains(&sha256_hex(&first)) && msg.contains(&sha256_hex(&second)),
        "{msg}"
    );
    assert_eq!(once.calls_async().await, 1);
    assert_eq!(later.calls_async().await, 1);
}

#[tokio::test]
async fn github_unreachable() {
    let fixture = Fixture::new(false, true);
    let raw = MockServer::start_async().await;
    let options = UpdateOptions {
        github_api: format!("http://127.0.0.1:{}", closed_port()),
        upstream: Some(format!("{}/", raw.base_url())),
        build: None,
        ..UpdateOptions::default()
    };

    let err = failing(&fixture, &options).await;

    assert_eq!(err.step(), Step::Resolve, "{err}");
    assert_eq!(err.family(), None);
    let msg = err.to_string();
    assert!(msg.contains(COMMITS_PATH), "{msg}");
    assert!(msg.contains("--revision"), "{msg}");
}

#[tokio::test]
async fn github_error_says_why() {
    let fixture = Fixture::new(false, true);
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    github
        .mock_async(|when, then| {
            when.method(GET).path(COMMITS_PATH);
            then.status(403)
                .json_body(json!({ "message": "API rate limit exceeded for 192.0.2.1." }));
        })
        .await;

    let err = failing(&fixture, &options(&github, &raw)).await;

    assert_eq!(err.step(), Step::Resolve);
    let msg = err.to_string();
    assert!(msg.contains("403") && msg.contains("rate limit"), "{msg}");
}

#[tokio::test]
async fn github_answer_without_a_commit() {
    let fixture = Fixture::new(false, true);
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    github
        .mock_async(|when, then| {
            when.method(GET).path(COMMITS_PATH);
            then.status(200).json_body(json!({ "sha": "../../etc" }));
        })
        .await;

    let err = failing(&fixture, &options(&github, &raw)).await;

    assert_eq!(err.step(), Step::Resolve);
    assert!(
        err.to_string().contains("not a 40-digit commit id"),
        "{err}"
    );
}

#[tokio::test]
async fn missing_spec_fails_at_download() {
    let fixture = Fixture::new(false, true);
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    serve_commit(&github, NEW).await;
    serve_all(&raw, NEW, &small_specs()[..2]).await;

    let err = failing(&fixture, &options(&github, &raw)).await;

    assert_eq!(err.step(), Step::Download);
    assert_eq!(err.family(), Some(Family::Platform));
    assert!(err.to_string().contains("404"), "{err}");
}

#[tokio::test]
async fn raw_host_unreachable() {
    let fixture = Fixture::new(false, true);
    let options = UpdateOptions {
        revision: Some(NEW.into()),
        upstream: Some(format!("http://127.0.0.1:{}/", closed_port())),
        build: None,
        ..UpdateOptions::default()
    };

    let err = failing(&fixture, &options).await;

    assert_eq!(err.step(), Step::Download);
    assert_eq!(err.family(), Some(Family::Application));
    assert!(err.to_string().contains("--mirror"), "{err}");
}

#[tokio::test]
async fn locked_revision_with_other_bytes_fails_checksum() {
    let fixture = Fixture::new(false, true);
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    serve_all(&raw, &OLDER, &small_specs()).await;
    let mut options = options(&github, &raw);
    options.revision = Some(OLDER.to_string());
    let expected = fixture.lock().specs_for(&OLDER).unwrap()[0].sha256.clone();

    let err = failing(&fixture, &options).await;

    assert_eq!(err.step(), Step::Checksum);
    assert_eq!(err.family(), Some(Family::Application));
    assert!(err.to_string().contains(&expected), "{err}");
}

/// A construct no normalization rule knows, served as `family`'s spec.
async fn unsupported(family: Family, doc: Value) -> UpdateError {
    let fixture = Fixture::new(false, true);
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    serve_commit(&github, NEW).await;
    serve_all(&raw, NEW, &small_specs_with(family, &doc)).await;
    let err = failing(&fixture, &options(&github, &raw)).await;
    assert_eq!(err.family(), Some(family), "{err}");
    assert_eq!(fixture.lock().pinned, *PINNED);
    err
}

#[tokio::test]
async fn prefix_items_names_its_pointer_and_family() {
    let mut doc = small_doc(Family::Client, small_widget());
    doc["paths"]["/widgets/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] =
        json!({ "type": "array", "prefixItems": [{ "type": "string" }] });

    let err = unsupported(Family::Client, doc).await;

    assert_eq!(err.step(), Step::Normalize, "{err}");
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!("normalize client of {NEW}")),
        "{msg}"
    );
    assert!(
        msg.contains(
            "#/paths/~1widgets~1{id}/get/responses/200/content/application~1json/schema/prefixItems"
        ),
        "{msg}"
    );
    assert!(msg.contains("has no normalization rule"), "{msg}");
}

#[tokio::test]
async fn if_then_else_names_its_pointer_and_family() {
    let widget = json!({
        "type": "object",
        "properties": { "kind": { "type": "string" } },
        "if": { "properties": { "kind": { "const": "a" } } },
        "then": { "required": ["a"] },
        "else": { "required": ["b"] }
    });

    let err = unsupported(Family::Platform, small_doc(Family::Platform, widget)).await;

    assert_eq!(err.step(), Step::Normalize, "{err}");
    let msg = err.to_string();
    assert!(msg.contains("#/components/schemas/widget/if"), "{msg}");
    assert!(msg.contains("platform"), "{msg}");
}

#[tokio::test]
async fn construct_progenitor_panics_on_is_an_error_not_a_panic() {
    // An untyped enum of mixed JSON types: typify panics on it.
    let widget = json!({ "enum": [1, "one", true] });

    let err = unsupported(Family::Application, small_doc(Family::Application, widget)).await;

    assert!(
        matches!(err.step(), Step::Normalize | Step::Generate),
        "{err}"
    );
    assert!(err.to_string().contains("application"), "{err}");
}

#[tokio::test]
async fn mirror_without_revision_is_refused() {
    let fixture = Fixture::new(false, true);
    let mirror = tempfile::tempdir().unwrap();
    for (family, body) in small_specs() {
        put_mirror(mirror.path(), NEW, family, &body);
    }
    let options = UpdateOptions {
        source: Source::Mirror(mirror.path().to_owned()),
        build: None,
        ..UpdateOptions::default()
    };

    let err = failing(&fixture, &options).await;

    assert_eq!(err.step(), Step::Resolve);
    let msg = err.to_string();
    assert!(msg.contains("--revision") && msg.contains(NEW), "{msg}");
}

#[tokio::test]
async fn mirror_with_revision_works_offline() {
    let (specs, real) = passing_specs();
    let fixture = Fixture::new(real, false);
    let mirror = tempfile::tempdir().unwrap();
    for (family, body) in &specs {
        put_mirror(mirror.path(), NEW, *family, body);
    }
    let options = UpdateOptions {
        revision: Some(NEW.into()),
        // Nothing listens there: the mirror must be enough.
        github_api: format!("http://127.0.0.1:{}", closed_port()),
        source: Source::Mirror(mirror.path().to_owned()),
        build: None,
        ..UpdateOptions::default()
    };

    let updated = updated(update::run(&fixture.layout, &options).await.unwrap());

    assert_eq!(updated.date, None);
    assert_updated_to(&fixture, NEW, &specs);
    assert!(fixture.lock().spec[..3].iter().all(|s| s.date.is_none()));
}

#[tokio::test]
async fn shared_mirror_pins_a_locked_revision() {
    let Some(mirror) = mirror() else {
        println!("skipping: no shared spec mirror");
        return;
    };
    let fixture = Fixture::new(true, true);
    let before = fixture.lock();
    let options = UpdateOptions {
        revision: Some(OLDER.to_string()),
        source: Source::Mirror(mirror),
        build: None,
        ..UpdateOptions::default()
    };

    let updated = updated(update::run(&fixture.layout, &options).await.unwrap());

    assert!(!updated.added_to_lock);
    let lock = fixture.lock();
    assert_eq!(lock.pinned, *OLDER);
    assert_eq!(lock.spec, before.spec);
    let specs: Vec<(Family, Vec<u8>)> = Family::ALL
        .into_iter()
        .map(|f| (f, real_spec(&OLDER, f).unwrap()))
        .collect();
    assert_updated_to(&fixture, &OLDER, &specs);
}

#[cfg(unix)]
fn shell(script: &str) -> BuildCommand {
    BuildCommand {
        program: "sh".into(),
        args: vec!["-c".into(), script.into()],
        dir: Some(std::env::temp_dir()),
    }
}

#[cfg(unix)]
#[tokio::test]
async fn failed_build_restores_everything() {
    for with_normalized in [true, false] {
        let fixture = Fixture::new(false, with_normalized);
        let github = MockServer::start_async().await;
        let raw = MockServer::start_async().await;
        serve_commit(&github, NEW).await;
        serve_all(&raw, NEW, &small_specs()).await;
        let mut options = options(&github, &raw);
        options.build = Some(shell("exit 3"));

        let err = failing(&fixture, &options).await;

        assert_eq!(err.step(), Step::Build, "{err}");
        assert!(err.to_string().contains("restored"), "{err}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn build_runs_against_the_candidate_specs() {
    let fixture = Fixture::new(false, true);
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    serve_commit(&github, NEW).await;
    let specs = small_specs();
    serve_all(&raw, NEW, &specs).await;
    let mut options = options(&github, &raw);
    // Passes only if the candidate normalized specs are in place, where the
    // family crates' build scripts look (`CHATWOOT_OPENAPI_DIR`).
    options.build = Some(shell(&format!(
        "grep -q {NEW} \"$CHATWOOT_OPENAPI_DIR/normalized/client.report.json\""
    )));

    let updated = updated(update::run(&fixture.layout, &options).await.unwrap());

    assert!(updated.built);
    assert_updated_to(&fixture, NEW, &specs);
}

/// `--no-pin`: the revision is proven (the build sees its specs) and locked,
/// and the workspace is left at the pinned revision.
#[cfg(unix)]
#[tokio::test]
async fn a_revision_added_without_pinning_is_proven_then_put_back() {
    let fixture = Fixture::new(false, true);
    let before_pin = fixture.lock().pinned;
    let normalized = fixture.layout.normalized().join("client.report.json");
    let before = std::fs::read(&normalized).unwrap();
    let github = MockServer::start_async().await;
    let raw = MockServer::start_async().await;
    serve_commit(&github, NEW).await;
    let specs = small_specs();
    serve_all(&raw, NEW, &specs).await;
    let mut options = options(&github, &raw);
    options.revision = Some(NEW.to_owned());
    options.date = Some("2026-05-06".to_owned());
    options.pin = false;
    options.build = Some(shell(&format!(
        "grep -q {NEW} \"$CHATWOOT_OPENAPI_DIR/normalized/client.report.json\""
    )));

    let updated = updated(update::run(&fixture.layout, &options).await.unwrap());

    assert!(updated.built && !updated.pinned && updated.added_to_lock);
    let lock = fixture.lock();
    assert_eq!(lock.pinned, before_pin, "the pin did not move");
    let locked = lock.specs_for(NEW).unwrap();
    for ((family, body), spec) in specs.iter().zip(locked) {
        assert_eq!(spec.family, *family);
        assert_eq!(spec.sha256, sha256_hex(body));
        assert_eq!(spec.date.as_deref(), Some("2026-05-06"));
    }
    assert_eq!(
        std::fs::read(&normalized).unwrap(),
        before,
        "the pinned specs are back"
    );
}

/// The command line: offline against a mirror, on a copy of `openapi/`.
#[test]
fn cli_update_from_a_mirror() {
    let fixture = Fixture::new(false, true);
    let mirror = tempfile::tempdir().unwrap();
    let specs = small_specs();
    for (family, body) in &specs {
        put_mirror(mirror.path(), NEW, *family, body);
    }
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("update")
            .arg("--mirror")
            .arg(mirror.path())
            .arg("--openapi-dir")
            .arg(&fixture.layout.root)
            .arg("--no-build")
            .args(extra)
            .env_remove("CHATWOOT_OPENAPI_MIRROR")
            .output()
            .unwrap()
    };

    let out = run(&["--revision", NEW, "--date", "2026-05-06"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("pinned {NEW} (was {})", *PINNED)),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("cargo xtask diff {} {NEW}", *PINNED)),
        "{stdout}"
    );
    assert_updated_to(&fixture, NEW, &specs);
    assert_eq!(fixture.lock().spec[0].date.as_deref(), Some("2026-05-06"));

    let again = run(&["--revision", NEW]);
    assert!(again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("nothing changed"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );

    let bad_date = run(&["--revision", NEW, "--date", "May 6"]);
    assert!(!bad_date.status.success());
}
