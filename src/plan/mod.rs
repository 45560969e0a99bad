//! Deploy plans: everything around `docker stack deploy` that the documentation of a
//! swarm deployment usually leaves to its reader, written down for one stack on one
//! site. Initialising the swarm with the right data-path port and address pool,
//! opening firewalls, moving an ingress network off the LAN, labelling nodes,
//! configuring GPU nodes, preparing directories and NFS mounts, creating secrets,
//! pushing images and watching the services come up are all decided by the compose
//! project and the site profile, so swarmc can say which of them this deploy needs and
//! how.
//!
//! [`build`] turns the site and the translated stack into a [`Plan`], in which every
//! decision is taken (one file per step); [`render`] writes it as markdown for people
//! or as a bash script, from templates compiled into the binary. A plan never holds a
//! secret's value: it names secrets and variables, and generates values where they are
//! needed without showing them.

mod deploy;
pub mod driver;
mod engine_api;
mod firewall;
mod generic_resources;
mod images;
mod ingress;
mod model;
mod node_labels;
mod nodes;
mod render;
mod secrets;
mod storage;
mod swarm_init;
mod swarm_join;

#[cfg(test)]
mod tests;

use std::path::Path;

pub use model::{Detail, Plan, RunsOn, Step, Where};
pub use render::{Format, RenderError, render, shown_secret};

use crate::compose::Project;
use crate::fs::FileSystem;
use crate::site::Site;
use crate::swarm::Stack;

/// What a plan is built from.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub site: &'a Site,
    pub project: &'a Project,
    /// The directory the project's default name and build context come from.
    pub project_dir: &'a Path,
    pub stack: &'a Stack,
    pub stack_name: &'a str,
    /// The directory the plan and the stack file are written to: relative paths in the
    /// stack are relative to it.
    pub output_dir: &'a Path,
    /// The stack file, relative to `output_dir`.
    pub stack_file: &'a str,
    /// The `swarmc compile` command that writes the stack file, as arguments.
    pub compile_command: &'a [String],
    /// For telling files from directories among bind-mount sources.
    pub fs: &'a dyn FileSystem,
}

/// A step builder: the step, when this stack and site need it.
type Builder = fn(&Input<'_>) -> Option<Step>;

/// The steps in the order they are run: each node is prepared (its firewall, engine
/// and disks) before it joins, the swarm is set up before anything is created in it,
/// and images are pushed before the deploy that pulls them.
const BUILDERS: &[Builder] = &[
    firewall::firewall,
    engine_api::engine_api,
    generic_resources::generic_resources,
    storage::storage,
    swarm_init::swarm_init,
    swarm_join::swarm_join,
    ingress::ingress,
    node_labels::node_labels,
    secrets::secrets,
    images::images,
];

/// The plan for deploying `input.stack` to `input.site`.
pub fn build(input: &Input<'_>) -> Plan {
    let mut steps: Vec<Step> = BUILDERS.iter().filter_map(|b| b(input)).collect();
    steps.push(deploy::deploy(input));
    Plan {
        stack: input.stack_name.to_owned(),
        site: match (&input.site.name, &input.site.base_dir) {
            (Some(name), _) => name.clone(),
            (None, None) => crate::site::DEFAULT_SITE_NAME.to_owned(),
            (None, Some(_)) => "unnamed site".to_owned(),
        },
        steps,
    }
}
