//! The scalar formats docker parses out of strings: durations (Go's
//! `time.ParseDuration`), CPU counts (`opts.ParseCPUs`, a decimal with at most nine
//! fractional digits) and memory sizes (`units.RAMInBytes`, binary units). Each is
//! built from a number, so it is well-formed by construction and written in one
//! canonical form: compiling swarmc's own output again gives the same text.

use schemars::JsonSchema;
use serde::Serialize;

/// Go duration syntax, as docker's `duration` format checks it.
pub(crate) const DURATION_PATTERN: &str = r"^(?:[0-9]+(?:\.[0-9]+)?(?:h|m|s|ms|us|ns))+$";

/// A duration in Go's syntax, such as `1m30s` or `500ms`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Duration(#[schemars(regex(pattern = DURATION_PATTERN))] String);

impl Duration {
    /// The shortest form Go reads back as the same duration: `0s`, `250ms`, `1.5us`,
    /// `90s` as `1m30s`, `3600s` as `1h`.
    pub fn from_std(duration: std::time::Duration) -> Duration {
        let nanos = duration.as_nanos();
        // Written into one string: a stack has a few durations per service.
        let mut text = String::with_capacity(8);
        if nanos == 0 {
            text.push_str("0s");
        } else if nanos < 1_000 {
            push_decimal(&mut text, nanos, 0, 0);
            text.push_str("ns");
        } else if nanos < 1_000_000 {
            push_decimal(&mut text, nanos / 1_000, nanos % 1_000, 3);
            text.push_str("us");
        } else if nanos < 1_000_000_000 {
            push_decimal(&mut text, nanos / 1_000_000, nanos % 1_000_000, 6);
            text.push_str("ms");
        } else {
            let secs = nanos / 1_000_000_000;
            let frac = nanos % 1_000_000_000;
            let (hours, minutes, seconds) = (secs / 3600, secs % 3600 / 60, secs % 60);
            if hours > 0 {
                push_decimal(&mut text, hours, 0, 0);
                text.push('h');
            }
            if minutes > 0 {
                push_decimal(&mut text, minutes, 0, 0);
                text.push('m');
            }
            if seconds > 0 || frac > 0 {
                push_decimal(&mut text, seconds, frac, 9);
                text.push('s');
            }
        }
        Duration(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Nanoseconds, as Go's `time.Duration` holds it; `None` when it does not fit.
    pub fn nanos(&self) -> Option<i64> {
        crate::compose::lower::units::parse_duration(&self.0)
            .ok()
            .and_then(|nanos| i64::try_from(nanos).ok())
    }
}

/// CPU count with at most nanosecond precision, as docker's `--cpus` takes it.
pub(crate) const CPUS_PATTERN: &str = r"^[0-9]+(?:\.[0-9]{1,9})?$";

/// A number of CPUs, such as `0.5` or `2`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Cpus(#[schemars(regex(pattern = CPUS_PATTERN))] String);

impl Cpus {
    /// From billionths of a CPU (swarm's `NanoCPUs`): 1_500_000_000 is `1.5`.
    pub fn from_nanos(nanos: u64) -> Cpus {
        let nanos = u128::from(nanos);
        Cpus(decimal(nanos / 1_000_000_000, nanos % 1_000_000_000, 9))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Billionths of a CPU, as swarm reads the value; `None` when it does not fit.
    pub fn nanos(&self) -> Option<u64> {
        let (whole, fraction) = self.0.split_once('.').unwrap_or((&self.0, ""));
        let whole: u64 = whole.parse().ok()?;
        let mut nanos = 0u64;
        for (i, digit) in fraction.bytes().take(9).enumerate() {
            let place = 10u64.pow(8 - u32::try_from(i).ok()?);
            nanos += u64::from(digit.checked_sub(b'0')?) * place;
        }
        whole.checked_mul(1_000_000_000)?.checked_add(nanos)
    }
}

/// A byte count with an optional binary unit suffix.
pub(crate) const MEMORY_PATTERN: &str = r"^[0-9]+[KMGTP]?$";

/// A memory size, such as `512M` (binary units, as docker reads them).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Memory(#[schemars(regex(pattern = MEMORY_PATTERN))] String);

impl Memory {
    /// The largest binary unit that divides the size exactly: 536870912 is `512M`,
    /// 1000 stays `1000`.
    pub fn from_bytes(bytes: u64) -> Memory {
        const UNITS: [(&str, u32); 5] = [("P", 50), ("T", 40), ("G", 30), ("M", 20), ("K", 10)];
        for (suffix, shift) in UNITS {
            let unit = 1u64 << shift;
            if bytes >= unit && bytes % unit == 0 {
                return Memory(format!("{}{suffix}", bytes / unit));
            }
        }
        Memory(bytes.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The size in bytes; `None` when it does not fit.
    pub fn bytes(&self) -> Option<u64> {
        const UNITS: [(char, u32); 5] = [('K', 10), ('M', 20), ('G', 30), ('T', 40), ('P', 50)];
        let text = self.0.as_str();
        let (digits, shift) = UNITS
            .iter()
            .find_map(|&(suffix, shift)| Some((text.strip_suffix(suffix)?, shift)))
            .unwrap_or((text, 0));
        digits.parse::<u64>().ok()?.checked_mul(1u64 << shift)
    }
}

/// `whole.fraction` with the fraction written in `digits` places and its trailing
/// zeros dropped; no point when the fraction is zero.
fn decimal(whole: u128, fraction: u128, digits: usize) -> String {
    let mut text = String::new();
    push_decimal(&mut text, whole, fraction, digits);
    text
}

/// [`decimal`], appended to `out`.
fn push_decimal(out: &mut String, whole: u128, fraction: u128, digits: usize) {
    use std::fmt::Write;
    // Writing to a `String` cannot fail.
    let _ = match u64::try_from(whole) {
        Ok(whole) => write!(out, "{whole}"),
        Err(_) => write!(out, "{whole}"),
    };
    if fraction == 0 {
        return;
    }
    let _ = write!(out, ".{fraction:0digits$}");
    // The fraction is not zero, so a digit other than `0` stops the trimming after `.`.
    let kept = out.trim_end_matches('0').len();
    out.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration as Std;

    #[test]
    fn cpus_and_memory_read_back_as_swarm_counts() {
        assert_eq!(Cpus("0.1".to_owned()).nanos(), Some(100_000_000));
        assert_eq!(Cpus("2".to_owned()).nanos(), Some(2_000_000_000));
        assert_eq!(Cpus::from_nanos(1_234_567_891).nanos(), Some(1_234_567_891));
        assert_eq!(Memory("64M".to_owned()).bytes(), Some(64 << 20));
        assert_eq!(Memory("1000".to_owned()).bytes(), Some(1000));
        assert_eq!(Memory("99999999P".to_owned()).bytes(), None);
    }

    #[test]
    fn durations_are_written_in_their_shortest_go_form() {
        let cases = [
            (Std::ZERO, "0s"),
            (Std::from_nanos(1), "1ns"),
            (Std::from_nanos(1_500), "1.5us"),
            (Std::from_millis(250), "250ms"),
            (Std::from_micros(1_250), "1.25ms"),
            (Std::from_secs(1), "1s"),
            (Std::from_millis(1_500), "1.5s"),
            (Std::from_secs(90), "1m30s"),
            (Std::from_secs(3600), "1h"),
            (Std::from_secs(3601), "1h1s"),
            (Std::from_secs(3660), "1h1m"),
            (Std::from_secs(90_000), "25h"),
            (Std::new(1, 1), "1.000000001s"),
        ];
        for (duration, text) in cases {
            assert_eq!(Duration::from_std(duration).as_str(), text, "{duration:?}");
        }
    }

    #[test]
    fn cpus_keep_nanosecond_precision() {
        assert_eq!(Cpus::from_nanos(0).as_str(), "0");
        assert_eq!(Cpus::from_nanos(2_000_000_000).as_str(), "2");
        assert_eq!(Cpus::from_nanos(1_500_000_000).as_str(), "1.5");
        assert_eq!(Cpus::from_nanos(1_000_000).as_str(), "0.001");
        assert_eq!(Cpus::from_nanos(1).as_str(), "0.000000001");
    }

    #[test]
    fn memory_uses_the_largest_exact_binary_unit() {
        assert_eq!(Memory::from_bytes(0).as_str(), "0");
        assert_eq!(Memory::from_bytes(1000).as_str(), "1000");
        assert_eq!(Memory::from_bytes(1024).as_str(), "1K");
        assert_eq!(Memory::from_bytes(536_870_912).as_str(), "512M");
        assert_eq!(Memory::from_bytes(3 << 30).as_str(), "3G");
        assert_eq!(Memory::from_bytes((1 << 30) + (1 << 20)).as_str(), "1025M");
        assert_eq!(Memory::from_bytes(u64::MAX).as_str(), u64::MAX.to_string());
    }

    #[test]
    fn every_constructed_value_matches_its_pattern() {
        let matches = |pattern: &str, text: &str| {
            let schema = serde_json::json!({"type": "string", "pattern": pattern});
            jsonschema::is_valid(&schema, &serde_json::json!(text))
        };
        for nanos in [
            0,
            1,
            999,
            1_000,
            1_500,
            999_999,
            1_000_000,
            59_999_999_999,
            3_600_000_000_001,
        ] {
            let d = Duration::from_std(Std::from_nanos(nanos));
            assert!(matches(DURATION_PATTERN, d.as_str()), "{}", d.as_str());
        }
        for nanos in [0, 1, 500_000_000, 64_000_000_000] {
            let c = Cpus::from_nanos(nanos);
            assert!(matches(CPUS_PATTERN, c.as_str()), "{}", c.as_str());
        }
        for bytes in [0, 1, 1024, 4 << 20, 1 << 50, u64::MAX] {
            let m = Memory::from_bytes(bytes);
            assert!(matches(MEMORY_PATTERN, m.as_str()), "{}", m.as_str());
        }
    }
}
