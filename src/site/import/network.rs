//! `docker network inspect`: the swarm-scoped networks (`network.Inspect`, called
//! `types.NetworkResource` in docker 20.10): the ingress network's subnet, and every
//! other overlay's subnets with the stack that owns it (`com.docker.stack.namespace`).
//! Docker 28 adds fields (`EnableIPv4`, `ConfigFrom`, `Peers`), which are ignored, and
//! may print `null` for an empty `IPAM.Config` or `Labels`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use crate::site::Subnet;

/// The label `docker stack deploy` puts on what a stack creates.
pub const STACK_LABEL: &str = "com.docker.stack.namespace";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct DockerNetwork {
    pub name: String,
    pub scope: String,
    pub driver: String,
    #[serde(default)]
    pub ingress: bool,
    #[serde(rename = "IPAM")]
    pub ipam: Ipam,
    #[serde(default, deserialize_with = "labels")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Ipam {
    #[serde(default, deserialize_with = "configs")]
    pub config: Vec<IpamConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct IpamConfig {
    #[serde(default, deserialize_with = "subnet")]
    pub subnet: Option<Subnet>,
}

/// A subnet some swarm network holds.
#[derive(Debug, Clone, PartialEq)]
pub struct TakenSubnet {
    /// The key in `network.taken_subnets`: the network's name, with `#2`, `#3` for
    /// its further subnets.
    pub key: String,
    pub subnet: Subnet,
    /// The stack that created the network, if a stack did.
    pub stack: Option<String>,
}

/// What the swarm's networks tell the site.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportedNetworks {
    pub ingress_subnet: Option<Subnet>,
    pub taken: Vec<TakenSubnet>,
    /// Networks left out because they are not swarm overlays.
    pub skipped: Vec<String>,
}

pub(super) fn import(networks: Vec<DockerNetwork>) -> ImportedNetworks {
    let mut imported = ImportedNetworks::default();
    for network in networks {
        if network.scope != "swarm" || network.driver != "overlay" {
            imported.skipped.push(network.name);
            continue;
        }
        let subnets: Vec<Subnet> = network
            .ipam
            .config
            .iter()
            .filter_map(|c| c.subnet)
            .collect();
        if network.ingress || network.name == "ingress" {
            imported.ingress_subnet = subnets.into_iter().find(|s| s.0.addr().is_ipv4());
            continue;
        }
        let stack = network.labels.get(STACK_LABEL).cloned();
        for (i, subnet) in subnets.into_iter().enumerate() {
            let key = if i == 0 {
                network.name.clone()
            } else {
                format!("{}#{}", network.name, i + 1)
            };
            imported.taken.push(TakenSubnet {
                key,
                subnet,
                stack: stack.clone(),
            });
        }
    }
    imported.taken.sort_by(|a, b| a.key.cmp(&b.key));
    imported.skipped.sort();
    imported
}

fn labels<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    Ok(Option::<BTreeMap<String, String>>::deserialize(d)?.unwrap_or_default())
}

fn configs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<IpamConfig>, D::Error> {
    Ok(Option::<Vec<IpamConfig>>::deserialize(d)?.unwrap_or_default())
}

fn subnet<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Subnet>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(t) if t.is_empty() => Ok(None),
        Some(t) => Subnet::parse(&t)
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("`{t}` is not a subnet"))),
    }
}
