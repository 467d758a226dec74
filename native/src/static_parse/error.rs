//! The structured syntax error returned for source that Python would reject.

use super::span::Span;
use std::fmt;

/// A syntax error: Python would refuse to compile the file.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.message,
            self.span.start.line + 1,
            self.span.start.column + 1
        )
    }
}

impl std::error::Error for SyntaxError {}
