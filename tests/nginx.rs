//! The token survives a real reverse proxy. nginx drops request headers whose
//! names hold underscores (`underscores_in_headers off`, its default), which
//! is why `api_access_token` fails behind many deployments; the SDK's default
//! `api-access-token` passes. The test starts Debian's nginx on loopback in
//! front of a mock Chatwoot. Without nginx installed it says so and passes,
//! unless `CHATWOOT_REQUIRE_NGINX` is set (CI sets it).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chatwoot::application::{Client, Error, RetryPolicy, TokenHeader};
use chatwoot_tests::TOKEN;
use httpmock::prelude::*;
use serde_json::json;

/// An nginx process, stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx_binary() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// nginx with its defaults, proxying everything to `upstream_port`.
fn start_nginx(binary: &Path, upstream_port: u16) -> Nginx {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let d = dir.path().display();
    let config = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
           fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
           server {{\n    listen 127.0.0.1:{port};\n    location / {{ proxy_pass http://127.0.0.1:{upstream_port}; }}\n  }}\n}}\n"
    );
    let config_path = dir.path().join("nginx.conf");
    std::fs::write(&config_path, config).expect("write config");
    let child = Command::new(binary)
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(&config_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts");
    let nginx = Nginx {
        child,
        port,
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nginx did not start listening");
        std::thread::sleep(Duration::from_millis(20));
    }
    nginx
}

fn client(port: u16, header: TokenHeader) -> Client {
    Client::builder(format!("http://127.0.0.1:{port}"))
        .token(TOKEN)
        .token_header(header)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

#[cfg(chatwoot_operation = "application::get_profile")]
#[tokio::test]
async fn the_default_token_header_passes_nginx_and_the_underscored_one_does_not() {
    let Some(binary) = nginx_binary() else {
        assert!(
            std::env::var_os("CHATWOOT_REQUIRE_NGINX").is_none(),
            "nginx is required but not installed"
        );
        eprintln!("nginx is not installed (apt-get install nginx-light): skipped");
        return;
    };
    let chatwoot = MockServer::start_async().await;
    let authorized = chatwoot
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/profile")
                .header("api-access-token", TOKEN);
            then.status(200)
                .json_body(json!({ "id": 1, "name": "Ada", "email": "ada@example.com" }));
        })
        .await;
    let unauthorized = chatwoot
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/profile")
                .header_missing("api-access-token");
            then.status(401).json_body(
                json!({ "errors": ["You need to sign in or sign up before continuing."] }),
            );
        })
        .await;
    let nginx = start_nginx(&binary, chatwoot.port());

    let profile = client(nginx.port, TokenHeader::Hyphenated)
        .get_profile()
        .send()
        .await
        .expect("the hyphenated header reaches Chatwoot")
        .into_inner();
    assert_eq!(profile.name.as_deref(), Some("Ada"));
    authorized.assert_async().await;

    let error = client(nginx.port, TokenHeader::Underscored)
        .get_profile()
        .send()
        .await
        .expect_err("nginx dropped the underscored header");
    assert!(
        matches!(&error, Error::Status { status, .. } if status.as_u16() == 401),
        "{error:?}"
    );
    unauthorized.assert_async().await;
}
