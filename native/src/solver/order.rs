//! rez's preference order among the variants of one package (`_PackageEntry.sort`).

use crate::version::{RequirementList, VersionRange};
use std::cmp::Ordering;

/// rez's `variant_select_mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VariantSelectMode {
    VersionPriority,
    IntersectionPriority,
}

/// rez's range sort key: bound by bound, `(lower version, incl -2 / excl -1)`,
/// `(upper version, excl 1 / incl 2)`; a proper prefix sorts first. `None` (no range) is rez's `0`.
fn cmp_range_key(a: Option<&VersionRange>, b: Option<&VersionRange>) -> Ordering {
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) => (a, b),
        (None, None) => return Ordering::Equal,
        (None, Some(_)) => return Ordering::Less,
        (Some(_), None) => return Ordering::Greater,
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
            return ord;
        }
    }
    a.bounds().len().cmp(&b.bounds().len())
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
    pub fn new(request_list: &RequirementList, requires: &'a RequirementList, index: Option<usize>) -> Self {
        let mut requested = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        for (i, request) in request_list.requirements().iter().enumerate() {
            if request.conflict {
                continue;
            }
            if let Some(q) = requires.get(&request.name) {
                requested.push((-(i as isize), q.range.as_ref()));
                names.push(q.name.as_str());
            }
        }
        let additional = requires
            .requirements()
            .iter()
            .filter(|q| !q.conflict && !names.contains(&q.name.as_str()))
            .map(|q| (q.range.as_ref().expect("non-conflict requirements have a range"), q.name.as_str()))
            .collect();
        VariantKey { requested, additional, index }
    }

    fn cmp_requested(&self, other: &Self) -> Ordering {
        for (x, y) in self.requested.iter().zip(&other.requested) {
            let ord = x.0.cmp(&y.0).then_with(|| cmp_range_key(x.1, y.1));
            if ord != Ordering::Equal {
                return ord;
            }
        }
        self.requested.len().cmp(&other.requested.len())
    }

    fn cmp_additional(&self, other: &Self) -> Ordering {
        for (x, y) in self.additional.iter().zip(&other.additional) {
            let ord = cmp_range_key(Some(x.0), Some(y.0)).then_with(|| x.1.as_bytes().cmp(y.1.as_bytes()));
            if ord != Ordering::Equal {
                return ord;
            }
        }
        self.additional.len().cmp(&other.additional.len())
    }

    /// Compare as rez compares the key tuples of the given mode (ascending).
    pub fn cmp(&self, other: &Self, mode: VariantSelectMode) -> Ordering {
        let head = match mode {
            VariantSelectMode::VersionPriority => Ordering::Equal,
            VariantSelectMode::IntersectionPriority => self.requested.len().cmp(&other.requested.len()),
        };
        head.then_with(|| self.cmp_requested(other))
            .then_with(|| other.additional.len().cmp(&self.additional.len()))
            .then_with(|| self.cmp_additional(other))
            .then_with(|| self.index.cmp(&other.index))
    }
}
