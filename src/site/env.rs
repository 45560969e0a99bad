//! The site's `env`: values a compose project interpolates (`${REGISTRY}`,
//! `${DATA_HOST}`) that belong to the cluster rather than to the project, so one project
//! deploys to several sites unchanged.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Variables for interpolating the compose files (`${NAME}`), as the cluster defines them.
///
/// Precedence, highest first: the process environment, then this `env` (`vars`, then
/// `files`), then the project's `.env` or the `--env-file` files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteEnv {
    /// Variables by name. A value is a string, or `{ value, secret: true }` for a value
    /// that swarmc must never print (in diagnostics, plans or the stack's comments).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub vars: IndexMap<String, EnvVar>,

    /// Env files (compose `.env` syntax) with more site values, relative to this profile.
    /// `vars` wins over the files; among the files, a later one wins over an earlier one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
}

/// One site variable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum EnvVar {
    /// The value, used as written.
    Plain(String),
    /// A value with options.
    Detailed(DetailedEnvVar),
}

/// A site variable with options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailedEnvVar {
    /// The value, used as written.
    pub value: String,

    /// A password, token or key: swarmc uses the value but never shows it.
    #[serde(default)]
    pub secret: bool,
}

impl EnvVar {
    pub fn value(&self) -> &str {
        match self {
            EnvVar::Plain(value) => value,
            EnvVar::Detailed(detailed) => &detailed.value,
        }
    }

    pub fn is_secret(&self) -> bool {
        matches!(self, EnvVar::Detailed(DetailedEnvVar { secret: true, .. }))
    }
}

/// Whether `name` can be written as `${name}` in a compose file.
pub(super) fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
