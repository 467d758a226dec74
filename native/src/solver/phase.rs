//! One resolve phase: extract, intersect and reduce until nothing moves (rez's `_ResolvePhase`).

use super::failure::{FailureReason, SolveError};
use super::pairs::{Pairs, PosSet, ScopeFacts};
use super::scope::{Narrowed, Scope};
use super::slice::{Slice, SortContext};
use super::universe::SolveFamilies;
use crate::version::{Name, Requirement, RequirementList, VersionRange};
use std::collections::BTreeSet;
use std::rc::Rc;

/// rez's `SolverStatus` for a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhaseStatus {
    Pending,
    Exhausted,
    Solved,
    Failed,
    Cyclic,
}

/// A full copy of the resolve state.
#[derive(Clone, Debug)]
pub struct Phase {
    pub scopes: Vec<Rc<Scope>>,
    /// The name number of each scope (a position always holds the same family).
    pub ids: Vec<u32>,
    /// Scopes known to have nothing left to extract (their family info is computed), by index;
    /// extraction passes skip them, as rez's extraction would find nothing there.
    pub settled: Vec<bool>,
    pub status: PhaseStatus,
    pub changed: BTreeSet<usize>,
    pub failure: Option<FailureReason>,
}

/// What a phase needs from the solver: family access and the options.
pub trait PhaseEnv {
    /// A variant slice of `name` over `range` (rez's `_get_variant_slice`); errors abort the solve.
    fn variant_slice(
        &mut self,
        name: &str,
        range: &VersionRange,
    ) -> Result<Option<Slice>, SolveError>;
    /// The solver's merged request list and variant mode.
    fn sort_context(&self) -> SortContext<'_>;
    /// rez's `error_on_missing_variant_requires`.
    fn error_on_missing_variant_requires(&self) -> bool;
    /// The text rez puts after "searched:" in missing-family messages.
    fn searched(&self) -> String;
    /// The number of a family name in this solve (`Slice::id` for families with a slice).
    fn name_id(&mut self, name: &Name) -> u32;
    /// The solve's family rows (for finding the reduction pairs).
    fn families(&self) -> &SolveFamilies;
}

/// Record that the scope named by number `id` is at `pos`.
fn set_position(scope_of: &mut Vec<u32>, id: u32, pos: usize) {
    let id = id as usize;
    if scope_of.len() <= id {
        scope_of.resize(id + 1, 0);
    }
    scope_of[id] = pos as u32 + 1;
}

/// Create the scope for a (merged) request: conflict, ephemeral, or over the matching packages.
pub fn create_scope(req: &Requirement, env: &mut dyn PhaseEnv) -> Result<Scope, SolveError> {
    if req.is_ephemeral() {
        return Ok(Scope::Ephemeral {
            request: req.clone(),
        });
    }
    if req.conflict {
        return Ok(Scope::Conflict {
            request: req.clone(),
        });
    }
    let range = req
        .range
        .as_ref()
        .expect("non-conflict requirement has a range");
    match env.variant_slice(&req.name, range)? {
        Some(slice) => Ok(Scope::from_slice(slice)),
        None => Err(SolveError::PackageNotFound(format!(
            "Package could not be found: {}",
            Requirement::construct_named(req.name.clone(), Some(range.clone()))
        ))),
    }
}

impl Phase {
    /// The initial phase: one scope per merged request.
    pub fn initial(
        request_list: &RequirementList,
        env: &mut dyn PhaseEnv,
    ) -> Result<Phase, SolveError> {
        let mut scopes = Vec::new();
        let mut ids = Vec::new();
        for req in request_list.requirements() {
            scopes.push(Rc::new(create_scope(req, env)?));
            ids.push(env.name_id(&req.name));
        }
        let changed = (0..scopes.len()).collect();
        Ok(Phase {
            settled: vec![false; scopes.len()],
            scopes,
            ids,
            status: PhaseStatus::Pending,
            changed,
            failure: None,
        })
    }

    /// The phase, failed for `reason`.
    fn fail(
        &self,
        scopes: Vec<Rc<Scope>>,
        settled: Vec<bool>,
        ids: Vec<u32>,
        reason: FailureReason,
        ctx: &SortContext,
    ) -> Result<Phase, SolveError> {
        self.finish(
            scopes,
            settled,
            ids,
            Some(PhaseStatus::Failed),
            Some(reason),
            ctx,
        )
    }

    fn finish(
        &self,
        scopes: Vec<Rc<Scope>>,
        settled: Vec<bool>,
        ids: Vec<u32>,
        status: Option<PhaseStatus>,
        failure: Option<FailureReason>,
        ctx: &SortContext,
    ) -> Result<Phase, SolveError> {
        let status = match status {
            Some(s) => s,
            None => {
                let mut solved = true;
                for (s, &settled) in scopes.iter().zip(&settled) {
                    // (a settled scope has nothing left to extract)
                    let done = match s.slice() {
                        Some(sl) if settled => sl.len() == 1,
                        _ => s.is_solved(ctx)?,
                    };
                    if !done {
                        solved = false;
                        break;
                    }
                }
                if solved {
                    PhaseStatus::Solved
                } else {
                    PhaseStatus::Exhausted
                }
            }
        };
        Ok(Phase {
            scopes,
            ids,
            settled,
            status,
            changed: BTreeSet::new(),
            failure,
        })
    }

    /// Run extraction / intersection / reduction to a fixed point (rez's `_ResolvePhase.solve`).
    pub fn solve(&self, env: &mut dyn PhaseEnv) -> Result<Phase, SolveError> {
        if self.status != PhaseStatus::Pending {
            return Ok(self.clone());
        }
        let mut scopes = self.scopes.clone();
        let mut settled = self.settled.clone();
        settled.resize(scopes.len(), false);
        let mut changed = self.changed.clone();
        // Name numbers of the scopes, and scope positions by name number (+1; 0 for none).
        let mut ids = self.ids.clone();
        let mut scope_of: Vec<u32> = vec![0; env.families().name_count()];
        for (i, &id) in ids.iter().enumerate() {
            set_position(&mut scope_of, id, i);
        }
        // Every extraction, in order: (scope position, extracted family).
        let mut extractions: Vec<(u32, Name)> = Vec::new();
        let mut extracted: Vec<Requirement> = Vec::new();
        loop {
            let prev_num = scopes.len();
            let mut widened: BTreeSet<usize> = BTreeSet::new();
            loop {
                extracted.clear();
                let n = scopes.len();
                for i in 0..n {
                    if settled[i] {
                        continue;
                    }
                    let before = extracted.len();
                    if let Some(scope) =
                        scopes[i].extract_all(&env.sort_context(), &mut extracted)?
                    {
                        for req in &extracted[before..] {
                            extractions.push((i as u32, req.name.clone()));
                        }
                        scopes[i] = Rc::new(scope);
                    }
                    settled[i] = scopes[i].slice().is_some();
                }
                if extracted.is_empty() {
                    break;
                }
                let merged = RequirementList::new(&extracted)
                    .map_err(|e| SolveError::Unsupported(e.to_string()))?;
                if let Some((a, b)) = merged.conflict() {
                    let reason = FailureReason::DependencyConflicts(vec![(a.clone(), b.clone())]);
                    return self.fail(scopes, settled, ids, reason, &env.sort_context());
                }
                // rez visits the scopes in order and intersects those with an extraction.
                let reqs = merged.requirements();
                let mut seen = vec![false; reqs.len()];
                let mut hits: Vec<(usize, usize)> = Vec::with_capacity(reqs.len());
                for (k, req) in reqs.iter().enumerate() {
                    let id = env.name_id(&req.name) as usize;
                    if let Some(&pos) = scope_of.get(id).filter(|&&p| p != 0) {
                        hits.push((pos as usize - 1, k));
                        seen[k] = true;
                    }
                }
                hits.sort_unstable();
                for (i, k) in hits {
                    let req = &reqs[k];
                    let range = req.range.as_ref().expect("extractions are never conflicts");
                    let mut load = |name: &str, r: &VersionRange| env.variant_slice(name, r);
                    match scopes[i].intersect(range, &mut load)? {
                        Narrowed::Conflict => {
                            let reason = FailureReason::DependencyConflicts(vec![(
                                req.clone(),
                                scopes[i].request().clone(),
                            )]);
                            return self.fail(scopes, settled, ids, reason, &env.sort_context());
                        }
                        Narrowed::Unchanged => {}
                        Narrowed::Changed(new) => {
                            let was_conflict = scopes[i].is_conflict();
                            let now_conflict = new.is_conflict();
                            scopes[i] = Rc::new(new);
                            settled[i] = false;
                            changed.insert(i);
                            if was_conflict && !now_conflict {
                                widened.insert(i);
                            }
                        }
                    }
                }
                for (k, req) in reqs.iter().enumerate() {
                    if seen[k] {
                        continue;
                    }
                    match create_scope(req, env) {
                        Ok(scope) => {
                            let id = match scope.slice() {
                                Some(sl) => sl.id,
                                None => env.name_id(&req.name),
                            };
                            set_position(&mut scope_of, id, scopes.len());
                            ids.push(id);
                            scopes.push(Rc::new(scope));
                            settled.push(false);
                        }
                        Err(SolveError::FamilyNotFound(_)) => {
                            // (rez lists the scopes in the first-insertion order of its
                            // (scope family, extracted family) keys)
                            let mut requesters: Vec<&str> = Vec::new();
                            for (at, fam) in &extractions {
                                let scope = scopes[*at as usize].name().as_str();
                                if *fam == req.name && !requesters.contains(&scope) {
                                    requesters.push(scope);
                                }
                            }
                            let message = format!(
                                "package family not found: {}, was required by: {} (searched: {})",
                                req.name,
                                requesters.join(", "),
                                env.searched()
                            );
                            if !env.error_on_missing_variant_requires() {
                                let reason = FailureReason::MissingFamily(message);
                                return self.fail(
                                    scopes,
                                    settled,
                                    ids,
                                    reason,
                                    &env.sort_context(),
                                );
                            }
                            return Err(SolveError::FamilyNotFound(message));
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            let num = scopes.len();
            if num == prev_num && changed.is_empty() && widened.is_empty() {
                break;
            }
            if let Some(reason) = self.reduce_all(
                &mut scopes,
                &mut settled,
                prev_num,
                &changed,
                &widened,
                &ids,
                &scope_of,
                env.families(),
                &env.sort_context(),
            )? {
                return self.fail(scopes, settled, ids, reason, &env.sort_context());
            }
            changed.clear();
        }
        self.finish(scopes, settled, ids, None, None, &env.sort_context())
    }

    /// Reduce scope pairs until no scope changes; `Some(reason)` on a total reduction.
    #[allow(clippy::too_many_arguments)]
    fn reduce_all(
        &self,
        scopes: &mut [Rc<Scope>],
        settled: &mut [bool],
        prev_num: usize,
        changed: &BTreeSet<usize>,
        widened: &BTreeSet<usize>,
        ids: &[u32],
        scope_of: &[u32],
        families: &SolveFamilies,
        ctx: &SortContext,
    ) -> Result<Option<FailureReason>, SolveError> {
        let num = scopes.len();
        // rez's pair set, generated in ascending order (rez sorts it) and processed from the end.
        // Pairs whose reducee is not a variant scope, or whose request has no range, are no-ops
        // in rez and are left out (scope kinds and requests of those scopes never change here).
        let mut facts = ScopeFacts {
            ids,
            scope_of,
            families,
            reducible: PosSet::new(num),
            useful: PosSet::new(num),
            fresh: PosSet::new(num),
        };
        for (i, s) in scopes.iter().enumerate() {
            if let Some(sl) = s.slice() {
                facts.reducible.insert(i);
                if !sl.has_fam_info() {
                    facts.fresh.insert(i);
                }
            }
            if s.request().range.is_some() {
                facts.useful.insert(i);
            }
        }
        let mut pairs = Pairs::new(
            facts,
            num,
            prev_num,
            changed.iter().copied(),
            widened.iter().copied(),
        );
        while let Some((x, y)) = pairs.next() {
            debug_assert!(pairs.needed(x, y));
            let (narrowed, reductions) = scopes[x].reduce_by(scopes[y].request(), ctx)?;
            // (a request the slice was already reduced by leaves its family info uncomputed)
            pairs.set_fresh(x, scopes[x].slice().is_some_and(|sl| !sl.has_fam_info()));
            match narrowed {
                Narrowed::Conflict => return Ok(Some(FailureReason::TotalReduction(reductions))),
                Narrowed::Unchanged => {}
                Narrowed::Changed(new) => {
                    scopes[x] = Rc::new(new);
                    settled[x] = false;
                    pairs.narrowed(x);
                }
            }
        }
        Ok(None)
    }

    /// Split an exhausted phase at its first splittable scope: (preferred, rest).
    pub fn split(self, ctx: &SortContext) -> Result<(Phase, Phase), SolveError> {
        let mut found = None;
        for (i, scope) in self.scopes.iter().enumerate() {
            if scope.slice().is_none_or(|sl| sl.len() == 1) {
                continue;
            }
            if let Some(parts) = scope.split(ctx)? {
                found = Some((i, parts));
                break;
            }
        }
        let Some((i, (a, b))) = found else {
            return Err(SolveError::Unsupported(
                "internal error: an exhausted phase had no scope to split".to_string(),
            ));
        };
        let mut settled = self.settled;
        settled.resize(self.scopes.len(), false);
        settled[i] = false;
        let mut rest = self.scopes.clone();
        let mut first = self.scopes;
        first[i] = Rc::new(a);
        rest[i] = Rc::new(b);
        let changed: BTreeSet<usize> = [i].into_iter().collect();
        let ids = self.ids;
        let mk = |scopes, settled, ids| Phase {
            scopes,
            ids,
            settled,
            status: PhaseStatus::Pending,
            changed: changed.clone(),
            failure: None,
        };
        Ok((
            mk(first, settled.clone(), ids.clone()),
            mk(rest, settled, ids),
        ))
    }
}
