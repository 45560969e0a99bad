//! `docker info`: how the swarm was initialised, from `Swarm.Cluster` (`swarm.ClusterInfo`).
//! `DefaultAddrPool`, `SubnetSize` and `DataPathPort` exist since API 1.39/1.40 (docker
//! 19.03); docker 20.10 and 28 print them alike. `docker info --format '{{json .}}'` (both
//! releases; 28 also takes `--format json`) puts the server's fields at the top level, next
//! to `ClientInfo`. An engine that is no swarm manager prints no `Cluster`.

use serde::Deserialize;

use crate::site::{AddressPool, Subnet};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct DockerInfo {
    pub swarm: SwarmInfo,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SwarmInfo {
    #[serde(default)]
    pub local_node_state: Option<String>,
    #[serde(default)]
    pub control_available: bool,
    #[serde(default)]
    pub cluster: Option<ClusterInfo>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ClusterInfo {
    #[serde(default, deserialize_with = "subnets")]
    pub default_addr_pool: Vec<Subnet>,
    #[serde(default)]
    pub subnet_size: u8,
    #[serde(default)]
    pub data_path_port: u16,
}

/// What `docker info` tells the site.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedInfo {
    /// `None` when the engine printed no cluster (not a manager, or no swarm).
    pub address_pool: Option<AddressPool>,
    pub data_path_port: Option<u16>,
    /// `Swarm.LocalNodeState` when the engine is no swarm manager.
    pub not_a_manager: Option<String>,
}

impl DockerInfo {
    pub(super) fn into_imported(self) -> ImportedInfo {
        let swarm = self.swarm;
        let not_a_manager = (!swarm.control_available).then(|| {
            swarm
                .local_node_state
                .clone()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "inactive".to_owned())
        });
        let Some(cluster) = swarm.cluster else {
            return ImportedInfo {
                address_pool: None,
                data_path_port: None,
                not_a_manager,
            };
        };
        let defaults = AddressPool::default();
        ImportedInfo {
            address_pool: Some(AddressPool {
                subnets: if cluster.default_addr_pool.is_empty() {
                    defaults.subnets
                } else {
                    cluster.default_addr_pool
                },
                mask_length: if cluster.subnet_size == 0 {
                    defaults.mask_length
                } else {
                    cluster.subnet_size
                },
            }),
            // 0 means "not set": the engine uses the default.
            data_path_port: Some(if cluster.data_path_port == 0 {
                crate::site::DEFAULT_DATA_PATH_PORT
            } else {
                cluster.data_path_port
            }),
            not_a_manager,
        }
    }
}

fn subnets<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Subnet>, D::Error> {
    let texts = Option::<Vec<String>>::deserialize(d)?.unwrap_or_default();
    texts
        .iter()
        .map(|t| {
            Subnet::parse(t).map_err(|_| serde::de::Error::custom(format!("`{t}` is not a subnet")))
        })
        .collect()
}
