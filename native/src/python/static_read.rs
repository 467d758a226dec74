//! `parse_static_package_py` / `parse_static_packages_py`: package.py files read without executing them.

use super::solve::PyPackageData;
use crate::static_parse::{static_package_data_bytes, StaticPackage};
use pyo3::prelude::*;
use std::path::PathBuf;

fn to_data(p: StaticPackage) -> PyPackageData {
    PyPackageData { name: p.name, version: p.version, requires: p.requires, variants: p.variants }
}

/// Read `name`, `version`, `requires`, `variants` from package.py source; `None` if computed or invalid.
#[pyfunction]
pub fn parse_static_package_py(py: Python<'_>, source_text: &Bound<'_, PyAny>) -> PyResult<Option<PyPackageData>> {
    let bytes: Vec<u8> = if let Ok(s) = source_text.cast::<pyo3::types::PyString>() {
        s.to_string().into_bytes()
    } else {
        source_text.extract::<Vec<u8>>()?
    };
    Ok(py.detach(move || static_package_data_bytes(&bytes)).map(to_data))
}

/// The same over many files, in parallel, aligned with `paths`; unreadable files give `None`.
#[pyfunction]
pub fn parse_static_packages_py(py: Python<'_>, paths: Vec<PathBuf>) -> Vec<Option<PyPackageData>> {
    let results = py.detach(move || read_all(&paths));
    results.into_iter().map(|r| r.map(to_data)).collect()
}

fn read_one(path: &PathBuf) -> Option<StaticPackage> {
    let bytes = std::fs::read(path).ok()?;
    static_package_data_bytes(&bytes)
}

fn read_all(paths: &[PathBuf]) -> Vec<Option<StaticPackage>> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
    if threads <= 1 || paths.len() < 64 {
        return paths.iter().map(read_one).collect();
    }
    let chunk = paths.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths.chunks(chunk).map(|c| scope.spawn(move || c.iter().map(read_one).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}
