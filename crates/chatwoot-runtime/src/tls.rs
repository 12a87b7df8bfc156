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
//!
//! With `rustls-ring`, reqwest is built with rustls and no crypto provider of
//! its own; the first client this builder makes installs ring as rustls'
//! process-wide default, unless the application installed one before (which
//! then serves this client too). Another `reqwest::Client` the program
//! builds before any chatwoot client needs a provider installed first:
//! `rustls::crypto::ring::default_provider().install_default()`.

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

/// Puts the chosen backend on a reqwest builder.
#[cfg(feature = "native-tls")]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder.tls_backend_native()
}

#[cfg(all(feature = "rustls-aws-lc", not(feature = "native-tls")))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder.tls_backend_rustls()
}

#[cfg(all(
    feature = "rustls-ring",
    not(any(feature = "native-tls", feature = "rustls-aws-lc"))
))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    // reqwest's rustls without a provider of its own (`rustls-no-provider`)
    // uses rustls' process-wide default: ring's, unless the application
    // installed another first. Installed here, it also serves any other
    // reqwest client of the program built from now on, which would panic
    // without one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    builder.tls_backend_rustls()
}

#[cfg(not(any(
    feature = "native-tls",
    feature = "rustls-aws-lc",
    feature = "rustls-ring"
)))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder
}
