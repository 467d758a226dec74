//! The solver's view of a package.py: (name, version, requires, variants) when all are plain literals.

use super::package::{FieldRead, PackageSource};
use super::schema::is_wildcard_requirement;
use super::{parse_package, parse_package_bytes};

/// Name, version, requirements and variants read without executing anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticPackage {
    pub name: String,
    /// `""` when the file has no `version`.
    pub version: String,
    /// Empty when the file has no `requires`.
    pub requires: Vec<String>,
    /// Empty when the file has no `variants`.
    pub variants: Vec<Vec<String>>,
}

fn explain<T>(field: &str, read: FieldRead<'_, T>, absent: Option<T>) -> Result<T, String> {
    match read {
        FieldRead::Value(v) => Ok(v),
        FieldRead::Absent => absent.ok_or_else(|| format!("`{field}` is missing")),
        FieldRead::Computed(c) => Err(format!("`{field}` is computed: {}", c.reason)),
        FieldRead::WrongType {
            expected,
            found,
            span,
        } => Err(format!(
            "`{field}` has a {found} where a {expected} is expected (line {})",
            span.human_line()
        )),
    }
}

impl PackageSource {
    /// The static package data, or why it cannot be read statically.
    pub fn static_package_result(&self) -> Result<StaticPackage, String> {
        if let Some(e) = self.errors.first() {
            return Err(format!("syntax error: {e}"));
        }
        let name = explain("name", self.read_string("name"), None)?.value;
        let version = explain(
            "version",
            self.read_string("version").map(|s| s.value),
            Some(String::new()),
        )?;
        let requires = explain(
            "requires",
            self.read_string_list("requires"),
            Some(Vec::new()),
        )?;
        let variants = explain("variants", self.read_variants(), Some(Vec::new()))?;
        let wildcard = requires
            .iter()
            .chain(variants.iter().flatten())
            .find(|r| is_wildcard_requirement(&r.value));
        if let Some(w) = wildcard {
            return Err(format!(
                "the requirement '{}' (line {}) is a wildcard that rez's developer package loading expands",
                w.value,
                w.span.human_line()
            ));
        }
        Ok(StaticPackage {
            name,
            version,
            requires: requires.into_iter().map(|s| s.value).collect(),
            variants: variants
                .into_iter()
                .map(|row| row.into_iter().map(|s| s.value).collect())
                .collect(),
        })
    }

    /// [`static_package_result`](Self::static_package_result) without the reason.
    pub fn static_package(&self) -> Option<StaticPackage> {
        self.static_package_result().ok()
    }
}

/// Reads name, version, requires and variants from package.py source without
/// executing it; `None` when the file has a syntax error, has no literal `name`,
/// any of the four is computed by code (or is a literal of a type rez rejects, a tuple
/// included), or a requirement is a wildcard (`python-*`) only rez can expand.
pub fn static_package_data(source: &str) -> Option<StaticPackage> {
    parse_package(source).static_package()
}

/// [`static_package_data`] for raw bytes (must be UTF-8, as Python 3 assumes).
/// Plain files take a fast path that gives the same answer as the full reader.
pub fn static_package_data_bytes(source: &[u8]) -> Option<StaticPackage> {
    super::fast::plain_package_data(source).or_else(|| parse_package_bytes(source).static_package())
}
