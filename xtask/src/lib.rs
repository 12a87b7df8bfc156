//! Library half of the xtask, so its pipeline can be tested without a CLI.

pub mod codegen;
pub mod consumers;
pub mod diff;
pub mod fetch;
pub mod lock;
pub mod normalize;
pub mod stage;
pub mod update;
