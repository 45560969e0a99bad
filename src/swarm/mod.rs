//! The swarm model: what `docker stack deploy` takes, and nothing else.
//!
//! `translate` builds a [`Stack`]; `emit` serializes it. The types cover exactly the
//! part of the compose v3 format that docker CLI 28 converts into swarm specs without
//! printing "Ignoring unsupported options" or "Ignoring deprecated options", and
//! without dropping it silently: keys such as `build`, `restart`, `privileged`,
//! `depends_on`, `oom_score_adj` or a service-level `tmpfs` cannot be written here. Everything
//! is in long syntax, environments are inlined, and every map is a `BTreeMap` so the
//! output is sorted wherever compose does not define an order.
//!
//! The schemas derived from these types (`schemas/stack.schema.json`) carry the limits
//! docker and swarm enforce (name patterns, port ranges, enumerations, duration and
//! size formats), so validating an emitted stack against it catches a defect in
//! swarmc before docker or the cluster does.

mod deploy;
mod mounts;
mod networks;
mod objects;
mod ports;
mod scalars;
mod schema;
mod service;
mod stack;
pub mod version;

pub use deploy::{
    Deploy, DiscreteResourceSpec, EndpointMode, FailureAction, GenericResource, Limits, Mode,
    Placement, Preference, Reservations, Resources, RestartCondition, RestartPolicy, UpdateConfig,
    UpdateOrder,
};
pub use mounts::{BindOptions, Mount, Propagation, TmpfsOptions, VolumeOptions};
pub use networks::{Ipam, IpamPool, Network, ServiceNetwork};
pub use objects::{Config, FileReference, Secret, StoredObject, TemplateDriver, Volume};
pub use ports::{Port, PortMode, Protocol};
pub use scalars::{Cpus, Duration, Memory};
pub use schema::stack_schema;
pub use service::{CredentialSpec, Healthcheck, Isolation, Logging, Service, Ulimit};
pub use stack::{Stack, StackFile};
pub use version::Version;

/// For `skip_serializing_if`: swarm's booleans default to false, so false is not written.
fn is_false(value: &bool) -> bool {
    !*value
}
