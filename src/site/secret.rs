//! How the secrets a compose project declares exist on the site: created ahead by an
//! operator (`docker secret create`), so the stack refers to them as external, or read
//! from files on the deploying machine.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One secret, by its compose name. Exactly one of `external` and `file` is given;
/// `create` says how a plan creates an external one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteSecret {
    /// The secret was created ahead with `docker secret create`; the stack refers to it
    /// and never carries its content.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,

    /// The secret's name in the swarm, when it differs from the compose name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,

    /// A file on the deploying machine holding the secret, relative to this profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,

    /// How a deploy plan creates an external secret that does not exist yet: `ask` reads
    /// it on the terminal without echoing it (a password a person must know, a token
    /// another system issues), `generate` makes a random value nobody sees (credentials
    /// between machines), `{ file: PATH }` reads a file on the manager (a certificate, a
    /// keystore). Only with `external: true`; the default is `ask`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create: Option<SecretCreation>,
}

/// How a missing external secret gets its value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SecretCreation {
    /// Read on the terminal of whoever runs the plan, never echoed.
    #[default]
    Ask,
    /// A random value, generated on the manager and shown nowhere.
    Generate,
    /// The content of a file on the manager that creates it, by absolute path.
    File(String),
}
