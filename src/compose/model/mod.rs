//! The types of the compose model, one family per file.
//!
//! Reading guide for translation: every leaf is a [`Spanned`](crate::spanned::Spanned)
//! value (point diagnostics at `value.span`, or use `Diagnostic::at_value`); every object
//! that compose writes as a mapping keeps `keys`, the span of each key as written, so a
//! pass can classify a key (`service.keys.get("runtime")`) and point at it. Short syntax
//! is already expanded: a port or a mount looks the same whichever way it was written,
//! and `syntax` says which it was.

/// Defines a closed set of compose keywords: the enum, its spellings, `parse` and
/// `as_str`.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every spelling compose accepts.
            pub const VALUES: &'static [&'static str] = &[$($text),+];

            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }
    };
}

mod ai;
mod build;
mod command;
mod dependency;
mod deploy;
mod develop;
mod device;
mod healthcheck;
mod hosts;
mod keys;
mod lifecycle;
mod limits;
mod logging;
mod mapping;
mod mount;
mod names;
mod network;
mod path;
mod port;
mod project;
mod secret;
mod service;
mod text;
mod units;
mod volume;

pub use ai::{Model, ServiceModel};
pub use build::{Build, BuildContext};
pub use command::Command;
pub use dependency::{Dependency, DependencyCondition, Extends, Link, VolumesFrom};
pub use deploy::{
    Deploy, DeployMode, DiscreteResource, EndpointMode, FailureAction, GenericResource, Placement,
    PlacementPreference, Resource, Resources, RestartCondition, RestartPolicy, UpdateConfig,
    UpdateOrder,
};
pub use develop::{Develop, WatchAction, WatchRule};
pub use device::{DeviceCount, DeviceMapping, DeviceRequest, Gpus};
pub use healthcheck::{HealthTest, Healthcheck};
pub use hosts::ExtraHost;
pub use keys::Keys;
pub use lifecycle::{Hook, NetworkMode, PullPolicy, Restart};
pub use limits::{BlkioConfig, BlkioRate, BlkioWeight, MemSwapLimit, Ulimit};
pub use logging::Logging;
pub use mapping::{Mapping, MappingEntry};
pub use mount::{
    BindOptions, BindRecursive, ImageOptions, Mount, MountKind, MountSource, Propagation, SeLinux,
    TmpfsOptions, VolumeOptions,
};
pub use names::{NameHasher, NameMap, name_map};
pub use network::{Ipam, IpamPool, Network, ServiceNetwork};
pub use path::{HostPath, PathAnchor};
pub use port::{Expose, Port, PortMode, PortRange, Protocol};
pub use project::Project;
pub use secret::{Config, EnvFile, FileRef, FileVariable, LabelFile, Secret};
pub use service::{CredentialSpec, Provider, Service};
pub use text::Text;
pub use units::{ByteSize, Cpus, Duration};
pub use volume::Volume;

/// Which of compose's two spellings a list item used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// One string (`"8080:80"`, `./data:/data:ro`, `db_password`).
    Short,
    /// A mapping with named fields.
    Long,
}

/// Which form a collection that compose accepts both ways was written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ListOrMap {
    /// `- KEY=value` items (or plain names).
    List,
    /// `KEY: value` entries.
    #[default]
    Map,
}
