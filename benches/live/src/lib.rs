//! The preflight measurement's arithmetic (`src/bin/preflight_concurrency.rs` runs it). The rest
//! of this package is the practice sandbox's binary and the main package's e2e login tests,
//! built here for `./dev bench` (see Cargo.toml).

pub mod preflight_timing;
