//! Library half of the xtask, so its pipeline can be tested without a CLI.

pub mod codegen;
pub mod fetch;
pub mod lock;
