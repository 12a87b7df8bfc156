//! The TLS backend of the HTTP client the builder makes, chosen by Cargo
//! feature: `rustls-ring` (the default of the family crates: rustls with
//! ring, the shortest clean build), `rustls-aws-lc` (rustls with aws-lc-rs,
//! reqwest's own default; a C build) or `native-tls` (the system's library:
//! OpenSSL, Secure Transport or SChannel). Certificates are checked against
//! the platform's roots with every backend.
//!
//! Features add up across a dependency graph; when several are on, the one
//! asked for explicitly wins: `native-tls`, then `rustls-aws-lc`, then
//! `rustls-ring`. With none, only `http://` base URLs build (or bring your
//! own `reqwest::Client`).

/// The backend this build uses, for messages and docs.
pub const BACKEND: Option<&str> = if cfg!(feature = "native-tls") {
    Some("native-tls")
} else if cfg!(feature = "rustls-aws-lc") {
    Some("rustls-aws-lc")
} else if cfg!(feature = "rustls-ring") {
    Some("rustls-ring")
} else {
    None
};

/// Puts the chosen backend on a reqwest builder; an error says why TLS
/// could not be set up.
#[cfg(feature = "native-tls")]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, String> {
    Ok(builder.tls_backend_native())
}

#[cfg(all(feature = "rustls-aws-lc", not(feature = "native-tls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, String> {
    Ok(builder.tls_backend_rustls())
}

#[cfg(all(
    feature = "rustls-ring",
    not(any(feature = "native-tls", feature = "rustls-aws-lc"))
))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, String> {
    let config = ring::config().map_err(|e| e.to_string())?;
    Ok(builder.tls_backend_preconfigured(config))
}

#[cfg(not(any(
    feature = "native-tls",
    feature = "rustls-aws-lc",
    feature = "rustls-ring"
)))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, String> {
    Ok(builder)
}

#[cfg(all(
    feature = "rustls-ring",
    not(any(feature = "native-tls", feature = "rustls-aws-lc"))
))]
mod ring {
    use std::sync::Arc;

    use rustls_platform_verifier::BuilderVerifierExt;

    /// rustls with ring's primitives and the platform's roots. Given to
    /// reqwest ready-made, so no process-wide default provider is set
    /// behind the application's back; ALPN offers HTTP/2 as reqwest's own
    /// configuration would.
    pub(super) fn config() -> Result<rustls::ClientConfig, rustls::Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_platform_verifier()?
            .with_no_client_auth();
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(config)
    }
}
