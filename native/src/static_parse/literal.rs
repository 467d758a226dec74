//! The literal value tree (what `ast.literal_eval` accepts), with a span on every node.

use super::span::{Span, Spanned};

/// A Python literal value read from source, with the span it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub kind: LiteralKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LiteralKind {
    Str(String),
    Bytes(Vec<u8>),
    /// An integer in canonical decimal form (`"-12"`, `"0"`); Python ints are unbounded.
    Int(String),
    Float(f64),
    Complex {
        re: f64,
        im: f64,
    },
    Bool(bool),
    None,
    Ellipsis,
    List(Vec<Literal>),
    Tuple(Vec<Literal>),
    Set(Vec<Literal>),
    /// Key/value pairs in source order; duplicates are kept (Python keeps the last).
    Dict(Vec<(Literal, Literal)>),
}

impl Literal {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            LiteralKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The string with its span, if this is a string.
    pub fn as_spanned_str(&self) -> Option<Spanned<String>> {
        self.as_str().map(|s| Spanned {
            value: s.to_string(),
            span: self.span,
        })
    }

    /// The items of a list or tuple.
    pub fn as_sequence(&self) -> Option<&[Literal]> {
        match &self.kind {
            LiteralKind::List(v) | LiteralKind::Tuple(v) => Some(v),
            _ => None,
        }
    }

    /// A list or tuple whose items are all strings.
    pub fn as_string_list(&self) -> Option<Vec<Spanned<String>>> {
        self.as_sequence()?
            .iter()
            .map(Literal::as_spanned_str)
            .collect()
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.kind {
            LiteralKind::Int(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// Looks up a string key in a dict (the last duplicate wins, as in Python).
    pub fn dict_get(&self, key: &str) -> Option<&Literal> {
        match &self.kind {
            LiteralKind::Dict(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The effective entries of a dict: duplicate keys removed, keeping the last
    /// value at the position where the key first appeared (Python's dict order).
    pub fn dict_entries(&self) -> Option<Vec<(&Literal, &Literal)>> {
        let LiteralKind::Dict(pairs) = &self.kind else {
            return None;
        };
        let mut out: Vec<(&Literal, &Literal)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            match out.iter_mut().find(|(ek, _)| ek.kind.same_key(&k.kind)) {
                Some(slot) => slot.1 = v,
                None => out.push((k, v)),
            }
        }
        Some(out)
    }

    /// Whether code could modify this value in place (it contains a list, dict or set).
    pub fn is_mutable(&self) -> bool {
        match &self.kind {
            LiteralKind::List(_) | LiteralKind::Set(_) | LiteralKind::Dict(_) => true,
            LiteralKind::Tuple(items) => items.iter().any(Literal::is_mutable),
            _ => false,
        }
    }

    /// Whether code could modify one of the values this container holds (a list of lists
    /// can have a row changed through a copy of the outer list; a list of strings cannot).
    pub fn has_mutable_items(&self) -> bool {
        match &self.kind {
            LiteralKind::List(items) | LiteralKind::Tuple(items) | LiteralKind::Set(items) => {
                items.iter().any(Literal::is_mutable)
            }
            LiteralKind::Dict(pairs) => pairs.iter().any(|(_, v)| v.is_mutable()),
            _ => false,
        }
    }

    /// Whether the value can be a dict key or set element.
    pub fn is_hashable(&self) -> bool {
        match &self.kind {
            LiteralKind::List(_) | LiteralKind::Set(_) | LiteralKind::Dict(_) => false,
            LiteralKind::Tuple(items) => items.iter().all(Literal::is_hashable),
            _ => true,
        }
    }

    /// Python's type name for the value.
    pub fn type_name(&self) -> &'static str {
        self.kind.type_name()
    }
}

impl LiteralKind {
    pub fn type_name(&self) -> &'static str {
        match self {
            LiteralKind::Str(_) => "str",
            LiteralKind::Bytes(_) => "bytes",
            LiteralKind::Int(_) => "int",
            LiteralKind::Float(_) => "float",
            LiteralKind::Complex { .. } => "complex",
            LiteralKind::Bool(_) => "bool",
            LiteralKind::None => "NoneType",
            LiteralKind::Ellipsis => "ellipsis",
            LiteralKind::List(_) => "list",
            LiteralKind::Tuple(_) => "tuple",
            LiteralKind::Set(_) => "set",
            LiteralKind::Dict(_) => "dict",
        }
    }

    /// Key equality for the common cases (strings, bytes, ints, bools, None);
    /// other kinds compare structurally.
    fn same_key(&self, other: &LiteralKind) -> bool {
        match (self, other) {
            (LiteralKind::Str(a), LiteralKind::Str(b)) => a == b,
            (LiteralKind::Int(a), LiteralKind::Int(b)) => a == b,
            (LiteralKind::Bool(a), LiteralKind::Int(b))
            | (LiteralKind::Int(b), LiteralKind::Bool(a)) => b == if *a { "1" } else { "0" },
            _ => self == other,
        }
    }
}
