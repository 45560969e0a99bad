//! The deploy itself and the check that it worked: `docker stack deploy` waits for the
//! services to converge (`--detach=false`), then every service must run all its tasks,
//! or, for jobs, have completed them. What the deploy reads besides the stack file
//! (secret and config files, external networks and configs) is checked first, since
//! docker stops at the first one missing, after creating part of the stack.

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::{eligible, first_manager, hostnames};
use crate::swarm::Mode;

#[derive(Clone, Debug, Serialize)]
pub struct Deploy {
    pub stack: String,
    /// The stack file, relative to the plan.
    pub stack_file: String,
    /// The command that writes the stack file.
    pub compile_command: Vec<String>,
    /// Send the deploying user's registry credentials to the nodes.
    pub with_registry_auth: bool,
    /// Files the deploy reads, relative to the stack file.
    pub files: Vec<String>,
    /// Objects created outside the stack that must exist.
    pub external: Vec<ExternalObject>,
    pub services: Vec<ServiceCheck>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExternalObject {
    /// `network` or `config`, as the `docker` subcommand names it.
    pub kind: &'static str,
    pub name: String,
}

/// What one service must reach.
#[derive(Clone, Debug, Serialize)]
pub struct ServiceCheck {
    /// The swarm service, `STACK_SERVICE`.
    pub name: String,
    /// `replicated`, `global`, `replicated-job` or `global-job`.
    pub mode: &'static str,
    /// Tasks to run or complete; for global services, one per eligible node.
    pub tasks: u64,
    /// For global services, the nodes the profile says they run on.
    pub nodes: Vec<String>,
}

pub(super) fn deploy(input: &Input<'_>) -> Step {
    let stack = input.stack;
    let mut files: Vec<String> = stack
        .secrets
        .values()
        .filter_map(|s| s.file.clone())
        .chain(stack.configs.values().filter_map(|c| c.file.clone()))
        .collect();
    files.sort();
    files.dedup();
    let mut external: Vec<ExternalObject> = stack
        .networks
        .iter()
        .filter(|(_, n)| n.external)
        .map(|(key, n)| ExternalObject {
            kind: "network",
            name: n.name.clone().unwrap_or_else(|| key.clone()),
        })
        .collect();
    external.extend(
        stack
            .configs
            .iter()
            .filter(|(_, c)| c.external)
            .map(|(key, c)| ExternalObject {
                kind: "config",
                name: c.name.clone().unwrap_or_else(|| key.clone()),
            }),
    );
    let services = stack
        .services
        .iter()
        .map(|(name, service)| {
            let deploy = service.deploy.as_ref();
            let mode = deploy.and_then(|d| d.mode).unwrap_or(Mode::Replicated);
            let global = matches!(mode, Mode::Global | Mode::GlobalJob);
            let nodes = if global {
                hostnames(eligible(input.site, service))
            } else {
                Vec::new()
            };
            ServiceCheck {
                name: format!("{}_{name}", input.stack_name),
                mode: match mode {
                    Mode::Replicated => "replicated",
                    Mode::Global => "global",
                    Mode::ReplicatedJob => "replicated-job",
                    Mode::GlobalJob => "global-job",
                },
                tasks: if global {
                    nodes.len() as u64
                } else {
                    deploy.and_then(|d| d.replicas).unwrap_or(1)
                },
                nodes,
            }
        })
        .collect();
    Step {
        name: "deploy",
        function: "deploy",
        title: "Deploy the stack",
        runs_on: RunsOn::manager(first_manager(input.site).map(|n| n.hostname.as_str())),
        detail: Detail::Deploy(Deploy {
            stack: input.stack_name.to_owned(),
            stack_file: input.stack_file.to_owned(),
            compile_command: input.compile_command.to_vec(),
            with_registry_auth: input
                .site
                .registry
                .as_ref()
                .is_some_and(|r| r.with_registry_auth),
            files,
            external,
            services,
        }),
    }
}
