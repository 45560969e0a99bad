//! Host devices and GPUs: `devices`, `gpus` and `deploy.resources.reservations.devices`.
//! Swarm has none of these, so they are typed in detail for translation to explain what
//! it does instead (generic resources, placement) or why it refuses.

use super::{Keys, Mapping, Syntax, Text};
use crate::source::Span;
use crate::spanned::Spanned;

/// One `devices` entry: `/dev/ttyUSB0`, `/dev/sda:/dev/xvda:rwm` or the long form.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceMapping {
    pub span: Span,
    pub syntax: Syntax,
    pub keys: Keys,
    /// A host device path, or a CDI device name (`vendor.com/class=name`).
    pub source: Spanned<Text>,
    /// `None` means the same path as `source`.
    pub target: Option<Spanned<Text>>,
    /// `None` means `rwm`.
    pub permissions: Option<Spanned<Text>>,
}

/// How many devices a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeviceCount {
    All,
    Count(u64),
}

/// A device request (`gpus` entries and `reservations.devices` entries).
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceRequest {
    pub span: Span,
    pub keys: Keys,
    pub capabilities: Vec<Spanned<Text>>,
    pub count: Option<Spanned<DeviceCount>>,
    pub device_ids: Vec<Spanned<Text>>,
    pub driver: Option<Spanned<Text>>,
    pub options: Mapping,
}

/// `gpus: all` or a list of device requests.
#[derive(Clone, Debug, PartialEq)]
pub enum Gpus {
    All,
    Devices(Vec<DeviceRequest>),
}
