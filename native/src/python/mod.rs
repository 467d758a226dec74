//! The `pyrer._native` extension module: the only code that touches pyo3.

mod errors;
mod package_order;
mod package_read;
mod provider;
mod solve;
mod static_read;
mod version;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("VersionError", m.py().get_type::<errors::VersionError>())?;
    m.add_class::<version::PyToken>()?;
    m.add_class::<version::PyVersion>()?;
    m.add_class::<version::PyVersionRange>()?;
    m.add_class::<version::PyVersionedObject>()?;
    m.add_class::<version::PyRequirement>()?;
    m.add_class::<version::PyRequirementList>()?;
    m.add_class::<solve::PyPackageData>()?;
    m.add_class::<solve::PyRepository>()?;
    m.add_class::<solve::PyResolvedVariant>()?;
    m.add_class::<solve::PySolveResult>()?;
    m.add_class::<solve::PyCancelToken>()?;
    m.add_function(wrap_pyfunction!(solve::solve_native, m)?)?;
    m.add_function(wrap_pyfunction!(static_read::parse_static_package_py, m)?)?;
    m.add_function(wrap_pyfunction!(static_read::parse_static_packages_py, m)?)?;
    m.add_class::<package_read::PyStaticRead>()?;
    m.add_class::<package_read::PyStaticField>()?;
    m.add_class::<package_read::PyStaticValue>()?;
    m.add_class::<package_read::PyStaticComputed>()?;
    m.add_class::<package_read::PyStaticStatement>()?;
    m.add_function(wrap_pyfunction!(package_read::read_static_package_py, m)?)?;
    Ok(())
}
