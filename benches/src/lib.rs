//! Benchmarks live in benches/parsers.rs.
