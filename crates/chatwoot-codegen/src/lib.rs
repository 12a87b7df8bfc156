//! Chatwoot's OpenAPI specs in, progenitor-ready specs and Rust code out.
//!
//! Used by `cargo xtask codegen` (fetch, [`normalize()`], report) and by the
//! build script of each family crate ([`build`]), so the three crates share one
//! pipeline instead of three copies of a build script.

#![warn(missing_docs)]

pub mod build;
mod family;
pub mod fixups;
pub mod generate;
pub mod normalize;
mod postprocess;
pub mod report;

pub use family::{Family, UnknownFamily};
pub use fixups::{Fixup, FixupError};
pub use normalize::{NormalizeError, Normalized, Options, normalize, normalize_with};
pub use report::Report;
