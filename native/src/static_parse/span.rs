//! Source positions: byte offsets plus 0-based (line, UTF-16 column) pairs, as LSP uses them.

/// A point in the source text.
///
/// `offset` is a byte offset into the text exactly as it was given (a leading
/// BOM, if present, counts). `line` is 0-based; `\n`, `\r\n` and a lone `\r`
/// each end a line. `column` is 0-based and counted in UTF-16 code units from
/// the start of the line (the unit LSP uses by default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub offset: usize,
    pub line: u32,
    pub column: u32,
}

/// A half-open range `[start, end)` of the source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

impl Span {
    pub fn new(start: Position, end: Position) -> Span {
        Span { start, end }
    }

    /// A span running from the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start,
            end: other.end,
        }
    }

    /// The source text covered by this span (empty if the span does not fit `source`).
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start.offset..self.end.offset).unwrap_or("")
    }

    /// The 1-based line number of the start, as Python reports it in messages.
    pub fn human_line(&self) -> u32 {
        self.start.line.saturating_add(1)
    }
}

/// A value together with the span of source it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// Converts byte offsets into [`Position`]s by walking forward through the text.
///
/// Queries are expected in non-decreasing order (the lexer produces them that
/// way), which makes the whole conversion linear; a query that goes backwards
/// restarts from the beginning, which is correct but slower.
pub(crate) struct PosCursor<'s> {
    bytes: &'s [u8],
    pos: Position,
    after_cr: bool,
}

impl<'s> PosCursor<'s> {
    pub(crate) fn new(bytes: &'s [u8]) -> Self {
        PosCursor {
            bytes,
            pos: Position::default(),
            after_cr: false,
        }
    }

    pub(crate) fn at(&mut self, offset: usize) -> Position {
        if offset < self.pos.offset {
            self.pos = Position::default();
            self.after_cr = false;
        }
        let end = offset.min(self.bytes.len());
        let Position {
            offset: mut i,
            mut line,
            mut column,
        } = self.pos;
        let mut after_cr = self.after_cr;
        while i < end {
            let b = self.bytes[i];
            match b {
                b'\n' => {
                    if !after_cr {
                        line += 1;
                    }
                    column = 0;
                    after_cr = false;
                }
                b'\r' => {
                    line += 1;
                    column = 0;
                    after_cr = true;
                }
                _ => {
                    after_cr = false;
                    if b & 0xC0 != 0x80 {
                        // A 4-byte UTF-8 sequence is a surrogate pair in UTF-16.
                        column += if b >= 0xF0 { 2 } else { 1 };
                    }
                }
            }
            i += 1;
        }
        self.pos = Position {
            offset: end,
            line,
            column,
        };
        self.after_cr = after_cr;
        // Offsets past the end are clamped for line/column but keep their value.
        Position {
            offset,
            line,
            column,
        }
    }

    pub(crate) fn span(&mut self, start: usize, end: usize) -> Span {
        let s = self.at(start);
        let e = self.at(end.max(start));
        Span::new(s, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_utf16_columns() {
        let text = "a\r\nb\rc\n\u{e9}\u{1F600}x";
        let mut c = PosCursor::new(text.as_bytes());
        assert_eq!(
            c.at(0),
            Position {
                offset: 0,
                line: 0,
                column: 0
            }
        );
        assert_eq!(
            c.at(3),
            Position {
                offset: 3,
                line: 1,
                column: 0
            }
        );
        assert_eq!(
            c.at(5),
            Position {
                offset: 5,
                line: 2,
                column: 0
            }
        );
        assert_eq!(
            c.at(7),
            Position {
                offset: 7,
                line: 3,
                column: 0
            }
        );
        // é is 2 bytes / 1 unit, 😀 is 4 bytes / 2 units.
        assert_eq!(
            c.at(13),
            Position {
                offset: 13,
                line: 3,
                column: 3
            }
        );
        // Going backwards restarts and stays correct.
        assert_eq!(
            c.at(4),
            Position {
                offset: 4,
                line: 1,
                column: 1
            }
        );
    }
}
