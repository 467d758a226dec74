//! rez's package orderers (`rez/package_order.py`): which version of a family the solver tries first.
//!
//! An orderer maps a version to a sort key; rez compares those keys with Python's operators, and
//! keys of different orderers (or of `Version.inf`) may meet in one comparison. `Key` models the
//! Python values rez builds and `Key::eq` / `Key::lt` Python's `==` / `<` on them, including the
//! comparisons that raise (`Raise`), which rez's `FallbackComparable` turns into a comparison of
//! the versions themselves.

use super::failure::SolveError;
use super::package::Family;
use crate::version::Version;
use std::collections::HashMap;
use std::sync::Arc;

/// rez's `ALL_PACKAGES`: the orderer for every family no other orderer names.
pub const ALL_PACKAGES: &str = "*";

/// One of rez 3.4.0's orderer types.
#[derive(Clone, Debug, PartialEq)]
pub enum PackageOrder {
    /// `no_order` (`NullPackageOrder`): every version gets the same key, so the repository order stays.
    NoOrder,
    /// `sorted` (`SortedOrder`): highest version first, or lowest when not `descending`.
    Sorted { descending: bool },
    /// `per_family` (`PerFamilyOrder`): an orderer per family, else `default_order`.
    PerFamily {
        order_dict: HashMap<String, Arc<PackageOrder>>,
        default_order: Option<Arc<PackageOrder>>,
    },
    /// `version_split` (`VersionSplitPackageOrder`): versions `<= first_version` first, highest first.
    VersionSplit { first_version: Version },
    /// `soft_timestamp` (`TimestampPackageOrder`): versions released before `timestamp` first; with
    /// a `rank`, newer versions that only change tokens past that rank come with them.
    SoftTimestamp { timestamp: i64, rank: i64 },
}

impl PackageOrder {
    /// True if this orderer (or one it delegates to) reads package timestamps.
    pub fn uses_timestamps(&self) -> bool {
        match self {
            PackageOrder::SoftTimestamp { .. } => true,
            PackageOrder::PerFamily {
                order_dict,
                default_order,
            } => {
                order_dict.values().any(|o| o.uses_timestamps())
                    || default_order.as_ref().is_some_and(|o| o.uses_timestamps())
            }
            _ => false,
        }
    }
}

/// rez's `PackageOrderList`: the orderer of each family name (earlier orderers win), `*` for all.
#[derive(Clone, Debug, Default)]
pub struct PackageOrderList {
    by_package: HashMap<String, Arc<PackageOrder>>,
    default: Arc<PackageOrder>,
}

impl Default for PackageOrder {
    fn default() -> Self {
        PackageOrder::Sorted { descending: true }
    }
}

impl PackageOrderList {
    /// From `(packages, orderer)` pairs in list order (rez's `refresh`: the first orderer naming a
    /// family keeps it).
    pub fn new(orderers: Vec<(Vec<String>, Arc<PackageOrder>)>) -> PackageOrderList {
        let mut by_package = HashMap::new();
        for (packages, orderer) in orderers {
            for name in packages {
                by_package.entry(name).or_insert_with(|| orderer.clone());
            }
        }
        PackageOrderList {
            by_package,
            default: Arc::new(PackageOrder::default()),
        }
    }

    /// True when no family has an orderer: rez's default order everywhere.
    pub fn is_empty(&self) -> bool {
        self.by_package.is_empty()
    }

    /// rez's `get_orderer`: the family's orderer, else the `*` one, else `SortedOrder(descending=True)`.
    pub fn get_orderer(&self, name: &str) -> &PackageOrder {
        self.by_package
            .get(name)
            .or_else(|| self.by_package.get(ALL_PACKAGES))
            .unwrap_or(&self.default)
    }

    /// True if some orderer reads package timestamps.
    pub fn uses_timestamps(&self) -> bool {
        self.by_package.values().any(|o| o.uses_timestamps())
    }
}

/// A comparison Python would answer by raising (`AttributeError` or `TypeError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Raise;

/// A Python value in one of rez's orderer sort keys.
#[derive(Clone, Debug)]
pub enum Key {
    /// An `int` (or `bool`: rez's `True` is `Int(1)`).
    Int(i64),
    /// A `Version` (`Version.inf` included).
    Version(Version),
    /// `_ReversedComparable(version)`.
    Reversed(Version),
    /// A list of version tokens (`version.tokens[n:]`), compared as a version made of them.
    Tokens(Version),
    /// A tuple.
    Tuple(Vec<Key>),
}

impl Key {
    /// Python's `self == other` (never raises for these values).
    pub fn eq(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Int(a), Key::Int(b)) => a == b,
            (Key::Version(a), Key::Version(b))
            | (Key::Reversed(a), Key::Reversed(b))
            | (Key::Tokens(a), Key::Tokens(b)) => a == b,
            (Key::Tuple(a), Key::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq(y))
            }
            _ => false,
        }
    }

    /// Python's `self < other`. `Version.__lt__` returns False for `Version.inf` before looking at
    /// the other side, and `Version.__gt__` (the reflected `<`) is True for it; every other mixed
    /// comparison raises.
    pub fn lt(&self, other: &Key) -> Result<bool, Raise> {
        match (self, other) {
            (Key::Int(a), Key::Int(b)) => Ok(a < b),
            (Key::Version(a), Key::Version(b)) | (Key::Tokens(a), Key::Tokens(b)) => Ok(a < b),
            (Key::Version(a), _) => {
                if a.is_inf() {
                    Ok(false)
                } else {
                    Err(Raise)
                }
            }
            (_, Key::Version(b)) => {
                if b.is_inf() {
                    Ok(true)
                } else {
                    Err(Raise)
                }
            }
            (Key::Reversed(a), Key::Reversed(b)) => Ok(b < a),
            (Key::Tuple(a), Key::Tuple(b)) => {
                for (x, y) in a.iter().zip(b) {
                    if !x.eq(y) {
                        return x.lt(y);
                    }
                }
                Ok(a.len() < b.len())
            }
            _ => Err(Raise),
        }
    }
}

/// rez's `FallbackComparable(main, version)`: compares `main`, or the versions when that raises.
#[derive(Clone, Debug)]
pub struct Fallback {
    pub main: Key,
    pub version: Version,
}

impl Fallback {
    /// `FallbackComparable.__eq__`.
    pub fn eq(&self, other: &Fallback) -> bool {
        self.main.eq(&other.main)
    }

    /// `FallbackComparable.__lt__`.
    pub fn lt(&self, other: &Fallback) -> bool {
        match self.main.lt(&other.main) {
            Ok(b) => b,
            Err(Raise) => self.version < other.version,
        }
    }
}

/// `first_after` of each family for the `soft_timestamp` orderers of one solve.
pub trait FirstAfter {
    /// rez's `TimestampPackageOrder._get_first_after(family)`.
    fn first_after(
        &self,
        family: &str,
        timestamp: i64,
        rank: i64,
    ) -> Result<Option<Version>, SolveError>;
}

/// rez's `_calc_first_after` over every package of `family` (`None`: no package at all).
pub fn calc_first_after(
    family: Option<&Family>,
    timestamp: i64,
    rank: i64,
) -> Result<Option<Version>, SolveError> {
    let mut descending: Vec<(&Version, Option<i64>)> = family
        .map(|f| {
            f.packages
                .iter()
                .enumerate()
                .map(|(i, p)| (&p.version, f.extra(i).and_then(|e| e.timestamp)))
                .collect()
        })
        .unwrap_or_default();
    descending.sort_by(|a, b| b.0.cmp(a.0));
    let mut first_after = None;
    // The loop variables after rez's loop: the package it stopped at (or the last one).
    let mut stop: Option<(usize, &Version)> = None;
    for (i, (version, ts)) in descending.iter().enumerate() {
        stop = Some((i, version));
        let Some(ts) = ts.filter(|&t| t != 0) else {
            continue;
        };
        if ts > timestamp {
            first_after = Some((*version).clone());
        } else {
            break;
        }
    }
    if rank == 0 {
        return Ok(first_after);
    }
    let Some((i, version)) = stop else {
        return Err(SolveError::Unsupported(
            "UnboundLocalError: cannot access local variable 'package' where it is not associated \
             with a value (rez 3.4.0's soft_timestamp orderer with a rank, on a family with no \
             package)"
                .to_string(),
        ));
    };
    let trimmed = version.trim((rank - 1) as isize);
    for (after, _) in descending[..i].iter().rev() {
        if after.trim((rank - 1) as isize) != trimmed {
            return Ok(Some((*after).clone()));
        }
    }
    Ok(None)
}

/// `version.tokens[start:]` as a version (only compared, so the separators do not matter).
fn tokens_from(version: &Version, start: i64) -> Version {
    let tokens = version.tokens();
    let from = if start >= 0 {
        (start as usize).min(tokens.len())
    } else {
        tokens.len().saturating_sub(start.unsigned_abs() as usize)
    };
    let rest = tokens[from..].to_vec();
    let seps = vec!['.'; rest.len().saturating_sub(1)];
    Version::from_parts(rest, seps)
}

impl PackageOrder {
    /// rez's `sort_key_implementation(package_name, version)`.
    pub fn sort_key_implementation(
        &self,
        name: &str,
        version: &Version,
        first_after: &dyn FirstAfter,
    ) -> Result<Key, SolveError> {
        match self {
            PackageOrder::NoOrder => Ok(Key::Int(0)),
            PackageOrder::Sorted { descending: true } => Ok(Key::Version(version.clone())),
            PackageOrder::Sorted { descending: false } => Ok(Key::Reversed(version.clone())),
            PackageOrder::PerFamily {
                order_dict,
                default_order,
            } => match order_dict.get(name).or(default_order.as_ref()) {
                Some(o) => o.sort_key_implementation(name, version, first_after),
                None => Err(SolveError::Unsupported(format!(
                    "RuntimeError: package family orderer {self:?} does not apply to package family \
                     '{name}' (a per_family orderer inside a per_family orderer names neither it \
                     nor a default_order)"
                ))),
            },
            PackageOrder::VersionSplit { first_version } => Ok(Key::Tuple(vec![
                Key::Int(i64::from(version <= first_version)),
                Key::Version(version.clone()),
            ])),
            PackageOrder::SoftTimestamp { timestamp, rank } => {
                let after = first_after.first_after(name, *timestamp, *rank)?;
                let is_before = match &after {
                    None => true,
                    Some(a) => version < a,
                };
                if is_before {
                    return Ok(Key::Tuple(vec![Key::Int(1), Key::Version(version.clone())]));
                }
                if *rank != 0 {
                    if version.is_inf() {
                        return Err(SolveError::Unsupported(
                            "RuntimeError: Version.inf cannot be trimmed (rez 3.4.0's \
                             soft_timestamp orderer with a rank, on a range without upper bound \
                             in a variant's requirements)"
                                .to_string(),
                        ));
                    }
                    return Ok(Key::Tuple(vec![
                        Key::Int(0),
                        Key::Reversed(version.trim((rank - 1) as isize)),
                        Key::Tokens(tokens_from(version, rank - 1)),
                    ]));
                }
                Ok(Key::Tuple(vec![
                    Key::Int(0),
                    Key::Reversed(version.clone()),
                ]))
            }
        }
    }

    /// rez's `sort_key(package_name, version)` for a version: the `FallbackComparable`.
    pub fn sort_key(
        &self,
        name: &str,
        version: &Version,
        first_after: &dyn FirstAfter,
    ) -> Result<Fallback, SolveError> {
        Ok(Fallback {
            main: self.sort_key_implementation(name, version, first_after)?,
            version: version.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    struct Fixed(Option<Version>);
    impl FirstAfter for Fixed {
        fn first_after(&self, _: &str, _: i64, _: i64) -> Result<Option<Version>, SolveError> {
            Ok(self.0.clone())
        }
    }

    #[test]
    fn mixed_keys_compare_as_python_does() {
        let ver = Key::Version(v("1"));
        let inf = Key::Version(Version::inf());
        let tup = Key::Tuple(vec![Key::Int(1), Key::Version(v("1"))]);
        let rev = Key::Reversed(v("1"));
        assert_eq!(ver.lt(&tup), Err(Raise));
        assert_eq!(tup.lt(&ver), Err(Raise));
        assert_eq!(inf.lt(&tup), Ok(false));
        assert_eq!(tup.lt(&inf), Ok(true));
        assert_eq!(rev.lt(&Key::Int(0)), Err(Raise));
        assert_eq!(Key::Int(0).lt(&inf), Ok(true));
        assert!(!ver.eq(&tup));
        assert!(!rev.eq(&ver));
        // (0, Version) vs (0, reverse(Version)): the second elements raise inside the tuple.
        let a = Key::Tuple(vec![Key::Int(0), Key::Version(v("2"))]);
        let b = Key::Tuple(vec![Key::Int(0), Key::Reversed(v("1"))]);
        assert_eq!(a.lt(&b), Err(Raise));
        let fa = Fallback {
            main: a,
            version: v("2"),
        };
        let fb = Fallback {
            main: b,
            version: v("1"),
        };
        assert!(fb.lt(&fa));
        assert!(!fa.lt(&fb));
        assert!(!fa.eq(&fb));
    }

    #[test]
    fn soft_timestamp_keys() {
        let o = PackageOrder::SoftTimestamp {
            timestamp: 10,
            rank: 2,
        };
        let k = o
            .sort_key_implementation("foo", &v("2.1.3"), &Fixed(Some(v("2.1"))))
            .unwrap();
        assert!(matches!(&k, Key::Tuple(t) if t.len() == 3));
        let err = o.sort_key_implementation("foo", &Version::inf(), &Fixed(Some(v("2.1"))));
        assert!(err.is_err());
        let before = o
            .sort_key_implementation("foo", &Version::inf(), &Fixed(None))
            .unwrap();
        assert!(matches!(&before, Key::Tuple(t) if t.len() == 2));
    }

    #[test]
    fn first_after_follows_rez_loop() {
        let defs = [
            ("1.0", Some(100)),
            ("1.1", Some(200)),
            ("2.0", Some(300)),
            ("2.1", Some(400)),
        ]
        .iter()
        .map(|(ver, ts)| {
            let mut d = super::super::package::PackageDef::new(v(ver), vec![], None);
            d.timestamp = *ts;
            d
        })
        .collect();
        let fam = Family::new("foo", defs, false).unwrap();
        assert_eq!(
            calc_first_after(Some(&fam), 250, 0).unwrap(),
            Some(v("2.0"))
        );
        assert_eq!(
            calc_first_after(Some(&fam), 250, 2).unwrap(),
            Some(v("2.0"))
        );
        assert_eq!(calc_first_after(Some(&fam), 250, 1).unwrap(), None);
        assert_eq!(calc_first_after(Some(&fam), 500, 2).unwrap(), None);
        assert_eq!(calc_first_after(Some(&fam), 50, 0).unwrap(), Some(v("1.0")));
        assert_eq!(calc_first_after(None, 50, 0).unwrap(), None);
        assert!(calc_first_after(None, 50, 1).is_err());
    }
}
