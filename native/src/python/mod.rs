//! The `pyrer._native` extension module: the only code that touches pyo3.

mod errors;
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
    Ok(())
}
