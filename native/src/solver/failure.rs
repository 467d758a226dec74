//! Why a phase failed (rez's FailureReason classes) and why a solve aborted (rez's exceptions).

use crate::version::{Requirement, Version};
use std::fmt;

/// A variant removed because one of its requirements conflicts with another scope.
#[derive(Clone, Debug)]
pub struct Reduction {
    /// `name-version[index]` of the removed variant.
    pub variant: String,
    pub dependency: Requirement,
    pub conflicting_request: Requirement,
}

/// Why one phase of the solve failed.
#[derive(Clone, Debug)]
pub enum FailureReason {
    /// `(dependency, conflicting request)`: a requirement that cannot hold together with a scope.
    DependencyConflicts(Vec<(Requirement, Requirement)>),
    /// Every variant of a scope was removed.
    TotalReduction(Vec<Reduction>),
    /// The resolved packages depend on each other in a loop: `(family, version)`.
    Cycle(Vec<(String, Version)>),
    /// A family required by a package does not exist (with `error_on_missing_variant_requires` off).
    MissingFamily(String),
}

fn versioned(name: &str, v: &Version) -> String {
    if v.is_empty() {
        name.to_string()
    } else {
        format!("{name}-{v}")
    }
}

impl FailureReason {
    /// rez's `description()`.
    pub fn description(&self) -> String {
        match self {
            FailureReason::DependencyConflicts(_) => {
                format!("The following package conflicts occurred: {self}")
            }
            FailureReason::TotalReduction(_) => format!("A package was completely reduced: {self}"),
            FailureReason::Cycle(_) => format!("A cyclic dependency was detected: {self}"),
            FailureReason::MissingFamily(m) => m.clone(),
        }
    }

    /// The requirements this failure involves (rez's `involved_requirements`, as strings).
    pub fn involved(&self) -> Vec<String> {
        match self {
            FailureReason::DependencyConflicts(cs) => cs
                .iter()
                .flat_map(|(a, b)| [a.to_string(), b.to_string()])
                .collect(),
            FailureReason::TotalReduction(rs) => rs
                .iter()
                .flat_map(|r| {
                    [
                        r.variant.clone(),
                        r.dependency.to_string(),
                        r.conflicting_request.to_string(),
                    ]
                })
                .collect(),
            FailureReason::Cycle(ps) => ps.iter().map(|(n, v)| versioned(n, v)).collect(),
            FailureReason::MissingFamily(_) => Vec::new(),
        }
    }
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailureReason::DependencyConflicts(cs) => {
                let parts: Vec<String> = cs
                    .iter()
                    .map(|(a, b)| format!("({a} <--!--> {b})"))
                    .collect();
                f.write_str(&parts.join(" "))
            }
            FailureReason::TotalReduction(rs) => {
                let parts: Vec<String> = rs
                    .iter()
                    .map(|r| {
                        format!(
                            "({} (dep({}) <--!--> {}))",
                            r.variant, r.dependency, r.conflicting_request
                        )
                    })
                    .collect();
                f.write_str(&parts.join(" "))
            }
            FailureReason::Cycle(ps) => {
                let mut parts: Vec<String> = ps.iter().map(|(n, v)| versioned(n, v)).collect();
                if let Some(first) = parts.first().cloned() {
                    parts.push(first);
                }
                f.write_str(&parts.join(" --> "))
            }
            FailureReason::MissingFamily(m) => f.write_str(m),
        }
    }
}

/// A situation where rez raises instead of backtracking; the whole solve stops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SolveError {
    /// rez's `PackageFamilyNotFoundError`.
    FamilyNotFound(String),
    /// rez's `PackageNotFoundError`.
    PackageNotFound(String),
    /// rez's `ResolveError` (a variant's own requirements conflict).
    InternalConflict(String),
    /// rez's `PackageMetadataError`: a package definition its schema rejects, once reached.
    PackageMetadata(String),
    /// A package rez cannot load once reached (a missing or unreadable definition file), the
    /// message as the caller wrote it (rez's exception name first).
    PackageLoad(String),
    /// The package provider failed (bad data, a callback that raised).
    Provider(String),
    /// A request rez cannot handle (it crashes on them), reported instead of crashing.
    Unsupported(String),
}

impl SolveError {
    /// The error's message, prefixed with rez's exception name.
    pub fn message(&self) -> String {
        match self {
            SolveError::FamilyNotFound(m) => format!("PackageFamilyNotFoundError: {m}"),
            SolveError::PackageNotFound(m) => format!("PackageNotFoundError: {m}"),
            SolveError::InternalConflict(m) => format!("ResolveError: {m}"),
            SolveError::PackageMetadata(m) => format!("PackageMetadataError: {m}"),
            SolveError::PackageLoad(m) => m.clone(),
            SolveError::Provider(m) => m.clone(),
            SolveError::Unsupported(m) => m.clone(),
        }
    }
}
