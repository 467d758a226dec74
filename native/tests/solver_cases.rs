//! Solver cases from rez 3.4.0's own test repository, solved without Python (expected values from rez).

use pyrer::solver::{
    solve, Family, PackageDef, PackageOrder, PackageOrderList, PackageProvider, SolveOptions,
    SolveStatus, VariantSelectMode,
};
use pyrer::version::{Requirement, Version};
use std::collections::HashMap;
use std::sync::Arc;

/// `(family, version, requires, variants)` rows of rez's `data/tests/solver/packages`.
const REPO: &[(&str, &str, &[&str], Option<&[&[&str]]>)] = &[
    ("bahish", "1", &["!pybah-4"], None),
    ("bahish", "2", &["pybah-5"], None),
    (
        "missing_variant_requires",
        "1",
        &[],
        Some(&[&["noexist"], &["nada"]]),
    ),
    ("nada", "", &[], None),
    ("nopy", "2.1", &["!python-2.5"], None),
    ("pybah", "4", &["python-2.6", ".eek-1"], None),
    ("pybah", "5", &["python-2.5"], None),
    ("pydad", "1", &["pyson-1"], None),
    ("pydad", "2", &["pyson-2"], None),
    ("pydad", "3", &["pymum-3"], None),
    ("pyfoo", "3.0.0", &["python-2.5", ".eek-3+"], None),
    ("pyfoo", "3.1.0", &["python-2.6"], None),
    ("pymum", "1", &["pydad-1"], None),
    ("pymum", "2", &["pydad-2"], None),
    ("pymum", "3", &["pydad-3"], None),
    ("pyodd", "1", &["pyfoo"], None),
    ("pyodd", "2", &["pybah"], None),
    ("pyson", "1", &["pymum-1"], None),
    ("pyson", "2", &["pymum-3"], None),
    ("pysplit", "5", &[], None),
    ("pysplit", "6", &["python-2.6"], None),
    ("pysplit", "7", &["python-2.7"], None),
    ("python", "2.5.2", &[], None),
    ("python", "2.6.0", &[], None),
    ("python", "2.6.8", &[], None),
    ("python", "2.7.0", &[], None),
    (
        "pyvariants",
        "2",
        &[],
        Some(&[
            &["python-2.7.0"],
            &["python-2.6.8", "nada"],
            &["python-2.6.8"],
            &["nada"],
        ]),
    ),
];

struct MapProvider {
    rows: HashMap<String, Vec<PackageDef>>,
    calls: Vec<String>,
}

impl MapProvider {
    fn new() -> MapProvider {
        let mut rows: HashMap<String, Vec<PackageDef>> = HashMap::new();
        let reqs = |xs: &[&str]| {
            xs.iter()
                .map(|s| Requirement::parse(s).unwrap())
                .collect::<Vec<_>>()
        };
        for (name, version, requires, variants) in REPO {
            rows.entry(name.to_string())
                .or_default()
                .push(PackageDef::new(
                    Version::parse(version).unwrap(),
                    reqs(requires),
                    variants.map(|vs| vs.iter().map(|v| reqs(v)).collect()),
                ));
        }
        MapProvider {
            rows,
            calls: Vec::new(),
        }
    }
}

impl PackageProvider for MapProvider {
    fn load_family(&mut self, name: &str) -> Result<Option<Arc<Family>>, String> {
        self.calls.push(name.to_string());
        match self.rows.get(name) {
            Some(defs) => Family::new(name, defs.clone(), false).map(|f| Some(Arc::new(f))),
            None => Ok(None),
        }
    }
}

fn run(request: &str, mode: VariantSelectMode) -> (SolveStatus, Vec<String>, usize) {
    run_ordered(request, mode, None)
}

fn run_ordered(
    request: &str,
    mode: VariantSelectMode,
    orderers: Option<PackageOrderList>,
) -> (SolveStatus, Vec<String>, usize) {
    let reqs: Vec<Requirement> = request
        .split_whitespace()
        .map(|s| Requirement::parse(s).unwrap())
        .collect();
    let mut provider = MapProvider::new();
    let options = SolveOptions {
        mode,
        orderers: orderers.map(Arc::new),
        ..SolveOptions::default()
    };
    let out = solve(&reqs, &mut provider, &options, None);
    let mut calls = provider.calls.clone();
    calls.sort();
    calls.dedup();
    assert_eq!(
        calls.len(),
        provider.calls.len(),
        "a family was loaded twice: {:?}",
        provider.calls
    );
    (
        out.status,
        out.resolved.iter().map(|v| v.label()).collect(),
        out.num_iterations,
    )
}

#[test]
fn rez_test_solver_table() {
    use SolveStatus::*;
    use VariantSelectMode::*;
    let table: &[(&str, VariantSelectMode, SolveStatus, &str, usize)] = &[
        ("", VersionPriority, Solved, "", 1),
        ("nada", VersionPriority, Solved, "nada[]", 1),
        ("!nada", VersionPriority, Solved, "", 1),
        ("python", VersionPriority, Solved, "python-2.7.0[]", 2),
        (
            "pyfoo",
            VersionPriority,
            Solved,
            "python-2.6.8[] pyfoo-3.1.0[]",
            3,
        ),
        (
            "pyfoo-3.0",
            VersionPriority,
            Solved,
            "python-2.5.2[] pyfoo-3.0.0[]",
            1,
        ),
        (
            "python pyodd",
            VersionPriority,
            Solved,
            "python-2.6.8[] pybah-4[] pyodd-2[]",
            7,
        ),
        ("pymum", VersionPriority, Failed, "", 2),
        ("pymum-2", VersionPriority, Failed, "", 1),
        (
            "pyvariants python nada",
            VersionPriority,
            Solved,
            "python-2.7.0[] pyvariants-2[0] nada[]",
            3,
        ),
        (
            "pyvariants python nada",
            IntersectionPriority,
            Solved,
            "python-2.6.8[] nada[] pyvariants-2[1]",
            3,
        ),
        (
            "nada python pyvariants",
            VersionPriority,
            Solved,
            "nada[] python-2.7.0[] pyvariants-2[3]",
            3,
        ),
        ("python==2.6", VersionPriority, Error, "", 0),
        ("missing_variant_requires", VersionPriority, Error, "", 0),
        ("zzz_no_such_family", VersionPriority, Error, "", 0),
        ("python-2.6 ~python-2.7", VersionPriority, Failed, "", 0),
        (
            "bahish pybah-5",
            VersionPriority,
            Solved,
            "python-2.5.2[] pybah-5[] bahish-2[]",
            2,
        ),
    ];
    for (request, mode, status, resolved, solves) in table {
        let (st, got, n) = run(request, *mode);
        assert_eq!(st, *status, "{request} ({mode:?})");
        let want: Vec<String> = resolved.split_whitespace().map(str::to_string).collect();
        assert_eq!(got, want, "{request} ({mode:?})");
        if *solves > 0 {
            assert_eq!(n, *solves, "num_solves of {request}");
        }
    }
}

/// rez's package orderers on rez's test repository (expected values from rez 3.4.0's Solver with
/// `PackageOrderList.from_pod(...)`; the same in both variant modes).
#[test]
fn package_orderers_table() {
    let v = |s: &str| Version::parse(s).unwrap();
    let list = |packages: &[&str], order: PackageOrder| {
        let packages = packages.iter().map(|p| p.to_string()).collect();
        PackageOrderList::new(vec![(packages, Arc::new(order))])
    };
    let split = |first: &str| PackageOrder::VersionSplit {
        first_version: v(first),
    };
    let ascending = PackageOrder::Sorted { descending: false };
    let per_family = PackageOrder::PerFamily {
        order_dict: [("pysplit".to_string(), Arc::new(ascending.clone()))].into(),
        default_order: None,
    };
    let table: Vec<(&str, PackageOrderList, &str, usize)> = vec![
        ("python", list(&["*"], split("2.6.0")), "python-2.6.0[]", 2),
        (
            "python",
            list(&["*"], ascending.clone()),
            "python-2.5.2[]",
            2,
        ),
        (
            "pyfoo",
            list(&["python"], ascending.clone()),
            "python-2.6.0[] pyfoo-3.1.0[]",
            3,
        ),
        (
            "pyvariants",
            list(&["python"], ascending.clone()),
            "python-2.6.8[] pyvariants-2[2]",
            3,
        ),
        (
            "pyvariants",
            list(&["python"], split("2.6.0")),
            "python-2.7.0[] pyvariants-2[0]",
            3,
        ),
        (
            "pyodd",
            list(&["*"], PackageOrder::NoOrder),
            "python-2.5.2[] pyfoo-3.0.0[] pyodd-1[]",
            3,
        ),
        ("pysplit", list(&["pysplit"], per_family), "pysplit-5[]", 2),
    ];
    for (request, orderers, want, steps) in table {
        for mode in [
            VariantSelectMode::VersionPriority,
            VariantSelectMode::IntersectionPriority,
        ] {
            let (status, resolved, n) = run_ordered(request, mode, Some(orderers.clone()));
            assert_eq!(status, SolveStatus::Solved, "{request}");
            assert_eq!(resolved.join(" "), want, "{request} {mode:?}");
            assert_eq!(n, steps, "{request} {mode:?}");
        }
    }
}
