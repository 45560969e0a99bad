//! Kernel resource limits on a container that compose sets outside `deploy`: ulimits,
//! block IO and swap.

use super::{ByteSize, Keys, Syntax, Text};
use crate::source::Span;
use crate::spanned::Spanned;

/// One `ulimits` entry: `nofile: 65536` (soft and hard alike) or `{soft, hard}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Ulimit {
    pub name: Spanned<Text>,
    pub syntax: Syntax,
    pub keys: Keys,
    pub soft: Spanned<i64>,
    pub hard: Spanned<i64>,
}

/// `memswap_limit`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MemSwapLimit {
    /// `-1`.
    Unlimited,
    Bytes(ByteSize),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BlkioConfig {
    pub keys: Keys,
    pub weight: Option<Spanned<u16>>,
    pub weight_device: Vec<BlkioWeight>,
    pub device_read_bps: Vec<BlkioRate>,
    pub device_read_iops: Vec<BlkioRate>,
    pub device_write_bps: Vec<BlkioRate>,
    pub device_write_iops: Vec<BlkioRate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BlkioWeight {
    pub span: Span,
    pub keys: Keys,
    pub path: Spanned<Text>,
    pub weight: Spanned<u16>,
}

/// A per-device rate: bytes (with units) per second, or operations per second.
#[derive(Clone, Debug, PartialEq)]
pub struct BlkioRate {
    pub span: Span,
    pub keys: Keys,
    pub path: Spanned<Text>,
    pub rate: Spanned<ByteSize>,
}
