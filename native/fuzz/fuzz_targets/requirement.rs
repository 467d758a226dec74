//! libFuzzer entry for the `requirement` target (the checks live in ../targets.rs).
#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::requirement(data));
