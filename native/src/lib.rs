//! pyrer: rez 3.4.0's version semantics and solver in Rust, with a static package.py reader.

pub mod solver;
pub mod static_parse;
pub mod version;

#[cfg(feature = "python")]
mod python;

#[cfg(feature = "python")]
mod allocator;
