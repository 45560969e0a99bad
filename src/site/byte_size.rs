//! Memory sizes as docker writes them: a number of bytes, or a number with a binary
//! unit (`512MiB`, `64G`, `1.5g`). Units are powers of 1024 whatever their spelling,
//! as in docker's `RAMInBytes`, so the site and compose files read sizes the same way.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The pattern of a size written as a string; kept in step with [`ByteSize::parse`].
pub(super) const BYTE_SIZE_PATTERN: &str = r"^[0-9]+(\.[0-9]+)? ?([kKmMgGtTpP][iI]?)?[bB]?$";

/// A number of bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteSize(pub u64);

const UNITS: [(char, u32); 5] = [('k', 1), ('m', 2), ('g', 3), ('t', 4), ('p', 5)];

impl ByteSize {
    pub const KIB: u64 = 1 << 10;
    pub const MIB: u64 = 1 << 20;
    pub const GIB: u64 = 1 << 30;

    /// Parses `64GiB`, `512m`, `1.5 G`, `1048576`; `None` when malformed or too large.
    pub fn parse(text: &str) -> Option<ByteSize> {
        let number_end = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len());
        let (number, rest) = text.split_at(number_end);
        let mut unit = rest.strip_prefix(' ').unwrap_or(rest);
        let mut exponent = 0;
        if let Some(first) = unit.chars().next() {
            if let Some(&(_, e)) = UNITS.iter().find(|(c, _)| first.eq_ignore_ascii_case(c)) {
                exponent = e;
                unit = &unit[1..];
                unit = unit.strip_prefix(['i', 'I']).unwrap_or(unit);
            }
        }
        unit = unit.strip_prefix(['b', 'B']).unwrap_or(unit);
        if !unit.is_empty() || number.is_empty() {
            return None;
        }
        let multiplier = 1024u64.checked_pow(exponent)?;
        match number.split_once('.') {
            None => number
                .parse::<u64>()
                .ok()?
                .checked_mul(multiplier)
                .map(ByteSize),
            Some((whole, fraction)) => {
                if whole.is_empty() || fraction.is_empty() || fraction.contains('.') {
                    return None;
                }
                let value: f64 = number.parse().ok()?;
                let bytes = value * multiplier as f64;
                (bytes.is_finite() && bytes < u64::MAX as f64).then_some(ByteSize(bytes as u64))
            }
        }
    }

    pub fn bytes(self) -> u64 {
        self.0
    }
}

/// The largest unit that writes the size exactly (`16GiB`, `1536MiB`, `1000`).
impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (suffix, unit) in [
            ("PiB", 1u64 << 50),
            ("TiB", 1 << 40),
            ("GiB", ByteSize::GIB),
            ("MiB", ByteSize::MIB),
            ("KiB", ByteSize::KIB),
        ] {
            if self.0 != 0 && self.0 % unit == 0 {
                return write!(f, "{}{suffix}", self.0 / unit);
            }
        }
        write!(f, "{}", self.0)
    }
}

impl Serialize for ByteSize {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % ByteSize::KIB == 0 && self.0 != 0 {
            serializer.collect_str(self)
        } else {
            serializer.serialize_u64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ByteSize, D::Error> {
        struct SizeVisitor;

        impl Visitor<'_> for SizeVisitor {
            type Value = ByteSize;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of bytes or a size like `16GiB`")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ByteSize, E> {
                Ok(ByteSize(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ByteSize, E> {
                u64::try_from(v)
                    .map(ByteSize)
                    .map_err(|_| E::custom("a size cannot be negative"))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ByteSize, E> {
                ByteSize::parse(v).ok_or_else(|| E::custom(format!("`{v}` is not a size")))
            }
        }

        deserializer.deserialize_any(SizeVisitor)
    }
}

impl JsonSchema for ByteSize {
    fn schema_name() -> Cow<'static, str> {
        "ByteSize".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number of bytes, or a number with a binary unit: `512MiB`, `64GiB`, `1.5g` (k, m, g, t and p are powers of 1024, as docker reads them).",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "pattern": BYTE_SIZE_PATTERN }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ByteSize;

    #[test]
    fn sizes_use_binary_units_like_docker() {
        assert_eq!(ByteSize::parse("1048576"), Some(ByteSize(1 << 20)));
        assert_eq!(ByteSize::parse("64GiB"), Some(ByteSize(64 << 30)));
        assert_eq!(ByteSize::parse("64G"), Some(ByteSize(64 << 30)));
        assert_eq!(ByteSize::parse("512mb"), Some(ByteSize(512 << 20)));
        assert_eq!(ByteSize::parse("1.5 g"), Some(ByteSize(3 << 29)));
        assert_eq!(ByteSize::parse("10b"), Some(ByteSize(10)));
        assert_eq!(ByteSize::parse("64 gigs"), None);
        assert_eq!(ByteSize::parse("GiB"), None);
        assert_eq!(ByteSize::parse("1.2.3g"), None);
        assert_eq!(ByteSize::parse("99999999999P"), None);
    }

    #[test]
    fn sizes_print_in_the_largest_exact_unit() {
        assert_eq!(ByteSize(64 << 30).to_string(), "64GiB");
        assert_eq!(ByteSize(1536 << 20).to_string(), "1536MiB");
        assert_eq!(ByteSize(1000).to_string(), "1000");
    }
}
