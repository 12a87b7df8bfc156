//! The fetch pipeline against a mock upstream (httpmock) and temporary mirrors.

use std::path::{Path, PathBuf};

use chatwoot_codegen::Family;
use httpmock::prelude::*;
use xtask::fetch::{
    FetchError, FetchedSpec, Origin, Source, fetch_all, fetch_spec, http_client, sha256_hex,
    source_from,
};
use xtask::lock::{Lock, LockedSpec};

const REV: &str = "0123456789abcdef0123456789abcdef01234567";
const SPEC: &[u8] = br#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{}}"#;

fn spec_path(family: Family) -> String {
    format!("/{REV}/swagger/tag_groups/{family}_swagger.json")
}

/// A spec whose url lives below `upstream` (which ends in `/`).
fn locked(upstream: &str, family: Family, body: &[u8]) -> LockedSpec {
    LockedSpec {
        family,
        revision: REV.into(),
        date: None,
        url: format!("{}{}", upstream.trim_end_matches('/'), spec_path(family)),
        sha256: sha256_hex(body),
    }
}

fn prefix(server: &MockServer) -> String {
    format!("{}/", server.base_url())
}

async fn serve<'a>(
    server: &'a MockServer,
    family: Family,
    status: u16,
    body: &[u8],
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(GET).path(spec_path(family));
            then.status(status).body(body);
        })
        .await
}

async fn fetch_upstream(
    spec: &LockedSpec,
    upstream: &str,
    dest: &Path,
) -> Result<FetchedSpec, FetchError> {
    let http = http_client().unwrap();
    fetch_spec(spec, upstream, &Source::Upstream, dest, &http).await
}

fn dest_file(dest: &Path, family: Family) -> PathBuf {
    dest.join(REV).join(format!("{family}.json"))
}

/// Every file below `dir`, relative to it.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Writes `body` into a mirror laid out like the upstream prefix.
fn mirror_with(mirror: &Path, family: Family, body: &[u8]) {
    let path = mirror.join(spec_path(family).trim_start_matches('/'));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, body).unwrap();
}

#[tokio::test]
async fn download_writes_exact_bytes() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, Family::Application, 200, SPEC).await;
    let dest = tempfile::tempdir().unwrap();
    let spec = locked(&prefix(&server), Family::Application, SPEC);

    let got = fetch_upstream(&spec, &prefix(&server), dest.path())
        .await
        .unwrap();

    assert_eq!(got.origin, Origin::Upstream);
    assert_eq!(got.path, dest_file(dest.path(), Family::Application));
    assert_eq!(got.bytes, SPEC.len());
    assert_eq!(got.sha256, spec.sha256);
    assert_eq!(std::fs::read(&got.path).unwrap(), SPEC);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn atomic_write_leaves_only_the_final_file() {
    let server = MockServer::start_async().await;
    serve(&server, Family::Platform, 200, SPEC).await;
    let dest = tempfile::tempdir().unwrap();
    let spec = locked(&prefix(&server), Family::Platform, SPEC);

    fetch_upstream(&spec, &prefix(&server), dest.path())
        .await
        .unwrap();

    assert_eq!(
        files_below(dest.path()),
        [Path::new(REV).join("platform.json")]
    );
}

#[tokio::test]
async fn cached_file_is_not_downloaded_again() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, Family::Client, 200, SPEC).await;
    let dest = tempfile::tempdir().unwrap();
    let path = dest_file(dest.path(), Family::Client);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, SPEC).unwrap();
    let spec = locked(&prefix(&server), Family::Client, SPEC);

    let got = fetch_upstream(&spec, &prefix(&server), dest.path())
        .await
        .unwrap();

    assert_eq!(got.origin, Origin::Cached);
    assert_eq!(got.bytes, SPEC.len());
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn stale_file_is_replaced() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, Family::Client, 200, SPEC).await;
    let dest = tempfile::tempdir().unwrap();
    let path = dest_file(dest.path(), Family::Client);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"{\"openapi\":\"3.0.0\",\"old\":true}").unwrap();
    let spec = locked(&prefix(&server), Family::Client, SPEC);

    let got = fetch_upstream(&spec, &prefix(&server), dest.path())
        .await
        .unwrap();

    assert_eq!(got.origin, Origin::Upstream);
    assert_eq!(std::fs::read(&path).unwrap(), SPEC);
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(
        files_below(dest.path()),
        [Path::new(REV).join("client.json")]
    );
}

#[tokio::test]
async fn mirror_read_works() {
    let mirror = tempfile::tempdir().unwrap();
    let dest = tempfile::tempdir().unwrap();
    let upstream = "https://example.org/up/";
    mirror_with(mirror.path(), Family::Client, SPEC);
    let spec = locked(upstream, Family::Client, SPEC);
    let source = Source::Mirror(mirror.path().to_owned());

    let got = fetch_spec(
        &spec,
        upstream,
        &source,
        dest.path(),
        &http_client().unwrap(),
    )
    .await
    .unwrap();

    assert_eq!(got.origin, Origin::Mirror);
    assert_eq!(std::fs::read(&got.path).unwrap(), SPEC);
}

#[tokio::test]
async fn missing_mirror_file() {
    let mirror = tempfile::tempdir().unwrap();
    let dest = tempfile::tempdir().unwrap();
    let upstream = "https://example.org/up/";
    let spec = locked(upstream, Family::Platform, SPEC);
    let source = Source::Mirror(mirror.path().to_owned());

    let err = fetch_spec(
        &spec,
        upstream,
        &source,
        dest.path(),
        &http_client().unwrap(),
    )
    .await
    .unwrap_err();

    match &err {
        FetchError::MirrorFileMissing { path } => {
            assert!(path.ends_with("swagger/tag_groups/platform_swagger.json"))
        }
        other => panic!("unexpected error: {other}"),
    }
    assert!(files_below(dest.path()).is_empty());
}

#[tokio::test]
async fn unreachable_upstream_suggests_mirror() {
    // Bind and drop: the port is then (almost certainly) closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let upstream = format!("http://127.0.0.1:{port}/");
    let spec = locked(&upstream, Family::Application, SPEC);
    let dest = tempfile::tempdir().unwrap();

    let err = fetch_upstream(&spec, &upstream, dest.path())
        .await
        .unwrap_err();

    assert!(matches!(err, FetchError::Unreachable { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("--mirror"), "{msg}");
    assert!(msg.contains("CHATWOOT_OPENAPI_MIRROR"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
}

#[tokio::test]
async fn http_error_status() {
    for status in [404u16, 500] {
        let server = MockServer::start_async().await;
        serve(&server, Family::Client, status, b"nope").await;
        let dest = tempfile::tempdir().unwrap();
        let spec = locked(&prefix(&server), Family::Client, SPEC);

        let err = fetch_upstream(&spec, &prefix(&server), dest.path())
            .await
            .unwrap_err();

        match &err {
            FetchError::HttpStatus { status: got, url } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(url, &spec.url);
            }
            other => panic!("unexpected error: {other}"),
        }
        assert!(err.to_string().contains(&status.to_string()));
        assert!(files_below(dest.path()).is_empty());
    }
}

#[tokio::test]
async fn checksum_mismatch_writes_nothing() {
    let server = MockServer::start_async().await;
    let tampered = br#"{"openapi":"3.1.0","paths":{"/evil":{}}}"#;
    serve(&server, Family::Application, 200, tampered).await;
    let dest = tempfile::tempdir().unwrap();
    let spec = locked(&prefix(&server), Family::Application, SPEC);

    let err = fetch_upstream(&spec, &prefix(&server), dest.path())
        .await
        .unwrap_err();

    let actual = sha256_hex(tampered);
    match &err {
        FetchError::ChecksumMismatch {
            family,
            revision,
            expected,
            actual: got,
        } => {
            assert_eq!(*family, Family::Application);
            assert_eq!(revision, REV);
            assert_eq!(expected, &spec.sha256);
            assert_eq!(got, &actual);
        }
        other => panic!("unexpected error: {other}"),
    }
    let msg = err.to_string();
    assert!(msg.contains(&spec.sha256) && msg.contains(&actual), "{msg}");
    assert!(files_below(dest.path()).is_empty());
    assert!(!dest.path().join(REV).exists());
}

#[tokio::test]
async fn invalid_json() {
    let server = MockServer::start_async().await;
    let body = b"<html>not json</html>";
    serve(&server, Family::Platform, 200, body).await;
    let dest = tempfile::tempdir().unwrap();
    let spec = locked(&prefix(&server), Family::Platform, body);

    let err = fetch_upstream(&spec, &prefix(&server), dest.path())
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            FetchError::InvalidJson {
                family: Family::Platform,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(files_below(dest.path()).is_empty());
}

#[tokio::test]
async fn not_openapi() {
    for (body, found) in [
        (&br#"{"swagger":"2.0","paths":{}}"#[..], None),
        (br#"{"openapi":"4.0.0"}"#, Some("4.0.0")),
    ] {
        let server = MockServer::start_async().await;
        serve(&server, Family::Client, 200, body).await;
        let dest = tempfile::tempdir().unwrap();
        let spec = locked(&prefix(&server), Family::Client, body);

        let err = fetch_upstream(&spec, &prefix(&server), dest.path())
            .await
            .unwrap_err();

        match &err {
            FetchError::NotOpenApi { family, found: got } => {
                assert_eq!(*family, Family::Client);
                assert_eq!(got.as_deref(), found);
            }
            other => panic!("unexpected error: {other}"),
        }
        assert!(
            err.to_string()
                .contains("not an OpenAPI 3.0 or 3.1 document")
        );
        assert!(files_below(dest.path()).is_empty());
    }
}

#[tokio::test]
async fn insecure_url_is_refused() {
    let upstream = "http://example.com/up/";
    let spec = locked(upstream, Family::Application, SPEC);
    let dest = tempfile::tempdir().unwrap();

    let err = fetch_upstream(&spec, upstream, dest.path())
        .await
        .unwrap_err();

    match &err {
        FetchError::InsecureUrl { url } => assert_eq!(url, &spec.url),
        other => panic!("unexpected error: {other}"),
    }
    assert!(files_below(dest.path()).is_empty());
}

#[tokio::test]
async fn redirect_to_insecure_url_is_refused() {
    let server = MockServer::start_async().await;
    let target = "http://example.com/elsewhere.json";
    server
        .mock_async(|when, then| {
            when.method(GET).path(spec_path(Family::Client));
            then.status(302).header("location", target);
        })
        .await;
    let dest = tempfile::tempdir().unwrap();
    let spec = locked(&prefix(&server), Family::Client, SPEC);

    let err = fetch_upstream(&spec, &prefix(&server), dest.path())
        .await
        .unwrap_err();

    match &err {
        FetchError::InsecureUrl { url } => assert_eq!(url, target),
        other => panic!("unexpected error: {other}"),
    }
}

#[tokio::test]
async fn fetch_all_from_mock_upstream() {
    let server = MockServer::start_async().await;
    let upstream = prefix(&server);
    let mut specs = Vec::new();
    for family in Family::ALL {
        let body = format!(r#"{{"openapi":"3.0.4","info":{{"title":"{family}"}}}}"#);
        serve(&server, family, 200, body.as_bytes()).await;
        specs.push(locked(&upstream, family, body.as_bytes()));
    }
    let lock = Lock {
        upstream,
        pinned: REV.into(),
        spec: specs,
    };
    lock.validate().unwrap();
    let dest = tempfile::tempdir().unwrap();

    let got = fetch_all(&lock, REV, &Source::Upstream, dest.path())
        .await
        .unwrap();

    let families: Vec<_> = got.iter().map(|f| f.family).collect();
    assert_eq!(families, Family::ALL);
    assert!(got.iter().all(|f| f.origin == Origin::Upstream));

    let again = fetch_all(&lock, REV, &Source::Upstream, dest.path())
        .await
        .unwrap();
    assert!(again.iter().all(|f| f.origin == Origin::Cached));

    let err = fetch_all(&lock, "unknown", &Source::Upstream, dest.path())
        .await
        .unwrap_err();
    assert!(err.to_string().contains(REV), "{err}");
}

#[test]
fn mirror_flag_wins() {
    assert_eq!(
        source_from(Some(PathBuf::from("/some/mirror"))),
        Source::Mirror(PathBuf::from("/some/mirror"))
    );
}

/// The real mirror shipped next to the workspace, checked against the real lock.
#[tokio::test]
async fn real_mirror_matches_lock() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest.parent().unwrap();
    let mirror = workspace.join("../shared/openapi");
    if !mirror.is_dir() {
        println!("skipping: no mirror at {}", mirror.display());
        return;
    }
    let lock = Lock::load(workspace.join("openapi/specs.lock.toml")).unwrap();
    let source = Source::Mirror(mirror);
    let dest = tempfile::tempdir().unwrap();

    let got = fetch_all(&lock, &lock.pinned, &source, dest.path())
        .await
        .unwrap();

    let expected = lock.specs_for(&lock.pinned).unwrap();
    assert_eq!(got.len(), 3);
    for (fetched, spec) in got.iter().zip(expected) {
        assert_eq!(fetched.family, spec.family);
        assert_eq!(fetched.origin, Origin::Mirror);
        let bytes = std::fs::read(&fetched.path).unwrap();
        assert_eq!(bytes.len(), fetched.bytes);
        assert_eq!(sha256_hex(&bytes), spec.sha256);
    }
}
