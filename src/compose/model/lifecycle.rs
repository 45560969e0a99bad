//! How a service's containers are pulled, started, restarted and connected: the
//! single-host settings swarm replaces with its own (`restart`, `pull_policy`,
//! `network_mode`, lifecycle hooks).

use super::{Command, Duration, Keys, Mapping, Text};
use crate::source::Span;
use crate::spanned::Spanned;

/// The service-level `restart` policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Restart {
    No,
    Always,
    /// `on-failure` or `on-failure:N`.
    OnFailure(Option<u64>),
    UnlessStopped,
}

/// `pull_policy`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PullPolicy {
    Always,
    Never,
    /// `missing`, or its older spelling `if_not_present`.
    Missing,
    Build,
    /// `refresh`, `daily`, `weekly` or `every_<duration>`: pull when the local image is
    /// older than the interval (`None` for plain `refresh`).
    Refresh(Option<Duration>),
}

/// `network_mode`.
#[derive(Clone, Debug, PartialEq)]
pub enum NetworkMode {
    Bridge,
    Host,
    None,
    /// `service:<name>`: share another service's network stack.
    Service(Spanned<Text>),
    /// `container:<name>`: share a container's network stack.
    Container(Text),
    /// Any other value (a network name).
    Other(Text),
}

/// A `post_start` or `pre_stop` hook, or a watch rule's `exec`.
#[derive(Clone, Debug, PartialEq)]
pub struct Hook {
    pub span: Span,
    pub keys: Keys,
    pub command: Spanned<Command>,
    pub user: Option<Spanned<Text>>,
    pub privileged: Option<Spanned<bool>>,
    pub working_dir: Option<Spanned<Text>>,
    pub environment: Mapping,
}
