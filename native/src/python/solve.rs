//! `pyrer.solve`, `PackageData`, `Repository`, `SolveResult`, `ResolvedVariant`: the solver's Python face.

use super::provider::{family_from_data, PreparedFamilies, PyProvider, RawPackage};
use crate::solver::{
    solve as solve_core, PackageDef, SolveOptions, SolveOutcome, SolveStatus, VariantSelectMode,
};
use crate::version::Requirement;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One package version: name, version and requirement strings (what rez's package.py holds).
#[pyclass(module = "pyrer", name = "PackageData")]
#[derive(Clone)]
pub struct PyPackageData {
    pub name: String,
    pub version: String,
    pub requires: Vec<String>,
    pub variants: Vec<Vec<String>>,
    /// Release time in epoch seconds (`None` or 0: none, as in rez), for `soft_timestamp`.
    pub timestamp: Option<i64>,
    /// Hidden by the package filter (rez's `package_filter`): counts for the family's existence,
    /// never chosen.
    pub excluded: bool,
    /// Why rez cannot load this package (no definition file, a syntax error, ...): a solve that
    /// reaches it fails with this message, as rez's does; a solve that never does is unaffected.
    pub load_error: Option<String>,
    /// The parsed form, kept between solves; cleared by every attribute assignment.
    pub parsed: Option<Result<Arc<PackageDef>, String>>,
}

/// `str()` of every element of an optional iterable (`None` -> empty).
fn strs(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    if obj.is_instance_of::<pyo3::types::PyString>() {
        return Err(PyTypeError::new_err(
            "expected a list of requirement strings, got a single string",
        ));
    }
    obj.try_iter()?
        .map(|x| x.and_then(|x| x.str().map(|s| s.to_string())))
        .collect()
}

/// A release timestamp: `None`, or an int (rez's `timestamp`, epoch seconds).
fn timestamp(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<i64>> {
    match obj.filter(|o| !o.is_none()) {
        None => Ok(None),
        Some(o) if o.is_instance_of::<pyo3::types::PyBool>() => Err(PyTypeError::new_err(
            "timestamp must be an int (epoch seconds) or None, not bool",
        )),
        Some(o) => o.extract::<i64>().map(Some).map_err(|_| {
            PyTypeError::new_err(format!(
                "timestamp must be an int (epoch seconds) or None, not {}",
                o.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        }),
    }
}

fn variant_lists(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Vec<String>>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    obj.try_iter()?
        .map(|v| v.and_then(|v| strs(Some(&v))))
        .collect()
}

/// Counts assignments to any PackageData field: a family built from an immutable tuple of
/// PackageData stays valid while this count is unchanged.
pub static PACKAGE_EDITS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl PyPackageData {
    fn forget_parsed(&mut self) {
        self.parsed = None;
        PACKAGE_EDITS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[pymethods]
impl PyPackageData {
    #[getter]
    fn get_name(&self) -> String {
        self.name.clone()
    }
    #[setter]
    fn set_name(&mut self, value: String) {
        self.name = value;
        self.forget_parsed();
    }
    #[getter]
    fn get_version(&self) -> String {
        self.version.clone()
    }
    #[setter]
    fn set_version(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.version = if value.is_none() {
            String::new()
        } else {
            value.str()?.to_string()
        };
        self.forget_parsed();
        Ok(())
    }
    #[getter]
    fn get_requires(&self) -> Vec<String> {
        self.requires.clone()
    }
    #[setter]
    fn set_requires(&mut self, value: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        self.requires = strs(value)?;
        self.forget_parsed();
        Ok(())
    }
    #[getter]
    fn get_variants(&self) -> Vec<Vec<String>> {
        self.variants.clone()
    }
    #[setter]
    fn set_variants(&mut self, value: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        self.variants = variant_lists(value)?;
        self.forget_parsed();
        Ok(())
    }
    #[getter]
    fn get_timestamp(&self) -> Option<i64> {
        self.timestamp
    }
    #[setter]
    fn set_timestamp(&mut self, value: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        self.timestamp = timestamp(value)?;
        self.forget_parsed();
        Ok(())
    }
    #[getter]
    fn get_excluded(&self) -> bool {
        self.excluded
    }
    #[setter]
    fn set_excluded(&mut self, value: bool) {
        self.excluded = value;
        self.forget_parsed();
    }
    #[getter]
    fn get_load_error(&self) -> Option<String> {
        self.load_error.clone()
    }
    #[setter]
    fn set_load_error(&mut self, value: Option<String>) {
        self.load_error = value;
        self.forget_parsed();
    }

    #[new]
    #[pyo3(signature = (name, version, requires = None, variants = None, *, timestamp = None, excluded = false, load_error = None))]
    fn new(
        name: &Bound<'_, PyAny>,
        version: &Bound<'_, PyAny>,
        requires: Option<&Bound<'_, PyAny>>,
        variants: Option<&Bound<'_, PyAny>>,
        timestamp: Option<&Bound<'_, PyAny>>,
        excluded: bool,
        load_error: Option<String>,
    ) -> PyResult<Self> {
        Ok(PyPackageData {
            name: name.str()?.to_string(),
            version: if version.is_none() {
                String::new()
            } else {
                version.str()?.to_string()
            },
            requires: strs(requires)?,
            variants: variant_lists(variants)?,
            timestamp: self::timestamp(timestamp)?,
            excluded,
            load_error,
            parsed: None,
        })
    }

    /// Build from any object with `name`, `version`, `requires`, `variants` (e.g. a rez Package).
    #[classmethod]
    fn from_rez(_cls: &Bound<'_, pyo3::types::PyType>, pkg: &Bound<'_, PyAny>) -> PyResult<Self> {
        let get = |attr: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
            match pkg.getattr(attr) {
                Ok(v) if v.is_none() => Ok(None),
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is_instance_of::<pyo3::exceptions::PyAttributeError>(pkg.py()) => {
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        };
        let name = get("name")?
            .ok_or_else(|| PyTypeError::new_err("from_rez: the object has no 'name'"))?;
        let version = match get("version")? {
            Some(v) => v.str()?.to_string(),
            None => String::new(),
        };
        Ok(PyPackageData {
            name: name.str()?.to_string(),
            version,
            requires: strs(get("requires")?.as_ref())?,
            variants: variant_lists(get("variants")?.as_ref())?,
            timestamp: timestamp(get("timestamp")?.as_ref())?,
            excluded: false,
            load_error: None,
            parsed: None,
        })
    }

    /// The same as the constructor.
    #[classmethod]
    #[pyo3(signature = (name, version, requires = None, variants = None, *, timestamp = None, excluded = false, load_error = None))]
    fn from_strings(
        _cls: &Bound<'_, pyo3::types::PyType>,
        name: &Bound<'_, PyAny>,
        version: &Bound<'_, PyAny>,
        requires: Option<&Bound<'_, PyAny>>,
        variants: Option<&Bound<'_, PyAny>>,
        timestamp: Option<&Bound<'_, PyAny>>,
        excluded: bool,
        load_error: Option<String>,
    ) -> PyResult<Self> {
        Self::new(
            name, version, requires, variants, timestamp, excluded, load_error,
        )
    }

    fn __repr__(&self) -> String {
        let mut extra = String::new();
        if let Some(t) = self.timestamp {
            extra.push_str(&format!(", timestamp={t}"));
        }
        if self.excluded {
            extra.push_str(", excluded=True");
        }
        if let Some(e) = &self.load_error {
            extra.push_str(&format!(", load_error={e:?}"));
        }
        format!(
            "PackageData(name={:?}, version={:?}, requires={:?}, variants={:?}{extra})",
            self.name, self.version, self.requires, self.variants
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyPackageData>() {
            Ok(o) => {
                let o = o.borrow();
                self.name == o.name
                    && self.version == o.version
                    && self.requires == o.requires
                    && self.variants == o.variants
                    && self.timestamp == o.timestamp
                    && self.excluded == o.excluded
                    && self.load_error == o.load_error
            }
            Err(_) => false,
        }
    }
}

impl PyPackageData {
    pub fn raw(&self) -> RawPackage {
        RawPackage {
            name: self.name.clone(),
            version: self.version.clone(),
            requires: self.requires.clone(),
            variants: self.variants.clone(),
            timestamp: self.timestamp,
            excluded: self.excluded,
            load_error: self.load_error.clone(),
        }
    }
}

/// An immutable, prepared package repository: reuse it across solves to skip all conversion.
#[pyclass(module = "pyrer", name = "Repository", frozen)]
pub struct PyRepository {
    pub families: PreparedFamilies,
    count: usize,
}

/// Group package data by family name, keeping the given order inside each family.
pub fn group_packages(items: &Bound<'_, PyAny>) -> PyResult<HashMap<String, Vec<RawPackage>>> {
    let py = items.py();
    Ok(group_handles(items)?
        .into_iter()
        .map(|(name, pds)| {
            (
                name,
                pds.iter().map(|pd| pd.bind(py).borrow().raw()).collect(),
            )
        })
        .collect())
}

/// Group package data by family name without copying it (read later, only for needed families).
pub fn group_handles(
    items: &Bound<'_, PyAny>,
) -> PyResult<HashMap<String, Vec<Py<PyPackageData>>>> {
    let mut by_name: HashMap<String, Vec<Py<PyPackageData>>> = HashMap::new();
    for item in items.try_iter()? {
        let item = item?;
        let pd = item.cast::<PyPackageData>().map_err(|_| {
            PyTypeError::new_err(format!(
                "argument 'packages': '{}' object cannot be converted to 'PackageData'",
                item.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        let handle = pd.clone().unbind();
        let data = pd.borrow();
        match by_name.get_mut(data.name.as_str()) {
            Some(v) => v.push(handle),
            None => {
                by_name.insert(data.name.clone(), vec![handle]);
            }
        }
    }
    Ok(by_name)
}

#[pymethods]
impl PyRepository {
    #[new]
    fn new(py: Python<'_>, packages: &Bound<'_, PyAny>) -> PyResult<Self> {
        let by_name = group_packages(packages)?;
        let count = by_name.values().map(|v| v.len()).sum();
        let families = py.detach(move || {
            let mut memo = HashMap::new();
            by_name
                .into_iter()
                .map(|(name, raws)| {
                    let fam = family_from_data(&name, &raws, &mut memo).map(Arc::new);
                    (name, fam)
                })
                .collect::<HashMap<_, _>>()
        });
        Ok(PyRepository {
            families: Arc::new(families),
            count,
        })
    }

    /// Family names in the repository.
    fn families(&self) -> Vec<String> {
        let mut names: Vec<String> = self.families.keys().cloned().collect();
        names.sort();
        names
    }

    fn __len__(&self) -> usize {
        self.count
    }

    fn __repr__(&self) -> String {
        format!(
            "Repository({} families, {} packages)",
            self.families.len(),
            self.count
        )
    }
}

/// A cancellation flag for running solves: `cancel()` from any thread stops every solve given it.
#[pyclass(module = "pyrer", name = "CancelToken", frozen)]
#[derive(Default)]
pub struct PyCancelToken {
    flag: Arc<AtomicBool>,
}

#[pymethods]
impl PyCancelToken {
    #[new]
    fn new() -> Self {
        Self::default()
    }

    /// Ask every solve holding this token to stop at its next check (between phase solves).
    fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    #[getter]
    fn cancelled(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    fn __repr__(&self) -> String {
        format!("CancelToken(cancelled={})", self.cancelled())
    }
}

/// One resolved variant (read-only).
#[pyclass(module = "pyrer", name = "ResolvedVariant", frozen)]
pub struct PyResolvedVariant {
    inner: crate::solver::ResolvedVariant,
}

#[pymethods]
impl PyResolvedVariant {
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    #[getter]
    fn version(&self) -> String {
        self.inner.package().version.to_string()
    }

    #[getter]
    fn variant_index(&self) -> Option<usize> {
        self.inner.index()
    }

    #[getter]
    fn requires(&self) -> Vec<String> {
        self.inner
            .requires()
            .map(|l| l.requirements().iter().map(|r| r.to_string()).collect())
            .unwrap_or_default()
    }

    #[getter]
    fn uri(&self) -> String {
        let base = format!(
            "{}/{}/package.py",
            self.inner.name(),
            self.inner.package().version
        );
        match self.inner.index() {
            Some(i) => format!("{base}[{i}]"),
            None => base,
        }
    }

    fn __str__(&self) -> String {
        self.inner.label()
    }

    fn __repr__(&self) -> String {
        format!("ResolvedVariant({})", self.inner.label())
    }
}

/// The outcome of `pyrer.solve` (read-only).
#[pyclass(module = "pyrer", name = "SolveResult", frozen)]
pub struct PySolveResult {
    #[pyo3(get)]
    status: &'static str,
    #[pyo3(get)]
    failure_description: Option<String>,
    #[pyo3(get)]
    solve_time_ms: f64,
    #[pyo3(get)]
    num_iterations: usize,
    /// True when the solve stopped at `max_iterations`, its time budget or a cancellation
    /// (status "failed", not a conflict).
    #[pyo3(get)]
    aborted: bool,
    /// "max_iterations", "time_budget" or "cancelled" when `aborted`, else None.
    #[pyo3(get)]
    abort_reason: Option<&'static str>,
    resolved: Vec<crate::solver::ResolvedVariant>,
    ephemerals: Vec<String>,
}

#[pymethods]
impl PySolveResult {
    #[getter]
    fn resolved_packages(&self) -> Vec<PyResolvedVariant> {
        self.resolved
            .iter()
            .map(|v| PyResolvedVariant { inner: v.clone() })
            .collect()
    }

    #[getter]
    fn resolved<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items: Vec<Bound<'py, PyTuple>> = self
            .resolved
            .iter()
            .map(|v| {
                let t = (
                    v.name().to_string(),
                    v.package().version.to_string(),
                    v.index(),
                );
                t.into_pyobject(py)
            })
            .collect::<PyResult<_>>()?;
        PyList::new(py, items)
    }

    #[getter]
    fn resolved_ephemerals(&self) -> Vec<String> {
        self.ephemerals.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "SolveResult(status='{}', resolved_packages={} packages, solve_time_ms={:.2})",
            self.status,
            self.resolved.len(),
            self.solve_time_ms
        )
    }
}

fn result_from(outcome: SolveOutcome, ms: f64) -> PySolveResult {
    let status = match outcome.status {
        SolveStatus::Solved => "solved",
        SolveStatus::Failed => "failed",
        SolveStatus::Error => "error",
    };
    PySolveResult {
        status,
        failure_description: outcome.failure_description(),
        solve_time_ms: ms,
        num_iterations: outcome.num_iterations,
        aborted: outcome.aborted,
        abort_reason: outcome.abort_reason.map(|r| r.kind()),
        ephemerals: outcome.ephemerals.iter().map(|r| r.to_string()).collect(),
        resolved: outcome.resolved,
    }
}

fn error_result(message: String) -> PySolveResult {
    PySolveResult {
        status: "error",
        failure_description: Some(message),
        solve_time_ms: 0.0,
        num_iterations: 0,
        aborted: false,
        abort_reason: None,
        resolved: Vec::new(),
        ephemerals: Vec::new(),
    }
}

/// The native solve; `pyrer.solve` (Python) checks arguments and calls this.
#[pyfunction]
#[pyo3(signature = (package_requests, packages, load_family, load_family_takes_range, variant_select_mode, max_iterations, error_on_missing_variant_requires, searched, time_budget = None, cancel = None, package_orderers = None))]
#[allow(clippy::too_many_arguments)]
pub fn solve_native(
    py: Python<'_>,
    package_requests: &Bound<'_, PyAny>,
    packages: Option<&Bound<'_, PyAny>>,
    load_family: Option<Py<PyAny>>,
    load_family_takes_range: bool,
    variant_select_mode: &str,
    max_iterations: Option<usize>,
    error_on_missing_variant_requires: bool,
    searched: String,
    time_budget: Option<f64>,
    cancel: Option<&Bound<'_, PyCancelToken>>,
    package_orderers: Option<&Bound<'_, PyAny>>,
) -> PyResult<PySolveResult> {
    let orderers = match package_orderers.filter(|o| !o.is_none()) {
        Some(list) => Some(Arc::new(super::package_order::orderer_list(list)?)),
        None => None,
    };
    let time_budget = match time_budget {
        Some(t) if t.is_finite() && t >= 0.0 => Some(Duration::from_secs_f64(t)),
        Some(_) => Err(PyValueError::new_err(
            "time_budget must be a finite, non-negative number of seconds",
        ))?,
        None => None,
    };
    let cancel = cancel.map(|c| c.get().flag.clone());
    let mode = match variant_select_mode {
        "version_priority" => VariantSelectMode::VersionPriority,
        "intersection_priority" => VariantSelectMode::IntersectionPriority,
        other => {
            return Err(PyValueError::new_err(format!(
                "variant_select_mode must be 'version_priority' or 'intersection_priority' (got {other:?})"
            )))
        }
    };
    if package_requests.is_instance_of::<pyo3::types::PyString>() {
        return Err(PyTypeError::new_err(
            "package_requests must be a sequence of strings, not a string",
        ));
    }
    let mut request_strs = Vec::new();
    for r in package_requests.try_iter()? {
        let r = r?;
        let s = r
            .cast::<pyo3::types::PyString>()
            .map_err(|_| PyTypeError::new_err("package_requests must contain strings"))?;
        request_strs.push(s.to_string());
    }
    let mut provider = PyProvider::new(load_family, load_family_takes_range);
    if let Some(p) = packages.filter(|p| !p.is_none()) {
        if let Ok(repo) = p.cast::<PyRepository>() {
            provider.set_repository(repo.get().families.clone());
        } else {
            provider.set_list(group_handles(p)?);
        }
    }
    let options = SolveOptions {
        mode,
        error_on_missing_variant_requires,
        max_iterations,
        time_budget,
        searched,
        orderers,
    };
    // The provider comes back out: its PackageData handles are released with the GIL held (one
    // decref each) rather than queued from the detached thread.
    let (result, provider) = py.detach(move || {
        let start = Instant::now();
        let mut requests = Vec::with_capacity(request_strs.len());
        for s in &request_strs {
            match Requirement::parse(s) {
                Ok(r) => requests.push(r),
                Err(e) => return (Err(format!("invalid request '{s}': {e}")), provider),
            }
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            solve_core(&requests, &mut provider, &options, cancel.as_deref())
        }))
        .map_err(|_| {
            "internal error: the solver panicked (please report this request)".to_string()
        });
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        (outcome.map(|o| (o, ms)), provider)
    });
    drop(provider);
    Ok(match result {
        Ok((outcome, ms)) => result_from(outcome, ms),
        Err(message) => error_result(message),
    })
}
