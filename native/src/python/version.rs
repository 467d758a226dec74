//! Python classes `Version`, `VersionRange`, `Requirement`, `RequirementList`, as in `rez.version`.

use super::errors::version_err;
use crate::version::{Bound as VBound, Requirement, RequirementList, Token, Version, VersionRange};
use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PySet, PyString, PyTuple};
use std::sync::OnceLock;

/// Python's hash of `tuple(map(str, tokens))`, or of `None` for +infinity (rez's `Version.__hash__`).
fn version_hash_key<'py>(py: Python<'py>, v: &Version) -> PyResult<Bound<'py, PyAny>> {
    if v.is_inf() {
        return Ok(py.None().into_bound(py));
    }
    let strs: Vec<&str> = v.tokens().iter().map(|t| t.as_str()).collect();
    Ok(PyTuple::new(py, strs)?.into_any())
}

/// A version token (rez's `AlphanumericVersionToken`).
#[pyclass(module = "pyrer", name = "AlphanumericVersionToken", frozen)]
#[derive(Clone)]
pub struct PyToken {
    pub inner: Token,
}

#[pymethods]
impl PyToken {
    #[new]
    fn new(token: &str) -> PyResult<Self> {
        Token::parse(token)
            .map(|inner| PyToken { inner })
            .ok_or_else(|| version_err(format!("Invalid version token: '{token}'")))
    }

    fn next(&self) -> PyToken {
        PyToken {
            inner: self.inner.next(),
        }
    }

    fn __next__(&self) -> PyToken {
        PyToken {
            inner: self.inner.next(),
        }
    }

    fn less_than(&self, other: &PyToken) -> bool {
        self.inner < other.inner
    }

    fn __str__(&self) -> String {
        self.inner.as_str().to_string()
    }

    fn __repr__(&self) -> String {
        format!("AlphanumericVersionToken('{}')", self.inner.as_str())
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        PyString::new(py, self.inner.as_str()).hash()
    }

    fn __richcmp__(&self, other: &PyToken, op: CompareOp) -> bool {
        op.matches(self.inner.cmp(&other.inner))
    }
}

/// A rez version: `Version("1.2.3")`.
#[pyclass(module = "pyrer", name = "Version", frozen)]
pub struct PyVersion {
    pub inner: Version,
    hash: OnceLock<isize>,
}

impl PyVersion {
    pub fn wrap(inner: Version) -> Self {
        PyVersion {
            inner,
            hash: OnceLock::new(),
        }
    }

    fn token_at(&self, index: isize) -> PyResult<PyToken> {
        let n = self.inner.len() as isize;
        let i = if index < 0 { index + n } else { index };
        if i < 0 || i >= n {
            return Err(PyIndexError::new_err("version token index out of range"));
        }
        Ok(PyToken {
            inner: self.inner.tokens()[i as usize].clone(),
        })
    }
}

#[pymethods]
impl PyVersion {
    #[new]
    #[pyo3(signature = (ver_str = None, make_token = None))]
    fn new(ver_str: Option<&str>, make_token: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let _ = make_token;
        let inner =
            Version::parse(ver_str.unwrap_or("")).map_err(|e| version_err(e.to_string()))?;
        Ok(PyVersion::wrap(inner))
    }

    #[getter]
    fn tokens(&self) -> Vec<PyToken> {
        self.inner
            .tokens()
            .iter()
            .map(|t| PyToken { inner: t.clone() })
            .collect()
    }

    #[getter]
    fn seps(&self) -> Vec<String> {
        self.inner.seps().iter().map(|c| c.to_string()).collect()
    }

    fn next(&self) -> PyVersion {
        PyVersion::wrap(self.inner.next())
    }

    fn copy(&self) -> PyVersion {
        PyVersion::wrap(self.inner.clone())
    }

    fn trim(&self, len_: isize) -> PyVersion {
        PyVersion::wrap(self.inner.trim(len_))
    }

    fn as_tuple<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.tokens().iter().map(|t| t.as_str()))
    }

    fn __next__(&self) -> PyVersion {
        PyVersion::wrap(self.inner.next())
    }

    #[getter]
    fn major(&self) -> PyResult<PyToken> {
        self.token_at(0)
    }

    #[getter]
    fn minor(&self) -> PyResult<PyToken> {
        self.token_at(1)
    }

    #[getter]
    fn patch(&self) -> PyResult<PyToken> {
        self.token_at(2)
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let tokens = PyList::new(py, self.tokens())?;
        if index.is_instance_of::<pyo3::types::PySlice>() {
            return tokens.as_any().get_item(index);
        }
        let i: isize = index.extract()?;
        Ok(self.token_at(i)?.into_pyobject(py)?.into_any())
    }

    fn __bool__(&self) -> bool {
        !self.inner.tokens().is_empty()
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self) -> String {
        format!("Version('{}')", self.inner)
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        if let Some(h) = self.hash.get() {
            return Ok(*h);
        }
        let h = version_hash_key(py, &self.inner)?.hash()?;
        let _ = self.hash.set(h);
        Ok(h)
    }

    fn __richcmp__(&self, other: &PyVersion, op: CompareOp) -> bool {
        op.matches(self.inner.cmp(&other.inner))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().into_any(), (slf.get().inner.to_string(),)))
    }
}

/// A rez version range: `VersionRange("1+<2|3")`.
#[pyclass(module = "pyrer", name = "VersionRange", frozen)]
pub struct PyVersionRange {
    pub inner: VersionRange,
}

impl PyVersionRange {
    pub fn wrap(inner: VersionRange) -> Self {
        PyVersionRange { inner }
    }
}

/// One range, or an iterable of ranges (rez's `union` / `intersection` accept both).
fn ranges_arg(other: &Bound<'_, PyAny>) -> PyResult<Vec<VersionRange>> {
    if let Ok(r) = other.cast::<PyVersionRange>() {
        return Ok(vec![r.get().inner.clone()]);
    }
    let mut out = Vec::new();
    for item in other
        .try_iter()
        .map_err(|_| PyTypeError::new_err("expected a VersionRange or an iterable of them"))?
    {
        let item = item?;
        let r = item
            .cast::<PyVersionRange>()
            .map_err(|_| PyTypeError::new_err("expected a VersionRange"))?;
        out.push(r.get().inner.clone());
    }
    Ok(out)
}

fn bound_hash_key<'py>(py: Python<'py>, b: &VBound) -> PyResult<Bound<'py, PyTuple>> {
    let lower = PyTuple::new(
        py,
        [
            version_hash_key(py, &b.lower.version)?,
            b.lower.inclusive.into_pyobject(py)?.to_owned().into_any(),
        ],
    )?;
    let upper = PyTuple::new(
        py,
        [
            version_hash_key(py, &b.upper.version)?,
            b.upper.inclusive.into_pyobject(py)?.to_owned().into_any(),
        ],
    )?;
    PyTuple::new(py, [lower, upper])
}

#[pymethods]
impl PyVersionRange {
    #[new]
    #[pyo3(signature = (range_str = None, make_token = None, invalid_bound_error = true))]
    fn new(
        range_str: Option<&str>,
        make_token: Option<&Bound<'_, PyAny>>,
        invalid_bound_error: bool,
    ) -> PyResult<Self> {
        let _ = make_token;
        VersionRange::parse_with(range_str.unwrap_or(""), invalid_bound_error)
            .map(PyVersionRange::wrap)
            .map_err(|e| version_err(e.to_string()))
    }

    fn is_any(&self) -> bool {
        self.inner.is_any()
    }

    fn lower_bounded(&self) -> bool {
        self.inner.lower_bounded()
    }

    fn upper_bounded(&self) -> bool {
        self.inner.upper_bounded()
    }

    fn bounded(&self) -> bool {
        self.inner.bounded()
    }

    fn issuperset(&self, range: &PyVersionRange) -> bool {
        self.inner.issuperset(&range.inner)
    }

    fn issubset(&self, range: &PyVersionRange) -> bool {
        self.inner.issubset(&range.inner)
    }

    fn union(&self, other: &Bound<'_, PyAny>) -> PyResult<PyVersionRange> {
        let others = ranges_arg(other)?;
        let all = std::iter::once(&self.inner).chain(others.iter());
        let range = VersionRange::union_many(all).map_err(|e| version_err(e.to_string()))?;
        Ok(PyVersionRange::wrap(range.expect("at least self")))
    }

    fn intersection(&self, other: &Bound<'_, PyAny>) -> PyResult<Option<PyVersionRange>> {
        let mut acc = self.inner.clone();
        for r in ranges_arg(other)? {
            match acc.intersection(&r) {
                Some(x) => acc = x,
                None => return Ok(None),
            }
        }
        Ok(Some(PyVersionRange::wrap(acc)))
    }

    fn inverse(&self) -> PyResult<Option<PyVersionRange>> {
        Ok(self
            .inner
            .inverse()
            .map_err(|e| version_err(e.to_string()))?
            .map(PyVersionRange::wrap))
    }

    fn intersects(&self, other: &PyVersionRange) -> bool {
        self.inner.intersects(&other.inner)
    }

    fn split(&self) -> Vec<PyVersionRange> {
        self.inner
            .split()
            .into_iter()
            .map(PyVersionRange::wrap)
            .collect()
    }

    fn span(&self) -> PyVersionRange {
        PyVersionRange::wrap(self.inner.span())
    }

    #[classmethod]
    #[pyo3(signature = (lower_version = None, upper_version = None, lower_inclusive = true, upper_inclusive = true))]
    fn as_span(
        _cls: &Bound<'_, pyo3::types::PyType>,
        lower_version: Option<PyRef<'_, PyVersion>>,
        upper_version: Option<PyRef<'_, PyVersion>>,
        lower_inclusive: bool,
        upper_inclusive: bool,
    ) -> PyResult<PyVersionRange> {
        VersionRange::as_span(
            lower_version.as_ref().map(|v| &v.inner),
            upper_version.as_ref().map(|v| &v.inner),
            lower_inclusive,
            upper_inclusive,
        )
        .map(PyVersionRange::wrap)
        .map_err(|e| version_err(e.to_string()))
    }

    #[classmethod]
    #[pyo3(signature = (version, op = None))]
    fn from_version(
        _cls: &Bound<'_, pyo3::types::PyType>,
        version: PyRef<'_, PyVersion>,
        op: Option<&str>,
    ) -> PyResult<PyVersionRange> {
        VersionRange::from_version(&version.inner, op)
            .map(PyVersionRange::wrap)
            .map_err(|e| version_err(e.to_string()))
    }

    #[classmethod]
    fn from_versions(
        _cls: &Bound<'_, pyo3::types::PyType>,
        versions: &Bound<'_, PyAny>,
    ) -> PyResult<PyVersionRange> {
        let mut vs = Vec::new();
        for item in versions.try_iter()? {
            let item = item?;
            let v = item
                .cast::<PyVersion>()
                .map_err(|_| PyTypeError::new_err("from_versions expects Version objects"))?;
            vs.push(v.get().inner.clone());
        }
        if vs.is_empty() {
            return Err(version_err(
                "from_versions needs at least one version".to_string(),
            ));
        }
        Ok(PyVersionRange::wrap(VersionRange::from_versions(&vs)))
    }

    fn to_versions(&self) -> Option<Vec<PyVersion>> {
        self.inner
            .to_versions()
            .map(|vs| vs.into_iter().map(PyVersion::wrap).collect())
    }

    fn contains_version(&self, version: &PyVersion) -> bool {
        self.inner.contains_version(&version.inner)
    }

    #[pyo3(signature = (iterable, key = None, descending = false))]
    fn iter_intersect_test<'py>(
        &self,
        py: Python<'py>,
        iterable: &Bound<'py, PyAny>,
        key: Option<&Bound<'py, PyAny>>,
        descending: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let _ = descending;
        let out = PyList::empty(py);
        for item in iterable.try_iter()? {
            let item = item?;
            let contains = self.item_contained(&item, key)?;
            out.append((contains, item))?;
        }
        out.try_iter().map(|it| it.into_any())
    }

    #[pyo3(signature = (iterable, key = None, descending = false))]
    fn iter_intersecting<'py>(
        &self,
        py: Python<'py>,
        iterable: &Bound<'py, PyAny>,
        key: Option<&Bound<'py, PyAny>>,
        descending: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.filtered(py, iterable, key, descending, true)
    }

    #[pyo3(signature = (iterable, key = None, descending = false))]
    fn iter_non_intersecting<'py>(
        &self,
        py: Python<'py>,
        iterable: &Bound<'py, PyAny>,
        key: Option<&Bound<'py, PyAny>>,
        descending: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.filtered(py, iterable, key, descending, false)
    }

    fn __contains__(&self, item: &Bound<'_, PyAny>) -> PyResult<bool> {
        if let Ok(v) = item.cast::<PyVersion>() {
            return Ok(self.inner.contains_version(&v.get().inner));
        }
        if let Ok(r) = item.cast::<PyVersionRange>() {
            return Ok(self.inner.issuperset(&r.get().inner));
        }
        Err(PyTypeError::new_err(
            "'in VersionRange' needs a Version or a VersionRange",
        ))
    }

    fn __len__(&self) -> usize {
        self.inner.bounds().len()
    }

    fn __invert__(&self) -> PyResult<Option<PyVersionRange>> {
        self.inverse()
    }

    fn __and__(&self, other: &Bound<'_, PyAny>) -> PyResult<Option<PyVersionRange>> {
        self.intersection(other)
    }

    fn __or__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyVersionRange> {
        self.union(other)
    }

    fn __add__(&self, other: &Bound<'_, PyAny>) -> PyResult<PyVersionRange> {
        self.union(other)
    }

    fn __sub__(&self, other: &PyVersionRange) -> PyResult<Option<PyVersionRange>> {
        Ok(self
            .inner
            .subtract(&other.inner)
            .map_err(|e| version_err(e.to_string()))?
            .map(PyVersionRange::wrap))
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self) -> String {
        format!("VersionRange('{}')", self.inner)
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        let keys: Vec<Bound<'_, PyTuple>> = self
            .inner
            .bounds()
            .iter()
            .map(|b| bound_hash_key(py, b))
            .collect::<PyResult<_>>()?;
        PyTuple::new(py, keys)?.hash()
    }

    fn __richcmp__(&self, other: &PyVersionRange, op: CompareOp) -> bool {
        op.matches(self.inner.cmp(&other.inner))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().into_any(), (slf.get().inner.to_string(),)))
    }
}

impl PyVersionRange {
    fn item_contained(
        &self,
        item: &Bound<'_, PyAny>,
        key: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        let v = match key {
            Some(k) => k.call1((item,))?,
            None => item.clone(),
        };
        let v = v
            .cast::<PyVersion>()
            .map_err(|_| PyTypeError::new_err("expected Version objects"))?;
        Ok(self.inner.contains_version(&v.get().inner))
    }

    fn filtered<'py>(
        &self,
        py: Python<'py>,
        iterable: &Bound<'py, PyAny>,
        key: Option<&Bound<'py, PyAny>>,
        _descending: bool,
        keep: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let out = PyList::empty(py);
        for item in iterable.try_iter()? {
            let item = item?;
            if self.item_contained(&item, key)? == keep {
                out.append(item)?;
            }
        }
        out.try_iter().map(|it| it.into_any())
    }
}

/// A versioned object `foo-1.0` (rez's `VersionedObject`).
#[pyclass(module = "pyrer", name = "VersionedObject", frozen)]
pub struct PyVersionedObject {
    pub name: String,
    pub version: Version,
    pub sep: char,
}

#[pymethods]
impl PyVersionedObject {
    #[new]
    fn new(s: &str) -> PyResult<Self> {
        match s
            .char_indices()
            .find(|&(_, c)| matches!(c, '-' | '@' | '#'))
        {
            Some((i, c)) => {
                let version =
                    Version::parse(&s[i + 1..]).map_err(|e| version_err(e.to_string()))?;
                Ok(PyVersionedObject {
                    name: s[..i].to_string(),
                    version,
                    sep: c,
                })
            }
            None => Ok(PyVersionedObject {
                name: s.to_string(),
                version: Version::empty(),
                sep: '-',
            }),
        }
    }

    #[classmethod]
    #[pyo3(signature = (name, version = None))]
    fn construct(
        _cls: &Bound<'_, pyo3::types::PyType>,
        name: String,
        version: Option<PyRef<'_, PyVersion>>,
    ) -> PyVersionedObject {
        let version = version
            .map(|v| v.inner.clone())
            .unwrap_or_else(Version::empty);
        PyVersionedObject {
            name,
            version,
            sep: '-',
        }
    }

    #[getter]
    fn name(&self) -> String {
        self.name.clone()
    }

    #[getter]
    fn version(&self) -> PyVersion {
        PyVersion::wrap(self.version.clone())
    }

    fn as_exact_requirement(&self) -> String {
        if self.version.is_empty() {
            self.name.clone()
        } else {
            format!("{}=={}", self.name, self.version)
        }
    }

    fn __str__(&self) -> String {
        if self.version.is_empty() {
            self.name.clone()
        } else {
            format!("{}{}{}", self.name, self.sep, self.version)
        }
    }

    fn __repr__(&self) -> String {
        format!("VersionedObject('{}')", self.__str__())
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        PyTuple::new(
            py,
            [
                PyString::new(py, &self.name).into_any(),
                version_hash_key(py, &self.version)?,
            ],
        )?
        .hash()
    }

    fn __richcmp__(&self, other: &PyVersionedObject, op: CompareOp, py: Python<'_>) -> Py<PyAny> {
        super::errors::equality_only(
            py,
            op,
            self.name == other.name && self.version == other.version,
        )
    }
}

/// A rez requirement: `Requirement("foo-1+<2")`, `Requirement("!foo")`, `Requirement("~foo-2")`.
#[pyclass(module = "pyrer", name = "Requirement", frozen)]
pub struct PyRequirement {
    pub inner: Requirement,
}

impl PyRequirement {
    pub fn wrap(inner: Requirement) -> Self {
        PyRequirement { inner }
    }
}

#[pymethods]
impl PyRequirement {
    #[new]
    #[pyo3(signature = (s, invalid_bound_error = true))]
    fn new(s: &str, invalid_bound_error: bool) -> PyResult<Self> {
        Requirement::parse_with(s, invalid_bound_error)
            .map(PyRequirement::wrap)
            .map_err(|e| version_err(e.to_string()))
    }

    #[classmethod]
    #[pyo3(signature = (name, range = None))]
    fn construct(
        _cls: &Bound<'_, pyo3::types::PyType>,
        name: &str,
        range: Option<PyRef<'_, PyVersionRange>>,
    ) -> PyRequirement {
        PyRequirement::wrap(Requirement::construct(name, range.map(|r| r.inner.clone())))
    }

    #[getter]
    fn name(&self) -> String {
        self.inner.name.to_string()
    }

    #[getter]
    fn range(&self) -> Option<PyVersionRange> {
        self.inner.range.clone().map(PyVersionRange::wrap)
    }

    #[getter]
    fn conflict(&self) -> bool {
        self.inner.conflict
    }

    #[getter]
    fn weak(&self) -> bool {
        self.inner.weak
    }

    fn safe_str(&self) -> String {
        self.inner.to_string()
    }

    fn conflicts_with(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        if let Ok(r) = other.cast::<PyRequirement>() {
            return Ok(self.inner.conflicts_with(&r.get().inner));
        }
        if let Ok(o) = other.cast::<PyVersionedObject>() {
            let o = o.get();
            return Ok(self.inner.conflicts_with_version(&o.name, &o.version));
        }
        Err(PyTypeError::new_err(
            "conflicts_with needs a Requirement or a VersionedObject",
        ))
    }

    fn merged(&self, other: &PyRequirement) -> PyResult<Option<PyRequirement>> {
        Ok(self
            .inner
            .merged(&other.inner)
            .map_err(|e| version_err(e.to_string()))?
            .map(PyRequirement::wrap))
    }

    fn __str__(&self) -> PyResult<String> {
        // rez prints a weak requirement through the inverse of its range, which can raise.
        if self.inner.weak {
            if let Some(r) = &self.inner.range {
                r.inverse().map_err(|e| version_err(e.to_string()))?;
            }
        }
        Ok(self.inner.to_string())
    }

    fn __repr__(&self) -> PyResult<String> {
        Ok(format!("Requirement('{}')", self.__str__()?))
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        PyString::new(py, &self.inner.to_string()).hash()
    }

    fn __richcmp__(&self, other: &PyRequirement, op: CompareOp, py: Python<'_>) -> Py<PyAny> {
        super::errors::equality_only(py, op, self.inner == other.inner)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((slf.get_type().into_any(), (slf.get().inner.to_string(),)))
    }
}

/// A merged list of requirements (rez's `RequirementList`).
#[pyclass(module = "pyrer", name = "RequirementList", frozen)]
pub struct PyRequirementList {
    pub inner: RequirementList,
}

#[pymethods]
impl PyRequirementList {
    #[new]
    fn new(requirements: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut reqs = Vec::new();
        for item in requirements.try_iter()? {
            let item = item?;
            let r = item
                .cast::<PyRequirement>()
                .map_err(|_| PyTypeError::new_err("RequirementList expects Requirement objects"))?;
            reqs.push(r.get().inner.clone());
        }
        let inner = RequirementList::new(&reqs).map_err(|e| version_err(e.to_string()))?;
        Ok(PyRequirementList { inner })
    }

    #[getter]
    fn requirements(&self) -> Vec<PyRequirement> {
        self.inner
            .requirements()
            .iter()
            .cloned()
            .map(PyRequirement::wrap)
            .collect()
    }

    #[getter]
    fn conflict(&self) -> Option<(PyRequirement, PyRequirement)> {
        self.inner.conflict().map(|(a, b)| {
            (
                PyRequirement::wrap(a.clone()),
                PyRequirement::wrap(b.clone()),
            )
        })
    }

    #[getter]
    fn names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PySet>> {
        PySet::new(py, self.inner.names())
    }

    #[getter]
    fn conflict_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PySet>> {
        PySet::new(py, self.inner.conflict_names())
    }

    fn get(&self, name: &str) -> Option<PyRequirement> {
        self.inner.get(name).cloned().map(PyRequirement::wrap)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let list = PyList::new(py, self.requirements())?;
        list.try_iter().map(|it| it.into_any())
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self) -> String {
        format!("RequirementList('{}')", self.inner)
    }

    fn __richcmp__(&self, other: &PyRequirementList, op: CompareOp, py: Python<'_>) -> Py<PyAny> {
        super::errors::equality_only(
            py,
            op,
            self.inner.requirements() == other.inner.requirements()
                && self.inner.conflict() == other.inner.conflict(),
        )
    }
}
