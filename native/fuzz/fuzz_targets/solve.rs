//! libFuzzer entry for the `solve` target (the checks live in ../targets.rs).
#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::solve(data));
