//! Python exception types and small conversion helpers shared by the bindings.

use pyo3::basic::CompareOp;
use pyo3::prelude::*;
use pyo3::types::PyBool;

pyo3::create_exception!(
    pyrer,
    VersionError,
    pyo3::exceptions::PyValueError,
    "An invalid version, version range or requirement string."
);

/// A `VersionError` with this message.
pub fn version_err(message: String) -> PyErr {
    VersionError::new_err(message)
}

/// A Python bool as an owned object (for `__richcmp__` results mixed with `NotImplemented`).
pub fn py_bool(py: Python<'_>, b: bool) -> Py<PyAny> {
    PyBool::new(py, b).to_owned().into_any().unbind()
}

/// `__richcmp__` for types that only define `==` (as rez's do): `<` and friends are NotImplemented.
pub fn equality_only(py: Python<'_>, op: CompareOp, eq: bool) -> Py<PyAny> {
    match op {
        CompareOp::Eq => py_bool(py, eq),
        CompareOp::Ne => py_bool(py, !eq),
        _ => py.NotImplemented(),
    }
}
