//! rez 3.4.0's phase-based backtracking solver (`rez.solver.Solver`), with no IO of its own.

mod failure;
mod graph;
mod order;
mod package;
mod package_order;
mod package_request;
mod pairs;
mod phase;
mod scope;
mod slice;
mod universe;

pub use failure::{FailureReason, Reduction, SolveError};
pub use order::VariantSelectMode;
pub use package::{
    Family, InvalidKey, InvalidPackage, Package, PackageDef, PackageExtra, PackageProvider,
    VariantDef,
};
pub use package_order::{PackageOrder, PackageOrderList, ALL_PACKAGES};
pub use package_request::{is_valid_package_name, parse_package_request, py_repr};

use graph::Digraph;
use package_order::{calc_first_after, FirstAfter};
use phase::{Phase, PhaseEnv, PhaseStatus};
use slice::{Slice, SortContext};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::version::fxhash::FxBuildHasher;
use crate::version::{Name, Requirement, RequirementList, Version, VersionRange};

/// How to solve.
#[derive(Clone, Debug)]
pub struct SolveOptions {
    pub mode: VariantSelectMode,
    pub error_on_missing_variant_requires: bool,
    /// Stop after this many phase solves (rez's `num_solves`).
    pub max_iterations: Option<usize>,
    /// Stop once the solve has run this long (checked between phase solves and family loads).
    pub time_budget: Option<Duration>,
    /// What missing-family messages say was searched (rez prints its package paths).
    pub searched: String,
    /// rez's `package_orderers`; `None` (or an empty list) for rez's default version order.
    pub orderers: Option<Arc<PackageOrderList>>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            mode: VariantSelectMode::VersionPriority,
            error_on_missing_variant_requires: true,
            max_iterations: None,
            time_budget: None,
            searched: String::new(),
            orderers: None,
        }
    }
}

/// The overall outcome, as the Python API reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SolveStatus {
    Solved,
    Failed,
    Error,
}

/// Why a solve stopped before reaching rez's own outcome.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AbortReason {
    /// `max_iterations` phase solves were done.
    MaxIterations(usize),
    /// The time budget (seconds) ran out.
    TimeBudget(f64),
    /// The caller's cancellation flag was set.
    Cancelled,
}

impl AbortReason {
    /// A short machine-readable name: "max_iterations", "time_budget" or "cancelled".
    pub fn kind(&self) -> &'static str {
        match self {
            AbortReason::MaxIterations(_) => "max_iterations",
            AbortReason::TimeBudget(_) => "time_budget",
            AbortReason::Cancelled => "cancelled",
        }
    }

    /// What the solve reports instead of a failure description.
    pub fn description(&self, iterations: usize) -> String {
        match self {
            AbortReason::MaxIterations(_) => {
                format!("solve aborted: max_iterations reached after {iterations} iterations")
            }
            AbortReason::TimeBudget(secs) => format!(
                "solve stopped: time budget of {secs} s exceeded after {iterations} iterations"
            ),
            AbortReason::Cancelled => format!("solve cancelled after {iterations} iterations"),
        }
    }
}

/// One resolved variant.
#[derive(Clone, Debug)]
pub struct ResolvedVariant {
    pub family: Arc<Family>,
    pub pkg: usize,
    pub var: usize,
}

impl ResolvedVariant {
    /// The family name.
    pub fn name(&self) -> &str {
        &self.family.name
    }
    /// The package.
    pub fn package(&self) -> &Package {
        &self.family.packages[self.pkg]
    }
    /// The variant index (`None` for a package without variants).
    pub fn index(&self) -> Option<usize> {
        self.package().variants[self.var].index
    }
    /// The merged requirements of the variant.
    pub fn requires(&self) -> Option<Arc<RequirementList>> {
        self.package().variants[self.var]
            .requires_list(|| self.label())
            .ok()
            .cloned()
    }
    /// rez's `str(variant)`: `name-version[index]`.
    pub fn label(&self) -> String {
        self.family.variant_label(self.pkg, self.var)
    }
}

/// Everything a solve produced.
#[derive(Clone, Debug)]
pub struct SolveOutcome {
    pub status: SolveStatus,
    pub resolved: Vec<ResolvedVariant>,
    pub ephemerals: Vec<Requirement>,
    pub failure: Option<FailureReason>,
    pub error: Option<SolveError>,
    /// True when `max_iterations`, the time budget or a cancellation stopped the solve.
    pub aborted: bool,
    /// Which of them, when `aborted`.
    pub abort_reason: Option<AbortReason>,
    pub num_iterations: usize,
}

impl SolveOutcome {
    /// A human-readable reason when not solved.
    pub fn failure_description(&self) -> Option<String> {
        if let Some(reason) = self.abort_reason {
            return Some(reason.description(self.num_iterations));
        }
        match self.status {
            SolveStatus::Solved => None,
            SolveStatus::Error => self.error.as_ref().map(|e| e.message()),
            SolveStatus::Failed => Some(match &self.failure {
                Some(f) => f.description(),
                None => "Solver failed with unknown reason.".to_string(),
            }),
        }
    }
}

struct Env<'a> {
    /// Behind a `RefCell`: orderers list families in the middle of a sort, through `&self`.
    loader: RefCell<Loader<'a>>,
    expanded: universe::SolveFamilies,
    request_list: RequirementList,
    options: &'a SolveOptions,
    /// The solve's orderers, when any family has one.
    orderers: Option<Arc<PackageOrderList>>,
    /// `soft_timestamp`'s first version after its time, by (family, timestamp, rank).
    first_after: RefCell<HashMap<(String, i64, i64), Option<Version>>>,
}

/// The families a solve has asked its provider for, and the limits checked before each load.
struct Loader<'a> {
    provider: &'a mut dyn PackageProvider,
    families: HashMap<String, Option<Arc<Family>>, crate::version::fxhash::FxBuildHasher>,
    stop: Stop<'a>,
}

/// The caller's limits besides rez's own: a cancellation flag and a deadline.
struct Stop<'a> {
    cancel: Option<&'a AtomicBool>,
    deadline: Option<Instant>,
    /// Set once a limit was seen while loading a family (the phase in progress is abandoned).
    hit: Option<AbortReason>,
}

impl Stop<'_> {
    /// The limit that is reached now, if any (max_iterations is checked by the phase loop).
    fn check(&mut self, options: &SolveOptions) -> Option<AbortReason> {
        if self.hit.is_none() {
            if self.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                self.hit = Some(AbortReason::Cancelled);
            } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
                let secs = options.time_budget.map_or(0.0, |b| b.as_secs_f64());
                self.hit = Some(AbortReason::TimeBudget(secs));
            }
        }
        self.hit
    }
}

impl Env<'_> {
    /// The family, `None` when it does not exist (asked of the provider once per solve).
    fn lookup(&self, name: &str) -> Result<Option<Arc<Family>>, SolveError> {
        let mut loader = self.loader.borrow_mut();
        if let Some(fam) = loader.families.get(name) {
            return Ok(fam.clone());
        }
        if loader.stop.check(self.options).is_some() {
            return Err(SolveError::Provider("stopped".to_string()));
        }
        // rez's repositories check the name before looking a family up.
        if !is_valid_package_name(name) {
            return Err(SolveError::Unsupported(format!(
                "PackageRequestError: Not a valid package name: {}",
                py_repr(name)
            )));
        }
        let fam = loader
            .provider
            .load_family(name)
            .map_err(SolveError::Provider)?;
        loader.families.insert(name.to_string(), fam.clone());
        Ok(fam)
    }

    fn family(&self, name: &str) -> Result<Arc<Family>, SolveError> {
        match self.lookup(name)? {
            Some(f) => Ok(f),
            None => Err(SolveError::FamilyNotFound(format!(
                "package family not found: {name} (searched: {})",
                self.options.searched
            ))),
        }
    }

    /// The limit that stopped the solve, if any.
    fn stopped(&self) -> Option<AbortReason> {
        self.loader.borrow().stop.hit
    }
}

impl FirstAfter for Env<'_> {
    /// rez lists every package of the family (`iter_packages`, filters ignored; an ephemeral
    /// name is not a valid package name there, so rez raises).
    fn first_after(
        &self,
        family: &str,
        timestamp: i64,
        rank: i64,
    ) -> Result<Option<Version>, SolveError> {
        let key = (family.to_string(), timestamp, rank);
        if let Some(hit) = self.first_after.borrow().get(&key) {
            return Ok(hit.clone());
        }
        let fam = self.lookup(family)?;
        let found = calc_first_after(fam.as_deref(), timestamp, rank)?;
        self.first_after.borrow_mut().insert(key, found.clone());
        Ok(found)
    }
}

impl PhaseEnv for Env<'_> {
    fn variant_slice(
        &mut self,
        name: &str,
        range: &VersionRange,
    ) -> Result<Option<Slice>, SolveError> {
        let fam = self.family(name)?;
        let orderers = self.orderers.is_some();
        Slice::from_family(&fam, range, self.expanded.state(&fam), orderers)
    }
    fn sort_context(&self) -> SortContext<'_> {
        SortContext {
            request_list: &self.request_list,
            mode: self.options.mode,
            orderers: self.orderers.as_deref(),
            first_after: self,
        }
    }
    fn error_on_missing_variant_requires(&self) -> bool {
        self.options.error_on_missing_variant_requires
    }
    fn searched(&self) -> String {
        self.options.searched.clone()
    }
    fn name_id(&mut self, name: &Name) -> u32 {
        self.expanded.name_id(name)
    }
    fn families(&self) -> &universe::SolveFamilies {
        &self.expanded
    }
}

/// rez's `Solver.status`, read off the phase stack.
fn stack_status(stack: &[Phase]) -> Option<SolveStatus> {
    let top = stack.last()?;
    match top.status {
        PhaseStatus::Cyclic => Some(SolveStatus::Failed),
        st if stack.len() > 1 => (st == PhaseStatus::Solved).then_some(SolveStatus::Solved),
        PhaseStatus::Pending | PhaseStatus::Exhausted => None,
        PhaseStatus::Failed => Some(SolveStatus::Failed),
        PhaseStatus::Solved => Some(SolveStatus::Solved),
    }
}

/// Finalise a solved phase: fail on a cycle, else order the scopes as rez does.
fn finalise(phase: Phase, request_list: &RequirementList) -> Result<Phase, SolveError> {
    let live: Vec<&std::rc::Rc<scope::Scope>> =
        phase.scopes.iter().filter(|s| !s.is_conflict()).collect();
    let by_name: HashMap<&Name, &std::rc::Rc<scope::Scope>, FxBuildHasher> =
        live.iter().map(|s| (s.name(), *s)).collect();
    let mut g = Digraph::new(live.iter().map(|s| s.name().clone()));
    for s in &live {
        if let Some((p, v)) = s.slice().and_then(|sl| sl.only_variant()) {
            let list = s.slice().expect("variant scope").requires(p, v)?;
            for r in list.requirements().iter().filter(|r| !r.conflict) {
                g.add_edge(s.name(), &r.name);
            }
        }
    }
    if let Some(cycle) = g.find_cycle() {
        let members = cycle
            .iter()
            .filter_map(|fam| {
                let s = by_name.get(fam)?;
                let (p, _) = s.slice()?.only_variant()?;
                Some((fam.to_string(), s.slice()?.fam.packages[p].version.clone()))
            })
            .collect();
        return Ok(Phase {
            status: PhaseStatus::Cyclic,
            failure: Some(FailureReason::Cycle(members)),
            ..phase
        });
    }
    let fams: Vec<Name> = request_list
        .requirements()
        .iter()
        .map(|r| r.name.clone())
        .collect();
    let order = g.dependency_order(&fams);
    let scopes = order
        .iter()
        .filter_map(|fam| by_name.get(fam).map(|s| (*s).clone()))
        .collect();
    Ok(Phase { scopes, ..phase })
}

/// Solve `requests` against the families `provider` gives, exactly as rez 3.4.0's `Solver`.
pub fn solve(
    requests: &[Requirement],
    provider: &mut dyn PackageProvider,
    options: &SolveOptions,
    cancel: Option<&AtomicBool>,
) -> SolveOutcome {
    let mut out = SolveOutcome {
        status: SolveStatus::Failed,
        resolved: Vec::new(),
        ephemerals: Vec::new(),
        failure: None,
        error: None,
        aborted: false,
        abort_reason: None,
        num_iterations: 0,
    };
    let request_list = match RequirementList::new(requests) {
        Ok(list) => list,
        Err(e) => {
            out.status = SolveStatus::Error;
            out.error = Some(SolveError::Unsupported(format!("invalid request: {e}")));
            return out;
        }
    };
    if let Some((a, b)) = request_list.conflict() {
        out.failure = Some(FailureReason::DependencyConflicts(vec![(
            a.clone(),
            b.clone(),
        )]));
        return out;
    }
    let mut env = Env {
        loader: RefCell::new(Loader {
            provider,
            families: HashMap::default(),
            stop: Stop {
                cancel,
                deadline: options.time_budget.map(|b| Instant::now() + b),
                hit: None,
            },
        }),
        expanded: universe::SolveFamilies::default(),
        request_list,
        options,
        orderers: options.orderers.clone().filter(|o| !o.is_empty()),
        first_after: RefCell::new(HashMap::new()),
    };
    let result = run(&mut env, &mut out);
    if let Some(reason) = env.stopped() {
        return aborted(out, reason);
    }
    match result {
        Ok(()) => out,
        Err(e) => {
            out.status = SolveStatus::Error;
            out.error = Some(e);
            out.resolved.clear();
            out.ephemerals.clear();
            out
        }
    }
}

/// The outcome of a solve stopped by one of the caller's limits: status `failed`, no failure reason.
fn aborted(mut out: SolveOutcome, reason: AbortReason) -> SolveOutcome {
    out.aborted = true;
    out.abort_reason = Some(reason);
    out.status = SolveStatus::Failed;
    out.failure = None;
    out.error = None;
    out.resolved.clear();
    out.ephemerals.clear();
    out
}

fn run(env: &mut Env, out: &mut SolveOutcome) -> Result<(), SolveError> {
    let initial = Phase::initial(&env.request_list.clone(), env)?;
    let mut stack: Vec<Phase> = vec![initial];
    // rez keeps every failed phase but only ever reports the first: keep that one alone, so a
    // long backtracking solve neither grows in memory nor pays for freeing them all at the end.
    let mut first_failed: Option<Phase> = None;
    while stack_status(&stack).is_none() {
        if let Some(m) = env
            .options
            .max_iterations
            .filter(|m| out.num_iterations >= *m)
        {
            env.loader.get_mut().stop.hit = Some(AbortReason::MaxIterations(m));
        }
        if env.loader.get_mut().stop.check(env.options).is_some() {
            return Ok(());
        }
        let mut phase = stack.pop().expect("non-empty stack");
        if phase.status == PhaseStatus::Failed {
            first_failed.get_or_insert(phase);
            phase = stack
                .pop()
                .expect("a failed phase always has an untried sibling below it");
        }
        if phase.status == PhaseStatus::Exhausted {
            let (first, rest) = phase.split(&env.sort_context())?;
            stack.push(rest);
            phase = first;
        }
        let new_phase = phase.solve(env)?;
        out.num_iterations += 1;
        match new_phase.status {
            PhaseStatus::Solved => stack.push(finalise(new_phase, &env.request_list)?),
            _ => stack.push(new_phase),
        }
    }
    let status = stack_status(&stack).expect("loop ended on a final status");
    out.status = status;
    let top = stack.last().expect("non-empty stack");
    if status == SolveStatus::Solved {
        for s in &top.scopes {
            match &**s {
                scope::Scope::Variants { slice, .. } => {
                    if let Some((pkg, var)) = slice.only_variant() {
                        out.resolved.push(ResolvedVariant {
                            family: slice.fam.clone(),
                            pkg,
                            var,
                        });
                    }
                }
                scope::Scope::Ephemeral { request } if !request.conflict => {
                    out.ephemerals.push(request.clone())
                }
                _ => {}
            }
        }
    } else {
        let top_failed = matches!(top.status, PhaseStatus::Failed | PhaseStatus::Cyclic);
        let chosen = if top.status == PhaseStatus::Cyclic {
            Some(top)
        } else {
            first_failed
                .as_ref()
                .or(if top_failed { Some(top) } else { None })
        };
        out.failure = chosen.and_then(|p| p.failure.clone());
    }
    Ok(())
}
