//! libFuzzer entry for the `package_py` target (the checks live in ../targets.rs).
#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::package_py(data));
