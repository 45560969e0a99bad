//! Secrets the stack expects to exist (`external: true`). `docker stack deploy` fails
//! on the first one missing, and swarmc must never hold a secret's value, so the plan
//! creates each missing one on the manager, from a value that goes straight into
//! `docker secret create` and is printed nowhere: typed on the terminal without echo,
//! or generated when the site says only machines need to know it. A password a person
//! must log in with, or a token another system issues, generated unseen would lock
//! everyone out, so a secret the site says nothing about is asked for.

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::first_manager;
use crate::site::SecretCreation;

/// The command whose output becomes a new secret's value.
const GENERATOR: &str = "openssl rand -base64 32";

#[derive(Clone, Debug, Serialize)]
pub struct Secrets {
    /// The command that generates a value.
    pub generator: &'static str,
    pub secrets: Vec<ExternalSecret>,
    /// Whether any secret is generated, and so the generator is needed.
    pub generates: bool,
    /// Whether any secret is typed in, and so the step needs a terminal.
    pub asks: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExternalSecret {
    /// The secret's key in the stack.
    pub key: String,
    /// Its name in the swarm.
    pub name: String,
    /// The stack's services that read it, by compose name.
    pub services: Vec<String>,
    /// Where its value comes from (`secrets.<key>.create` in the site, else asked for):
    /// `ask`, `generate` or `file`.
    pub create: &'static str,
    /// The file on the manager, for `file`.
    pub file: Option<String>,
}

pub(super) fn secrets(input: &Input<'_>) -> Option<Step> {
    let stack = input.stack;
    let secrets: Vec<ExternalSecret> = stack
        .secrets
        .iter()
        .filter(|(_, secret)| secret.external)
        .map(|(key, secret)| {
            let (create, file) =
                creation(input.site.secrets.get(key).and_then(|s| s.create.as_ref()));
            ExternalSecret {
                key: key.clone(),
                name: secret.name.clone().unwrap_or_else(|| key.clone()),
                services: stack
                    .services
                    .iter()
                    .filter(|(_, s)| s.secrets.iter().any(|r| &r.source == key))
                    .map(|(name, _)| name.clone())
                    .collect(),
                create,
                file,
            }
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
            generates: secrets.iter().any(|s| s.create == "generate"),
            asks: secrets.iter().any(|s| s.create == "ask"),
            secrets,
        }),
    })
}

/// Where a secret's value comes from, as the template names it, and the file for
/// `file`; a secret the site says nothing about is asked for.
fn creation(create: Option<&SecretCreation>) -> (&'static str, Option<String>) {
    match create {
        None | Some(SecretCreation::Ask) => ("ask", None),
        Some(SecretCreation::Generate) => ("generate", None),
        Some(SecretCreation::File(path)) => ("file", Some(path.clone())),
    }
}
