//! rez's preference order among the variants of one package (`_PackageEntry.sort`).

use super::failure::SolveError;
use super::package_order::{Fallback, FirstAfter, PackageOrderList};
use crate::version::{Name, RequirementList, VersionRange};
use std::cmp::Ordering;

/// rez's `variant_select_mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VariantSelectMode {
    VersionPriority,
    IntersectionPriority,
}

/// Python raised `TypeError` comparing two keys (rez's key `0` for "no range" against a tuple).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unorderable;

/// rez's range sort key: bound by bound, `(lower version, incl -2 / excl -1)`,
/// `(upper version, excl 1 / incl 2)`; a proper prefix sorts first. `None` (no range) is rez's `0`,
/// which Python cannot order against a tuple.
fn cmp_range_key(
    a: Option<&VersionRange>,
    b: Option<&VersionRange>,
) -> Result<Ordering, Unorderable> {
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) => (a, b),
        (None, None) => return Ok(Ordering::Equal),
        _ => return Err(Unorderable),
    };
    for (x, y) in a.bounds().iter().zip(b.bounds()) {
        let ord = x
            .lower
            .version
            .cmp(&y.lower.version)
            .then_with(|| y.lower.inclusive.cmp(&x.lower.inclusive))
            .then_with(|| x.upper.version.cmp(&y.upper.version))
            .then_with(|| x.upper.inclusive.cmp(&y.upper.inclusive));
        if ord != Ordering::Equal {
            return Ok(ord);
        }
    }
    Ok(a.bounds().len().cmp(&b.bounds().len()))
}

/// The sort key of one variant, borrowed from its requirement list.
pub struct VariantKey<'a> {
    /// `(-request index, range key)` for each non-conflict request the variant also requires.
    requested: Vec<(isize, Option<&'a VersionRange>)>,
    /// `(range key, name)` for the variant's other non-conflict requirements, in its order.
    additional: Vec<(&'a VersionRange, &'a str)>,
    index: Option<usize>,
}

impl<'a> VariantKey<'a> {
    /// Build the key of a variant against the solver's merged request list.
    pub fn new(
        request_list: &RequirementList,
        requires: &'a RequirementList,
        index: Option<usize>,
    ) -> Self {
        let mut requested = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        for (i, request) in request_list.requirements().iter().enumerate() {
            if request.conflict {
                continue;
            }
            if let Some(q) = requires.get_name(&request.name) {
                requested.push((-(i as isize), q.range.as_ref()));
                names.push(q.name.as_ref());
            }
        }
        let additional = requires
            .requirements()
            .iter()
            .filter(|q| !q.conflict && !names.contains(&q.name.as_ref()))
            .map(|q| {
                (
                    q.range
                        .as_ref()
                        .expect("non-conflict requirements have a range"),
                    q.name.as_ref(),
                )
            })
            .collect();
        VariantKey {
            requested,
            additional,
            index,
        }
    }

    fn cmp_requested(&self, other: &Self) -> Result<Ordering, Unorderable> {
        for (x, y) in self.requested.iter().zip(&other.requested) {
            let ord = match x.0.cmp(&y.0) {
                Ordering::Equal => cmp_range_key(x.1, y.1)?,
                o => o,
            };
            if ord != Ordering::Equal {
                return Ok(ord);
            }
        }
        Ok(self.requested.len().cmp(&other.requested.len()))
    }

    fn cmp_additional(&self, other: &Self) -> Result<Ordering, Unorderable> {
        for (x, y) in self.additional.iter().zip(&other.additional) {
            let ord = cmp_range_key(Some(x.0), Some(y.0))?
                .then_with(|| x.1.as_bytes().cmp(y.1.as_bytes()));
            if ord != Ordering::Equal {
                return Ok(ord);
            }
        }
        Ok(self.additional.len().cmp(&other.additional.len()))
    }

    /// Compare as rez compares the key tuples of the given mode (ascending).
    pub fn cmp(&self, other: &Self, mode: VariantSelectMode) -> Result<Ordering, Unorderable> {
        if mode == VariantSelectMode::IntersectionPriority {
            let o = self.requested.len().cmp(&other.requested.len());
            if o != Ordering::Equal {
                return Ok(o);
            }
        }
        let o = self.cmp_requested(other)?;
        if o != Ordering::Equal {
            return Ok(o);
        }
        let o = other.additional.len().cmp(&self.additional.len());
        if o != Ordering::Equal {
            return Ok(o);
        }
        let o = self.cmp_additional(other)?;
        if o != Ordering::Equal {
            return Ok(o);
        }
        Ok(self.index.cmp(&other.index))
    }
}

/// One bound's sort key under package orderers: `((lower key, -2 | -1), (upper key, 1 | 2))`.
struct BoundKey {
    lower: Fallback,
    lower_incl: i64,
    upper: Fallback,
    upper_incl: i64,
}

impl BoundKey {
    fn eq(&self, other: &BoundKey) -> bool {
        self.lower.eq(&other.lower)
            && self.lower_incl == other.lower_incl
            && self.upper.eq(&other.upper)
            && self.upper_incl == other.upper_incl
    }

    /// CPython's tuple `<`: the first unequal element decides, compared with `<`.
    fn lt(&self, other: &BoundKey) -> bool {
        if !(self.lower.eq(&other.lower) && self.lower_incl == other.lower_incl) {
            if !self.lower.eq(&other.lower) {
                return self.lower.lt(&other.lower);
            }
            return self.lower_incl < other.lower_incl;
        }
        if !self.upper.eq(&other.upper) {
            return self.upper.lt(&other.upper);
        }
        self.upper_incl < other.upper_incl
    }
}

/// rez's `orderer.sort_key(name, range)`: a tuple of bound keys, `None` for no range (rez's `0`).
type RangeKey = Option<Vec<BoundKey>>;

fn range_key(
    orderers: &PackageOrderList,
    first_after: &dyn FirstAfter,
    name: &str,
    range: Option<&VersionRange>,
) -> Result<RangeKey, SolveError> {
    let Some(range) = range else {
        return Ok(None);
    };
    let orderer = orderers.get_orderer(name);
    let mut out = Vec::with_capacity(range.bounds().len());
    for b in range.bounds() {
        out.push(BoundKey {
            lower: orderer.sort_key(name, &b.lower.version, first_after)?,
            lower_incl: if b.lower.inclusive { -2 } else { -1 },
            upper: orderer.sort_key(name, &b.upper.version, first_after)?,
            upper_incl: if b.upper.inclusive { 2 } else { 1 },
        });
    }
    Ok(Some(out))
}

fn range_key_eq(a: &RangeKey, b: &RangeKey) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.eq(q)),
        _ => false,
    }
}

fn range_key_lt(a: &RangeKey, b: &RangeKey) -> Result<bool, Unorderable> {
    match (a, b) {
        (None, None) => Ok(false),
        (Some(x), Some(y)) => {
            for (p, q) in x.iter().zip(y) {
                if !p.eq(q) {
                    return Ok(p.lt(q));
                }
            }
            Ok(x.len() < y.len())
        }
        _ => Err(Unorderable),
    }
}

/// A variant's sort key when package orderers are configured: rez's key tuple, compared as
/// CPython compares it (`==` on each element, then `<` on the first unequal one), since keys of
/// different orderers need not be consistently ordered.
pub struct OrderedVariantKey {
    /// `(-request index, range key)` for each non-conflict request the variant also requires.
    requested: Vec<(isize, RangeKey)>,
    /// `(range key, name)` for the variant's other non-conflict requirements, in its order.
    additional: Vec<(RangeKey, Name)>,
    index: Option<usize>,
}

impl OrderedVariantKey {
    /// Build the key of a variant against the solver's merged request list, computing each range
    /// key with the orderer of its family (errors are what rez's orderers raise).
    pub fn new(
        request_list: &RequirementList,
        requires: &RequirementList,
        index: Option<usize>,
        orderers: &PackageOrderList,
        first_after: &dyn FirstAfter,
    ) -> Result<Self, SolveError> {
        let mut requested = Vec::new();
        let mut names: Vec<&Name> = Vec::new();
        for (i, request) in request_list.requirements().iter().enumerate() {
            if request.conflict {
                continue;
            }
            if let Some(q) = requires.get_name(&request.name) {
                let key = range_key(orderers, first_after, &q.name, q.range.as_ref())?;
                requested.push((-(i as isize), key));
                names.push(&q.name);
            }
        }
        let mut additional = Vec::new();
        for q in requires.requirements() {
            if q.conflict || names.contains(&&q.name) {
                continue;
            }
            let key = range_key(orderers, first_after, &q.name, q.range.as_ref())?;
            additional.push((key, q.name.clone()));
        }
        Ok(OrderedVariantKey {
            requested,
            additional,
            index,
        })
    }

    fn requested_eq(&self, other: &Self) -> bool {
        self.requested.len() == other.requested.len()
            && self
                .requested
                .iter()
                .zip(&other.requested)
                .all(|(x, y)| x.0 == y.0 && range_key_eq(&x.1, &y.1))
    }

    fn requested_lt(&self, other: &Self) -> Result<bool, Unorderable> {
        for (x, y) in self.requested.iter().zip(&other.requested) {
            if x.0 != y.0 {
                return Ok(x.0 < y.0);
            }
            if !range_key_eq(&x.1, &y.1) {
                return range_key_lt(&x.1, &y.1);
            }
        }
        Ok(self.requested.len() < other.requested.len())
    }

    fn additional_eq(&self, other: &Self) -> bool {
        self.additional.len() == other.additional.len()
            && self
                .additional
                .iter()
                .zip(&other.additional)
                .all(|(x, y)| range_key_eq(&x.0, &y.0) && x.1 == y.1)
    }

    fn additional_lt(&self, other: &Self) -> Result<bool, Unorderable> {
        for (x, y) in self.additional.iter().zip(&other.additional) {
            if !range_key_eq(&x.0, &y.0) {
                return range_key_lt(&x.0, &y.0);
            }
            if x.1 != y.1 {
                return Ok(x.1.as_ref().as_bytes() < y.1.as_ref().as_bytes());
            }
        }
        Ok(self.additional.len() < other.additional.len())
    }

    /// Python's `key(self) < key(other)` for the given mode.
    pub fn lt(&self, other: &Self, mode: VariantSelectMode) -> Result<bool, Unorderable> {
        if mode == VariantSelectMode::IntersectionPriority
            && self.requested.len() != other.requested.len()
        {
            return Ok(self.requested.len() < other.requested.len());
        }
        if !self.requested_eq(other) {
            return self.requested_lt(other);
        }
        if self.additional.len() != other.additional.len() {
            return Ok(other.additional.len() < self.additional.len());
        }
        if !self.additional_eq(other) {
            return self.additional_lt(other);
        }
        Ok(self.index < other.index)
    }
}

/// Sort items by key, highest first, as CPython's `list.sort(key=..., reverse=True)` does,
/// making the same comparisons (so a `TypeError` rez would hit is hit here too).
pub fn sort_descending<T>(
    items: &mut Vec<T>,
    lt: &mut dyn FnMut(&T, &T) -> Result<bool, Unorderable>,
) -> Result<(), Unorderable> {
    // reverse=True: reverse, sort ascending stably, reverse back.
    items.reverse();
    let n = items.len();
    if n < 64 {
        python_small_sort(items, lt)?;
    } else {
        // A stable merge sort: the same result as CPython's timsort whenever the keys are
        // consistently ordered (always, but for keys of different orderers that raise in some
        // comparisons only, in a package of 64 variants or more), and it never panics.
        let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
        let mut idx: Vec<usize> = (0..n).collect();
        let mut buf: Vec<usize> = Vec::with_capacity(n);
        let mut width = 1;
        while width < n {
            buf.clear();
            let mut start = 0;
            while start < n {
                let mid = (start + width).min(n);
                let end = (start + 2 * width).min(n);
                let (mut i, mut j) = (start, mid);
                while i < mid && j < end {
                    let take_right = {
                        let a = slots[idx[j]].as_ref().expect("present");
                        let b = slots[idx[i]].as_ref().expect("present");
                        match lt(a, b) {
                            Ok(x) => x,
                            Err(e) => {
                                items.extend(slots.into_iter().flatten());
                                return Err(e);
                            }
                        }
                    };
                    if take_right {
                        buf.push(idx[j]);
                        j += 1;
                    } else {
                        buf.push(idx[i]);
                        i += 1;
                    }
                }
                buf.extend_from_slice(&idx[i..mid]);
                buf.extend_from_slice(&idx[j..end]);
                start = end;
            }
            std::mem::swap(&mut idx, &mut buf);
            width *= 2;
        }
        for i in idx {
            items.push(slots[i].take().expect("each index once"));
        }
    }
    items.reverse();
    Ok(())
}

/// CPython's timsort for fewer than 64 items: one natural run, then binary insertion.
fn python_small_sort<T>(
    a: &mut [T],
    lt: &mut dyn FnMut(&T, &T) -> Result<bool, Unorderable>,
) -> Result<(), Unorderable> {
    let n = a.len();
    if n < 2 {
        return Ok(());
    }
    let mut run = 2;
    if lt(&a[1], &a[0])? {
        while run < n && lt(&a[run], &a[run - 1])? {
            run += 1;
        }
        a[..run].reverse();
    } else {
        while run < n && !lt(&a[run], &a[run - 1])? {
            run += 1;
        }
    }
    for start in run..n {
        let (mut l, mut r) = (0, start);
        while l < r {
            let p = l + ((r - l) >> 1);
            if lt(&a[start], &a[p])? {
                r = p;
            } else {
                l = p + 1;
            }
        }
        a[l..=start].rotate_right(1);
    }
    Ok(())
}
