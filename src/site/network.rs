//! What the cluster's networks look like from the outside: the host networks overlays
//! must not shadow, how the swarm was initialised (address pool, data-path port), the
//! ingress network and subnets other stacks hold, and ports that are spoken for.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::address::Subnet;
use super::service::NodeSelector;

/// docker's default data-path (VXLAN) port.
pub const DEFAULT_DATA_PATH_PORT: u16 = 4789;
/// docker's default address pool for overlay networks.
pub const DEFAULT_POOL: &str = "10.0.0.0/8";
/// docker's default prefix length for each overlay network carved from the pool.
pub const DEFAULT_MASK_LENGTH: u8 = 24;
/// The idle timeout of the kernel's IPVS load balancer (`ipvsadm` default, seconds).
pub const DEFAULT_IPVS_IDLE_TIMEOUT: u32 = 900;

/// The site's networks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Host networks and servers that containers must still reach, by name: LANs, NFS
    /// and DNS servers, the office VPN (`lan: 10.20.0.0/16`, `nfs: 10.20.5.3`). Overlay
    /// subnets must not overlap them: swarm never checks, and a container cannot reach
    /// a host address that its overlay shadows.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub host_networks: IndexMap<String, Subnet>,

    /// The pool overlay subnets are allocated from, as the swarm was initialised
    /// (`docker swarm init --default-addr-pool ... --default-addr-pool-mask-length ...`).
    #[serde(default)]
    pub address_pool: AddressPool,

    /// The subnet of the existing `ingress` network (`docker network inspect ingress`).
    /// Unset: the first subnet of the address pool, which is what docker gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress_subnet: Option<Subnet>,

    /// The UDP port of overlay traffic (`docker swarm init --data-path-port`); swarm
    /// accepts 1024 to 49151. Change it where VMware NSX or another VXLAN user holds 4789.
    #[serde(default = "default_data_path_port")]
    pub data_path_port: u16,

    /// How the project's overlay networks are created.
    #[serde(default, skip_serializing_if = "Overlays::is_default")]
    pub overlays: Overlays,

    /// Subnets already held by other stacks' networks, by network name
    /// (`monitoring_default: 10.0.1.0/24`); the project's networks must avoid them.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub taken_subnets: IndexMap<String, Subnet>,

    /// Ports the project must not publish because something outside the stack listens
    /// on them on every node. swarm's own ports (2377, 7946 and the data-path port) are
    /// always reserved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reserved_ports: Vec<ReservedPort>,

    /// The docker engine API that clients outside the swarm use (XNAT's container
    /// service, CI jobs), when it listens on TCP. Its port counts as reserved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_api: Option<EngineApi>,

    /// Seconds after which IPVS forgets an idle connection through a service's virtual
    /// IP, without telling either end (900 unless raised on every node).
    #[serde(default = "default_ipvs_idle_timeout")]
    #[schemars(range(min = 1))]
    pub ipvs_idle_timeout: u32,
}

impl Default for Network {
    fn default() -> Network {
        Network {
            host_networks: IndexMap::new(),
            address_pool: AddressPool::default(),
            ingress_subnet: None,
            data_path_port: DEFAULT_DATA_PATH_PORT,
            overlays: Overlays::default(),
            taken_subnets: IndexMap::new(),
            reserved_ports: Vec::new(),
            engine_api: None,
            ipvs_idle_timeout: DEFAULT_IPVS_IDLE_TIMEOUT,
        }
    }
}

fn default_data_path_port() -> u16 {
    DEFAULT_DATA_PATH_PORT
}

fn default_ipvs_idle_timeout() -> u32 {
    DEFAULT_IPVS_IDLE_TIMEOUT
}

/// The swarm's address pool for overlay networks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressPool {
    /// The pool's subnets (`--default-addr-pool`, repeatable).
    #[serde(default = "default_pool")]
    #[schemars(length(min = 1))]
    pub subnets: Vec<Subnet>,

    /// The prefix length of each overlay network taken from the pool
    /// (`--default-addr-pool-mask-length`); swarm accepts 16 to 29.
    #[serde(default = "default_mask_length")]
    pub mask_length: u8,
}

impl Default for AddressPool {
    fn default() -> AddressPool {
        AddressPool {
            subnets: default_pool(),
            mask_length: DEFAULT_MASK_LENGTH,
        }
    }
}

fn default_pool() -> Vec<Subnet> {
    Subnet::parse(DEFAULT_POOL)
        .map(|s| vec![s])
        .unwrap_or_default()
}

fn default_mask_length() -> u8 {
    DEFAULT_MASK_LENGTH
}

/// Options of the overlay networks the project creates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overlays {
    /// Encrypt overlay traffic between nodes (`driver_opts: {encrypted: ""}`); needs
    /// IP protocol 50 (ESP) open between the nodes.
    #[serde(default)]
    pub encrypted: bool,

    /// Let standalone containers (`docker run --network`) join the overlays, as jobs
    /// started outside the stack need.
    #[serde(default)]
    pub attachable: bool,
}

impl Overlays {
    fn is_default(&self) -> bool {
        *self == Overlays::default()
    }
}

/// A port that something outside the stack listens on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReservedPort {
    /// The port number.
    #[schemars(range(min = 1, max = 65535))]
    pub port: u16,

    /// The transport protocol.
    #[serde(default)]
    pub protocol: Protocol,

    /// What listens there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

pub use crate::protocol::Protocol;

/// The engine API on TCP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EngineApi {
    /// The TCP port dockerd listens on (`-H tcp://0.0.0.0:2376`).
    #[serde(default = "default_engine_api_port")]
    #[schemars(range(min = 1, max = 65535))]
    pub port: u16,

    /// Whether clients must present a certificate (`--tlsverify`). Without it, anyone
    /// who reaches the port is root on the node.
    #[serde(default = "default_true")]
    pub tls: bool,

    /// The host name clients use, which the server certificate must name
    /// (`swarm.example.org`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,

    /// Networks allowed to reach the port, as the firewall should admit them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_from: Vec<Subnet>,

    /// The nodes that open the port, by hostname, role, labels or constraints (`{ role:
    /// manager }`); unset, every node. Whoever reaches the port is root on its node, so
    /// open it only where a client needs it (XNAT's container service talks to one
    /// manager).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NodeSelector>,
}

impl EngineApi {
    /// Whether `node` opens the engine API.
    pub fn opened_on(&self, node: &super::Node) -> bool {
        self.on.as_ref().is_none_or(|on| on.selects(node))
    }
}

fn default_engine_api_port() -> u16 {
    2376
}

fn default_true() -> bool {
    true
}
