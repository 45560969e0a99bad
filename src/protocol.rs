//! The transport protocol of a port, one type for every model that names one: the
//! compose model, the swarm stack, the site's reserved ports and the scheduler's
//! host-mode ports, so that a port read in one keeps its protocol in the others without
//! a conversion.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A transport protocol of a published port.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    // Docker's default when a port names no protocol.
    #[default]
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    /// Every spelling compose and docker write.
    pub const VALUES: &'static [&'static str] = &["tcp", "udp", "sctp"];

    /// The protocol spelled `text`, in lower case.
    pub fn parse(text: &str) -> Option<Protocol> {
        match text {
            "tcp" => Some(Protocol::Tcp),
            "udp" => Some(Protocol::Udp),
            "sctp" => Some(Protocol::Sctp),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }
}
