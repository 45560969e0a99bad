//! Lint rules: problems in a compose project that swarm would accept but that make it
//! unsafe or fragile once it runs there (the docker socket in a task, a password in
//! `environment`, a database behind a virtual IP that forgets idle connections).
//!
//! Translation already reports everything swarm cannot do or does differently; these
//! rules read the same compose model for what swarm does faithfully and should not be
//! asked to. They run only in `swarmc lint`, never in `compile`, so a team adopts them
//! at its own pace.
//!
//! Each rule lives in its own file: its `declare_rule!` declaration (the code, the name,
//! the default severity and the documentation `swarmc rule` prints) next to the
//! function that checks it. [`RULES`] is the one table that runs them.

mod dangerous_capability;
mod docker_socket_mounted;
mod dropped_address_referenced;
mod gpus_all_visible;
mod healthcheck_missing;
mod host_network_exposed;
mod idle_connections_unprotected;
mod image_outside_site_registry;
mod image_unpinned;
mod plaintext_secret_in_environment;
mod resource_limits_missing;
mod restart_unbounded;
mod sensitive_host_path_mounted;
mod update_config_missing;
mod version_obsolete;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use dangerous_capability::DANGEROUS_CAPABILITY;
pub use docker_socket_mounted::DOCKER_SOCKET_MOUNTED;
pub use dropped_address_referenced::DROPPED_ADDRESS_REFERENCED;
pub use gpus_all_visible::GPUS_ALL_VISIBLE;
pub use healthcheck_missing::HEALTHCHECK_MISSING;
pub use host_network_exposed::HOST_NETWORK_EXPOSED;
pub use idle_connections_unprotected::IDLE_CONNECTIONS_UNPROTECTED;
pub use image_outside_site_registry::IMAGE_OUTSIDE_SITE_REGISTRY;
pub use image_unpinned::IMAGE_UNPINNED;
pub use plaintext_secret_in_environment::PLAINTEXT_SECRET_IN_ENVIRONMENT;
pub use resource_limits_missing::RESOURCE_LIMITS_MISSING;
pub use restart_unbounded::RESTART_UNBOUNDED;
pub use sensitive_host_path_mounted::SENSITIVE_HOST_PATH_MOUNTED;
pub use update_config_missing::UPDATE_CONFIG_MISSING;
pub use version_obsolete::VERSION_OBSOLETE;

use crate::compile::{CompileOptions, analyze};
use crate::compose::{DeployMode, Project, Service};
use crate::diagnostic::Diagnostics;
use crate::fs::FileSystem;
use crate::rules::Rule;
use crate::site::{ServiceSettings, Site};
use crate::source::Sources;

/// What a rule reads: one lowered project, the site it is deployed to, and the text of
/// every file (to tell a value written in the file from one substituted into it).
pub struct Cx<'a> {
    pub project: &'a Project,
    /// `None` when the site profile could not be used; rules that need it stay quiet.
    pub site: Option<&'a Site>,
    pub sources: &'a Sources,
}

impl<'a> Cx<'a> {
    /// The site's settings for a compose service, if it has any.
    pub fn site_settings(&self, service: &Service) -> Option<&'a ServiceSettings> {
        self.site?.services.get(&*service.name.value)
    }
}

/// A rule and the function that checks it.
pub struct LintRule {
    pub rule: &'static Rule,
    pub check: fn(&Cx<'_>, &mut Diagnostics),
}

/// Every lint rule, in code order.
pub static RULES: &[LintRule] = &[
    LintRule {
        rule: &DOCKER_SOCKET_MOUNTED,
        check: docker_socket_mounted::check,
    },
    LintRule {
        rule: &DANGEROUS_CAPABILITY,
        check: dangerous_capability::check,
    },
    LintRule {
        rule: &HOST_NETWORK_EXPOSED,
        check: host_network_exposed::check,
    },
    LintRule {
        rule: &SENSITIVE_HOST_PATH_MOUNTED,
        check: sensitive_host_path_mounted::check,
    },
    LintRule {
        rule: &PLAINTEXT_SECRET_IN_ENVIRONMENT,
        check: plaintext_secret_in_environment::check,
    },
    LintRule {
        rule: &IMAGE_UNPINNED,
        check: image_unpinned::check,
    },
    LintRule {
        rule: &IMAGE_OUTSIDE_SITE_REGISTRY,
        check: image_outside_site_registry::check,
    },
    LintRule {
        rule: &HEALTHCHECK_MISSING,
        check: healthcheck_missing::check,
    },
    LintRule {
        rule: &RESOURCE_LIMITS_MISSING,
        check: resource_limits_missing::check,
    },
    LintRule {
        rule: &UPDATE_CONFIG_MISSING,
        check: update_config_missing::check,
    },
    LintRule {
        rule: &RESTART_UNBOUNDED,
        check: restart_unbounded::check,
    },
    LintRule {
        rule: &IDLE_CONNECTIONS_UNPROTECTED,
        check: idle_connections_unprotected::check,
    },
    LintRule {
        rule: &VERSION_OBSOLETE,
        check: version_obsolete::check,
    },
    LintRule {
        rule: &GPUS_ALL_VISIBLE,
        check: gpus_all_visible::check,
    },
    LintRule {
        rule: &DROPPED_ADDRESS_REFERENCED,
        check: dropped_address_referenced::check,
    },
];

/// Runs every lint rule over one project. The policy stage decides afterwards which of
/// the findings are shown.
pub fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for rule in RULES {
        (rule.check)(cx, diagnostics);
    }
}

/// What `swarmc lint` found.
#[derive(Debug)]
pub struct Linted {
    pub sources: Sources,
    /// Loading and lowering diagnostics, then the rules' findings, in reading order.
    pub diagnostics: Diagnostics,
    /// How many projects errors in the site or in the project kept the rules from
    /// reading.
    pub skipped: usize,
}

/// Reads the site and each project as `compile` does, up to the compose model, and runs
/// the lint rules over every project that was read without errors. A project with
/// errors is left to them: its model is partial, and a rule would report what is only
/// missing because it could not be read. `each` lists files to lint as projects of
/// their own; when it is empty, `options.files` is the one project.
pub fn lint(
    options: &CompileOptions,
    each: &[PathBuf],
    fs: &dyn FileSystem,
    process_env: &[(String, String)],
) -> Linted {
    let analysis = analyze(options, each, fs, process_env);
    let mut diagnostics = analysis.diagnostics;
    let mut skipped = 0;
    for read in &analysis.projects {
        match &read.project {
            Some(project) if !read.has_errors => {
                let cx = Cx {
                    project,
                    site: analysis.site.as_ref(),
                    sources: &analysis.sources,
                };
                check(&cx, &mut diagnostics);
            }
            _ => skipped += 1,
        }
    }
    diagnostics.sort();
    Linted {
        sources: analysis.sources,
        diagnostics,
        skipped,
    }
}

/// How swarm schedules a service: `deploy.mode`, or the site's `mode` when it sets one,
/// as translation decides it.
pub(crate) fn deploy_mode(cx: &Cx<'_>, service: &Service) -> DeployMode {
    crate::site::effective_mode(cx.site, service)
}

/// Whether a service's tasks run to completion instead of running until stopped.
pub(crate) fn is_job(mode: DeployMode) -> bool {
    matches!(mode, DeployMode::ReplicatedJob | DeployMode::GlobalJob)
}
