#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod build;
mod family;
pub mod fixups;
pub mod generate;
pub mod mock;
pub mod normalize;
mod postprocess;
pub mod report;

pub use family::{Family, UnknownFamily};
pub use fixups::{Contradiction, Fixup, FixupError, FixupKind, FixupOutcome, TargetState};
pub use normalize::{NormalizeError, Normalized, Options, normalize, normalize_with};
pub use report::Report;
