//! Package data handed to the solver: families of packages, each with variants.

use super::failure::SolveError;
use crate::version::{Name, Requirement, RequirementList, Version};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// One package version as the repository defines it.
#[derive(Clone, Debug)]
pub struct PackageDef {
    pub version: Version,
    pub requires: Vec<Requirement>,
    /// `None` when the package defines no variants (one variant, index `None`).
    pub variants: Option<Vec<Vec<Requirement>>>,
    /// Added to every variant's requirements when solving for a build.
    pub build_requires: Vec<Requirement>,
    /// Release time (epoch seconds); `None` or 0 means none, as in rez. Read by `soft_timestamp`.
    pub timestamp: Option<i64>,
    /// Hidden by the package filter: it counts for the family's existence (and for
    /// `soft_timestamp`) but the solver never expands it (rez's `_PackageVariantList`).
    pub excluded: bool,
    /// What rez's package schema rejects in this package's definition, raised only when the
    /// solver reaches it (rez validates each key when it is first read).
    pub invalid: Option<InvalidPackage>,
}

impl PackageDef {
    /// A valid, unfiltered package without timestamp or build requirements.
    pub fn new(
        version: Version,
        requires: Vec<Requirement>,
        variants: Option<Vec<Vec<Requirement>>>,
    ) -> PackageDef {
        PackageDef {
            version,
            requires,
            variants,
            build_requires: Vec::new(),
            timestamp: None,
            excluded: false,
            invalid: None,
        }
    }
}

/// The package key rez fails to validate: it decides when the error is raised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidKey {
    /// `variants`: read when the package is expanded into its variants (first intersection).
    Variants,
    /// `requires` (or `build_requires`): read when a variant's requirement list is first needed.
    Requires,
    /// The whole definition: rez cannot load the package (no definition file, a syntax error),
    /// raised when the package is expanded, with the message as given.
    Load,
}

/// A package definition rez's schema rejects, with rez's `PackageMetadataError` message.
#[derive(Clone, Debug)]
pub struct InvalidPackage {
    pub key: InvalidKey,
    pub message: String,
}

/// The families a variant's merged requirements name, as bitsets over its family's universe.
#[derive(Debug, Default)]
pub struct VariantNames {
    /// Non-conflict requirements (rez's `request_fams`).
    pub required: Box<[u64]>,
    /// Every requirement, conflicts included (`request_fams | conflict_request_fams`).
    pub mentioned: Box<[u64]>,
    /// The universe position of each merged requirement, in the list's order.
    pub index: Box<[u32]>,
    /// Each merged requirement's (range identity, conflict), in the list's order: what a reduction
    /// memoises its conflict tests by, read without touching the requirement itself.
    pub keys: Box<[(usize, bool)]>,
}

impl VariantNames {
    /// Where in the merged list the requirement on universe position `u` is.
    pub fn position(&self, u: usize) -> Option<usize> {
        self.index.iter().position(|&i| i as usize == u)
    }
}

/// Set bit `i`.
fn set_bit(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1u64 << (i % 64);
}

/// One variant of a prepared package: its index and its lazily merged requirements.
#[derive(Debug)]
pub struct VariantDef {
    /// `None` for a package without variants.
    pub index: Option<usize>,
    /// `package.requires ++ variant` (the order rez concatenates them in).
    pub raw_requires: Vec<Requirement>,
    /// Set at construction to rez's `PackageMetadataError` when the package's `requires` do not
    /// validate (raised, as in rez, when the list is first needed).
    merged: OnceLock<Result<Arc<RequirementList>, SolveError>>,
    names: OnceLock<VariantNames>,
}

impl VariantDef {
    /// The family names of the merged requirements (empty if they conflict), as bitsets over
    /// `universe` (the family's `Family::universe`).
    pub fn names(&self, universe: &[Name]) -> &VariantNames {
        self.names.get_or_init(|| match self.merged.get() {
            Some(Ok(list)) => {
                let words = universe.len().div_ceil(64);
                let mut required = vec![0u64; words];
                let mut mentioned = vec![0u64; words];
                let mut index = Vec::with_capacity(list.requirements().len());
                let mut keys = Vec::with_capacity(list.requirements().len());
                for r in list.requirements() {
                    keys.push((r.range.as_ref().map_or(0, |x| x.identity()), r.conflict));
                    let i = universe
                        .binary_search_by_key(&r.name.id(), Name::id)
                        .expect("every name is in the universe");
                    index.push(i as u32);
                    set_bit(&mut mentioned, i);
                    if !r.conflict {
                        set_bit(&mut required, i);
                    }
                }
                VariantNames {
                    required: required.into(),
                    mentioned: mentioned.into(),
                    index: index.into(),
                    keys: keys.into(),
                }
            }
            _ => VariantNames::default(),
        })
    }

    /// The merged requirement on universe position `u`. Only for a variant whose merged list and
    /// names are computed (every variant of a slice with family info).
    pub fn requirement_at(&self, u: usize) -> Option<&Requirement> {
        let at = self.mention_at(u)?.0;
        match self.merged.get() {
            Some(Ok(list)) => Some(&list.requirements()[at]),
            _ => unreachable!("names are computed from the merged list"),
        }
    }

    /// Where the merged requirement on universe position `u` is in the list, and its (range
    /// identity, conflict) key. Only for a variant whose names are computed.
    #[inline]
    pub fn mention_at(&self, u: usize) -> Option<(usize, (usize, bool))> {
        let Some(names) = self.names.get() else {
            panic!("mention_at on a variant without its merged list and names");
        };
        if names.mentioned[u / 64] & (1u64 << (u % 64)) == 0 {
            return None;
        }
        names.position(u).map(|at| (at, names.keys[at]))
    }

    /// rez's `requires_list`: the merged list, rez's `PackageMetadataError` when the package's
    /// requirements do not validate, or its `ResolveError` on an internal conflict. `label` names
    /// the variant in that message; it is only called the first time.
    pub fn requires_list(
        &self,
        label: impl FnOnce() -> String,
    ) -> Result<&Arc<RequirementList>, &SolveError> {
        self.merged
            .get_or_init(|| {
                let list = match RequirementList::new(&self.raw_requires) {
                    Ok(list) => list,
                    Err(e) => {
                        return Err(SolveError::InternalConflict(format!(
                            "The package {} has invalid requirements: {e}",
                            label()
                        )))
                    }
                };
                if list.conflict().is_some() {
                    Err(SolveError::InternalConflict(format!(
                        "The package {} has an internal requirements conflict: {list}",
                        label()
                    )))
                } else {
                    Ok(Arc::new(list))
                }
            })
            .as_ref()
    }
}

/// A prepared package: its version and its variants in index order.
#[derive(Debug)]
pub struct Package {
    pub version: Version,
    pub variants: Vec<VariantDef>,
}

/// What few packages have, kept beside the packages (the solver's loops over packages stay as
/// compact as without it).
#[derive(Debug, Default, Clone)]
pub struct PackageExtra {
    /// Release time, `None` or 0 for none.
    pub timestamp: Option<i64>,
    /// Hidden by the package filter (never expanded).
    pub excluded: bool,
    /// What rez raises when the package is expanded: its `variants` do not validate, or the package
    /// cannot be loaded at all (it then has no variants here).
    pub invalid: Option<SolveError>,
}

/// A prepared family: packages in repository order (rez's iteration order), each version once.
#[derive(Debug)]
pub struct Family {
    pub name: Name,
    pub packages: Vec<Package>,
    universe: OnceLock<Vec<Name>>,
    /// Some variant has a weak requirement without a range (`~foo`): sorting its variants can
    /// raise rez's `TypeError` (its range key `0` meets a tuple).
    unorderable_keys: bool,
    /// `PackageExtra` per package, only when some package has any.
    extra: Option<Box<[PackageExtra]>>,
    /// Each variant's mention of each universe family, as reductions read it (`mention_key`).
    mentions: OnceLock<MentionTables>,
}

/// Per universe position, made on first use: one word per variant (flat, package by package) that
/// says whether the variant's merged requirements name that family and, if so, the requirement's
/// (range identity, conflict). A reduction reads these words in a row instead of following each
/// variant's lists. Words are filled lazily, from variants whose names are computed.
#[derive(Debug)]
struct MentionTables {
    /// Where each package's variants start in a table.
    base: Box<[u32]>,
    variants: usize,
    tables: Box<[OnceLock<Box<[AtomicU64]>>]>,
}

/// Not read yet.
const MENTION_UNKNOWN: u64 = 0;
/// The variant does not name the family.
const MENTION_NONE: u64 = 1;
/// Set on a word that holds a key: the range identity (8-aligned) | this | conflict bit.
const MENTION_SOME: u64 = 2;
const MENTION_CONFLICT: u64 = 4;

impl Family {
    /// Every family name any of its variants mentions, sorted by `Name::id`.
    pub fn universe(&self) -> &[Name] {
        self.universe.get_or_init(|| {
            let mut names: Vec<&Name> = self
                .packages
                .iter()
                .flat_map(|p| {
                    p.variants
                        .iter()
                        .flat_map(|v| v.raw_requires.iter().map(|r| &r.name))
                })
                .collect();
            names.sort_unstable_by_key(|n| n.id());
            names.dedup_by_key(|n| n.id());
            names.into_iter().cloned().collect()
        })
    }

    /// The timestamp, filter and validity of package `i` (`None`: nothing to say).
    pub fn extra(&self, i: usize) -> Option<&PackageExtra> {
        self.extra.as_ref().map(|e| &e[i])
    }

    /// True if sorting this family's variants by rez's default key can raise `TypeError`.
    pub fn may_raise_when_sorted(&self) -> bool {
        self.unorderable_keys
    }

    /// Position of `name` in `universe()`.
    pub fn universe_index(&self, name: &Name) -> Option<usize> {
        self.universe()
            .binary_search_by_key(&name.id(), Name::id)
            .ok()
    }

    /// Prepare a family; `Err` names a version given twice (rez would keep only one).
    pub fn new(name: &str, defs: Vec<PackageDef>, building: bool) -> Result<Family, String> {
        // Made at the first package with something to say, the ones before it given defaults.
        let mut extra: Option<Vec<PackageExtra>> = None;
        let packages: Vec<Package> = defs
            .into_iter()
            .enumerate()
            .map(|(at, d)| {
                let build: &[Requirement] = if building { &d.build_requires } else { &[] };
                let (invalid_variants, invalid_requires) = match d.invalid {
                    Some(e) if e.key == InvalidKey::Variants => {
                        (Some(SolveError::PackageMetadata(e.message)), None)
                    }
                    Some(e) if e.key == InvalidKey::Load => {
                        (Some(SolveError::PackageLoad(e.message)), None)
                    }
                    Some(e) => (None, Some(e.message)),
                    None => (None, None),
                };
                let variant = |index: Option<usize>, raw_requires: Vec<Requirement>| {
                    let merged = OnceLock::new();
                    if let Some(message) = &invalid_requires {
                        let _ = merged.set(Err(SolveError::PackageMetadata(message.clone())));
                    }
                    VariantDef {
                        index,
                        raw_requires,
                        merged,
                        names: OnceLock::new(),
                    }
                };
                let variants = match (&invalid_variants, d.variants) {
                    (Some(_), _) => Vec::new(),
                    (None, None) => vec![variant(
                        None,
                        d.requires.iter().chain(build).cloned().collect(),
                    )],
                    (None, Some(vs)) => vs
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| {
                            variant(
                                Some(i),
                                d.requires
                                    .iter()
                                    .chain(v.iter())
                                    .chain(build)
                                    .cloned()
                                    .collect(),
                            )
                        })
                        .collect(),
                };
                if d.timestamp.is_some() || d.excluded || invalid_variants.is_some() {
                    extra
                        .get_or_insert_with(|| vec![PackageExtra::default(); at])
                        .push(PackageExtra {
                            timestamp: d.timestamp,
                            excluded: d.excluded,
                            invalid: invalid_variants,
                        });
                } else if let Some(extra) = &mut extra {
                    extra.push(PackageExtra::default());
                }
                Package {
                    version: d.version,
                    variants,
                }
            })
            .collect();
        let mut by_version: Vec<&Package> = packages.iter().collect();
        by_version.sort_by(|a, b| a.version.cmp(&b.version));
        for w in by_version.windows(2) {
            if w[0].version == w[1].version {
                return Err(format!(
                    "duplicate package {name}-{} (versions '{}' and '{}' are equal)",
                    w[0].version, w[0].version, w[1].version
                ));
            }
        }
        let unorderable_keys = packages.iter().any(|p| {
            p.variants
                .iter()
                .any(|v| v.raw_requires.iter().any(|r| r.range.is_none()))
        });
        Ok(Family {
            name: name.into(),
            packages,
            universe: OnceLock::new(),
            unorderable_keys,
            extra: extra.map(Vec::into_boxed_slice),
            mentions: OnceLock::new(),
        })
    }

    /// The (range identity, conflict) of variant `var` of package `pkg`'s merged requirement on
    /// universe position `u`, or `None` if it names no such family. Only for a variant whose merged
    /// list and names are computed (every variant of a slice with family info).
    #[inline]
    pub fn mention_key(&self, pkg: usize, var: usize, u: usize) -> Option<(usize, bool)> {
        let tables = self.mentions.get_or_init(|| {
            let mut base = Vec::with_capacity(self.packages.len());
            let mut n = 0u32;
            for p in &self.packages {
                base.push(n);
                n += p.variants.len() as u32;
            }
            MentionTables {
                base: base.into(),
                variants: n as usize,
                tables: (0..self.universe().len())
                    .map(|_| OnceLock::new())
                    .collect(),
            }
        });
        let table = tables.tables[u].get_or_init(|| {
            (0..tables.variants)
                .map(|_| AtomicU64::new(MENTION_UNKNOWN))
                .collect()
        });
        let slot = &table[tables.base[pkg] as usize + var];
        let mut word = slot.load(Ordering::Relaxed);
        if word == MENTION_UNKNOWN {
            word = match self.packages[pkg].variants[var].mention_at(u) {
                None => MENTION_NONE,
                Some((_, (identity, conflict))) => {
                    debug_assert_eq!(identity & 7, 0, "range identities are 8-aligned");
                    identity as u64 | MENTION_SOME | if conflict { MENTION_CONFLICT } else { 0 }
                }
            };
            slot.store(word, Ordering::Relaxed);
        }
        if word == MENTION_NONE {
            return None;
        }
        Some(((word & !7) as usize, word & MENTION_CONFLICT != 0))
    }

    /// rez's label of a variant: `name-version[index]`, `name[]` when unversioned.
    pub fn variant_label(&self, pkg: usize, var: usize) -> String {
        let p = &self.packages[pkg];
        let idx = p.variants[var]
            .index
            .map(|i| i.to_string())
            .unwrap_or_default();
        if p.version.is_empty() {
            format!("{}[{}]", self.name, idx)
        } else {
            format!("{}-{}[{}]", self.name, p.version, idx)
        }
    }
}

/// Where the solver gets families from; called at most once per family per solve.
pub trait PackageProvider {
    /// The family, `Ok(None)` when it does not exist, `Err` when loading it failed.
    fn load_family(&mut self, name: &str) -> Result<Option<Arc<Family>>, String>;
}
