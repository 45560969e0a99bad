//! Quantities compose writes with units: durations, byte sizes and CPU counts. Each keeps
//! the text as written (for messages and for faithful output) next to its value (for
//! arithmetic and comparisons).

use super::Text;

/// A duration in Go's syntax (`1m30s`, `500ms`, `1.5h`), plus the `d` and `w` units
/// compose also accepts. Never negative.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub text: Text,
    pub nanos: u64,
}

impl Duration {
    pub fn as_std(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.nanos)
    }
}

/// A number of bytes, written as an integer or with a binary unit (`512m`, `1gb`,
/// `2GiB`: `k` is 1024).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ByteSize {
    pub text: Text,
    pub bytes: u64,
}

/// A number of CPUs (`0.5`, `"1.5"`, `2`). Never negative.
#[derive(Clone, Debug, PartialEq)]
pub struct Cpus {
    pub text: Text,
    pub value: f64,
}
