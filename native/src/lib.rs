//! pyrer: rez 3.4.0's version semantics and solver in Rust, with a static package.py reader.

pub mod solver;
pub mod static_parse;
pub mod version;

#[cfg(feature = "python")]
mod python;

/// The extension module allocates through mimalloc (Rust allocations only; Python keeps its own).
#[cfg(feature = "python")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
