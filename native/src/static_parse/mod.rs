//! Static reader of rez `package.py` files: reads literal top-level fields with exact spans, never executes code.
//!
//! A package.py is Python source. This module tokenizes it the way CPython does
//! (strings of every form, comments, brackets, continuations, indentation), walks
//! the top-level statements, and reports every top-level binding as either a
//! [`Literal`] tree (with byte offsets and LSP-style UTF-16 line/column spans on
//! every node) or as [`Computed`] with the reason and the responsible code.
//! Python's "last binding wins" rule applies. Lexical errors come back as
//! [`SyntaxError`]s with precise spans; the reader is total on arbitrary input.
//!
//! ```
//! use pyrer::static_parse::{parse_package, static_package_data};
//!
//! let src = "name = 'foo'\nversion = '1.0'\nrequires = ['bar-1+', \\\n    'baz']\n";
//! let pkg = parse_package(src);
//! let requires = pkg.requires().unwrap();
//! assert_eq!(requires[1].value, "baz");
//! assert_eq!((requires[1].span.start.line, requires[1].span.start.column), (3, 4));
//! assert_eq!(static_package_data(src).unwrap().name, "foo");
//! assert!(static_package_data("name = 'x'\ndef requires():\n    return []\n").is_none());
//! ```

mod analyze;
mod analyze_assign;
mod analyze_define;
mod analyze_effects;
mod bindings;
mod encoding;
mod error;
mod fast;
mod ident;
mod lex_number;
mod lex_string;
mod lexer;
mod literal;
mod literal_parse;
mod number_value;
mod package;
mod schema;
mod span;
mod statement;
mod static_data;
mod string_decode;
mod tests_field;
mod token;

pub use error::SyntaxError;
pub use literal::{Literal, LiteralKind};
pub use package::{
    Computed, ComputedKind, Evaluation, Field, FieldRead, FieldValue, PackageSource, Statement,
    StatementKind,
};
pub use schema::{developer_shape_problem, is_wildcard_requirement, ShapeProblem};
pub use span::{Position, Span, Spanned};
pub use static_data::{static_package_data, static_package_data_bytes, StaticPackage};
pub use tests_field::{PackageTest, TestCommand};

/// Reads a package.py given as text.
pub fn parse_package(source: &str) -> PackageSource {
    read(source, false)
}

/// [`parse_package`] that also lists every top-level statement (`PackageSource::statements`).
pub fn parse_package_with_statements(source: &str) -> PackageSource {
    read(source, true)
}

fn read(source: &str, outline: bool) -> PackageSource {
    let lexed = lexer::lex(source);
    let analysis = analyze::analyze(source, &lexed, outline);
    let mut errors = analysis.errors;
    errors.extend(lexed.error);
    errors.sort_by_key(|e| e.span.start.offset);
    PackageSource {
        fields: analysis.fields,
        overridden: analysis.overridden,
        errors,
        statements: analysis.statements,
    }
}

/// Reads a package.py given as bytes. Invalid UTF-8 (or a declared non-UTF-8
/// encoding with non-ASCII content) is reported as a syntax error.
pub fn parse_package_bytes(source: &[u8]) -> PackageSource {
    read_bytes(source, false)
}

/// [`parse_package_bytes`] that also lists every top-level statement.
pub fn parse_package_bytes_with_statements(source: &[u8]) -> PackageSource {
    read_bytes(source, true)
}

fn read_bytes(source: &[u8], outline: bool) -> PackageSource {
    match encoding::decode_source(source) {
        Ok(text) => read(text, outline),
        Err(e) => PackageSource {
            errors: vec![e],
            ..PackageSource::default()
        },
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fast;
#[cfg(test)]
mod tests_rez;
