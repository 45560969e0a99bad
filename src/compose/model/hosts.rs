//! `extra_hosts`: lines added to the container's `/etc/hosts`.

use super::Text;
use crate::spanned::Spanned;

/// One host name and one address (`db:10.0.0.5`, `db=10.0.0.5`, `db: [a, b]` gives
/// one entry per address).
#[derive(Clone, Debug, PartialEq)]
pub struct ExtraHost {
    pub host: Spanned<Text>,
    /// As written, without IPv6 brackets; `host-gateway` is a valid value.
    pub ip: Spanned<Text>,
}
