//! Package providers backed by Python data: a package list, a `Repository`, or a `load_family` callback.

use super::solve::{PyPackageData, PACKAGE_EDITS};
use crate::solver::{
    parse_package_request, Family, InvalidKey, InvalidPackage, PackageDef, PackageProvider,
};
use crate::version::{Requirement, Version};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Package data as plain strings, read off a `PackageData` while holding the GIL.
#[derive(Clone, Debug)]
pub struct RawPackage {
    pub name: String,
    pub version: String,
    pub requires: Vec<String>,
    pub variants: Vec<Vec<String>>,
    pub timestamp: Option<i64>,
    pub excluded: bool,
    /// What loading the package fails with, raised only when the solve reaches it.
    pub load_error: Option<String>,
}

/// Parsed requirement strings, so that equal strings share one parsed range (and memo entries).
pub type ReqMemo = HashMap<String, Requirement>;

/// Parse requirement strings as rez's package schema does (`PackageRequest`); `Err` is the
/// `repr()` of the first exception rez raises, with the string it raised on.
fn parse_reqs(reqs: &[String], memo: &mut ReqMemo) -> Result<Vec<Requirement>, (String, String)> {
    let mut out = Vec::with_capacity(reqs.len());
    for s in reqs {
        if let Some(r) = memo.get(s) {
            out.push(r.clone());
            continue;
        }
        let r = parse_package_request(s).map_err(|e| (s.clone(), e))?;
        memo.insert(s.clone(), r.clone());
        out.push(r);
    }
    Ok(out)
}

/// rez's `PackageMetadataError` message for a key whose requirement string does not validate.
fn invalid(key: InvalidKey, label: &str, (s, error): (String, String)) -> InvalidPackage {
    let name = match key {
        InvalidKey::Variants => "variants",
        InvalidKey::Requires | InvalidKey::Load => "requires",
    };
    InvalidPackage {
        key,
        message: format!(
            "Validation of key '{name}' failed (package {label}, invalid requirement {q}): \
             PackageRequest({q}) raised {error}",
            q = crate::solver::py_repr(&s)
        ),
    }
}

/// Parse one package's version and requirement strings. `Err` is a version rez cannot read
/// (rez fails to list the whole family); a requirement it rejects is kept in `invalid`, raised
/// only when the solve reaches the package.
pub fn package_def(raw: &RawPackage, memo: &mut ReqMemo) -> Result<PackageDef, String> {
    let name = &raw.name;
    let version = Version::parse(&raw.version).map_err(|e| {
        format!(
            "VersionError: invalid version {} in package family {name}: {}",
            crate::solver::py_repr(&raw.version),
            e.message()
        )
    })?;
    let label = if raw.version.is_empty() {
        name.to_string()
    } else {
        format!("{name}-{}", raw.version)
    };
    if let Some(message) = &raw.load_error {
        let mut def = PackageDef::new(version, Vec::new(), None);
        def.timestamp = raw.timestamp;
        def.excluded = raw.excluded;
        def.invalid = Some(InvalidPackage {
            key: InvalidKey::Load,
            message: message.clone(),
        });
        return Ok(def);
    }
    let mut bad = None;
    let requires = match parse_reqs(&raw.requires, memo) {
        Ok(r) => r,
        Err(e) => {
            bad = Some(invalid(InvalidKey::Requires, &label, e));
            Vec::new()
        }
    };
    let variants = if raw.variants.is_empty() {
        None
    } else {
        match raw
            .variants
            .iter()
            .map(|v| parse_reqs(v, memo))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(v) => Some(v),
            Err(e) => {
                bad = Some(invalid(InvalidKey::Variants, &label, e));
                None
            }
        }
    };
    let mut def = PackageDef::new(version, requires, variants);
    def.timestamp = raw.timestamp;
    def.excluded = raw.excluded;
    def.invalid = bad;
    Ok(def)
}

/// Parse and prepare one family; `Err` describes the first bad version or requirement.
pub fn family_from_data(
    name: &str,
    raws: &[RawPackage],
    memo: &mut ReqMemo,
) -> Result<Family, String> {
    let defs = raws
        .iter()
        .map(|raw| package_def(raw, memo))
        .collect::<Result<Vec<_>, _>>()?;
    Family::new(name, defs, false)
}

/// A family built from PackageData handles, with the parsed forms it was built from (held, so that
/// pointer equality with a handle's current parsed form proves the handle is unchanged).
struct BuiltFamily {
    defs: Vec<Arc<PackageDef>>,
    family: Arc<Family>,
    /// The tuple a `load_family` callback returned (held, so its identity cannot be reused) and
    /// the count of PackageData assignments then: the same tuple with no assignment since is the
    /// same family, without looking at its members.
    tuple: Option<(Py<PyTuple>, u64)>,
}

/// Families built for earlier solves, by name: a list or `load_family` solve over the same
/// PackageData objects reuses them instead of building each family again.
static BUILT: Mutex<Option<HashMap<String, BuiltFamily>>> = Mutex::new(None);
/// Past this many names the cache starts again (a process solving over ever new repositories).
const BUILT_MAX: usize = 100_000;

fn reuse_built(name: &str, defs: &[Arc<PackageDef>]) -> Option<Arc<Family>> {
    let cache = BUILT.lock().ok()?;
    let built = cache.as_ref()?.get(name)?;
    let same = built.defs.len() == defs.len()
        && built.defs.iter().zip(defs).all(|(a, b)| Arc::ptr_eq(a, b));
    same.then(|| built.family.clone())
}

fn reuse_built_tuple(name: &str, tuple: &Bound<'_, PyTuple>) -> Option<Arc<Family>> {
    let cache = BUILT.lock().ok()?;
    let built = cache.as_ref()?.get(name)?;
    let (held, edits) = built.tuple.as_ref()?;
    let same = held.as_ptr() == tuple.as_ptr()
        && *edits == PACKAGE_EDITS.load(std::sync::atomic::Ordering::SeqCst);
    same.then(|| built.family.clone())
}

fn remember_built(
    name: &str,
    defs: Vec<Arc<PackageDef>>,
    family: Arc<Family>,
    tuple: Option<(Py<PyTuple>, u64)>,
) {
    // Attached, so that the Python objects an entry replaced are released at once.
    Python::attach(|_py| {
        if let Ok(mut cache) = BUILT.lock() {
            let map = cache.get_or_insert_with(HashMap::new);
            if map.len() >= BUILT_MAX {
                map.clear();
            }
            map.insert(
                name.to_string(),
                BuiltFamily {
                    defs,
                    family,
                    tuple,
                },
            );
        }
    })
}

/// What a `load_family` callback gave: a family already built from the same tuple, or handles.
enum Loaded {
    Built(Arc<Family>),
    Handles(Vec<Py<PyPackageData>>, Option<(Py<PyTuple>, u64)>),
}

/// Families of a `pyrer.Repository`, prepared once: by name, or why the family is invalid.
pub type PreparedFamilies = Arc<HashMap<String, Result<Arc<Family>, String>>>;

/// Families from a list, a prepared repository and/or a Python callback, in that order.
pub struct PyProvider {
    list: HashMap<String, Vec<Py<PyPackageData>>>,
    repository: Option<PreparedFamilies>,
    callback: Option<Py<PyAny>>,
    callback_takes_range: bool,
    memo: ReqMemo,
}

impl PyProvider {
    pub fn new(callback: Option<Py<PyAny>>, callback_takes_range: bool) -> Self {
        PyProvider {
            list: HashMap::new(),
            repository: None,
            callback,
            callback_takes_range,
            memo: HashMap::new(),
        }
    }

    pub fn set_list(&mut self, list: HashMap<String, Vec<Py<PyPackageData>>>) {
        self.list = list;
    }

    pub fn set_repository(&mut self, repo: PreparedFamilies) {
        self.repository = Some(repo);
    }

    /// The PackageData handles the callback returns for `name` (others' names are ignored), or
    /// the family built before from the very same tuple.
    fn call_back(&self, name: &str) -> Result<Loaded, String> {
        let Some(cb) = &self.callback else {
            return Ok(Loaded::Handles(Vec::new(), None));
        };
        Python::attach(|py| {
            let cb = cb.bind(py);
            let result = if self.callback_takes_range {
                let kwargs = PyDict::new(py);
                kwargs
                    .set_item("version_range", py.None())
                    .map_err(|e| e.to_string())?;
                cb.call((name,), Some(&kwargs))
            } else {
                cb.call1((name,))
            };
            let result = result.map_err(|e| format!("load_family({name:?}) raised: {e}"))?;
            if result.is_none() {
                return Ok(Loaded::Handles(Vec::new(), None));
            }
            // Read the count before the members: an assignment racing with this read only makes
            // the stored count stale, so the next solve looks at the members again.
            let edits = PACKAGE_EDITS.load(std::sync::atomic::Ordering::SeqCst);
            let tuple = result.cast::<PyTuple>().ok().map(|t| t.clone());
            if let Some(t) = &tuple {
                if let Some(family) = reuse_built_tuple(name, t) {
                    return Ok(Loaded::Built(family));
                }
            }
            let iter = result.try_iter().map_err(|_| {
                format!(
                    "load_family({name:?}) returned {}, not a list of PackageData",
                    type_name(&result)
                )
            })?;
            let mut out = Vec::new();
            for item in iter {
                let item = item.map_err(|e| format!("load_family({name:?}): {e}"))?;
                let pd = item.cast::<PyPackageData>().map_err(|_| {
                    format!(
                        "load_family({name:?}) returned a {} where a PackageData was expected",
                        type_name(&item)
                    )
                })?;
                if pd.borrow().name == name {
                    out.push(pd.clone().unbind());
                }
            }
            Ok(Loaded::Handles(out, tuple.map(|t| (t.unbind(), edits))))
        })
    }

    /// A family from PackageData handles, parsing each one only once in its lifetime, and building
    /// the family only once while its handles keep the same parsed forms.
    fn family_from_handles(
        &mut self,
        name: &str,
        handles: &[Py<PyPackageData>],
        tuple: Option<(Py<PyTuple>, u64)>,
    ) -> Result<Option<Arc<Family>>, String> {
        let memo = &mut self.memo;
        let defs: Vec<Arc<PackageDef>> = Python::attach(|py| {
            handles
                .iter()
                .map(|h| {
                    let mut pd = h
                        .bind(py)
                        .try_borrow_mut()
                        .map_err(|e| format!("package data of {name} is in use: {e}"))?;
                    if pd.parsed.is_none() {
                        pd.parsed = Some(package_def(&pd.raw(), memo).map(Arc::new));
                    }
                    pd.parsed.clone().expect("just set")
                })
                .collect::<Result<Vec<_>, String>>()
        })?;
        if let Some(family) = reuse_built(name, &defs) {
            if tuple.is_some() {
                remember_built(name, defs, family.clone(), tuple);
            }
            return Ok(Some(family));
        }
        let family = Arc::new(Family::new(
            name,
            defs.iter().map(|d| (**d).clone()).collect(),
            false,
        )?);
        remember_built(name, defs, family.clone(), tuple);
        Ok(Some(family))
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string())
}

impl PackageProvider for PyProvider {
    fn load_family(&mut self, name: &str) -> Result<Option<Arc<Family>>, String> {
        if let Some(repo) = &self.repository {
            if let Some(fam) = repo.get(name) {
                return fam.clone().map(Some);
            }
        }
        if let Some(handles) = self.list.get(name) {
            // Each PackageData keeps its parsed form, so solving the same list again parses nothing.
            let handles: Vec<Py<PyPackageData>> =
                Python::attach(|py| handles.iter().map(|h| h.clone_ref(py)).collect());
            return self.family_from_handles(name, &handles, None);
        }
        match self.call_back(name)? {
            Loaded::Built(family) => Ok(Some(family)),
            Loaded::Handles(handles, _) if handles.is_empty() => Ok(None),
            Loaded::Handles(handles, tuple) => self.family_from_handles(name, &handles, tuple),
        }
    }
}
