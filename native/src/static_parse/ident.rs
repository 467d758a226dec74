//! Identifier character classes and (approximate) NFKC folding of non-ASCII identifiers.
//!
//! Python accepts Unicode identifiers (XID_Start / XID_Continue) and normalises them
//! with NFKC, so `ｒｅｑｕｉｒｅｓ` binds `requires`. Without Unicode tables we
//! approximate: letters/digits per the standard library, a few combining-mark
//! ranges, full-width ASCII folded exactly, and names containing other
//! compatibility characters reported as "unknown" so callers can stay conservative.

use std::borrow::Cow;

fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x00B7 | 0x0387 | 0x200C | 0x200D)
}

pub(crate) fn is_id_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

pub(crate) fn is_id_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric() || is_combining(c)
}

/// Characters CPython reports as "invalid non-printable character".
pub(crate) fn is_non_printable(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(c as u32, 0x00AD | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0xFEFF)
}

/// Characters whose NFKC form may be (or contain) ASCII letters or digits.
fn may_fold_to_ascii(c: char) -> bool {
    matches!(c as u32,
        0x00AA | 0x00B2 | 0x00B3 | 0x00B9 | 0x00BA | 0x0132 | 0x0133 | 0x013F | 0x0140 | 0x017F
        | 0x01C4..=0x01CC | 0x01F1..=0x01F3 | 0x02B0..=0x02B8 | 0x02E0..=0x02E4 | 0x1D2C..=0x1D6A
        | 0x1D9B..=0x1DBF | 0x2070..=0x209F | 0x2100..=0x214F | 0x2160..=0x217F | 0x2460..=0x24FF
        | 0x3371..=0x33DF | 0xFB00..=0xFB06 | 0x1D400..=0x1D7FF | 0x1F100..=0x1F1FF)
}

/// The name Python would bind for identifier `text`, or `None` when it might
/// normalise to something this reader cannot predict.
pub(crate) fn normalize(text: &str) -> Option<Cow<'_, str>> {
    if text.is_ascii() {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c as u32 {
            0xFF01..=0xFF5E => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
            _ if may_fold_to_ascii(c) => return None,
            _ => out.push(c),
        }
    }
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(normalize("ｒｅｑｕｉｒｅｓ").as_deref(), Some("requires"));
        assert_eq!(normalize("caf\u{e9}").as_deref(), Some("caf\u{e9}"));
        assert_eq!(normalize("\u{FB01}le"), None);
        assert!(is_id_start('\u{e9}') && !is_id_start('\u{201c}'));
        assert!(is_non_printable('\u{a0}'));
    }
}
