//! The version range grammar, matched alternative by alternative exactly as rez's regex does.

use super::bound::{Bound, LowerBound, UpperBound};
use super::error::VersionError;
use super::token::is_token_char;
use super::version::Version;

/// A cursor over one `|`-separated part of a range string.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { s, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn at_end(&self) -> bool {
        self.pos == self.s.len()
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.rest().starts_with(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    /// `[0-9a-zA-Z_]+(?:[.-][0-9a-zA-Z_]+)*`, greedy; the only match that can ever succeed.
    fn version(&mut self) -> Option<&'a str> {
        let len = version_len(self.rest());
        if len == 0 {
            return None;
        }
        let v = &self.rest()[..len];
        self.pos += len;
        Some(v)
    }

    /// True if a version group starts here (the regex's `(?=V)` look-ahead).
    fn version_ahead(&self) -> bool {
        version_len(self.rest()) > 0
    }
}

/// Byte length of the longest version-group match at the start of `s`.
fn version_len(s: &str) -> usize {
    let b = s.as_bytes();
    let tok = |i: usize| i < b.len() && is_token_char(b[i] as char);
    let mut i = 0;
    while tok(i) {
        i += 1;
    }
    if i == 0 {
        return 0;
    }
    loop {
        if i < b.len() && (b[i] == b'.' || b[i] == b'-') && tok(i + 1) {
            i += 1;
            while tok(i) {
                i += 1;
            }
        } else {
            return i;
        }
    }
}

/// The bound one alternative of the grammar describes, before validity checks.
enum Shape<'a> {
    /// `V`: `[V, next(V))`.
    Superset(&'a str),
    /// `==V?`.
    Exact(Option<&'a str>),
    /// `V?..V?`.
    Inclusive(Option<&'a str>, Option<&'a str>),
    /// A lower end and/or an upper end, each `(version, exclusive)`.
    Ends {
        lower: Option<(Option<&'a str>, bool)>,
        upper: Option<(Option<&'a str>, bool)>,
    },
}

fn alt_version(s: &str) -> Option<Shape<'_>> {
    let mut c = Cursor::new(s);
    let v = c.version()?;
    c.at_end().then_some(Shape::Superset(v))
}

fn alt_exact(s: &str) -> Option<Shape<'_>> {
    let mut c = Cursor::new(s);
    if !c.eat("==") {
        return None;
    }
    let v = c.version();
    c.at_end().then_some(Shape::Exact(v))
}

fn alt_inclusive(s: &str) -> Option<Shape<'_>> {
    let mut c = Cursor::new(s);
    let lo = c.version();
    if !c.eat("..") {
        return None;
    }
    let hi = c.version();
    c.at_end().then_some(Shape::Inclusive(lo, hi))
}

/// `(>|>=)?` as the regex resolves it: `>=` when the text starts with it.
fn lower_prefix(c: &mut Cursor) -> Option<bool> {
    if c.eat(">=") {
        Some(false)
    } else if c.eat(">") {
        Some(true)
    } else {
        None
    }
}

fn alt_lower(s: &str) -> Option<Shape<'_>> {
    let mut c = Cursor::new(s);
    let prefix = lower_prefix(&mut c);
    let v = c.version();
    if prefix.is_none() && !c.eat("+") {
        return None;
    }
    c.at_end().then_some(Shape::Ends {
        lower: Some((v, prefix.unwrap_or(false))),
        upper: None,
    })
}

/// `(<(?=V)|<=)`: `Some(exclusive)`.
fn upper_prefix_strict(c: &mut Cursor) -> Option<bool> {
    if c.rest().starts_with('<') && !c.rest().starts_with("<=") {
        let mut probe = Cursor {
            s: c.s,
            pos: c.pos + 1,
        };
        if probe.version_ahead() {
            c.pos += 1;
            return Some(true);
        }
        let _ = probe.version();
        return None;
    }
    if c.rest().starts_with("<=") {
        // `<(?=V)` is tried first but '=' is never a version start, so `<=` it is.
        c.pos += 2;
        return Some(false);
    }
    None
}

fn alt_upper(s: &str) -> Option<Shape<'_>> {
    let mut c = Cursor::new(s);
    let prefix = upper_prefix_strict(&mut c);
    let v = c.version();
    if !c.at_end() {
        return None;
    }
    // An empty part never gets here (handled by the caller); a bare `V` matched earlier.
    Some(Shape::Ends {
        lower: None,
        upper: Some((v, prefix.unwrap_or(false))),
    })
}

fn alt_asc(s: &str) -> Option<Shape<'_>> {
    let mut c = Cursor::new(s);
    let start = c.pos;
    let prefix = lower_prefix(&mut c);
    let lv = c.version();
    if prefix.is_none() {
        c.eat("+");
    }
    let lower_text_len = c.pos - start;
    if lv.is_some() {
        c.eat(",");
    }
    let up_exclusive = upper_prefix_strict(&mut c)?;
    let uv = c.version();
    if !c.at_end() {
        return None;
    }
    let lower = (lower_text_len > 0).then_some((lv, prefix.unwrap_or(false)));
    Some(Shape::Ends {
        lower,
        upper: Some((uv, up_exclusive)),
    })
}

fn alt_desc(s: &str) -> Option<Shape<'_>> {
    let mut c = Cursor::new(s);
    let start = c.pos;
    // `(<|<=)?`: try `<` then `<=`; the one that lets the rest match wins.
    let candidates: &[Option<&str>] = if s.starts_with("<=") {
        &[Some("<"), Some("<="), None]
    } else if s.starts_with('<') {
        &[Some("<"), None]
    } else {
        &[None]
    };
    for cand in candidates {
        c.pos = start;
        if let Some(p) = cand {
            if !c.eat(p) {
                continue;
            }
        }
        if let Some(shape) = desc_after_prefix(&mut c, *cand, start) {
            return Some(shape);
        }
    }
    None
}

fn desc_after_prefix<'a>(
    c: &mut Cursor<'a>,
    prefix: Option<&str>,
    start: usize,
) -> Option<Shape<'a>> {
    let uv = c.version();
    if prefix.is_none() {
        c.eat("+");
    }
    let upper_text_len = c.pos - start;
    if uv.is_some() && !c.eat(",") {
        return None;
    }
    // `(<(?=V)|>=?)`
    let low_exclusive = if c.rest().starts_with('<') {
        let probe = Cursor {
            s: c.s,
            pos: c.pos + 1,
        };
        if !probe.version_ahead() {
            return None;
        }
        c.pos += 1;
        false
    } else if c.eat(">=") {
        false
    } else if c.eat(">") {
        true
    } else {
        return None;
    };
    let lv = c.version();
    if !c.at_end() {
        return None;
    }
    let upper = (upper_text_len > 0).then_some((uv, prefix == Some("<")));
    Some(Shape::Ends {
        lower: Some((lv, low_exclusive)),
        upper,
    })
}

/// Match one non-empty part against the grammar; `None` is a syntax error.
fn match_part(part: &str) -> Option<Shape<'_>> {
    // Python's `$` also matches just before one trailing newline.
    let part = part.strip_suffix('\n').unwrap_or(part);
    if part.is_empty() {
        // Only the all-optional upper-bound alternative matches; it yields no bound.
        return Some(Shape::Ends {
            lower: None,
            upper: None,
        });
    }
    alt_version(part)
        .or_else(|| alt_exact(part))
        .or_else(|| alt_inclusive(part))
        .or_else(|| alt_lower(part))
        .or_else(|| alt_upper(part))
        .or_else(|| alt_asc(part))
        .or_else(|| alt_desc(part))
}

fn ver(s: Option<&str>) -> Result<Version, VersionError> {
    Version::parse(s.unwrap_or(""))
}

/// Turn a matched shape into a bound (rez's `_act_*` methods); `None` adds no bound.
fn build(shape: Shape, invalid_bound_error: bool) -> Result<Option<Bound>, VersionError> {
    let check = |lower: LowerBound, upper: UpperBound| -> Result<Bound, VersionError> {
        if invalid_bound_error {
            Bound::new(lower, upper)
        } else {
            Ok(Bound { lower, upper })
        }
    };
    Ok(Some(match shape {
        Shape::Superset(v) => {
            let v = ver(Some(v))?;
            let next = v.next();
            Bound::new(
                LowerBound {
                    version: v,
                    inclusive: true,
                },
                UpperBound::new(next, false)?,
            )?
        }
        Shape::Exact(v) => Bound::exact(ver(v)?),
        Shape::Inclusive(lo, hi) => check(
            LowerBound {
                version: ver(lo)?,
                inclusive: true,
            },
            UpperBound::new(ver(hi)?, true)?,
        )?,
        Shape::Ends {
            lower: None,
            upper: None,
        } => return Ok(None),
        Shape::Ends { lower, upper } => {
            let lower = match lower {
                Some((v, exclusive)) => LowerBound {
                    version: ver(v)?,
                    inclusive: !exclusive,
                },
                None => LowerBound::min(),
            };
            let upper = match upper {
                Some((v, exclusive)) => UpperBound::new(ver(v)?, !exclusive)?,
                None => UpperBound::inf(),
            };
            check(lower, upper)?
        }
    }))
}

/// Parse a range string into its raw (not yet normalised) bounds; empty means "any".
pub fn parse_bounds(input: &str, invalid_bound_error: bool) -> Result<Vec<Bound>, VersionError> {
    let mut bounds = Vec::new();
    let mut is_any = false;
    let mut offset = 0;
    for part in input.split('|') {
        let here = offset;
        offset += part.len() + 1;
        if part.is_empty() {
            is_any = true;
            bounds.clear();
            continue;
        }
        let Some(shape) = match_part(part) else {
            return Err(VersionError::new(format!(
                "Syntax error in version range '{input}': '{part}' (at character {}) is not a version range",
                super::version::char_pos(input, here)
            )));
        };
        if is_any {
            continue;
        }
        match build(shape, invalid_bound_error) {
            Ok(Some(b)) => bounds.push(b),
            Ok(None) => {}
            Err(e) => {
                return Err(VersionError::new(format!(
                    "Invalid version range '{input}': in '{part}' (at character {}): {}",
                    super::version::char_pos(input, here),
                    e.message()
                )))
            }
        }
    }
    if is_any {
        bounds.clear();
    }
    Ok(bounds)
}
