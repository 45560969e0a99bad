//! `docker swarm init` on the first manager, with what the site profile says the swarm
//! was (or is to be) initialised with: the address the other nodes reach it at, the
//! data-path port and the address pool. These can only be chosen at init, so they are
//! always written out, defaults included.

use serde::Serialize;

use super::Input;
use super::model::{Detail, RunsOn, Step};
use super::nodes::{address, first_manager};

#[derive(Clone, Debug, Serialize)]
pub struct SwarmInit {
    /// The manager's hostname.
    pub manager: String,
    /// `--advertise-addr`; unknown when the profile gives the manager no address.
    pub advertise_addr: Option<String>,
    /// `--data-path-port`.
    pub data_path_port: u16,
    /// `--default-addr-pool`, one per subnet.
    pub address_pools: Vec<String>,
    /// `--default-addr-pool-mask-length`.
    pub mask_length: u8,
}

pub(super) fn swarm_init(input: &Input<'_>) -> Option<Step> {
    let manager = first_manager(input.site)?;
    let network = &input.site.network;
    Some(Step {
        name: "swarm-init",
        function: "swarm_init",
        title: "Initialise the swarm",
        runs_on: RunsOn::nodes(vec![manager.hostname.clone()]),
        detail: Detail::SwarmInit(SwarmInit {
            manager: manager.hostname.clone(),
            advertise_addr: address(manager),
            data_path_port: network.data_path_port,
            address_pools: network
                .address_pool
                .subnets
                .iter()
                .map(ToString::to_string)
                .collect(),
            mask_length: network.address_pool.mask_length,
        }),
    })
}
