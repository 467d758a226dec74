//! A variant slice: the remaining variants of one family in a scope (rez's `_PackageVariantSlice`).

use super::failure::{Reduction, SolveError};
use super::order::{sort_descending, VariantKey, VariantSelectMode};
use super::package::Family;
use crate::version::fxhash::FxBuildHasher;
use crate::version::{Requirement, RequirementList, VersionRange};
use std::cell::OnceCell;
use std::collections::{BTreeSet, HashSet};
use std::rc::Rc;
use std::sync::Arc;

/// What variant ordering needs from the solver.
pub struct SortContext<'a> {
    pub request_list: &'a RequirementList,
    pub mode: VariantSelectMode,
}

/// The variants of one package version still in play (rez's `_PackageEntry`).
#[derive(Clone, Debug)]
pub struct Entry {
    pub pkg: usize,
    /// Positions in `Package::variants`, in the current order.
    pub variants: Rc<[usize]>,
    pub sorted: bool,
}

/// Families required by the slice's variants.
#[derive(Debug)]
struct FamInfo {
    /// Families every variant requires (non-conflict), in code-point order.
    common: BTreeSet<Arc<str>>,
    /// Families any variant mentions, conflict requirements included.
    requires: HashSet<Arc<str>, FxBuildHasher>,
}

/// The remaining variants of a family, plus what has been extracted from them.
#[derive(Clone, Debug)]
pub struct Slice {
    pub fam: Arc<Family>,
    pub entries: Rc<Vec<Entry>>,
    pub extracted: Rc<BTreeSet<Arc<str>>>,
    info: Rc<OnceCell<FamInfo>>,
    range: Rc<OnceCell<VersionRange>>,
    len: usize,
}

/// The outcome of reducing a slice by a request.
pub enum Reduced {
    Unchanged,
    Narrowed(Slice, Vec<Reduction>),
    Empty(Vec<Reduction>),
}

impl Slice {
    /// A fresh slice (nothing extracted) over these entries.
    pub fn new(fam: Arc<Family>, entries: Vec<Entry>) -> Slice {
        let len = entries.iter().map(|e| e.variants.len()).sum();
        Slice {
            fam,
            entries: Rc::new(entries),
            extracted: Rc::new(BTreeSet::new()),
            info: Rc::new(OnceCell::new()),
            range: Rc::new(OnceCell::new()),
            len,
        }
    }

    /// Every package of `fam` whose version is in `range`, all variants, or `None`.
    pub fn from_family(fam: &Arc<Family>, range: &VersionRange) -> Option<Slice> {
        let entries: Vec<Entry> = fam
            .packages
            .iter()
            .enumerate()
            .filter(|(_, p)| range.contains_version(&p.version))
            .map(|(i, p)| Entry { pkg: i, variants: (0..p.variants.len()).collect(), sorted: false })
            .collect();
        if entries.is_empty() {
            None
        } else {
            Some(Slice::new(fam.clone(), entries))
        }
    }

    fn copy_with(&self, entries: Vec<Entry>) -> Slice {
        Slice::new(self.fam.clone(), entries)
    }

    /// Number of variants.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The exact set of versions present, as `==a|==b|...`.
    pub fn range(&self) -> &VersionRange {
        self.range.get_or_init(|| {
            let versions: Vec<_> = self.entries.iter().map(|e| &self.fam.packages[e.pkg].version).collect();
            VersionRange::from_versions(versions)
        })
    }

    /// rez's label of a variant of this family.
    pub fn label(&self, pkg: usize, var: usize) -> String {
        self.fam.variant_label(pkg, var)
    }

    /// The merged requirements of one variant, or rez's `ResolveError`.
    pub fn requires(&self, pkg: usize, var: usize) -> Result<&Arc<RequirementList>, SolveError> {
        let v = &self.fam.packages[pkg].variants[var];
        match v.requires_list(|| self.label(pkg, var)) {
            Ok(list) => Ok(list),
            Err(msg) => Err(SolveError::InternalConflict(msg.to_string())),
        }
    }

    fn variants(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.entries.iter().flat_map(|e| e.variants.iter().map(move |&v| (e.pkg, v)))
    }

    fn fam_info(&self) -> Result<&FamInfo, SolveError> {
        if let Some(info) = self.info.get() {
            return Ok(info);
        }
        // rez sorts the first entry (to find its first variant) before visiting every variant,
        // so an internally conflicting variant is reported in that order.
        let first = &self.entries[0];
        for &v in first.variants.iter() {
            self.requires(first.pkg, v)?;
        }
        let mut common: Option<BTreeSet<Arc<str>>> = None;
        let mut requires: HashSet<Arc<str>, FxBuildHasher> = HashSet::default();
        for (p, v) in self.variants() {
            let list = self.requires(p, v)?;
            for r in list.requirements() {
                if !requires.contains(&r.name) {
                    requires.insert(r.name.clone());
                }
            }
            match &mut common {
                None => {
                    common = Some(list.requirements().iter().filter(|r| !r.conflict).map(|r| r.name.clone()).collect())
                }
                Some(c) => c.retain(|n| list.get(n).is_some_and(|r| !r.conflict)),
            }
        }
        let info = FamInfo { common: common.unwrap_or_default(), requires };
        Ok(self.info.get_or_init(|| info))
    }

    /// True if some family common to every variant is still to be extracted.
    pub fn extractable(&self) -> Result<bool, SolveError> {
        let info = self.fam_info()?;
        Ok(!info.common.iter().all(|f| self.extracted.contains(f)))
    }

    /// Extract the first (code-point order) unextracted common family, with the union of ranges.
    pub fn extract(&self) -> Result<Option<(Slice, Requirement)>, SolveError> {
        let info = self.fam_info()?;
        let Some(fam) = info.common.iter().find(|f| !self.extracted.contains(*f)) else {
            return Ok(None);
        };
        let mut ranges: Vec<&VersionRange> = Vec::new();
        for (p, v) in self.variants() {
            let req = self.requires(p, v)?.get(fam).expect("common family is required by every variant");
            let r = req.range.as_ref().expect("non-conflict requirement has a range");
            if ranges.last() != Some(&r) {
                ranges.push(r);
            }
        }
        let range = VersionRange::union_many(ranges).expect("at least one variant");
        let mut extracted = (*self.extracted).clone();
        extracted.insert(fam.clone());
        let slice = Slice { extracted: Rc::new(extracted), ..self.clone() };
        Ok(Some((slice, Requirement::construct(fam, Some(range)))))
    }

    /// Keep the packages whose version is in `range`; `None` if none is left.
    pub fn intersect(&self, range: &VersionRange) -> Option<Option<Slice>> {
        if range.is_any() {
            return Some(None);
        }
        let entries: Vec<Entry> = self
            .entries
            .iter()
            .filter(|e| range.contains_version(&self.fam.packages[e.pkg].version))
            .cloned()
            .collect();
        if entries.is_empty() {
            None
        } else if entries.len() < self.entries.len() {
            Some(Some(self.copy_with(entries)))
        } else {
            Some(None)
        }
    }

    /// Remove the variants whose requirement conflicts with `request` (rez's `reduce_by`).
    pub fn reduce_by(&self, request: &Requirement) -> Result<Reduced, SolveError> {
        if request.range.is_none() || !self.fam_info()?.requires.contains(&request.name) {
            return Ok(Reduced::Unchanged);
        }
        let mut entries = Vec::new();
        let mut reductions = Vec::new();
        for entry in self.entries.iter() {
            let mut kept = Vec::with_capacity(entry.variants.len());
            for &v in entry.variants.iter() {
                let list = self.requires(entry.pkg, v)?;
                match list.get(&request.name) {
                    Some(q) if q.conflicts_with(request) => reductions.push(Reduction {
                        variant: self.label(entry.pkg, v),
                        dependency: q.clone(),
                        conflicting_request: request.clone(),
                    }),
                    _ => kept.push(v),
                }
            }
            if kept.len() < entry.variants.len() {
                if !kept.is_empty() {
                    entries.push(Entry { pkg: entry.pkg, variants: kept.into(), sorted: false });
                }
            } else {
                entries.push(entry.clone());
            }
        }
        if entries.is_empty() {
            Ok(Reduced::Empty(reductions))
        } else if !reductions.is_empty() {
            Ok(Reduced::Narrowed(self.copy_with(entries), reductions))
        } else {
            Ok(Reduced::Unchanged)
        }
    }

    /// An entry's variants in preference order (rez's `_PackageEntry.sort`).
    fn sorted_entry(&self, entry: &Entry, ctx: &SortContext) -> Result<Entry, SolveError> {
        if entry.sorted {
            return Ok(entry.clone());
        }
        let mut keyed = Vec::with_capacity(entry.variants.len());
        for &v in entry.variants.iter() {
            let list = self.requires(entry.pkg, v)?;
            keyed.push((v, list));
        }
        let index = |v: usize| self.fam.packages[entry.pkg].variants[v].index;
        let mut keys: Vec<(usize, VariantKey)> =
            keyed.iter().map(|(v, list)| (*v, VariantKey::new(ctx.request_list, list, index(*v)))).collect();
        let mode = ctx.mode;
        sort_descending(&mut keys, &mut |a, b| Ok(a.1.cmp(&b.1, mode)? == std::cmp::Ordering::Less)).map_err(|_| {
            SolveError::Unsupported(format!(
                "TypeError: rez cannot order the variants of {}-{} (a variant's weak requirement without a \
                 range meets a requested family; rez 3.4.0 raises TypeError here)",
                self.fam.name, self.fam.packages[entry.pkg].version
            ))
        })?;
        Ok(Entry { pkg: entry.pkg, variants: keys.into_iter().map(|(v, _)| v).collect(), sorted: true })
    }

    /// Split into the preferred part and the rest (rez's `_PackageVariantSlice.split`).
    pub fn split(&self, ctx: &SortContext) -> Result<(Slice, Slice), SolveError> {
        // Entries are kept in descending version order already (rez's `sort_versions`).
        let mut entries: Vec<Entry> = (*self.entries).clone();
        entries[0] = self.sorted_entry(&entries[0], ctx)?;
        let mut fams: BTreeSet<Arc<str>> = if self.len > 2 {
            let first = &entries[0];
            let list = self.requires(first.pkg, first.variants[0])?;
            list.requirements()
                .iter()
                .filter(|r| !r.conflict && !self.extracted.contains(&r.name))
                .map(|r| r.name.clone())
                .collect()
        } else {
            BTreeSet::new()
        };
        let (split_entry, split_at) = if fams.is_empty() {
            (0, 1)
        } else {
            let mut prev: Option<(usize, usize)> = None;
            let mut found = None;
            'outer: for i in 0..entries.len() {
                entries[i] = self.sorted_entry(&entries[i], ctx)?;
                for (j, &v) in entries[i].variants.iter().enumerate() {
                    let list = self.requires(entries[i].pkg, v)?;
                    fams.retain(|f| list.get(f).is_some_and(|r| !r.conflict));
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
        let (mut first, mut rest): (Vec<Entry>, Vec<Entry>) = if split_at < entry.variants.len() {
            let head = Entry { pkg: entry.pkg, variants: entry.variants[..split_at].into(), sorted: true };
            let tail = Entry { pkg: entry.pkg, variants: entry.variants[split_at..].into(), sorted: true };
            (vec![head], vec![tail])
        } else {
            (vec![entry.clone()], vec![])
        };
        let mut before: Vec<Entry> = entries[..split_entry].to_vec();
        before.append(&mut first);
        rest.extend(entries[split_entry + 1..].iter().cloned());
        Ok((self.copy_with(before), self.copy_with(rest)))
    }

    /// The single remaining variant `(pkg, var)`, when there is exactly one.
    pub fn only_variant(&self) -> Option<(usize, usize)> {
        if self.len == 1 {
            let e = &self.entries[0];
            Some((e.pkg, e.variants[0]))
        } else {
            None
        }
    }
}
