//! Site profiles: the real cluster a compose project is deployed to. A compose file
//! says what a project runs; it cannot say which nodes have the GPUs, which NFS export
//! holds the shared data, which subnets the LAN uses or which registry the nodes pull
//! from. The site profile says it, once per cluster, so the same project compiles into
//! a stack that fits each cluster it is deployed to.
//!
//! This module holds the profile's types (from which `schemas/site.schema.json` is
//! generated), the loader that validates a profile against that schema with every
//! error located in the file, the semantic checks the schema cannot express, and the
//! default single-node site used without `--site`.

mod address;
mod byte_size;
mod checks;
mod decided;
mod default;
mod env;
pub mod import;
mod load;
mod network;
mod node;
mod profile;
mod project_services;
mod registry;
mod schema;
mod secret;
mod service;
mod spans;
mod storage;
mod tree;
mod validate;

#[cfg(test)]
mod tests;

pub use address::{InterfaceAddress, Subnet};
pub use byte_size::ByteSize;
pub use decided::{effective_mode, effective_replicas, runs_global};
pub use default::{DEFAULT_SITE_NAME, Machine, default_site_text, load_default_site};
pub use env::{DetailedEnvVar, EnvVar, SiteEnv};
pub use load::{load_site, load_source};
pub use network::{
    AddressPool, DEFAULT_DATA_PATH_PORT, DEFAULT_IPVS_IDLE_TIMEOUT, DEFAULT_MASK_LENGTH,
    DEFAULT_POOL, EngineApi, Network, Overlays, Protocol, ReservedPort,
};
pub use node::{Arch, Availability, GenericResource, Node, Os, Platform, Role};
pub use profile::Site;
pub use project_services::check_service_names;
pub use registry::Registry;
pub use schema::site_schema;
pub use secret::{SecretCreation, SiteSecret};
pub use service::{
    LongLivedConnections, Mitigation, NodeSelector, Reservations, ServiceMode, ServiceSettings,
};
pub use spans::{Located, SiteSpans, child, display_path, pointer};
pub use storage::{NfsExport, Storage};
