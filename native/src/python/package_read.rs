//! `read_static_package_py`: every top-level field of a package.py with its spans, for editors.
//!
//! The same reader as `parse_static_package(s)_py` (so both views agree on what is computed),
//! exposed whole: literal values as trees with a span on every node, computed fields with the
//! reason and the code responsible, top-level statements for outlines, and syntax errors.
//! Spans are `(line, column, end_line, end_column)`: 0-based lines, UTF-16 columns.

use crate::static_parse::{
    developer_shape_problem, parse_package_bytes_with_statements, parse_package_with_statements,
    Computed, Field, FieldValue, Literal, LiteralKind, PackageSource, Span, Statement,
    StatementKind,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyComplex, PyDict, PyList, PySet, PyString, PyTuple};

type PySpan = (u32, u32, u32, u32);

fn py_span(s: Span) -> PySpan {
    (s.start.line, s.start.column, s.end.line, s.end.column)
}

/// The span of a string's characters alone when the source writes them as they are (one
/// token on one line, no escape): editors can then change part of the string exactly.
fn text_span(lit: &Literal, src: &str) -> Span {
    let LiteralKind::Str(value) = &lit.kind else {
        return lit.span;
    };
    let raw = lit.span.text(src);
    let prefix = raw
        .bytes()
        .take_while(|b| b"rRuUbBfFtT".contains(b))
        .count();
    let body = &raw[prefix..];
    let quote = if body.starts_with("'''") || body.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    if lit.span.start.line != lit.span.end.line || body.len() < 2 * quote {
        return lit.span;
    }
    let inner = &body[quote..body.len() - quote];
    if inner != value {
        return lit.span;
    }
    let mut start = lit.span.start;
    let mut end = lit.span.end;
    let shift = (prefix + quote) as u32; // prefix letters and quotes: one UTF-16 unit each
    start.offset += prefix + quote;
    start.column += shift;
    end.offset -= quote;
    end.column -= quote as u32;
    Span::new(start, end)
}

/// A literal value read from source, with a span on every node.
#[pyclass(module = "pyrer", name = "StaticValue", frozen)]
pub struct PyStaticValue {
    kind: &'static str,
    span: Span,
    text_span: Span,
    scalar: Option<Py<PyAny>>,
    items: Vec<Py<PyStaticValue>>,
    keys: Vec<Py<PyStaticValue>>,
}

fn int_value<'py>(py: Python<'py>, digits: &str) -> PyResult<Bound<'py, PyAny>> {
    match digits.parse::<i64>() {
        Ok(v) => Ok(v.into_pyobject(py)?.into_any()),
        Err(_) => py.import("builtins")?.getattr("int")?.call1((digits,)),
    }
}

fn value_tree(py: Python<'_>, lit: &Literal, src: &str) -> PyResult<Py<PyStaticValue>> {
    let mut items = Vec::new();
    let mut keys = Vec::new();
    let scalar: Option<Bound<'_, PyAny>> = match &lit.kind {
        LiteralKind::Str(s) => Some(PyString::new(py, s).into_any()),
        LiteralKind::Bytes(b) => Some(PyBytes::new(py, b).into_any()),
        LiteralKind::Int(digits) => Some(int_value(py, digits)?),
        LiteralKind::Float(f) => Some(f.into_pyobject(py)?.into_any()),
        LiteralKind::Complex { re, im } => Some(PyComplex::from_doubles(py, *re, *im).into_any()),
        LiteralKind::Bool(b) => Some(b.into_pyobject(py)?.to_owned().into_any()),
        LiteralKind::None => Some(py.None().into_bound(py)),
        LiteralKind::Ellipsis => Some(py.Ellipsis().into_bound(py)),
        LiteralKind::List(v) | LiteralKind::Tuple(v) | LiteralKind::Set(v) => {
            for item in v {
                items.push(value_tree(py, item, src)?);
            }
            None
        }
        LiteralKind::Dict(pairs) => {
            for (k, v) in pairs {
                keys.push(value_tree(py, k, src)?);
                items.push(value_tree(py, v, src)?);
            }
            None
        }
    };
    Py::new(
        py,
        PyStaticValue {
            kind: kind_name(&lit.kind),
            span: lit.span,
            text_span: text_span(lit, src),
            scalar: scalar.map(Bound::unbind),
            items,
            keys,
        },
    )
}

fn kind_name(kind: &LiteralKind) -> &'static str {
    match kind {
        LiteralKind::None => "none",
        LiteralKind::Ellipsis => "ellipsis",
        other => other.type_name(),
    }
}

fn refs(py: Python<'_>, v: &[Py<PyStaticValue>]) -> Vec<Py<PyStaticValue>> {
    v.iter().map(|x| x.clone_ref(py)).collect()
}

#[pymethods]
impl PyStaticValue {
    /// "str", "bytes", "int", "float", "complex", "bool", "none", "ellipsis", "list", "tuple", "set", "dict".
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind
    }

    /// The whole literal (quotes, prefix and brackets included).
    #[getter]
    fn span(&self) -> PySpan {
        py_span(self.span)
    }

    /// A string's characters alone when written as they are on one line, else `span`.
    #[getter]
    fn text_span(&self) -> PySpan {
        py_span(self.text_span)
    }

    /// Items of a list, tuple or set; the values of a dict (aligned with `keys`).
    #[getter]
    fn items(&self, py: Python<'_>) -> Vec<Py<PyStaticValue>> {
        refs(py, &self.items)
    }

    /// The keys of a dict, in source order (duplicates kept); empty for other kinds.
    #[getter]
    fn keys(&self, py: Python<'_>) -> Vec<Py<PyStaticValue>> {
        refs(py, &self.keys)
    }

    /// The Python value (a str, list, dict, ...), built anew on each call.
    fn python(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if let Some(s) = &self.scalar {
            return Ok(s.clone_ref(py));
        }
        let values = self
            .items
            .iter()
            .map(|i| i.get().python(py))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(match self.kind {
            "list" => PyList::new(py, values)?.into_any().unbind(),
            "tuple" => PyTuple::new(py, values)?.into_any().unbind(),
            "set" => PySet::new(py, values.iter())?.into_any().unbind(),
            _ => {
                let d = PyDict::new(py);
                for (k, v) in self.keys.iter().zip(values) {
                    d.set_item(k.get().python(py)?, v)?;
                }
                d.into_any().unbind()
            }
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let value = self.python(py)?;
        Ok(format!("StaticValue({})", value.bind(py).repr()?))
    }
}

/// Why a field's value is computed by code, where, and what would evaluate it.
#[pyclass(module = "pyrer", name = "StaticComputed", frozen)]
pub struct PyStaticComputed {
    #[pyo3(get)]
    kind: &'static str,
    #[pyo3(get)]
    reason: String,
    #[pyo3(get)]
    span: PySpan,
    #[pyo3(get)]
    evaluation: &'static str,
    #[pyo3(get)]
    evaluated_by: &'static str,
}

#[pymethods]
impl PyStaticComputed {
    fn __repr__(&self) -> String {
        format!("StaticComputed({}: {})", self.kind, self.reason)
    }
}

fn computed_obj(py: Python<'_>, c: &Computed) -> PyResult<Py<PyStaticComputed>> {
    Py::new(
        py,
        PyStaticComputed {
            kind: c.kind.name(),
            reason: c.reason.clone(),
            span: py_span(c.span),
            evaluation: c.evaluation.name(),
            evaluated_by: c.evaluation.describe(),
        },
    )
}

/// The final binding of one top-level name.
#[pyclass(module = "pyrer", name = "StaticField", frozen)]
pub struct PyStaticField {
    #[pyo3(get)]
    name: String,
    #[pyo3(get)]
    name_span: PySpan,
    #[pyo3(get)]
    value_span: PySpan,
    value: Option<Py<PyStaticValue>>,
    computed: Option<Py<PyStaticComputed>>,
    #[pyo3(get)]
    problem: Option<(&'static str, &'static str, PySpan)>,
}

#[pymethods]
impl PyStaticField {
    /// The literal value; None when the field is computed.
    #[getter]
    fn value(&self, py: Python<'_>) -> Option<Py<PyStaticValue>> {
        self.value.as_ref().map(|v| v.clone_ref(py))
    }

    /// Why the value is computed; None when it is a literal.
    #[getter]
    fn computed(&self, py: Python<'_>) -> Option<Py<PyStaticComputed>> {
        self.computed.as_ref().map(|v| v.clone_ref(py))
    }

    fn __repr__(&self) -> String {
        format!("StaticField({})", self.name)
    }
}

fn field_obj(py: Python<'_>, f: &Field, src: &str) -> PyResult<PyStaticField> {
    let (value, computed, problem) = match &f.value {
        FieldValue::Literal(lit) => {
            let problem = developer_shape_problem(&f.name, lit)
                .map(|p| (p.expected, p.found, py_span(p.span)));
            (Some(value_tree(py, lit, src)?), None, problem)
        }
        FieldValue::Computed(c) => (None, Some(computed_obj(py, c)?), None),
    };
    Ok(PyStaticField {
        name: f.name.clone(),
        name_span: py_span(f.name_span),
        value_span: py_span(f.value_span()),
        value,
        computed,
        problem,
    })
}

/// A top-level assignment, `def` or `class`.
#[pyclass(module = "pyrer", name = "StaticStatement", frozen)]
pub struct PyStaticStatement {
    #[pyo3(get)]
    name: String,
    #[pyo3(get)]
    kind: &'static str,
    #[pyo3(get)]
    name_span: PySpan,
    #[pyo3(get)]
    span: PySpan,
    value: Option<Py<PyStaticValue>>,
}

#[pymethods]
impl PyStaticStatement {
    /// The assigned literal, when the value is one.
    #[getter]
    fn value(&self, py: Python<'_>) -> Option<Py<PyStaticValue>> {
        self.value.as_ref().map(|v| v.clone_ref(py))
    }

    fn __repr__(&self) -> String {
        format!("StaticStatement({} {})", self.kind, self.name)
    }
}

fn statement_obj(py: Python<'_>, s: &Statement, src: &str) -> PyResult<PyStaticStatement> {
    Ok(PyStaticStatement {
        name: s.name.clone(),
        kind: match s.kind {
            StatementKind::Assign => "assign",
            StatementKind::Def => "def",
            StatementKind::Class => "class",
        },
        name_span: py_span(s.name_span),
        span: py_span(s.span),
        value: s
            .value
            .as_ref()
            .map(|v| value_tree(py, v, src))
            .transpose()?,
    })
}

/// Everything read from one package.py.
#[pyclass(module = "pyrer", name = "StaticRead", frozen)]
pub struct PyStaticRead {
    fields: Vec<Py<PyStaticField>>,
    statements: Vec<Py<PyStaticStatement>>,
    #[pyo3(get)]
    errors: Vec<(String, PySpan)>,
}

#[pymethods]
impl PyStaticRead {
    /// The final binding of every top-level name, in the order of those bindings.
    #[getter]
    fn fields(&self, py: Python<'_>) -> Vec<Py<PyStaticField>> {
        self.fields.iter().map(|f| f.clone_ref(py)).collect()
    }

    /// Top-level assignments, `def`s and `class`es in source order (every binding).
    #[getter]
    fn statements(&self, py: Python<'_>) -> Vec<Py<PyStaticStatement>> {
        self.statements.iter().map(|f| f.clone_ref(py)).collect()
    }

    /// The final binding of `name`, or None.
    fn field(&self, py: Python<'_>, name: &str) -> Option<Py<PyStaticField>> {
        self.fields
            .iter()
            .find(|f| f.get().name == name)
            .map(|f| f.clone_ref(py))
    }

    fn __repr__(&self) -> String {
        format!(
            "StaticRead({} fields, {} errors)",
            self.fields.len(),
            self.errors.len()
        )
    }
}

fn read_obj(py: Python<'_>, pkg: &PackageSource, src: &str) -> PyResult<PyStaticRead> {
    let fields = pkg
        .fields
        .iter()
        .map(|f| Py::new(py, field_obj(py, f, src)?))
        .collect::<PyResult<_>>()?;
    let statements = pkg
        .statements
        .iter()
        .map(|s| Py::new(py, statement_obj(py, s, src)?))
        .collect::<PyResult<_>>()?;
    let errors = pkg
        .errors
        .iter()
        .map(|e| (e.message.clone(), py_span(e.span)))
        .collect();
    Ok(PyStaticRead {
        fields,
        statements,
        errors,
    })
}

/// Read every top-level field of package.py source (str or bytes) with its spans, never executing it.
#[pyfunction]
pub fn read_static_package_py(
    py: Python<'_>,
    source_text: &Bound<'_, PyAny>,
) -> PyResult<PyStaticRead> {
    if let Ok(s) = source_text.cast::<PyString>() {
        let text = match s.extract::<String>() {
            Ok(t) => t,
            Err(_) => {
                // Lone surrogates cannot be UTF-8: each reads as one U+FFFD (one UTF-16 unit, so
                // every column stays where the editor has it).
                let utf16 = s.call_method1("encode", ("utf-16-le", "surrogatepass"))?;
                let bytes: Vec<u8> = utf16.extract()?;
                let units: Vec<u16> = bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            }
        };
        let pkg = py.detach(|| parse_package_with_statements(&text));
        return read_obj(py, &pkg, &text);
    }
    let bytes: Vec<u8> = source_text.extract()?;
    let pkg = py.detach(|| parse_package_bytes_with_statements(&bytes));
    let text = String::from_utf8_lossy(&bytes);
    read_obj(py, &pkg, &text)
}
