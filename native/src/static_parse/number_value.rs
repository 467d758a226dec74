//! Values of numeric literal tokens: arbitrary-size ints as decimal text, floats and imaginaries.

/// Python refuses decimal literals longer than this (`sys.int_info.default_max_str_digits`).
pub(crate) const MAX_DECIMAL_DIGITS: usize = 4300;
/// Non-decimal literals longer than this are not converted (the reader treats them as unsupported).
const MAX_RADIX_DIGITS: usize = 20_000;

pub(crate) enum NumberValue {
    Int(String),
    Float(f64),
    Imaginary(f64),
}

pub(crate) enum NumberProblem {
    /// Python itself rejects the literal.
    Error(String),
    /// Valid, but this reader does not convert it.
    Unsupported(&'static str),
}

/// Converts `digits` (no underscores, no prefix) in `radix` to canonical decimal.
fn to_decimal(digits: &str, radix: u32) -> String {
    const BASE: u64 = 1_000_000_000;
    // Little-endian limbs in base 10^9.
    let mut limbs: Vec<u64> = vec![0];
    for d in digits.chars().filter_map(|c| c.to_digit(radix)) {
        let mut carry = u64::from(d);
        for limb in limbs.iter_mut() {
            let v = *limb * u64::from(radix) + carry;
            *limb = v % BASE;
            carry = v / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    }
    let mut out = limbs.last().copied().unwrap_or(0).to_string();
    for limb in limbs.iter().rev().skip(1) {
        out.push_str(&format!("{limb:09}"));
    }
    out
}

/// Computes the value of a number token's text (already validated by the lexer).
pub(crate) fn number_value(text: &str) -> Result<NumberValue, NumberProblem> {
    if text.len() <= 18 && text.bytes().all(|c| c.is_ascii_digit()) {
        // Fast path: a plain decimal integer that fits in u64.
        return Ok(NumberValue::Int(
            text.parse::<u64>()
                .map_or_else(|_| text.to_string(), |v| v.to_string()),
        ));
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    if let Some(body) = lower.strip_suffix('j') {
        return body
            .parse::<f64>()
            .map(NumberValue::Imaginary)
            .map_err(|_| NumberProblem::Unsupported("the number could not be converted"));
    }
    let radix = match lower.get(..2) {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => 10,
    };
    if radix != 10 {
        let digits = &lower[2..];
        if digits.len() > MAX_RADIX_DIGITS {
            return Err(NumberProblem::Unsupported(
                "the integer is too large for this reader",
            ));
        }
        return Ok(NumberValue::Int(to_decimal(digits, radix)));
    }
    if lower.contains(['.', 'e']) {
        return lower
            .parse::<f64>()
            .map(NumberValue::Float)
            .map_err(|_| NumberProblem::Unsupported("the number could not be converted"));
    }
    if lower.len() > MAX_DECIMAL_DIGITS {
        return Err(NumberProblem::Error(format!(
            "Exceeds the limit ({MAX_DECIMAL_DIGITS} digits) for integer string conversion: value has {} digits; \
             use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer \
             literals to avoid decimal conversion limits.",
            lower.len()
        )));
    }
    let trimmed = lower.trim_start_matches('0');
    Ok(NumberValue::Int(if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(s: &str) -> String {
        match number_value(s) {
            Ok(NumberValue::Int(v)) => v,
            _ => panic!("{s}"),
        }
    }

    #[test]
    fn converts_ints() {
        assert_eq!(int("0"), "0");
        assert_eq!(int("000"), "0");
        assert_eq!(int("1_000"), "1000");
        assert_eq!(int("0xFF"), "255");
        assert_eq!(int("0o777"), "511");
        assert_eq!(int("0b1010"), "10");
        assert_eq!(
            int("0xffffffffffffffffffffffffffffffff"),
            "340282366920938463463374607431768211455"
        );
    }

    #[test]
    fn converts_floats() {
        assert!(matches!(number_value("1.5e3"), Ok(NumberValue::Float(v)) if v == 1500.0));
        assert!(matches!(number_value(".5"), Ok(NumberValue::Float(v)) if v == 0.5));
        assert!(matches!(number_value("1."), Ok(NumberValue::Float(v)) if v == 1.0));
        assert!(matches!(number_value("2J"), Ok(NumberValue::Imaginary(v)) if v == 2.0));
        assert!(matches!(number_value("1e999"), Ok(NumberValue::Float(v)) if v.is_infinite()));
    }
}
