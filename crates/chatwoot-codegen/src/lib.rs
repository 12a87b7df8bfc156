#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod build;
mod family;
pub mod generate;
pub mod mock;
mod postprocess;
pub mod spec;

pub use family::{Family, UnknownFamily};
