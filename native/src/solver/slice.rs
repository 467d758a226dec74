//! A variant slice: the remaining variants of one family in a scope (rez's `_PackageVariantSlice`).
//!
//! Entries are shared objects whose variant lists are sorted in place, as rez's are: which
//! comparisons rez's sort makes (and so whether it raises) depends on that shared state.

use super::failure::{Reduction, SolveError};
use super::order::{sort_descending, OrderedVariantKey, VariantKey, VariantSelectMode};
use super::package::Family;
use super::package_order::{FirstAfter, PackageOrder, PackageOrderList};
use super::universe::FamilyState;
use crate::version::{Name, Requirement, RequirementList, VersionRange};
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

/// What version and variant ordering need from the solver.
pub struct SortContext<'a> {
    pub request_list: &'a RequirementList,
    pub mode: VariantSelectMode,
    /// The solve's package orderers; `None` for rez's default order everywhere.
    pub orderers: Option<&'a PackageOrderList>,
    /// Where `soft_timestamp` orderers find each family's first version after their time.
    pub first_after: &'a dyn FirstAfter,
}

/// A variant list that several entries may share and sort in place (a Python list).
#[derive(Debug)]
pub struct ListObj {
    /// Positions in `Package::variants`, in the current order.
    order: RefCell<Vec<usize>>,
    /// True once the list is in the solve's preference order. Variant keys are distinct (they end
    /// with the index), so sorting such a list again changes nothing.
    in_order: Cell<bool>,
}

/// A shared variant list.
pub type VariantList = Rc<ListObj>;

/// A new variant list.
pub fn new_list(order: Vec<usize>, in_order: bool) -> VariantList {
    Rc::new(ListObj {
        order: RefCell::new(order),
        in_order: Cell::new(in_order),
    })
}

/// The variants of one package version still in play (rez's `_PackageEntry`).
///
/// rez's entry objects carry a `sorted` flag, shared by every slice holding the entry. Where
/// sorting cannot raise (no package orderers, orderable keys) re-sorting a list in order is a
/// no-op, so an entry counts as sorted when its list is in order and no flag is kept; elsewhere
/// the flag is kept (`sorted`), since which sorts run decides which comparisons (and errors) occur.
#[derive(Clone, Debug)]
pub struct Entry {
    pub pkg: usize,
    variants: VariantList,
    sorted: Option<Rc<Cell<bool>>>,
}

impl Entry {
    fn new(pkg: usize, variants: VariantList, sorted: bool, exact: bool) -> Entry {
        Entry {
            pkg,
            variants,
            sorted: exact.then(|| Rc::new(Cell::new(sorted))),
        }
    }

    /// The variants, in their current order.
    fn variants(&self) -> std::cell::Ref<'_, Vec<usize>> {
        self.variants.order.borrow()
    }

    /// True if sorting the entry would do nothing rez could see.
    fn is_sorted(&self) -> bool {
        match &self.sorted {
            Some(flag) => flag.get(),
            None => self.variants.in_order.get(),
        }
    }

    /// Store the sorted order.
    fn set_sorted(&self, order: Vec<usize>) {
        *self.variants.order.borrow_mut() = order;
        self.mark_sorted();
    }

    fn mark_sorted(&self) {
        self.variants.in_order.set(true);
        if let Some(flag) = &self.sorted {
            flag.set(true);
        }
    }
}

/// Families required by the slice's variants.
#[derive(Debug)]
struct FamInfo {
    /// Families every variant requires (non-conflict), in code-point order.
    common: Vec<Name>,
    /// Their positions in the family's universe.
    common_at: Vec<u32>,
    /// For each common family, the union of the variants' ranges (`Err`: the union failed),
    /// computed in one pass at the first extraction.
    unions: OnceCell<Vec<Result<VersionRange, String>>>,
    /// Families any variant mentions, conflict requirements included (bits over the universe).
    mentioned: Vec<u64>,
}

/// What a slice shares with its extraction copies, as rez's copies share these objects: the
/// family info and range computed from its entries, and rez's `been_reduced_by` (the requests it
/// was reduced by to no effect, or to itself). Every narrowing makes a new one.
#[derive(Debug, Default)]
struct Shared {
    info: OnceCell<FamInfo>,
    range: OnceCell<VersionRange>,
    /// Requests added to `been_reduced_by` since this set was made.
    reduced_by: RefCell<Vec<Requirement>>,
    /// What the set held when it was copied: the nearest ancestor set with requests, and how many
    /// of them it had then (rez copies the set; later additions to the ancestor stay there).
    inherited: Option<(Rc<Shared>, usize)>,
}

impl Shared {
    /// rez's `_copy`: fresh family info and range, a copy of `been_reduced_by`.
    fn copy(self: &Rc<Self>) -> Rc<Shared> {
        let held = self.reduced_by.borrow().len();
        let inherited = if held > 0 {
            Some((self.clone(), held))
        } else {
            self.inherited.clone()
        };
        Rc::new(Shared {
            inherited,
            ..Shared::default()
        })
    }

    fn add(&self, request: &Requirement) {
        self.reduced_by.borrow_mut().push(request.clone());
    }

    /// Python's `request in been_reduced_by`: hashed by `str()`, then compared with `==`.
    fn was_reduced_by(&self, request: &Requirement) -> bool {
        let same = |r: &Requirement| r == request && r.to_string() == request.to_string();
        if self.reduced_by.borrow().iter().any(same) {
            return true;
        }
        let mut at = self.inherited.as_ref();
        while let Some((node, len)) = at {
            if node.reduced_by.borrow()[..*len].iter().any(same) {
                return true;
            }
            at = node.inherited.as_ref();
        }
        false
    }
}

/// The remaining variants of a family, plus what has been extracted from them.
#[derive(Clone, Debug)]
pub struct Slice {
    pub fam: Arc<Family>,
    /// The family name's number in this solve.
    pub id: u32,
    /// The names (by number) the family's variants may mention (`FamilyState::row`).
    pub row: Rc<[u64]>,
    entries: Rc<Vec<Entry>>,
    /// True once the entries are in version preference order (rez's `sort_versions`).
    sorted: bool,
    /// How many of the common families have been extracted. rez always extracts the smallest
    /// remaining one, so the extracted set is always this prefix of `FamInfo::common`.
    extracted: usize,
    shared: Rc<Shared>,
    len: usize,
    /// Entries keep rez's per-entry `sorted` flag (see `Entry`).
    exact: bool,
}

/// The outcome of reducing a slice by a request.
pub enum Reduced {
    Unchanged,
    /// Some variants were removed (what rez reports about them is only needed when all are).
    Narrowed(Slice),
    /// Every variant was removed, each by the reduction listed.
    Empty(Vec<Reduction>),
}

impl Slice {
    fn new(
        fam: Arc<Family>,
        id: u32,
        row: Rc<[u64]>,
        entries: Vec<Entry>,
        sorted: bool,
        shared: Rc<Shared>,
        exact: bool,
    ) -> Slice {
        let len = entries.iter().map(|e| e.variants().len()).sum();
        Slice {
            fam,
            id,
            row,
            entries: Rc::new(entries),
            sorted,
            extracted: 0,
            shared,
            len,
            exact,
        }
    }

    /// Every package of `fam` whose version is in `range`, in repository order, or `None`
    /// (rez's `get_intersection`: packages hidden by the filter are skipped; the first package in
    /// range whose `variants` do not validate raises as rez does when expanding it).
    /// `state` holds the family's shared variant lists for this solve; `orderers` is true when the
    /// solve has package orderers.
    pub fn from_family(
        fam: &Arc<Family>,
        range: &VersionRange,
        state: &mut FamilyState,
        orderers: bool,
    ) -> Result<Option<Slice>, SolveError> {
        let exact = orderers || fam.may_raise_when_sorted();
        let mut entries = Vec::new();
        for (i, p) in fam.packages.iter().enumerate() {
            if !range.contains_version(&p.version) {
                continue;
            }
            if let Some(extra) = fam.extra(i) {
                if extra.excluded {
                    continue;
                }
                if let Some(error) = &extra.invalid {
                    return Err(error.clone());
                }
            }
            let list = state.lists[i]
                .get_or_insert_with(|| new_list((0..p.variants.len()).collect(), false))
                .clone();
            entries.push(Entry::new(i, list, false, exact));
        }
        if entries.is_empty() {
            Ok(None)
        } else {
            Ok(Some(Slice::new(
                fam.clone(),
                state.id,
                state.row.clone(),
                entries,
                false,
                Rc::default(),
                exact,
            )))
        }
    }

    /// rez's `_copy`: a narrowed slice (fresh family info and range, a copy of `been_reduced_by`).
    fn copy_with(&self, entries: Vec<Entry>) -> Slice {
        Slice::new(
            self.fam.clone(),
            self.id,
            self.row.clone(),
            entries,
            self.sorted,
            self.shared.copy(),
            self.exact,
        )
    }

    /// Number of variants.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The exact set of versions present, as `==a|==b|...`.
    pub fn range(&self) -> &VersionRange {
        self.shared.range.get_or_init(|| {
            let versions: Vec<_> = self
                .entries
                .iter()
                .map(|e| &self.fam.packages[e.pkg].version)
                .collect();
            VersionRange::from_versions(versions)
        })
    }

    /// rez's label of a variant of this family.
    pub fn label(&self, pkg: usize, var: usize) -> String {
        self.fam.variant_label(pkg, var)
    }

    /// The merged requirements of one variant, or the error rez raises reading them.
    pub fn requires(&self, pkg: usize, var: usize) -> Result<&Arc<RequirementList>, SolveError> {
        let v = &self.fam.packages[pkg].variants[var];
        v.requires_list(|| self.label(pkg, var))
            .map_err(|e| e.clone())
    }

    /// Call `f` on every `(package, variant)` of the slice, in order, stopping at the first error.
    fn each_variant(
        &self,
        mut f: impl FnMut(usize, usize) -> Result<(), SolveError>,
    ) -> Result<(), SolveError> {
        for e in self.entries.iter() {
            for &v in e.variants().iter() {
                f(e.pkg, v)?;
            }
        }
        Ok(())
    }

    /// Sort an entry's variants in place by preference (rez's `_PackageEntry.sort`).
    fn sort_entry(&self, entry: &Entry, ctx: &SortContext) -> Result<(), SolveError> {
        if entry.is_sorted() {
            return Ok(());
        }
        if let Some(orderers) = ctx.orderers {
            return self.sort_entry_ordered(entry, ctx, orderers);
        }
        if entry.variants().len() < 2 {
            // One key is computed (reading the requirements), no comparison is made.
            if let Some(&v) = entry.variants().first() {
                self.requires(entry.pkg, v)?;
            }
            entry.mark_sorted();
            return Ok(());
        }
        let current: Vec<usize> = entry.variants().clone();
        let mut lists = Vec::with_capacity(current.len());
        for &v in &current {
            lists.push((v, self.requires(entry.pkg, v)?));
        }
        let index = |v: usize| self.fam.packages[entry.pkg].variants[v].index;
        let mut keys: Vec<(usize, VariantKey)> = lists
            .iter()
            .map(|(v, list)| (*v, VariantKey::new(ctx.request_list, list, index(*v))))
            .collect();
        let mode = ctx.mode;
        sort_descending(&mut keys, &mut |a, b| {
            Ok(a.1.cmp(&b.1, mode)? == std::cmp::Ordering::Less)
        })
        .map_err(|_| self.unorderable(entry))?;
        entry.set_sorted(keys.into_iter().map(|(v, _)| v).collect());
        Ok(())
    }

    /// `sort_entry` with package orderers: rez computes each variant's key (reading its
    /// requirements, then asking each family's orderer) in list order, then sorts.
    fn sort_entry_ordered(
        &self,
        entry: &Entry,
        ctx: &SortContext,
        orderers: &PackageOrderList,
    ) -> Result<(), SolveError> {
        let current: Vec<usize> = entry.variants().clone();
        let mut keys: Vec<(usize, OrderedVariantKey)> = Vec::with_capacity(current.len());
        for &v in &current {
            let list = self.requires(entry.pkg, v)?;
            let index = self.fam.packages[entry.pkg].variants[v].index;
            let key =
                OrderedVariantKey::new(ctx.request_list, list, index, orderers, ctx.first_after)?;
            keys.push((v, key));
        }
        let mode = ctx.mode;
        sort_descending(&mut keys, &mut |a, b| a.1.lt(&b.1, mode))
            .map_err(|_| self.unorderable(entry))?;
        entry.set_sorted(keys.into_iter().map(|(v, _)| v).collect());
        Ok(())
    }

    /// rez's `TypeError` when two variant keys cannot be ordered.
    fn unorderable(&self, entry: &Entry) -> SolveError {
        SolveError::Unsupported(format!(
            "TypeError: rez cannot order the variants of {}-{} (a variant's weak requirement without a \
             range meets a requested family; rez 3.4.0 raises TypeError here)",
            self.fam.name, self.fam.packages[entry.pkg].version
        ))
    }

    /// True once the family info is computed (which sorts the first entry, a visible side effect).
    pub fn has_fam_info(&self) -> bool {
        self.shared.info.get().is_some()
    }

    fn fam_info(&self, ctx: &SortContext) -> Result<&FamInfo, SolveError> {
        if let Some(info) = self.shared.info.get() {
            return Ok(info);
        }
        // rez takes the first variant of the (sorted) first entry, then visits every variant.
        self.sort_entry(&self.entries[0], ctx)?;
        let universe = self.fam.universe();
        let words = universe.len().div_ceil(64);
        let mut common = vec![!0u64; words];
        let mut mentioned = vec![0u64; words];
        self.each_variant(|p, v| {
            self.requires(p, v)?;
            let names = self.fam.packages[p].variants[v].names(universe);
            for w in 0..words {
                common[w] &= names.required[w];
                mentioned[w] |= names.mentioned[w];
            }
            Ok(())
        })?;
        let mut common: Vec<(Name, u32)> = (0..universe.len())
            .filter(|&i| common[i / 64] & (1u64 << (i % 64)) != 0)
            .map(|i| (universe[i].clone(), i as u32))
            .collect();
        common.sort();
        let info = FamInfo {
            common_at: common.iter().map(|c| c.1).collect(),
            common: common.into_iter().map(|c| c.0).collect(),
            mentioned,
            unions: OnceCell::new(),
        };
        Ok(self.shared.info.get_or_init(|| info))
    }

    /// The universe position of `name` if some variant of the slice has a requirement on it
    /// (rez's `fam_requires`).
    fn mention_index(&self, name: &Name, ctx: &SortContext) -> Result<Option<usize>, SolveError> {
        let info = self.fam_info(ctx)?;
        Ok(self
            .fam
            .universe_index(name)
            .filter(|&i| info.mentioned[i / 64] & (1u64 << (i % 64)) != 0))
    }

    /// The union of the variants' ranges for each common family, in `FamInfo::common` order.
    fn common_unions(
        &self,
        info: &FamInfo,
    ) -> Result<Vec<Result<VersionRange, String>>, SolveError> {
        let universe = self.fam.universe();
        let mut slot = vec![u32::MAX; universe.len()];
        for (k, &u) in info.common_at.iter().enumerate() {
            slot[u as usize] = k as u32;
        }
        let mut ranges: Vec<Vec<VersionRange>> = vec![Vec::new(); info.common.len()];
        self.each_variant(|p, v| {
            let list = self.requires(p, v)?;
            let names = self.fam.packages[p].variants[v].names(universe);
            for (q, &u) in list.requirements().iter().zip(names.index.iter()) {
                let Some(ranges) = ranges.get_mut(slot[u as usize] as usize) else {
                    continue;
                };
                let r = q
                    .range
                    .as_ref()
                    .expect("non-conflict requirement has a range");
                if ranges
                    .last()
                    .is_none_or(|last| last.identity() != r.identity() && last != r)
                {
                    ranges.push(r.clone());
                }
            }
            Ok(())
        })?;
        Ok(ranges
            .iter()
            .map(|rs| match VersionRange::union_many(rs) {
                Ok(u) => Ok(u.expect("at least one variant")),
                Err(e) => Err(e.to_string()),
            })
            .collect())
    }

    /// True if `name` has been extracted from this slice.
    fn is_extracted(&self, name: &Name) -> bool {
        if self.extracted == 0 {
            return false;
        }
        let info = self
            .shared
            .info
            .get()
            .expect("a slice that extracted has its family info");
        info.common[..self.extracted].contains(name)
    }

    /// True if some family common to every variant is still to be extracted.
    pub fn extractable(&self, ctx: &SortContext) -> Result<bool, SolveError> {
        let info = self.fam_info(ctx)?;
        Ok(self.extracted < info.common.len())
    }

    /// Extract every unextracted common family (code-point order: rez extracts the first one
    /// left until none is), each with the union of the variants' ranges, pushed onto `out`.
    /// `None` when nothing is left to extract.
    pub fn extract_all(
        &self,
        ctx: &SortContext,
        out: &mut Vec<Requirement>,
    ) -> Result<Option<Slice>, SolveError> {
        let info = self.fam_info(ctx)?;
        if self.extracted >= info.common.len() {
            return Ok(None);
        }
        let unions = match info.unions.get() {
            Some(u) => u,
            None => {
                let u = self.common_unions(info)?;
                info.unions.get_or_init(|| u)
            }
        };
        for (fam, range) in info.common.iter().zip(unions).skip(self.extracted) {
            let range = range.clone().map_err(SolveError::Unsupported)?;
            out.push(Requirement::construct_named(fam.clone(), Some(range)));
        }
        Ok(Some(Slice {
            extracted: info.common.len(),
            ..self.clone()
        }))
    }

    /// Keep the packages whose version is in `range`: `None` if none is left, `Some(None)` if all are.
    pub fn intersect(&self, range: &VersionRange) -> Option<Option<Slice>> {
        if range.is_any() {
            return Some(None);
        }
        if let [bound] = range.bounds() {
            // One interval: the lowest and highest versions present decide when both are inside
            // it, or both beyond the same end.
            let versions = self.range().bounds();
            let low = bound.version_containment(&versions[0].lower.version);
            let high = bound.version_containment(&versions[versions.len() - 1].lower.version);
            match (low, high) {
                (0, 0) => return Some(None),
                (1, _) | (_, -1) => return None,
                _ => {}
            }
        }
        let version = |e: &Entry| &self.fam.packages[e.pkg].version;
        let Some(first_out) = self
            .entries
            .iter()
            .position(|e| !range.contains_version(version(e)))
        else {
            return Some(None);
        };
        let entries: Vec<Entry> = self.entries[..first_out]
            .iter()
            .chain(
                self.entries[first_out + 1..]
                    .iter()
                    .filter(|e| range.contains_version(version(e))),
            )
            .cloned()
            .collect();
        if entries.is_empty() {
            None
        } else {
            Some(Some(self.copy_with(entries)))
        }
    }

    /// Remove the variants whose requirement conflicts with `request` (rez's `reduce_by`).
    pub fn reduce_by(
        &self,
        request: &Requirement,
        ctx: &SortContext,
    ) -> Result<Reduced, SolveError> {
        // rez first skips a request this slice (or the one it was copied from) was already
        // reduced by. That is a no-op but for one thing: it does not compute the family info,
        // which sorts the first entry, and that may raise (a comparison of unorderable keys, or
        // an orderer). Only fresh slices need the look-up, and only where sorting can raise.
        let track = ctx.orderers.is_some() || self.fam.may_raise_when_sorted();
        if track && !self.has_fam_info() && self.shared.was_reduced_by(request) {
            return Ok(Reduced::Unchanged);
        }
        if request.range.is_none() {
            return Ok(Reduced::Unchanged);
        }
        let Some(u) = self.mention_index(&request.name, ctx)? else {
            return Ok(Reduced::Unchanged);
        };
        // Many variants share one parsed requirement: test each (range, conflict) once, keyed
        // without reading the requirement (its memory is only touched on a new key).
        let mut memo: Vec<((usize, bool), bool)> = Vec::new();
        let fam = &self.fam;
        let mut conflicts = |p: usize, v: usize| -> bool {
            let Some(key) = fam.mention_key(p, v, u) else {
                return false;
            };
            if let Some((_, hit)) = memo.iter().find(|(k, _)| *k == key) {
                return *hit;
            }
            let q = fam.packages[p].variants[v]
                .requirement_at(u)
                .expect("a mentioned family has a requirement");
            let hit = q.conflicts_with(request);
            memo.push((key, hit));
            hit
        };
        // Built from the first entry that loses a variant on; `None` while nothing is removed.
        let mut entries: Option<Vec<Entry>> = None;
        for (i, entry) in self.entries.iter().enumerate() {
            let current = entry.variants();
            let mut kept: Option<Vec<usize>> = None;
            for (k, &v) in current.iter().enumerate() {
                // Family info is computed, so every variant's list and names are.
                let removed = conflicts(entry.pkg, v);
                match (&mut kept, removed) {
                    (None, true) => kept = Some(current[..k].to_vec()),
                    (Some(kept), false) => kept.push(v),
                    _ => {}
                }
            }
            match kept {
                None => {
                    if let Some(entries) = &mut entries {
                        entries.push(entry.clone());
                    }
                }
                Some(kept) => {
                    let entries = entries.get_or_insert_with(|| {
                        let mut e = Vec::with_capacity(self.entries.len());
                        e.extend_from_slice(&self.entries[..i]);
                        e
                    });
                    if !kept.is_empty() {
                        // (a part of a list in order is in order)
                        let list = new_list(kept, entry.variants.in_order.get());
                        entries.push(Entry::new(entry.pkg, list, false, self.exact));
                    }
                }
            }
        }
        match entries {
            None => {
                if track {
                    self.shared.add(request);
                }
                Ok(Reduced::Unchanged)
            }
            Some(entries) if entries.is_empty() => {
                let mut reductions = Vec::with_capacity(self.len);
                self.each_variant(|p, v| {
                    let q = self.requires(p, v)?.get_name(&request.name);
                    reductions.push(Reduction {
                        variant: self.label(p, v),
                        dependency: q.expect("a removed variant requires the family").clone(),
                        conflicting_request: request.clone(),
                    });
                    Ok(())
                })?;
                Ok(Reduced::Empty(reductions))
            }
            Some(entries) => {
                let narrowed = self.copy_with(entries);
                if track {
                    narrowed.shared.add(request);
                }
                Ok(Reduced::Narrowed(narrowed))
            }
        }
    }

    /// Split into the preferred part and the rest (rez's `_PackageVariantSlice.split`).
    pub fn split(&self, ctx: &SortContext) -> Result<(Slice, Slice), SolveError> {
        // rez's sort_versions: highest version first (stable), once per slice lineage, unless
        // the family's orderer says otherwise.
        let mut entries: Vec<Entry> = (*self.entries).clone();
        if !self.sorted {
            let orderer = ctx.orderers.map(|o| o.get_orderer(&self.fam.name));
            match orderer {
                None | Some(PackageOrder::Sorted { descending: true }) => {
                    entries.sort_by(|a, b| {
                        self.fam.packages[b.pkg]
                            .version
                            .cmp(&self.fam.packages[a.pkg].version)
                    });
                }
                Some(orderer) => {
                    let mut keyed = Vec::with_capacity(entries.len());
                    for e in entries {
                        let version = &self.fam.packages[e.pkg].version;
                        let key = orderer.sort_key(&self.fam.name, version, ctx.first_after)?;
                        keyed.push((e, key));
                    }
                    // Orderer keys always compare (`FallbackComparable` catches what raises).
                    sort_descending(&mut keyed, &mut |a, b| Ok(a.1.lt(&b.1))).map_err(|_| {
                        SolveError::Unsupported("internal error: unorderable version keys".into())
                    })?;
                    entries = keyed.into_iter().map(|(e, _)| e).collect();
                }
            }
        }
        let sorted_self = Slice {
            entries: Rc::new(entries),
            sorted: true,
            ..self.clone()
        };
        sorted_self.split_sorted(ctx)
    }

    fn split_sorted(&self, ctx: &SortContext) -> Result<(Slice, Slice), SolveError> {
        let entries = &self.entries;
        let mut fams: BTreeSet<Name> = if self.len > 2 {
            self.sort_entry(&entries[0], ctx)?;
            let first = entries[0].variants()[0];
            let list = self.requires(entries[0].pkg, first)?;
            list.requirements()
                .iter()
                .filter(|r| !r.conflict && !self.is_extracted(&r.name))
                .map(|r| r.name.clone())
                .collect()
        } else {
            BTreeSet::new()
        };
        let (split_entry, split_at) = if fams.is_empty() {
            self.sort_entry(&entries[0], ctx)?;
            (0, 1)
        } else {
            let mut prev: Option<(usize, usize)> = None;
            let mut found = None;
            'outer: for (i, entry) in entries.iter().enumerate() {
                self.sort_entry(entry, ctx)?;
                let current = entry.variants().clone();
                for (j, &v) in current.iter().enumerate() {
                    let list = self.requires(entry.pkg, v)?;
                    fams.retain(|f| list.get_name(f).is_some_and(|r| !r.conflict));
                    if fams.is_empty() {
                        found = prev;
                        break 'outer;
                    }
                    prev = Some((i, j + 1));
                }
            }
            match found {
                Some(p) => p,
                None => {
                    return Err(SolveError::Unsupported(format!(
                        "Unexpected solver error: common family(s) still in slice being split: {}",
                        self.fam.name
                    )))
                }
            }
        };
        let entry = &entries[split_entry];
        let current = entry.variants().clone();
        let mut first: Vec<Entry> = entries[..split_entry].to_vec();
        let mut rest: Vec<Entry> = Vec::new();
        if split_at < current.len() {
            self.sort_entry(entry, ctx)?;
            let part =
                |vs: &[usize]| Entry::new(entry.pkg, new_list(vs.to_vec(), true), true, self.exact);
            first.push(part(&current[..split_at]));
            rest.push(part(&current[split_at..]));
        } else {
            first.push(entry.clone());
        }
        rest.extend(entries[split_entry + 1..].iter().cloned());
        Ok((self.copy_with(first), self.copy_with(rest)))
    }

    /// The single remaining variant `(pkg, var)`, when there is exactly one.
    pub fn only_variant(&self) -> Option<(usize, usize)> {
        if self.len == 1 {
            let e = &self.entries[0];
            let v = e.variants()[0];
            Some((e.pkg, v))
        } else {
            None
        }
    }
}
