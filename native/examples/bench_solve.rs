//! Times the Rust solver alone on rez's benchmark, dumped by `benchmarks/dump_for_rust.py`.
//!
//! Usage: `bench_solve PACKAGES REQUESTS [--mode version_priority] [--limit N] [--every K]
//! [--reps N] [--verbose]`; it also counts results that differ from rez's.
//! Families are prepared once and shared by every solve, as a `pyrer.Repository` is.

use pyrer::solver::{
    solve, Family, PackageDef, PackageProvider, SolveOptions, SolveStatus, VariantSelectMode,
};
use pyrer::version::{Requirement, Version};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

const US: char = '\x1f';
const RS: char = '\x1e';

/// Parse requirement strings; equal strings share one parsed requirement, as in `pyrer.Repository`.
fn reqs(field: &str, memo: &mut HashMap<String, Requirement>) -> Vec<Requirement> {
    field
        .split(US)
        .filter(|s| !s.is_empty())
        .map(|s| {
            memo.entry(s.to_string())
                .or_insert_with(|| Requirement::parse(s).unwrap_or_else(|e| panic!("{s}: {e}")))
                .clone()
        })
        .collect()
}

struct Prepared(HashMap<String, Arc<Family>>);

impl PackageProvider for Prepared {
    fn load_family(&mut self, name: &str) -> Result<Option<Arc<Family>>, String> {
        Ok(self.0.get(name).cloned())
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .map(|i| args[i + 1].clone())
    };
    let mode = opt("--mode").unwrap_or_else(|| "version_priority".into());
    let limit: usize = opt("--limit").map_or(usize::MAX, |s| s.parse().unwrap());
    let reps: usize = opt("--reps").map_or(1, |s| s.parse().unwrap());
    let every: usize = opt("--every").map_or(1, |s| s.parse().unwrap());
    let verbose = args.iter().any(|a| a == "--verbose");
    let mut defs: HashMap<String, Vec<PackageDef>> = HashMap::new();
    let mut memo = HashMap::new();
    for line in std::fs::read_to_string(&args[1]).unwrap().lines() {
        let f: Vec<&str> = line.split('\t').collect();
        defs.entry(f[0].to_string())
            .or_default()
            .push(PackageDef::new(
                Version::parse(f[1]).unwrap(),
                reqs(f[2], &mut memo),
                (f[3] != "-").then(|| f[3].split(RS).map(|v| reqs(v, &mut memo)).collect()),
            ));
    }
    let mut provider = Prepared(
        defs.into_iter()
            .map(|(n, d)| {
                let fam = Family::new(&n, d, false).unwrap();
                (n, Arc::new(fam))
            })
            .collect(),
    );
    let options = SolveOptions {
        mode: if mode == "version_priority" {
            VariantSelectMode::VersionPriority
        } else {
            VariantSelectMode::IntersectionPriority
        },
        ..SolveOptions::default()
    };
    let cases: Vec<(Vec<Requirement>, String, String)> = std::fs::read_to_string(&args[2])
        .unwrap()
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[0] == mode)
        .step_by(every)
        .take(limit)
        .map(|f| {
            (
                reqs(f[1], &mut memo),
                f[2].to_string(),
                f[3].replace(US, " "),
            )
        })
        .collect();
    let mut total = 0.0;
    let mut wrong = 0;
    for rep in 0..reps {
        for (request, status, resolved) in &cases {
            let t0 = Instant::now();
            let out = solve(request, &mut provider, &options, None);
            let dt = t0.elapsed().as_secs_f64();
            total += dt;
            if verbose && rep == 0 {
                println!(
                    "{:8.2} ms  {}",
                    dt * 1000.0,
                    request
                        .iter()
                        .map(|r| r.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                );
            }
            if rep == 0 {
                let st = match out.status {
                    SolveStatus::Solved => "solved",
                    SolveStatus::Failed => "failed",
                    SolveStatus::Error => "error",
                };
                let got: Vec<String> = out.resolved.iter().map(|v| v.label()).collect();
                if st != status || (st == "solved" && got.join(" ") != *resolved) {
                    wrong += 1;
                }
            }
        }
    }
    println!(
        "{mode}: {} requests x {reps}: {:.1} ms total, {wrong} differ from rez",
        cases.len(),
        total * 1000.0
    );
    // Skip freeing the families: it is not part of what is measured.
    std::process::exit(0);
}
