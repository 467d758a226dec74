//! rez's preference order among the variants of one package (`_PackageEntry.sort`).

use crate::version::{RequirementList, VersionRange};
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
        let mut err = None;
        let mut idx: Vec<usize> = (0..n).collect();
        idx.sort_by(
            |&a, &b| match (lt(&items[a], &items[b]), lt(&items[b], &items[a])) {
                (Ok(true), _) => Ordering::Less,
                (_, Ok(true)) => Ordering::Greater,
                (Err(e), _) | (_, Err(e)) => {
                    err = Some(e);
                    Ordering::Equal
                }
                _ => Ordering::Equal,
            },
        );
        if let Some(e) = err {
            return Err(e);
        }
        let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
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
