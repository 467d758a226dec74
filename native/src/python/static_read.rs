//! `parse_static_package_py` / `parse_static_packages_py`: package.py files read without executing them.

use super::solve::PyPackageData;
use crate::static_parse::{static_package_data_bytes, StaticPackage};
use pyo3::prelude::*;
use std::path::PathBuf;

fn to_data(p: StaticPackage) -> PyPackageData {
    PyPackageData {
        name: p.name,
        version: p.version,
        requires: p.requires,
        variants: p.variants,
        timestamp: None,
        excluded: false,
        load_error: None,
        parsed: None,
    }
}

/// Read `name`, `version`, `requires`, `variants` from package.py source; `None` if computed or invalid.
#[pyfunction]
pub fn parse_static_package_py(
    py: Python<'_>,
    source_text: &Bound<'_, PyAny>,
) -> PyResult<Option<PyPackageData>> {
    let bytes: Vec<u8> = if let Ok(s) = source_text.cast::<pyo3::types::PyString>() {
        s.to_string().into_bytes()
    } else {
        source_text.extract::<Vec<u8>>()?
    };
    Ok(py
        .detach(move || static_package_data_bytes(&bytes))
        .map(to_data))
}

/// The same over many files, in parallel, aligned with `paths`; unreadable files give `None`.
#[pyfunction]
pub fn parse_static_packages_py(
    py: Python<'_>,
    paths: &Bound<'_, PyAny>,
) -> PyResult<Vec<Option<PyPackageData>>> {
    let mut owned: Vec<PathBuf> = Vec::new();
    for item in paths.try_iter()? {
        let item = item?;
        // Plain strings are the common case; anything else goes through os.fspath (PathLike).
        let path = match item.cast::<pyo3::types::PyString>() {
            Ok(s) => PathBuf::from(s.to_string()),
            Err(_) => item.extract::<PathBuf>()?,
        };
        owned.push(path);
    }
    let results = py.detach(move || read_all(&owned));
    Ok(results.into_iter().map(|r| r.map(to_data)).collect())
}

/// Read and parse one file; `buf` is a reused, already zeroed buffer that grows as needed.
fn read_one(path: &PathBuf, buf: &mut Vec<u8>) -> Option<StaticPackage> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    // Read straight into the buffer: no size query per file (package.py files are small).
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            buf.resize((buf.len() * 2).max(16 * 1024), 0);
        }
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    static_package_data_bytes(&buf[..filled])
}

/// Files per unit of work: small enough that a thread slowed by other load leaves the rest to the others.
const BATCH: usize = 64;

/// Every file, read and parsed by a few threads taking batches in turn; results stay aligned with
/// `paths` (a batch whose thread failed gives `None`s).
fn read_all(paths: &[PathBuf]) -> Vec<Option<StaticPackage>> {
    let threads = std::env::var("PYRER_STATIC_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .clamp(1, 16);
    let read_batch = |batch: &[PathBuf], buf: &mut Vec<u8>| {
        batch.iter().map(|p| read_one(p, buf)).collect::<Vec<_>>()
    };
    if threads <= 1 || paths.len() < 2 * BATCH {
        return read_batch(paths, &mut vec![0u8; 16 * 1024]);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<Vec<(usize, Vec<Option<StaticPackage>>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut buf = vec![0u8; 16 * 1024];
                    let mut mine = Vec::new();
                    loop {
                        let start = next.fetch_add(BATCH, std::sync::atomic::Ordering::Relaxed);
                        if start >= paths.len() {
                            return mine;
                        }
                        let end = (start + BATCH).min(paths.len());
                        mine.push((start, read_batch(&paths[start..end], &mut buf)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut out: Vec<Option<StaticPackage>> = (0..paths.len()).map(|_| None).collect();
    for (start, items) in done.into_iter().flatten() {
        for (i, item) in items.into_iter().enumerate() {
            out[start + i] = item;
        }
    }
    out
}
