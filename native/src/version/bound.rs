//! The ends of a contiguous version interval, and the interval (`_Bound`) itself.

use super::error::VersionError;
use super::version::Version;
use std::cmp::Ordering;
use std::fmt;

/// Lower end `(version, inclusive)`; ordered by version, inclusive before exclusive.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LowerBound {
    pub version: Version,
    pub inclusive: bool,
}

/// Upper end `(version, inclusive)`; ordered by version, exclusive before inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UpperBound {
    pub version: Version,
    pub inclusive: bool,
}

impl LowerBound {
    /// `['', ...`: no lower limit.
    pub fn min() -> LowerBound {
        LowerBound {
            version: Version::empty(),
            inclusive: true,
        }
    }

    /// True if `v` is not below this end.
    pub fn contains_version(&self, v: &Version) -> bool {
        match v.cmp(&self.version) {
            Ordering::Greater => true,
            Ordering::Equal => self.inclusive,
            Ordering::Less => false,
        }
    }
}

impl UpperBound {
    /// `..., +inf]`: no upper limit.
    pub fn inf() -> UpperBound {
        UpperBound {
            version: Version::inf(),
            inclusive: true,
        }
    }

    /// An upper end; `<''` is not a valid one.
    pub fn new(version: Version, inclusive: bool) -> Result<UpperBound, VersionError> {
        if (version.is_empty() || version.is_inf()) && !inclusive {
            return Err(VersionError::new(
                "Invalid upper bound: '<' needs a version after it",
            ));
        }
        Ok(UpperBound { version, inclusive })
    }

    /// True if `v` is not above this end.
    pub fn contains_version(&self, v: &Version) -> bool {
        match v.cmp(&self.version) {
            Ordering::Less => true,
            Ordering::Equal => self.inclusive,
            Ordering::Greater => false,
        }
    }
}

impl Ord for LowerBound {
    fn cmp(&self, other: &Self) -> Ordering {
        self.version
            .cmp(&other.version)
            .then_with(|| other.inclusive.cmp(&self.inclusive))
    }
}

impl PartialOrd for LowerBound {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for UpperBound {
    fn cmp(&self, other: &Self) -> Ordering {
        self.version
            .cmp(&other.version)
            .then_with(|| self.inclusive.cmp(&other.inclusive))
    }
}

impl PartialOrd for UpperBound {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for LowerBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.version.is_empty() {
            if self.inclusive {
                write!(f, "{}+", self.version)
            } else {
                write!(f, ">{}", self.version)
            }
        } else if self.inclusive {
            Ok(())
        } else {
            f.write_str(">")
        }
    }
}

impl fmt::Display for UpperBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.inclusive {
            write!(f, "<={}", self.version)
        } else {
            write!(f, "<{}", self.version)
        }
    }
}

/// One contiguous interval `[lower, upper]` of versions (rez's `_Bound`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bound {
    pub lower: LowerBound,
    pub upper: UpperBound,
}

/// True when `lower..upper` holds at least one version.
fn non_empty(lower: &LowerBound, upper: &UpperBound) -> bool {
    match lower.version.cmp(&upper.version) {
        Ordering::Less => true,
        Ordering::Equal => lower.inclusive && upper.inclusive,
        Ordering::Greater => false,
    }
}

impl Bound {
    /// The interval of every version (rez's `_Bound.any`).
    pub fn any() -> Bound {
        Bound {
            lower: LowerBound::min(),
            upper: UpperBound::inf(),
        }
    }

    /// A checked interval: `Invalid bound` when it would hold no version.
    pub fn new(lower: LowerBound, upper: UpperBound) -> Result<Bound, VersionError> {
        if !non_empty(&lower, &upper) {
            return Err(VersionError::new(format!(
                "Invalid bound: the lower end '{}' lies above the upper end '{}'",
                lower_text(&lower),
                upper_text(&upper)
            )));
        }
        Ok(Bound { lower, upper })
    }

    /// `==v`.
    pub fn exact(v: Version) -> Bound {
        Bound {
            lower: LowerBound {
                version: v.clone(),
                inclusive: true,
            },
            upper: UpperBound {
                version: v,
                inclusive: true,
            },
        }
    }

    /// True unless the lower end is `''` inclusive.
    pub fn lower_bounded(&self) -> bool {
        !(self.lower.inclusive && self.lower.version.is_empty())
    }

    /// True unless the upper end is +infinity.
    pub fn upper_bounded(&self) -> bool {
        !(self.upper.inclusive && self.upper.version.is_inf())
    }

    /// True for the interval of every version (`Bound::any()`).
    pub fn is_any(&self) -> bool {
        !self.lower_bounded() && !self.upper_bounded()
    }

    /// -1 below, 0 inside, 1 above (rez's `version_containment`).
    pub fn version_containment(&self, v: &Version) -> i8 {
        if !self.lower.contains_version(v) {
            -1
        } else if !self.upper.contains_version(v) {
            1
        } else {
            0
        }
    }

    /// True if `v` lies in this interval.
    pub fn contains_version(&self, v: &Version) -> bool {
        self.version_containment(v) == 0
    }

    /// True if `other` lies entirely inside this interval.
    pub fn contains_bound(&self, other: &Bound) -> bool {
        self.lower <= other.lower && self.upper >= other.upper
    }

    /// True if the two intervals share a version.
    pub fn intersects(&self, other: &Bound) -> bool {
        let (lower, upper) = self.overlap(other);
        non_empty(lower, upper)
    }

    /// Python's `max(self.lower, other.lower)` and `min(self.upper, other.upper)`: ties keep `self`'s.
    fn overlap<'a>(&'a self, other: &'a Bound) -> (&'a LowerBound, &'a UpperBound) {
        let lower = if other.lower > self.lower {
            &other.lower
        } else {
            &self.lower
        };
        let upper = if other.upper < self.upper {
            &other.upper
        } else {
            &self.upper
        };
        (lower, upper)
    }

    /// The common interval, if any.
    pub fn intersection(&self, other: &Bound) -> Option<Bound> {
        let (lower, upper) = self.overlap(other);
        if non_empty(lower, upper) {
            Some(Bound {
                lower: lower.clone(),
                upper: upper.clone(),
            })
        } else {
            None
        }
    }
}

fn lower_text(l: &LowerBound) -> String {
    format!("{}{}", if l.inclusive { ">=" } else { ">" }, l.version)
}

fn upper_text(u: &UpperBound) -> String {
    if u.version.is_inf() {
        "infinity".to_string()
    } else {
        format!("{}{}", if u.inclusive { "<=" } else { "<" }, u.version)
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.upper.version.is_inf() {
            write!(f, "{}", self.lower)
        } else if self.lower.version == self.upper.version {
            write!(f, "=={}", self.lower.version)
        } else if self.lower.inclusive && self.upper.inclusive {
            if !self.lower.version.is_empty() {
                write!(f, "{}..{}", self.lower.version, self.upper.version)
            } else {
                write!(f, "<={}", self.upper.version)
            }
        } else if self.lower.inclusive
            && !self.upper.inclusive
            && self.lower.version.next() == self.upper.version
        {
            write!(f, "{}", self.lower.version)
        } else {
            write!(f, "{}{}", self.lower, self.upper)
        }
    }
}
