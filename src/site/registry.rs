//! The registry that images built from source are pushed to. On a swarm every node
//! pulls its own copy, so an image that exists only where it was built cannot run.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The pattern of a registry address: a host name or address with an optional port.
pub(super) const REGISTRY_ADDRESS_PATTERN: &str =
    r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?$";
/// The pattern of an image tag, as docker accepts it.
pub(super) const TAG_PATTERN: &str = r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";

/// Where images of services that compose would build (`build:` without `image:`) are
/// pushed, and so pulled from by every node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    /// The registry's host and port, without a scheme (`registry.lab.example.org:5000`).
    #[schemars(regex(pattern = REGISTRY_ADDRESS_PATTERN))]
    pub address: String,

    /// The repository path under the registry (`openmpf`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,

    /// The tag given to built images; use a release or commit rather than `latest`, so
    /// every node runs the same image.
    #[serde(default = "default_tag")]
    #[schemars(regex(pattern = TAG_PATTERN))]
    pub tag: String,

    /// Nodes need the deploying user's credentials to pull: deploy with
    /// `docker stack deploy --with-registry-auth`.
    #[serde(default)]
    pub with_registry_auth: bool,
}

fn default_tag() -> String {
    "latest".to_owned()
}
