//! Secrets the stack expects to exist (`external: true`). `docker stack deploy` fails
//! on the first one missing, and swarmc must never hold a secret's value, so the plan
//! creates each missing one from a value generated on the manager, which goes straight
//! into `docker secret create` and is printed nowhere.

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::first_manager;

/// The command whose output becomes a new secret's value.
const GENERATOR: &str = "openssl rand -base64 32";

#[derive(Clone, Debug, Serialize)]
pub struct Secrets {
    /// The command that generates a value.
    pub generator: &'static str,
    pub secrets: Vec<ExternalSecret>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExternalSecret {
    /// The secret's key in the stack.
    pub key: String,
    /// Its name in the swarm.
    pub name: String,
    /// The stack's services that read it, by compose name.
    pub services: Vec<String>,
}

pub(super) fn secrets(input: &Input<'_>) -> Option<Step> {
    let stack = input.stack;
    let secrets: Vec<ExternalSecret> = stack
        .secrets
        .iter()
        .filter(|(_, secret)| secret.external)
        .map(|(key, secret)| ExternalSecret {
            key: key.clone(),
            name: secret.name.clone().unwrap_or_else(|| key.clone()),
            services: stack
                .services
                .iter()
                .filter(|(_, s)| s.secrets.iter().any(|r| &r.source == key))
                .map(|(name, _)| name.clone())
                .collect(),
        })
        .collect();
    if secrets.is_empty() {
        return None;
    }
    Some(Step {
        name: "secrets",
        function: "secrets",
        title: "Create the external secrets",
        runs_on: RunsOn::manager(first_manager(input.site).map(|n| n.hostname.as_str())),
        detail: Detail::Secrets(Secrets {
            generator: GENERATOR,
            secrets,
        }),
    })
}
