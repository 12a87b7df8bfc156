//! Library half of the xtask, so its pipeline can be tested without a CLI.

pub mod codegen;
pub mod diff;
pub mod fetch;
pub mod lock;
pub mod update;
