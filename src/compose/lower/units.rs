//! Durations, byte sizes and CPU counts: the parsers (re-derived from Go's
//! `time.ParseDuration` with compose's extra `d` and `w` units, and from docker's
//! `RAMInBytes`) and the readers that report what is wrong with a value.

use super::cx::{Cx, Place};
use crate::compose::model::{ByteSize, Cpus, Duration, Text};
use crate::spanned::Spanned;
use crate::yaml::{Node, NodeKind, ScalarValue};

/// Why a duration or size did not parse, as the end of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum UnitError {
    Empty,
    MissingUnit,
    UnknownUnit(String),
    Malformed,
    Negative,
    TooLarge,
}

impl UnitError {
    fn describe(&self) -> String {
        match self {
            UnitError::Empty => "it is empty".to_owned(),
            UnitError::MissingUnit => "a unit is missing".to_owned(),
            UnitError::UnknownUnit(unit) => format!("unknown unit `{unit}`"),
            UnitError::Malformed => "it is not a number followed by a unit".to_owned(),
            UnitError::Negative => "it is negative".to_owned(),
            UnitError::TooLarge => "it is too large".to_owned(),
        }
    }
}

const NANOS_PER: &[(&str, u64)] = &[
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
    ("d", 86_400_000_000_000),
    ("w", 604_800_000_000_000),
];

/// Go's duration grammar: `[-+]?(number unit)+` or `0`, where a number is digits with
/// an optional fraction. Negative durations are refused: no compose duration is.
pub(crate) fn parse_duration(text: &str) -> Result<u64, UnitError> {
    if text.is_empty() {
        return Err(UnitError::Empty);
    }
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or("")),
        Some(b'+') => (false, text.get(1..).unwrap_or("")),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(UnitError::Malformed);
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (int_digits, after_int) = rest.split_at(int_len);
        let (frac_digits, after_number) = match after_int.strip_prefix('.') {
            Some(after_dot) => {
                let frac_len = after_dot.bytes().take_while(u8::is_ascii_digit).count();
                after_dot.split_at(frac_len)
            }
            None => ("", after_int),
        };
        if int_digits.is_empty() && frac_digits.is_empty() {
            return Err(UnitError::Malformed);
        }
        let unit_len = after_number
            .char_indices()
            .find(|&(_, c)| c == '.' || c.is_ascii_digit())
            .map_or(after_number.len(), |(i, _)| i);
        let (unit, after_unit) = after_number.split_at(unit_len);
        if unit.is_empty() {
            return Err(UnitError::MissingUnit);
        }
        let Some(&(_, scale)) = NANOS_PER.iter().find(|(name, _)| *name == unit) else {
            return Err(UnitError::UnknownUnit(unit.to_owned()));
        };
        let whole: u128 = if int_digits.is_empty() {
            0
        } else {
            int_digits.parse().map_err(|_| UnitError::TooLarge)?
        };
        total = total.saturating_add(whole.saturating_mul(u128::from(scale)));
        // Fractions finer than a nanosecond cannot matter; 18 digits are plenty.
        let frac = frac_digits.get(..frac_digits.len().min(18)).unwrap_or("");
        if !frac.is_empty() {
            let numerator: u128 = frac.parse().map_err(|_| UnitError::Malformed)?;
            let denominator = 10u128.pow(u32::try_from(frac.len()).unwrap_or(18));
            total = total.saturating_add(numerator * u128::from(scale) / denominator);
        }
        if total > u128::from(i64::MAX.unsigned_abs()) {
            return Err(UnitError::TooLarge);
        }
        rest = after_unit;
    }
    if negative && total > 0 {
        return Err(UnitError::Negative);
    }
    u64::try_from(total).map_err(|_| UnitError::TooLarge)
}

/// docker's `RAMInBytes`: a decimal number, an optional space, and an optional unit
/// `b`, `k`, `kb`, `kib`, ... up to `p` in any case, where `k` is 1024.
pub(crate) fn parse_size(text: &str) -> Result<u64, UnitError> {
    if text.is_empty() {
        return Err(UnitError::Empty);
    }
    let number_len = text
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let (number, suffix) = text.split_at(number_len);
    if text.starts_with('-') {
        return Err(UnitError::Negative);
    }
    if number.is_empty() || !number.bytes().any(|b| b.is_ascii_digit()) {
        return Err(UnitError::Malformed);
    }
    let value: f64 = number.parse().map_err(|_| UnitError::Malformed)?;
    let suffix = suffix.strip_prefix(' ').unwrap_or(suffix);
    let multiplier: u64 = if suffix.is_empty() || suffix.eq_ignore_ascii_case("b") {
        1
    } else {
        let mut chars = suffix.chars();
        let exponent = match chars.next().map(|c| c.to_ascii_lowercase()) {
            Some('k') => 1,
            Some('m') => 2,
            Some('g') => 3,
            Some('t') => 4,
            Some('p') => 5,
            _ => return Err(UnitError::UnknownUnit(suffix.to_owned())),
        };
        let rest = chars.as_str();
        if rest.is_empty() || rest.eq_ignore_ascii_case("b") || rest.eq_ignore_ascii_case("ib") {
            1u64 << (10 * exponent)
        } else {
            return Err(UnitError::UnknownUnit(suffix.to_owned()));
        }
    };
    #[allow(clippy::cast_precision_loss)]
    let bytes = value * multiplier as f64;
    if !bytes.is_finite() || bytes >= 9.2e18 {
        return Err(UnitError::TooLarge);
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(bytes as u64)
}

/// Whether a size that [`parse_size`] accepts stands for a fraction of a byte.
pub(crate) fn is_fractional_size(text: &str) -> bool {
    let number_len = text
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let (number, suffix) = text.split_at(number_len);
    let Some((_, fraction)) = number.split_once('.') else {
        return false;
    };
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        return false;
    }
    let suffix = suffix.trim_start_matches(' ');
    let exponent = match suffix.bytes().next().map(|b| b.to_ascii_lowercase()) {
        Some(b'k') => 1,
        Some(b'm') => 2,
        Some(b'g') => 3,
        Some(b't') => 4,
        Some(b'p') => 5,
        _ => 0,
    };
    // A fraction of `d` decimal digits times 1024^e bytes is whole when 10^d divides
    // its digits times 2^(10e), that is when 5^d divides the digits and 2^d divides
    // them times 2^(10e).
    let digits = fraction.len();
    let Ok(value) = fraction.parse::<u128>() else {
        return true;
    };
    let Some(fives) = 5u128.checked_pow(u32::try_from(digits).unwrap_or(u32::MAX)) else {
        return true;
    };
    let twos = value.trailing_zeros() as usize + 10 * exponent;
    value % fives != 0 || twos < digits
}

impl Cx<'_> {
    /// A duration string. A bare number is read as its text, so `10` reports the
    /// missing unit rather than a type.
    pub(super) fn duration(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<Duration>> {
        let text = self.unit_text(node, place, "a duration")?;
        match parse_duration(text) {
            Ok(nanos) => Some(Spanned::from_node(
                Duration {
                    text: Text::new(text),
                    nanos,
                },
                node,
            )),
            Err(error) => {
                let help = match error {
                    UnitError::MissingUnit if text.bytes().all(|b| b.is_ascii_digit()) => {
                        format!("add a unit, such as `{text}s`")
                    }
                    _ => "write a duration such as `30s`, `1m30s` or `500ms` (units `ns`, `us`, `ms`, `s`, `m`, `h`, `d`, `w`)".to_owned(),
                };
                self.invalid(
                    node,
                    format!(
                        "invalid duration `{text}` for {place}: {}",
                        error.describe()
                    ),
                    help,
                );
                None
            }
        }
    }

    /// A byte size: an integer number of bytes, or a string with a unit.
    pub(super) fn size(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<ByteSize>> {
        let text = self.unit_text(node, place, "a size")?;
        match parse_size(text) {
            Ok(bytes) => Some(Spanned::from_node(
                ByteSize {
                    text: Text::new(text),
                    bytes,
                },
                node,
            )),
            Err(error) => {
                self.invalid(
                    node,
                    format!("invalid size `{text}` for {place}: {}", error.describe()),
                    "write a number of bytes or a size such as `512m` or `2g` (units `b`, `k`, `m`, `g`, `t`, `p`)",
                );
                None
            }
        }
    }

    /// A size that must be a whole number of bytes (a tmpfs `size`): compose-go and
    /// docker refuse `1.5` or `0.1k` there rather than round them.
    pub(super) fn whole_size(
        &mut self,
        node: &Node,
        place: Place<'_>,
    ) -> Option<Spanned<ByteSize>> {
        let size = self.size(node, place)?;
        if is_fractional_size(&size.value.text) {
            self.invalid(
                node,
                format!(
                    "{place} is `{}`, not a whole number of bytes",
                    size.value.text
                ),
                "write a whole number of bytes, or a size such as `64m`",
            );
            return None;
        }
        Some(size)
    }

    /// A CPU count: a number or a string holding one, not negative.
    pub(super) fn cpus(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<Cpus>> {
        let value = self.float(node, place)?;
        if value.value < 0.0 {
            self.invalid(
                node,
                format!("{place} must not be negative"),
                "write a number of CPUs such as `0.5` or `2`",
            );
            return None;
        }
        let text = node
            .as_scalar()
            .map_or_else(Text::default, |s| Text::new(&s.text));
        Some(value.map(|value| Cpus { text, value }))
    }

    /// The text of a scalar that should hold a quantity; `None` for null and (after
    /// reporting) for collections and booleans.
    fn unit_text<'n>(&mut self, node: &'n Node, place: Place<'_>, what: &str) -> Option<&'n str> {
        match &node.kind {
            NodeKind::Scalar(scalar) => match scalar.value() {
                ScalarValue::Null => None,
                ScalarValue::Bool(_) => {
                    self.wrong_type(node, place, what);
                    None
                }
                _ => Some(scalar.text.as_str()),
            },
            _ => {
                self.wrong_type(node, place, what);
                None
            }
        }
    }
}
