//! Package orderers from the normalised tuples `pyrer._package_order` makes of rez's POD form.

use crate::solver::{PackageOrder, PackageOrderList};
use crate::version::Version;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::collections::HashMap;
use std::sync::Arc;

/// Item `i` of a normalised orderer tuple.
fn item<'py>(t: &Bound<'py, PyTuple>, i: usize) -> PyResult<Bound<'py, PyAny>> {
    t.get_item(i)
}

/// One orderer from `(type, packages, *parameters)`.
fn orderer(obj: &Bound<'_, PyAny>) -> PyResult<(Vec<String>, PackageOrder)> {
    let t = obj
        .cast::<PyTuple>()
        .map_err(|_| PyTypeError::new_err("a normalised package orderer must be a tuple"))?;
    let kind: String = item(t, 0)?.extract()?;
    let packages: Vec<String> = item(t, 1)?.extract()?;
    let order = match kind.as_str() {
        "no_order" => PackageOrder::NoOrder,
        "sorted" => PackageOrder::Sorted {
            descending: item(t, 2)?.extract()?,
        },
        "version_split" => {
            let s: String = item(t, 2)?.extract()?;
            let first_version = Version::parse(&s).map_err(|e| {
                PyValueError::new_err(format!(
                    "version_split orderer: invalid first_version {s:?}: {}",
                    e.message()
                ))
            })?;
            PackageOrder::VersionSplit { first_version }
        }
        "soft_timestamp" => PackageOrder::SoftTimestamp {
            timestamp: item(t, 2)?.extract()?,
            rank: item(t, 3)?.extract()?,
        },
        "per_family" => {
            let mut order_dict = HashMap::new();
            for pair in t.get_item(2)?.try_iter()? {
                let pair = pair?;
                let pair = pair.cast::<PyTuple>().map_err(|_| {
                    PyTypeError::new_err("per_family orderers must be (family, orderer) pairs")
                })?;
                let family: String = item(pair, 0)?.extract()?;
                let (_, inner) = orderer(&pair.get_item(1)?)?;
                order_dict.insert(family, Arc::new(inner));
            }
            let default = t.get_item(3)?;
            let default_order = if default.is_none() {
                None
            } else {
                Some(Arc::new(orderer(&default)?.1))
            };
            PackageOrder::PerFamily {
                order_dict,
                default_order,
            }
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown package orderer type {other:?}"
            )))
        }
    };
    Ok((packages, order))
}

/// rez's `PackageOrderList` from a list of normalised orderers, in order.
pub fn orderer_list(list: &Bound<'_, PyAny>) -> PyResult<PackageOrderList> {
    let mut out = Vec::new();
    for obj in list.try_iter()? {
        let (packages, order) = orderer(&obj?)?;
        out.push((packages, Arc::new(order)));
    }
    Ok(PackageOrderList::new(out))
}
