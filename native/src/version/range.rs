//! `VersionRange`: an ordered list of bounds with rez's set operations and canonical text.

use super::bound::{Bound, LowerBound, UpperBound};
use super::error::VersionError;
use super::range_parse::parse_bounds;
use super::version::Version;
use std::fmt;
use std::sync::Arc;

/// A set of versions made of one or more contiguous bounds (rez's `VersionRange`).
///
/// Equality, ordering and hashing are on the exact bound list, as in rez (so two ranges
/// holding the same versions may differ when rez's normalisation left them apart).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionRange {
    bounds: Arc<[Bound]>,
}

impl VersionRange {
    /// The "any" range `""`.
    pub fn any() -> VersionRange {
        VersionRange {
            bounds: (vec![Bound::any()]).into(),
        }
    }

    /// Parse a range string exactly as `rez.version.VersionRange(s)` does.
    pub fn parse(s: &str) -> Result<VersionRange, VersionError> {
        Self::parse_with(s, true)
    }

    /// Parse, optionally keeping impossible bounds such as `3+<2` (rez's `invalid_bound_error`).
    pub fn parse_with(s: &str, invalid_bound_error: bool) -> Result<VersionRange, VersionError> {
        let bounds = parse_bounds(s, invalid_bound_error)?;
        if bounds.is_empty() {
            Ok(VersionRange::any())
        } else {
            Ok(VersionRange {
                bounds: (union_bounds(bounds)?).into(),
            })
        }
    }

    /// `==v1|==v2|...` for the sorted, deduplicated versions (rez's `from_versions`).
    pub fn from_versions<'a>(versions: impl IntoIterator<Item = &'a Version>) -> VersionRange {
        let mut vs: Vec<&Version> = versions.into_iter().collect();
        vs.sort();
        vs.dedup();
        VersionRange {
            bounds: (vs
                .into_iter()
                .map(|v| Bound::exact(v.clone()))
                .collect::<Vec<_>>())
            .into(),
        }
    }

    /// `[v, next(v))`: what the bare form `v` means (rez refuses it for the empty version).
    pub fn from_version_superset(v: &Version) -> Result<VersionRange, VersionError> {
        let lower = LowerBound {
            version: v.clone(),
            inclusive: true,
        };
        let upper = UpperBound::new(v.next(), false)?;
        Ok(VersionRange {
            bounds: (vec![Bound::new(lower, upper)?]).into(),
        })
    }

    /// rez's `from_version(v, op)` for op in eq/gt/gte/lt/lte (and their symbols), or the superset.
    pub fn from_version(v: &Version, op: Option<&str>) -> Result<VersionRange, VersionError> {
        let lower = |inclusive| LowerBound {
            version: v.clone(),
            inclusive,
        };
        let bound = match op {
            None => return Self::from_version_superset(v),
            Some("eq") | Some("==") => Bound::exact(v.clone()),
            Some("gt") | Some(">") => Bound::new(lower(false), UpperBound::inf())?,
            Some("gte") | Some(">=") => Bound::new(lower(true), UpperBound::inf())?,
            Some("lt") | Some("<") => {
                Bound::new(LowerBound::min(), UpperBound::new(v.clone(), false)?)?
            }
            Some("lte") | Some("<=") => {
                Bound::new(LowerBound::min(), UpperBound::new(v.clone(), true)?)?
            }
            Some(other) => {
                return Err(VersionError::new(format!(
                    "Unknown bound operation '{other}'"
                )))
            }
        };
        Ok(VersionRange {
            bounds: (vec![bound]).into(),
        })
    }

    /// rez's `as_span(lower, upper, lower_inclusive, upper_inclusive)`.
    pub fn as_span(
        lower: Option<&Version>,
        upper: Option<&Version>,
        lower_inclusive: bool,
        upper_inclusive: bool,
    ) -> Result<VersionRange, VersionError> {
        let lo = match lower {
            Some(v) => LowerBound {
                version: v.clone(),
                inclusive: lower_inclusive,
            },
            None => LowerBound::min(),
        };
        let hi = match upper {
            Some(v) => UpperBound::new(v.clone(), upper_inclusive)?,
            None => UpperBound::inf(),
        };
        Ok(VersionRange {
            bounds: (vec![Bound::new(lo, hi)?]).into(),
        })
    }

    /// An identity for memoising: equal for clones of one parsed range (not for equal ranges).
    pub fn identity(&self) -> usize {
        Arc::as_ptr(&self.bounds) as *const Bound as usize
    }

    /// The bounds, in order.
    pub fn bounds(&self) -> &[Bound] {
        &self.bounds
    }

    /// True for the "any" range.
    pub fn is_any(&self) -> bool {
        self.bounds.len() == 1 && self.bounds[0].is_any()
    }

    /// True if the first bound has a lower limit.
    pub fn lower_bounded(&self) -> bool {
        self.bounds[0].lower_bounded()
    }

    /// True if the last bound has an upper limit.
    pub fn upper_bounded(&self) -> bool {
        self.bounds[self.bounds.len() - 1].upper_bounded()
    }

    /// Both ends limited.
    pub fn bounded(&self) -> bool {
        self.lower_bounded() && self.upper_bounded()
    }

    /// True if `v` lies in this range (rez's `contains_version`, including its early exit).
    pub fn contains_version(&self, v: &Version) -> bool {
        if self.bounds.len() < 5 {
            for b in self.bounds.iter() {
                match b.version_containment(v) {
                    0 => return true,
                    -1 => return false,
                    _ => {}
                }
            }
            false
        } else {
            self.bisect_contains(v).1
        }
    }

    fn bisect_contains(&self, v: &Version) -> (usize, bool) {
        let probe = Bound {
            lower: LowerBound {
                version: v.clone(),
                inclusive: true,
            },
            upper: UpperBound::inf(),
        };
        let i = bisect_left(&self.bounds, &probe, 0);
        if i > 0 && self.bounds[i - 1].contains_version(v) {
            return (i - 1, true);
        }
        if i < self.bounds.len() && self.bounds[i].contains_version(v) {
            return (i, true);
        }
        (i, false)
    }

    /// True if every bound of `other` lies inside a single bound of `self`.
    pub fn issuperset(&self, other: &VersionRange) -> bool {
        let b1 = &self.bounds;
        let mut lo = 0;
        for b2 in other.bounds.iter() {
            let i = bisect_left(b1, b2, lo);
            if i > 0 && b1[i - 1].contains_bound(b2) {
                lo = i - 1;
                continue;
            }
            if i < b1.len() && b1[i].contains_bound(b2) {
                lo = i;
                continue;
            }
            return false;
        }
        true
    }

    /// True if `self` lies inside `other`.
    pub fn issubset(&self, other: &VersionRange) -> bool {
        other.issuperset(self)
    }

    /// True if the two ranges share a version.
    pub fn intersects(&self, other: &VersionRange) -> bool {
        let (b1, b2) = if other.bounds.len() < self.bounds.len() {
            (&other.bounds, &self.bounds)
        } else {
            (&self.bounds, &other.bounds)
        };
        if b2.len() < 5 {
            return b1.iter().any(|x| b2.iter().any(|y| x.intersects(y)));
        }
        let mut lo = 0;
        for x in b1.iter() {
            let i = bisect_left(b2, x, lo);
            if i > 0 && b2[i - 1].intersects(x) {
                return true;
            }
            if i < b2.len() && b2[i].intersects(x) {
                return true;
            }
            lo = i.saturating_sub(1);
        }
        false
    }

    /// `self & other`: pairwise bound intersections, in order; `None` if empty.
    pub fn intersection(&self, other: &VersionRange) -> Option<VersionRange> {
        let mut out = Vec::new();
        for a in self.bounds.iter() {
            for b in other.bounds.iter() {
                if let Some(c) = a.intersection(b) {
                    out.push(c);
                }
            }
        }
        if out.is_empty() {
            None
        } else {
            Some(VersionRange {
                bounds: (out).into(),
            })
        }
    }

    /// `self | other`, normalised (`Err` only for ranges parsed with `invalid_bound_error` off).
    pub fn union(&self, other: &VersionRange) -> Result<VersionRange, VersionError> {
        let mut all = self.bounds.to_vec();
        all.extend(other.bounds.iter().cloned());
        Ok(VersionRange {
            bounds: (union_bounds(all)?).into(),
        })
    }

    /// The union of many ranges, normalised once.
    pub fn union_many<'a>(
        ranges: impl IntoIterator<Item = &'a VersionRange>,
    ) -> Result<Option<VersionRange>, VersionError> {
        let mut all = Vec::new();
        for r in ranges {
            all.extend(r.bounds.iter().cloned());
        }
        if all.is_empty() {
            Ok(None)
        } else {
            Ok(Some(VersionRange {
                bounds: (union_bounds(all)?).into(),
            }))
        }
    }

    /// `~self`: the complement; `None` for the "any" range.
    ///
    /// rez builds each complement bound with a validity check, which fails on the adjacent
    /// bounds its normalisation can leave (`..0|>0<1`); that failure is the `Err`.
    pub fn inverse(&self) -> Result<Option<VersionRange>, VersionError> {
        if self.is_any() {
            return Ok(None);
        }
        let mut lowers: Vec<Option<LowerBound>> = vec![None];
        let mut uppers: Vec<Option<UpperBound>> = Vec::new();
        for b in self.bounds.iter() {
            if b.lower.version.is_empty() && b.lower.inclusive {
                uppers.push(None);
            } else {
                uppers.push(Some(UpperBound {
                    version: b.lower.version.clone(),
                    inclusive: !b.lower.inclusive,
                }));
            }
            if b.upper.version.is_inf() {
                lowers.push(None);
            } else {
                lowers.push(Some(LowerBound {
                    version: b.upper.version.clone(),
                    inclusive: !b.upper.inclusive,
                }));
            }
        }
        uppers.push(None);
        let mut bounds = Vec::new();
        for (l, u) in lowers.into_iter().zip(uppers) {
            if l.is_some() || u.is_some() {
                bounds.push(Bound::new(
                    l.unwrap_or_else(LowerBound::min),
                    u.unwrap_or_else(UpperBound::inf),
                )?);
            }
        }
        if bounds.is_empty() {
            Ok(None)
        } else {
            Ok(Some(VersionRange {
                bounds: bounds.into(),
            }))
        }
    }

    /// `self - other` = `self & ~other`; `None` if `other` is "any" or nothing remains.
    pub fn subtract(&self, other: &VersionRange) -> Result<Option<VersionRange>, VersionError> {
        Ok(other.inverse()?.and_then(|inv| self.intersection(&inv)))
    }

    /// One bound from the first lower end to the last upper end.
    pub fn span(&self) -> VersionRange {
        let lower = self.bounds[0].lower.clone();
        let upper = self.bounds[self.bounds.len() - 1].upper.clone();
        VersionRange {
            bounds: vec![Bound { lower, upper }].into(),
        }
    }

    /// Each bound as a range of its own.
    pub fn split(&self) -> Vec<VersionRange> {
        self.bounds
            .iter()
            .map(|b| VersionRange {
                bounds: vec![b.clone()].into(),
            })
            .collect()
    }

    /// The versions of the `==v` bounds, or `None` if there are none.
    pub fn to_versions(&self) -> Option<Vec<Version>> {
        let vs: Vec<Version> = self
            .bounds
            .iter()
            .filter(|b| {
                b.lower.inclusive && b.upper.inclusive && b.lower.version == b.upper.version
            })
            .map(|b| b.lower.version.clone())
            .collect();
        if vs.is_empty() {
            None
        } else {
            Some(vs)
        }
    }
}

/// Python's `bisect.bisect_left`, step for step (so unsorted input behaves as in rez).
fn bisect_left(a: &[Bound], x: &Bound, mut lo: usize) -> usize {
    let mut hi = a.len();
    while lo < hi {
        let mid = (lo + hi) / 2;
        if a[mid] < *x {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// rez's `_union`: sort, then sweep, splitting where the previous bound leaves a gap. Each
/// output bound is checked (rez builds them with `_Bound(...)`), which only fails for impossible
/// bounds kept by `invalid_bound_error=False`.
pub(crate) fn union_bounds(mut bounds: Vec<Bound>) -> Result<Vec<Bound>, VersionError> {
    if bounds.len() < 2 {
        return Ok(bounds);
    }
    bounds.sort();
    let mut out = Vec::new();
    let mut start = 0;
    let mut upper: Option<UpperBound> = None;
    for i in 0..bounds.len() {
        if let Some(up) = &upper {
            let b = &bounds[i];
            let prev = &bounds[i - 1];
            let gap = b.lower.version > up.version
                || (b.lower.version == up.version && !b.lower.inclusive && !prev.upper.inclusive);
            if gap {
                out.push(Bound {
                    lower: bounds[start].lower.clone(),
                    upper: up.clone(),
                });
                start = i;
            }
        }
        let bu = &bounds[i].upper;
        upper = Some(match upper {
            Some(up) if up >= *bu => up,
            _ => bu.clone(),
        });
    }
    out.push(Bound {
        lower: bounds[start].lower.clone(),
        upper: upper.expect("non-empty"),
    });
    out.into_iter()
        .map(|b| Bound::new(b.lower, b.upper))
        .collect()
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.bounds.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            write!(f, "{b}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for VersionRange {
    type Err = VersionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        VersionRange::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> VersionRange {
        VersionRange::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn canonical_strings() {
        let table = [
            ("", ""),
            ("+", ""),
            (">=", ""),
            ("|", ""),
            ("3+|<4", ""),
            ("1", "1"),
            (">=1", "1+"),
            (">1", ">1"),
            ("<2", "<2"),
            ("..2", "<=2"),
            ("==1", "==1"),
            ("1..1", "==1"),
            ("==", "=="),
            ("<=", "=="),
            ("+<=", "=="),
            (">", ">"),
            ("1<=2", "1..2"),
            ("<=2,>=1", "1..2"),
            (">=1,<2", "1+<2"),
            ("<2,>=1", "1+<2"),
            ("<2,>1", ">1<2"),
            ("2+,>1", ">1<=2"),
            ("2,>1", ">1<=2"),
            ("<3,<2", "2+<3"),
            ("<=1,>", "><=1"),
            ("1|3", "1|3"),
            ("3+<3_", "3"),
            ("1|1_", "1+<1__"),
            ("<1|1", "<1_"),
            ("2|<2.1", "<2_"),
            (">4<6|1+<3", "1+<3|>4<6"),
            ("5|3|1", "1|3|5"),
            ("2+<=6|3+<5", "2..6"),
            ("1..5|2+<3|>5", "1..5|>5"),
            ("1\n", "1"),
            ("|4+<2", ""),
        ];
        for (input, want) in table {
            assert_eq!(r(input).to_string(), want, "input {input:?}");
        }
    }

    #[test]
    fn invalid() {
        for bad in [
            "4+<2", ">3<3", ">3<=3", "3+<3", "2..", "b..a", "<", "><", ">3>4", "<3<4", "<4>3",
            ",<4", "4+,", "1>=", "+1", "4<", "1+<2<3", "=1", "1+<", "1,2", "1 | 2", "*", "**",
            "1.*", "<3,2", "4+<2|", "<>1",
        ] {
            assert!(VersionRange::parse(bad).is_err(), "{bad} should be invalid");
        }
    }

    #[test]
    fn operations() {
        assert!(r("3").intersection(&r("4")).is_none());
        assert_eq!(r("2+").intersection(&r("<=4")).unwrap().to_string(), "2..4");
        assert_eq!(r("1").intersection(&r("1.0")).unwrap().to_string(), "1.0");
        assert_eq!(
            r("4..6").intersection(&r("6+<8")).unwrap().to_string(),
            "==6"
        );
        assert_eq!(
            r("3.5").inverse().unwrap().unwrap().to_string(),
            "<3.5|3.5_+"
        );
        assert_eq!(r("1..2").inverse().unwrap().unwrap().to_string(), "<1|>2");
        assert_eq!(
            r(">1<2|>3<4").inverse().unwrap().unwrap().to_string(),
            "<=1|2..3|4+"
        );
        assert_eq!(
            r("1+").subtract(&r("1.5")).unwrap().unwrap().to_string(),
            "1+<1.5|1.5_+"
        );
        assert_eq!(r("1|3").span().to_string(), "1+<3_");
        assert!(r("").inverse().unwrap().is_none());
        assert!(r("0|..00.0.0|<1,>00.0.0").inverse().is_err());
        assert!(!r("1..5|2+<3|>5").issuperset(&r("2+<7")));
        assert!(r("<4").issuperset(&r("2.1+<4")));
        assert!(!r("<4").issuperset(&r("2.1..4")));
        let vs: Vec<Version> = ["3", "6.0", "4", "3"]
            .iter()
            .map(|s| Version::parse(s).unwrap())
            .collect();
        assert_eq!(
            VersionRange::from_versions(&vs).to_string(),
            "==3|==4|==6.0"
        );
    }

    #[test]
    fn containment() {
        let v = |s: &str| Version::parse(s).unwrap();
        assert!(r("3+").contains_version(&v("3")));
        assert!(r("3..5").contains_version(&v("5")));
        assert!(!r("3..5").contains_version(&v("5_")));
        assert!(r("<1|5|6|8|7|3|60+").contains_version(&v("3")));
        assert!(r("1").contains_version(&v("1A")));
        assert!(!r("1").contains_version(&v("1a")));
        assert!(!r(">2").contains_version(&v("2")));
    }
}
