//! The fuzz targets as plain tests: every committed corpus and regression input, plus seeded random inputs.

#[path = "../fuzz/targets.rs"]
mod targets;

mod common;
use common::Rng;
use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("version", targets::version),
    ("range", targets::range),
    ("requirement", targets::requirement),
    ("package_py", targets::package_py),
    ("solve", targets::solve),
];

/// Every file under `fuzz/<dir>/<target>/`, sorted.
fn inputs(dir: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(dir)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| {
            let data = std::fs::read(e.path()).expect("readable corpus file");
            (e.file_name().to_string_lossy().into_owned(), data)
        })
        .collect();
    out.sort();
    out
}

fn replay(dir: &str) -> usize {
    let mut count = 0;
    for (target, run) in TARGETS {
        for (name, data) in inputs(dir, target) {
            let ok = std::panic::catch_unwind(|| run(&data));
            assert!(
                ok.is_ok(),
                "{target} panicked on fuzz/{dir}/{target}/{name}"
            );
            count += 1;
        }
    }
    count
}

#[test]
fn corpus_inputs_pass_every_check() {
    assert!(replay("corpus") > 0, "the committed corpus is empty");
}

#[test]
fn crash_regressions_stay_fixed() {
    replay("regressions");
}

#[test]
fn solve_never_panics_on_generated_repositories() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let len = (rng.next() % 160) as usize;
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        targets::solve(&data);
    }
}

#[test]
fn parsers_never_panic_on_generated_text() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let version_chars = b"0123456789.-_+<>=!~|,abz ";
    let python_chars = b"name=versionrequires[]()'\"\\#\n\r\t :,{}-+1.@ufbr\x00\xff\xef\xbb\xbf";
    for _ in 0..5000 {
        let len = (rng.next() % 40) as usize;
        let text = rng.bytes(version_chars, len);
        targets::version(&text);
        targets::range(&text);
        targets::requirement(&text);
        let len = (rng.next() % 200) as usize;
        targets::package_py(&rng.bytes(python_chars, len));
    }
}
