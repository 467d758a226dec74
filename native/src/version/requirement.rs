//! `Requirement` (`foo-1+<2`, `!foo`, `~foo-2`) and `RequirementList` merging, as in rez.

use super::error::VersionError;
use super::fxhash::FxBuildHasher;
use super::name::Name;
use super::range::VersionRange;
use super::version::Version;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A requirement on a family: a name, a range, and the conflict / weak flags.
#[derive(Clone, Debug)]
pub struct Requirement {
    pub name: Name,
    /// `None` only for a weak requirement with no range (`~foo`), which constrains nothing.
    pub range: Option<VersionRange>,
    /// `!foo` (and every weak requirement, stored as the conflict on the complement).
    pub conflict: bool,
    /// `~foo`.
    pub weak: bool,
    /// The separator written between name and range (`-`, `@` or `#`), kept for printing.
    pub sep: char,
}

fn is_req_sep(c: char) -> bool {
    matches!(c, '-' | '@' | '#' | '=' | '<' | '>')
}

impl Requirement {
    /// Parse a requirement string exactly as `rez.version.Requirement(s)` does.
    pub fn parse(s: &str) -> Result<Requirement, VersionError> {
        Self::parse_with(s, true)
    }

    /// Parse, with rez's `invalid_bound_error` switch.
    pub fn parse_with(s: &str, invalid_bound_error: bool) -> Result<Requirement, VersionError> {
        let (body, conflict, weak) = if let Some(rest) = s.strip_prefix('!') {
            (rest, true, false)
        } else if let Some(rest) = s.strip_prefix('~') {
            (rest, true, true)
        } else {
            (s, false, false)
        };
        let mut req = Requirement {
            name: "".into(),
            range: None,
            conflict,
            weak,
            sep: '-',
        };
        match body.char_indices().find(|&(_, c)| is_req_sep(c)) {
            Some((i, c)) => {
                req.name = body[..i].into();
                let mut range_str = &body[i..];
                if matches!(c, '-' | '@' | '#') {
                    req.sep = c;
                    range_str = &range_str[1..];
                }
                let range =
                    VersionRange::parse_with(range_str, invalid_bound_error).map_err(|e| {
                        VersionError::new(format!("Invalid requirement '{s}': {}", e.message()))
                    })?;
                req.range = if weak {
                    range.inverse().map_err(|e| {
                        VersionError::new(format!("Invalid requirement '{s}': {}", e.message()))
                    })?
                } else {
                    Some(range)
                };
            }
            None => {
                req.name = body.into();
                req.range = if weak {
                    None
                } else {
                    Some(VersionRange::any())
                };
            }
        }
        Ok(req)
    }

    /// rez's `Requirement.construct(name, range)`.
    pub fn construct(name: &str, range: Option<VersionRange>) -> Requirement {
        Self::construct_named(name.into(), range)
    }

    /// `construct` with an already interned name.
    pub fn construct_named(name: Name, range: Option<VersionRange>) -> Requirement {
        Requirement {
            name,
            range: Some(range.unwrap_or_else(VersionRange::any)),
            conflict: false,
            weak: false,
            sep: '-',
        }
    }

    /// True for an ephemeral requirement (`.foo`): a name starting with `.`.
    pub fn is_ephemeral(&self) -> bool {
        self.name.starts_with('.')
    }

    /// rez's `conflicts_with` against another requirement.
    pub fn conflicts_with(&self, other: &Requirement) -> bool {
        if self.name != other.name {
            return false;
        }
        let (Some(a), Some(b)) = (&self.range, &other.range) else {
            return false;
        };
        if self.conflict {
            !other.conflict && a.issuperset(b)
        } else if other.conflict {
            b.issuperset(a)
        } else {
            !a.intersects(b)
        }
    }

    /// rez's `conflicts_with` against a versioned object `name-version`.
    pub fn conflicts_with_version(&self, name: &str, version: &Version) -> bool {
        if &*self.name != name {
            return false;
        }
        let Some(r) = &self.range else {
            return false;
        };
        if self.conflict {
            r.contains_version(version)
        } else {
            !r.contains_version(version)
        }
    }

    fn with_flags_of(src: &Requirement, range: VersionRange) -> Requirement {
        Requirement {
            name: src.name.clone(),
            range: Some(range),
            conflict: src.conflict,
            weak: src.weak,
            sep: src.sep,
        }
    }

    /// rez's `merged`: both requirements at once, or `None` when they cannot both hold.
    /// `Err` where rez raises (the complement of a range its normalisation left adjacent).
    pub fn merged(&self, other: &Requirement) -> Result<Option<Requirement>, VersionError> {
        if self.name != other.name {
            return Ok(None);
        }
        let Some(a) = &self.range else {
            return Ok(Some(other.clone()));
        };
        let Some(b) = &other.range else {
            return Ok(Some(self.clone()));
        };
        if self.conflict {
            if other.conflict {
                let range = a.union(b)?;
                let weak = self.weak && other.weak && !range.is_any();
                let mut r = Self::with_flags_of(self, range);
                r.weak = weak;
                Ok(Some(r))
            } else {
                Ok(b.subtract(a)?
                    .map(|range| Self::with_flags_of(other, range)))
            }
        } else if other.conflict {
            Ok(a.subtract(b)?.map(|range| Self::with_flags_of(self, range)))
        } else {
            Ok(a.intersection(b)
                .map(|range| Self::with_flags_of(self, range)))
        }
    }
}

impl PartialEq for Requirement {
    /// Name, stored range and conflict flag; the weak flag is not compared (as in rez).
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.range == other.range && self.conflict == other.conflict
    }
}

impl Eq for Requirement {}

impl Hash for Requirement {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.range.hash(state);
        self.conflict.hash(state);
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pre = if self.weak {
            "~"
        } else if self.conflict {
            "!"
        } else {
            ""
        };
        let shown: Option<VersionRange> = if self.weak || self.range.is_none() {
            match &self.range {
                Some(r) => r.inverse().ok().flatten(),
                None => None,
            }
        } else {
            self.range.clone()
        };
        let range_str = match &shown {
            Some(r) if !r.is_any() => r.to_string(),
            _ => String::new(),
        };
        let sep = match range_str.chars().next() {
            None | Some('=') | Some('<') | Some('>') => String::new(),
            Some(_) => self.sep.to_string(),
        };
        write!(f, "{pre}{}{sep}{range_str}", self.name)
    }
}

/// A merged list of requirements: one per family in first-appearance order, or a conflict.
#[derive(Clone, Debug)]
pub struct RequirementList {
    /// Merged so far, one per family; on a conflict, the state when it was found.
    merged: Vec<Requirement>,
    conflict: Option<(Requirement, Requirement)>,
    /// Positions in `merged` by name, made only for lists longer than `SHORT` (shorter ones are
    /// searched in order, which is faster than hashing).
    by_name: HashMap<Name, usize, FxBuildHasher>,
}

/// Lists up to this long are searched without the `by_name` map.
const SHORT: usize = 8;

impl PartialEq for RequirementList {
    fn eq(&self, other: &Self) -> bool {
        self.merged == other.merged && self.conflict == other.conflict
    }
}

impl Eq for RequirementList {}

impl RequirementList {
    /// Fold `reqs` left to right, merging per family; stop at the first merge failure.
    pub fn new(reqs: &[Requirement]) -> Result<RequirementList, VersionError> {
        let mut list = RequirementList {
            merged: Vec::with_capacity(reqs.len()),
            conflict: None,
            by_name: HashMap::default(),
        };
        for req in reqs {
            match list.position(&req.name) {
                None => {
                    if !list.by_name.is_empty() {
                        list.by_name.insert(req.name.clone(), list.merged.len());
                    }
                    list.merged.push(req.clone());
                    if list.merged.len() == SHORT + 1 {
                        list.by_name = list
                            .merged
                            .iter()
                            .enumerate()
                            .map(|(i, r)| (r.name.clone(), i))
                            .collect();
                    }
                }
                Some(i) => match list.merged[i].merged(req)? {
                    Some(m) => list.merged[i] = m,
                    None => {
                        list.conflict = Some((list.merged[i].clone(), req.clone()));
                        return Ok(list);
                    }
                },
            }
        }
        Ok(list)
    }

    /// Where the requirement on `name` is in `merged`.
    fn position(&self, name: &Name) -> Option<usize> {
        if self.by_name.is_empty() {
            self.merged.iter().position(|r| r.name == *name)
        } else {
            self.by_name.get(name).copied()
        }
    }

    /// The merged requirements (empty when there is a conflict).
    pub fn requirements(&self) -> &[Requirement] {
        if self.conflict.is_some() {
            &[]
        } else {
            &self.merged
        }
    }

    /// The first pair that could not be merged: (merged so far, offending requirement).
    pub fn conflict(&self) -> Option<&(Requirement, Requirement)> {
        self.conflict.as_ref()
    }

    /// The merged requirement on `name` (also after a conflict, as merged until then).
    pub fn get(&self, name: &str) -> Option<&Requirement> {
        Name::lookup(name).and_then(|n| self.get_name(&n))
    }

    /// The merged requirement on an interned name (the fast path).
    pub fn get_name(&self, name: &Name) -> Option<&Requirement> {
        self.position(name).map(|i| &self.merged[i])
    }

    /// Names of the non-conflict requirements.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.requirements()
            .iter()
            .filter(|r| !r.conflict)
            .map(|r| r.name.as_ref())
    }

    /// Names of the conflict and weak requirements.
    pub fn conflict_names(&self) -> impl Iterator<Item = &str> {
        self.requirements()
            .iter()
            .filter(|r| r.conflict)
            .map(|r| r.name.as_ref())
    }
}

impl fmt::Display for RequirementList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((a, b)) = &self.conflict {
            return write!(f, "{a} <--!--> {b}");
        }
        for (i, r) in self.requirements().iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Requirement {
        Requirement::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn list(reqs: &[&str]) -> RequirementList {
        let v: Vec<Requirement> = reqs.iter().map(|s| q(s)).collect();
        RequirementList::new(&v).unwrap()
    }

    #[test]
    fn printing_round_trips() {
        let table = [
            ("foo", "foo"),
            ("foo-", "foo"),
            ("foo>=1,<2", "foo-1+<2"),
            ("foo-<2", "foo<2"),
            ("foo>=2", "foo-2+"),
            ("foo@1", "foo@1"),
            ("~foo-2+", "~foo-2+"),
            ("~foo<1", "~foo<1"),
            ("~foo", "~foo"),
            ("!foo", "!foo"),
            (".eek-3+", ".eek-3+"),
        ];
        for (input, want) in table {
            assert_eq!(q(input).to_string(), want, "{input}");
        }
        assert_eq!(q("~foo-1").range.unwrap().to_string(), "<1|1_+");
        assert!(q("~foo").range.is_none());
        assert_eq!(&*q("-foo").name, "");
    }

    #[test]
    fn invalid_requirements() {
        for bad in ["foo--1", "foo=1", "foo-**", "foo-1 "] {
            assert!(Requirement::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn merging() {
        assert_eq!(
            list(&["bah-2.4", "foo", "bah-2.4.1+"]).to_string(),
            "bah-2.4.1+<2.4_ foo"
        );
        assert_eq!(
            list(&["~bah-4", "foo", "bah<4.2"]).to_string(),
            "bah-4+<4.2 foo"
        );
        assert_eq!(
            list(&["~bah", "!foo", "bah<4.2"]).to_string(),
            "bah<4.2 !foo"
        );
        assert_eq!(list(&["a", "!a-2", "!a-3"]).to_string(), "a<2|2_+<3|3_+");
        assert_eq!(list(&["~foo-1+", "~foo-2+"]).to_string(), "~foo-2+");
        assert_eq!(list(&["~foo-1", "~foo-2"]).to_string(), "!foo");
        assert_eq!(list(&["~foo-2", "!foo-1"]).to_string(), "!foo<2|2_+");
        assert_eq!(
            list(&["foo-1", "!foo-1.5"]).to_string(),
            "foo-1+<1.5|1.5_+<1_"
        );
        let c = list(&["foo", "~bah-5+", "bah-7..12", "bah-2"]);
        let (a, b) = c.conflict().unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("bah-7..12".to_string(), "bah-2".to_string())
        );
    }

    #[test]
    fn conflicts() {
        assert!(q("foo-1").conflicts_with(&q("foo-2")));
        assert!(!q("foo-1").conflicts_with(&q("bar-2")));
        assert!(q("!foo-1").conflicts_with(&q("foo-1.5")));
        assert!(q("foo-1.5").conflicts_with(&q("!foo-1")));
        assert!(!q("!foo-1").conflicts_with(&q("!foo-1")));
        assert!(q("!foo").conflicts_with_version("foo", &Version::parse("3").unwrap()));
    }
}
