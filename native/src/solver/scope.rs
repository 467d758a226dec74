//! A package scope: what is still possible for one family in a phase (rez's `_PackageScope`).

use super::failure::{Reduction, SolveError};
use super::slice::{Reduced, Slice, SortContext};
use crate::version::{Name, Requirement, VersionRange};

/// The three kinds of scope rez keeps.
#[derive(Clone, Debug)]
pub enum Scope {
    /// A family with candidate variants; `request` is `name` + the slice's exact versions.
    Variants { slice: Slice, request: Requirement },
    /// A conflict or weak request (`!foo`, `~foo-2`) that has not been pulled in yet.
    Conflict { request: Requirement },
    /// An ephemeral (`.foo-1`, possibly conflict or weak): a range, never packages.
    Ephemeral { request: Requirement },
}

/// The result of narrowing a scope.
pub enum Narrowed {
    Unchanged,
    Changed(Scope),
    /// Nothing is left: the phase fails with a dependency conflict.
    Conflict,
}

impl Scope {
    /// A variant scope over `slice`.
    pub fn from_slice(slice: Slice) -> Scope {
        let request =
            Requirement::construct_named(slice.fam.name.clone(), Some(slice.range().clone()));
        Scope::Variants { slice, request }
    }

    /// The family name.
    pub fn name(&self) -> &Name {
        match self {
            Scope::Variants { slice, .. } => &slice.fam.name,
            Scope::Conflict { request } | Scope::Ephemeral { request } => &request.name,
        }
    }

    /// rez's `package_request`.
    pub fn request(&self) -> &Requirement {
        match self {
            Scope::Variants { request, .. }
            | Scope::Conflict { request }
            | Scope::Ephemeral { request } => request,
        }
    }

    /// rez's `is_conflict`.
    pub fn is_conflict(&self) -> bool {
        match self {
            Scope::Variants { .. } => false,
            Scope::Conflict { .. } => true,
            Scope::Ephemeral { request } => request.conflict,
        }
    }

    /// The variant slice, for variant scopes.
    pub fn slice(&self) -> Option<&Slice> {
        match self {
            Scope::Variants { slice, .. } => Some(slice),
            _ => None,
        }
    }

    /// Extract every common dependency left (variant scopes only), pushed onto `out`; the scope
    /// after the extractions, or `None` when there was nothing to extract.
    pub fn extract_all(
        &self,
        ctx: &SortContext,
        out: &mut Vec<Requirement>,
    ) -> Result<Option<Scope>, SolveError> {
        let Scope::Variants { slice, request } = self else {
            return Ok(None);
        };
        Ok(slice.extract_all(ctx, out)?.map(|s| Scope::Variants {
            slice: s,
            request: request.clone(),
        }))
    }

    /// Narrow to `range`. `load` gives the family's slice for a range when a conflict scope is pulled in.
    pub fn intersect(
        &self,
        range: &VersionRange,
        load: &mut dyn FnMut(&str, &VersionRange) -> Result<Option<Slice>, SolveError>,
    ) -> Result<Narrowed, SolveError> {
        match self {
            Scope::Ephemeral { request } => {
                let new_range = if request.conflict {
                    match &request.range {
                        Some(c) => range.subtract(c).map_err(|e| SolveError::Unsupported(e.to_string()))?,
                        None => {
                            return Err(SolveError::Unsupported(format!(
                                "rez cannot solve the weak ephemeral request '{request}' without a range \
                                 (rez 3.4.0 fails here with AttributeError)"
                            )))
                        }
                    }
                } else {
                    range.intersection(
                        request
                            .range
                            .as_ref()
                            .expect("non-conflict requirement has a range"),
                    )
                };
                match new_range {
                    None => Ok(Narrowed::Conflict),
                    Some(r) if Some(&r) == request.range.as_ref() => Ok(Narrowed::Unchanged),
                    Some(r) => Ok(Narrowed::Changed(Scope::Ephemeral {
                        request: Requirement::construct_named(request.name.clone(), Some(r)),
                    })),
                }
            }
            Scope::Conflict { request } => {
                let slice = match &request.range {
                    None => load(&request.name, range)?,
                    Some(c) => match range
                        .subtract(c)
                        .map_err(|e| SolveError::Unsupported(e.to_string()))?
                    {
                        Some(r) => load(&request.name, &r)?,
                        None => None,
                    },
                };
                Ok(match slice {
                    None => Narrowed::Conflict,
                    Some(s) => Narrowed::Changed(Scope::from_slice(s)),
                })
            }
            Scope::Variants { slice, .. } => Ok(match slice.intersect(range) {
                None => Narrowed::Conflict,
                Some(None) => Narrowed::Unchanged,
                Some(Some(s)) => Narrowed::Changed(Scope::from_slice(s)),
            }),
        }
    }

    /// Remove variants that conflict with another scope's request.
    pub fn reduce_by(
        &self,
        request: &Requirement,
        ctx: &SortContext,
    ) -> Result<(Narrowed, Vec<Reduction>), SolveError> {
        let Scope::Variants { slice, .. } = self else {
            return Ok((Narrowed::Unchanged, Vec::new()));
        };
        Ok(match slice.reduce_by(request, ctx)? {
            Reduced::Unchanged => (Narrowed::Unchanged, Vec::new()),
            Reduced::Narrowed(s) => (Narrowed::Changed(Scope::from_slice(s)), Vec::new()),
            Reduced::Empty(reds) => (Narrowed::Conflict, reds),
        })
    }

    /// Split a variant scope with more than one variant into preferred part and rest.
    pub fn split(&self, ctx: &SortContext) -> Result<Option<(Scope, Scope)>, SolveError> {
        let Scope::Variants { slice, .. } = self else {
            return Ok(None);
        };
        if slice.len() == 1 {
            return Ok(None);
        }
        let (a, b) = slice.split(ctx)?;
        Ok(Some((Scope::from_slice(a), Scope::from_slice(b))))
    }

    /// rez's `_is_solved`.
    pub fn is_solved(&self, ctx: &SortContext) -> Result<bool, SolveError> {
        match self {
            Scope::Variants { slice, .. } => Ok(slice.len() == 1 && !slice.extractable(ctx)?),
            _ => Ok(true),
        }
    }
}
