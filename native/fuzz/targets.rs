//! The fuzz checks, shared by the libFuzzer binaries and the corpus replay in `cargo test`.
//!
//! Each target takes arbitrary bytes and must neither panic nor hang; where a property is
//! certain (rez's own invariants), it is asserted too.
#![allow(dead_code)]

use pyrer::solver::{
    solve as solve_core, Family, PackageDef, PackageOrder, PackageOrderList, PackageProvider,
    SolveOptions, SolveStatus, VariantSelectMode,
};
use pyrer::static_parse::{
    developer_shape_problem, is_wildcard_requirement, parse_package_bytes,
    parse_package_bytes_with_statements, static_package_data_bytes, Literal, Span,
};
use pyrer::version::{Requirement, RequirementList, Version, VersionRange};
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The input as text (invalid UTF-8 replaced, as an editor would show it).
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// `Version::parse`: a parsed version prints to a string that parses back to an equal version.
pub fn version(data: &[u8]) {
    let s = text(data);
    for part in s.split(' ').take(8) {
        if let Ok(v) = Version::parse(part) {
            let again = Version::parse(&v.to_string()).expect("a printed version parses");
            assert_eq!(v, again, "round trip of {part:?}");
            assert!(v.next() > v, "next() of {part:?} is greater");
            let _ = v.trim(1);
        }
    }
}

/// `VersionRange::parse` and the range operations on what parses.
pub fn range(data: &[u8]) {
    let s = text(data);
    let mut parts = s.splitn(2, '\u{0}');
    let a = parts.next().unwrap_or("");
    let b = parts.next().unwrap_or("1");
    let (Ok(x), y) = (VersionRange::parse(a), VersionRange::parse(b)) else {
        let _ = VersionRange::parse_with(a, false);
        return;
    };
    let _ = VersionRange::parse(&x.to_string());
    assert!(x.issubset(&x), "{a:?} is a subset of itself");
    let _ = x.inverse();
    let _ = x.span();
    let _ = x.split();
    let _ = x.to_versions();
    if let Ok(y) = y {
        let _ = x.union(&y);
        let _ = x.subtract(&y);
        let _ = x.issuperset(&y);
        if let Some(i) = x.intersection(&y) {
            assert!(x.intersects(&y), "{a:?} and {b:?} intersect");
            assert!(i.issubset(&x) && i.issubset(&y), "{a:?} & {b:?} is in both");
        }
    }
    for v in ["", "0", "1", "1.0", "2.a", "10.0.1"] {
        let _ = x.contains_version(&Version::parse(v).expect("a valid version"));
    }
}

/// `Requirement::parse` and `RequirementList` over whitespace-separated requirements.
pub fn requirement(data: &[u8]) {
    let s = text(data);
    let reqs: Vec<Requirement> = s
        .split_whitespace()
        .take(16)
        .filter_map(|p| Requirement::parse(p).ok())
        .collect();
    for r in &reqs {
        let printed = r.to_string();
        let _ = Requirement::parse(&printed);
        for o in &reqs {
            let _ = r.conflicts_with(o);
            let _ = r.merged(o);
        }
    }
    if let Ok(list) = RequirementList::new(&reqs) {
        let _ = list.conflict();
        let _ = list.names().count();
    }
}

fn check_span(span: &Span, len: usize, what: &str) {
    assert!(
        span.start.offset <= span.end.offset && span.end.offset <= len,
        "{what} span {span:?} outside the source of {len} bytes"
    );
}

fn check_literal(lit: &Literal, len: usize, depth: usize) {
    check_span(&lit.span, len, "literal");
    if depth > 200 {
        return;
    }
    if let Some(items) = lit.as_sequence() {
        for item in items {
            check_literal(item, len, depth + 1);
        }
    }
    if let Some(entries) = lit.dict_entries() {
        for (k, v) in entries {
            check_literal(k, len, depth + 1);
            check_literal(v, len, depth + 1);
        }
    }
}

/// The static package.py reader: total on any bytes, every span inside the source, and the
/// solver's view (`static_package_data_bytes`) reads a file exactly when the span view has its
/// four fields as literals rez accepts.
pub fn package_py(data: &[u8]) {
    let pkg = parse_package_bytes_with_statements(data);
    let len = data.len();
    for e in &pkg.errors {
        check_span(&e.span, len, "error");
        assert!(!e.message.is_empty(), "a syntax error has a message");
    }
    assert_eq!(
        parse_package_bytes(data).fields,
        pkg.fields,
        "listing statements changes no field"
    );
    for f in pkg.fields.iter().chain(&pkg.overridden) {
        check_span(&f.name_span, len, "name");
        check_span(&f.value_span(), len, "value");
        if let Some(lit) = f.literal() {
            check_literal(lit, len, 0);
            if let Some(p) = developer_shape_problem(&f.name, lit) {
                check_span(&p.span, len, "shape problem");
            }
        }
        if let Some(c) = f.computed() {
            check_span(&c.span, len, "computed");
            assert!(!c.reason.is_empty(), "a computed field says why");
        }
    }
    for s in &pkg.statements {
        check_span(&s.name_span, len, "statement name");
        check_span(&s.span, len, "statement");
        assert!(
            s.span.start.offset <= s.name_span.start.offset
                && s.name_span.end.offset <= s.span.end.offset,
            "a statement holds its name"
        );
    }
    let _ = pkg.requires();
    let _ = pkg.variants();
    let _ = pkg.tests();
    let solver = static_package_data_bytes(data);
    let literal = |name: &str| pkg.get(name).map(|f| f.literal().is_some());
    let strings = |reqs: &[pyrer::static_parse::Spanned<String>]| {
        reqs.iter().all(|r| !is_wildcard_requirement(&r.value))
    };
    let readable = pkg.errors.is_empty()
        && pkg.name().is_some()
        && literal("version") != Some(false)
        && (pkg.get("version").is_none() || pkg.version().is_some())
        && match pkg.get("requires") {
            None => true,
            Some(_) => pkg.requires().is_some_and(|r| strings(&r)),
        }
        && match pkg.get("variants") {
            None => true,
            Some(_) => pkg
                .variants()
                .is_some_and(|rows| rows.iter().all(|r| strings(r))),
        };
    assert_eq!(
        solver.is_some(),
        readable,
        "the solver's view and the span view agree"
    );
}

/// Reads bytes as a stream of small choices (zero once exhausted).
struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    fn next(&mut self, n: usize) -> usize {
        let b = self.data.get(self.at).copied().unwrap_or(0) as usize;
        self.at += 1;
        b % n.max(1)
    }
    fn pick<'s>(&mut self, xs: &[&'s str]) -> &'s str {
        xs[self.next(xs.len())]
    }
}

const FAMILIES: &[&str] = &["a", "b", "c", "d", "e", "f", "zz"];
const VERSIONS: &[&str] = &[
    "1", "1.0", "1.1", "2", "2.0.1", "3", "10", "1.a", "", "2.b.1", "3_1",
];
const RANGES: &[&str] = &[
    "", "-1", "-1+", "-<2", "-1|3", "-2.0+<10", "-==1", "-1..2", "-3+", "-1.1", "-2", "-10",
];
const PREFIXES: &[&str] = &["", "", "", "!", "~"];

fn requirement_of(c: &mut Choices) -> Option<Requirement> {
    let s = format!("{}{}{}", c.pick(PREFIXES), c.pick(FAMILIES), c.pick(RANGES));
    Requirement::parse(&s).ok()
}

fn requirements_of(c: &mut Choices, most: usize) -> Vec<Requirement> {
    (0..c.next(most + 1))
        .filter_map(|_| requirement_of(c))
        .collect()
}

/// A repository generated from the choices (families a..f; "zz" never exists).
struct Generated {
    defs: HashMap<String, Vec<PackageDef>>,
}

impl PackageProvider for Generated {
    fn load_family(&mut self, name: &str) -> Result<Option<Arc<Family>>, String> {
        match self.defs.get(name) {
            Some(defs) => Family::new(name, defs.clone(), false).map(|f| Some(Arc::new(f))),
            None => Ok(None),
        }
    }
}

fn generate(c: &mut Choices) -> Generated {
    let mut defs: HashMap<String, Vec<PackageDef>> = HashMap::new();
    for fam in &FAMILIES[..FAMILIES.len() - 1] {
        for _ in 0..c.next(5) {
            let version = Version::parse(c.pick(VERSIONS)).expect("a valid version");
            let requires = requirements_of(c, 3);
            let variants = match c.next(3) {
                0 => None,
                _ => Some((0..1 + c.next(3)).map(|_| requirements_of(c, 2)).collect()),
            };
            defs.entry(fam.to_string())
                .or_default()
                .push(PackageDef::new(version, requires, variants));
        }
    }
    Generated { defs }
}

/// Package orderers from the choices (none when the data is used up), and release times and
/// filter exclusions for the generated packages.
fn orderers_of(c: &mut Choices, repo: &mut Generated) -> Option<Arc<PackageOrderList>> {
    let count = c.next(4);
    if count == 0 {
        return None;
    }
    let mut names: Vec<String> = repo.defs.keys().cloned().collect();
    names.sort();
    let mut stamp = 0;
    for name in &names {
        for def in repo.defs.get_mut(name).into_iter().flatten() {
            stamp += c.next(40) as i64;
            def.timestamp = (c.next(5) != 0).then_some(stamp);
            def.excluded = c.next(6) == 0;
        }
    }
    let leaf = |c: &mut Choices| match c.next(5) {
        0 => PackageOrder::NoOrder,
        1 => PackageOrder::Sorted {
            descending: c.next(2) == 0,
        },
        2 => PackageOrder::VersionSplit {
            first_version: Version::parse(c.pick(VERSIONS)).expect("a valid version"),
        },
        _ => PackageOrder::SoftTimestamp {
            timestamp: c.next(200) as i64,
            rank: c.next(4) as i64 - 1,
        },
    };
    let mut list = Vec::new();
    for _ in 0..count {
        let packages = match c.next(3) {
            0 => vec!["*".to_string()],
            _ => vec![c.pick(FAMILIES).to_string(), c.pick(FAMILIES).to_string()],
        };
        let order = if c.next(5) == 0 {
            let mut order_dict = HashMap::new();
            for _ in 0..1 + c.next(3) {
                order_dict.insert(c.pick(FAMILIES).to_string(), Arc::new(leaf(c)));
            }
            let default_order = (c.next(2) == 0).then(|| Arc::new(leaf(c)));
            PackageOrder::PerFamily {
                order_dict,
                default_order,
            }
        } else {
            leaf(c)
        };
        list.push((packages, Arc::new(order)));
    }
    Some(Arc::new(PackageOrderList::new(list)))
}

/// A short text summary of an outcome, for comparing two solves.
fn summary(out: &pyrer::solver::SolveOutcome) -> String {
    let labels: Vec<String> = out.resolved.iter().map(|v| v.label()).collect();
    format!(
        "{:?} {:?} {:?}",
        out.status,
        labels,
        out.failure_description()
    )
}

/// The solver on a generated repository: never panics, deterministic, stops when cancelled.
pub fn solve(data: &[u8]) {
    let mut c = Choices { data, at: 0 };
    let mode = if c.next(2) == 0 {
        VariantSelectMode::VersionPriority
    } else {
        VariantSelectMode::IntersectionPriority
    };
    let requests = requirements_of(&mut c, 4);
    let mut repo = generate(&mut c);
    let orderers = orderers_of(&mut c, &mut repo);
    let options = SolveOptions {
        mode,
        max_iterations: Some(300),
        orderers,
        ..SolveOptions::default()
    };
    let first = solve_core(&requests, &mut repo, &options, None);
    let second = solve_core(&requests, &mut repo, &options, None);
    assert_eq!(summary(&first), summary(&second), "the same solve twice");
    if first.status == SolveStatus::Solved {
        let names: Vec<&str> = first.resolved.iter().map(|v| v.name()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "one variant per family");
    }
    let cancelled = AtomicBool::new(true);
    let stopped = solve_core(&requests, &mut repo, &options, Some(&cancelled));
    assert_eq!(stopped.num_iterations, 0, "a cancelled solve runs no phase");
}
