//! A service: every key of the compose specification, typed. Keys swarm cannot honour
//! (`runtime`, `gpus`, `privileged`, `network_mode`, `build`, ...) are here too, with
//! enough detail for translation to explain each refusal or rewrite.

use super::{
    BlkioConfig, Build, ByteSize, Command, Cpus, Dependency, Deploy, Develop, DeviceMapping,
    Duration, EnvFile, Expose, Extends, ExtraHost, FileRef, Gpus, Healthcheck, Hook, Keys,
    LabelFile, Link, Logging, Mapping, MemSwapLimit, Mount, NameMap, NetworkMode, Port, PullPolicy,
    Restart, ServiceModel, ServiceNetwork, Text, Ulimit, VolumesFrom,
};
use crate::source::Span;
use crate::spanned::Spanned;

#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// The key under `services`, with its span.
    pub name: Spanned<Text>,
    /// Every key written in the service mapping (not `x-` keys), with the key's span, in
    /// written order. Translation classifies each one.
    pub keys: Keys,

    // Image and build.
    pub image: Option<Spanned<Text>>,
    pub build: Option<Box<Build>>,
    pub pull_policy: Option<Spanned<PullPolicy>>,
    pub pull_refresh_after: Option<Spanned<Text>>,
    pub platform: Option<Spanned<Text>>,
    pub provider: Option<Box<Provider>>,

    // The process.
    pub command: Option<Spanned<Command>>,
    pub entrypoint: Option<Spanned<Command>>,
    pub working_dir: Option<Spanned<Text>>,
    pub user: Option<Spanned<Text>>,
    pub group_add: Vec<Spanned<Text>>,
    pub environment: Mapping,
    pub env_file: Vec<EnvFile>,
    pub init: Option<Spanned<bool>>,
    pub tty: Option<Spanned<bool>>,
    pub stdin_open: Option<Spanned<bool>>,
    pub attach: Option<Spanned<bool>>,
    pub stop_signal: Option<Spanned<Text>>,
    pub stop_grace_period: Option<Spanned<Duration>>,
    pub healthcheck: Option<Box<Healthcheck>>,
    pub post_start: Vec<Hook>,
    pub pre_stop: Vec<Hook>,

    // Metadata.
    pub labels: Mapping,
    pub label_file: Vec<LabelFile>,
    pub annotations: Mapping,
    pub container_name: Option<Spanned<Text>>,
    pub hostname: Option<Spanned<Text>>,
    pub domainname: Option<Spanned<Text>>,
    pub profiles: Vec<Spanned<Text>>,
    pub extends: Option<Extends>,

    // Scheduling and lifecycle.
    pub deploy: Option<Box<Deploy>>,
    pub scale: Option<Spanned<u64>>,
    pub restart: Option<Spanned<Restart>>,
    pub depends_on: NameMap<Dependency>,
    pub develop: Option<Box<Develop>>,

    // Networking.
    /// In written order; empty when the service wrote none (compose then attaches it to
    /// the `default` network unless `network_mode` is set, see
    /// [`Service::uses_default_network`]).
    pub networks: NameMap<ServiceNetwork>,
    pub network_mode: Option<Spanned<NetworkMode>>,
    pub ports: Vec<Port>,
    pub expose: Vec<Spanned<Expose>>,
    pub dns: Vec<Spanned<Text>>,
    pub dns_opt: Vec<Spanned<Text>>,
    pub dns_search: Vec<Spanned<Text>>,
    pub extra_hosts: Vec<ExtraHost>,
    pub links: Vec<Spanned<Link>>,
    pub external_links: Vec<Spanned<Text>>,
    pub mac_address: Option<Spanned<Text>>,

    // Storage and files.
    pub volumes: Vec<Mount>,
    pub volumes_from: Vec<Spanned<VolumesFrom>>,
    pub tmpfs: Vec<Spanned<Text>>,
    pub secrets: Vec<FileRef>,
    pub configs: Vec<FileRef>,
    pub read_only: Option<Spanned<bool>>,
    pub shm_size: Option<Spanned<ByteSize>>,
    pub storage_opt: Mapping,

    // Resources outside `deploy`.
    pub cpus: Option<Spanned<Cpus>>,
    pub cpu_count: Option<Spanned<u64>>,
    pub cpu_percent: Option<Spanned<u64>>,
    pub cpu_shares: Option<Spanned<i64>>,
    pub cpu_quota: Option<Spanned<i64>>,
    pub cpu_period: Option<Spanned<i64>>,
    /// Microseconds (a duration is converted).
    pub cpu_rt_period: Option<Spanned<i64>>,
    /// Microseconds (a duration is converted).
    pub cpu_rt_runtime: Option<Spanned<i64>>,
    pub cpuset: Option<Spanned<Text>>,
    pub mem_limit: Option<Spanned<ByteSize>>,
    pub mem_reservation: Option<Spanned<ByteSize>>,
    pub mem_swappiness: Option<Spanned<u64>>,
    pub memswap_limit: Option<Spanned<MemSwapLimit>>,
    pub pids_limit: Option<Spanned<i64>>,
    pub oom_kill_disable: Option<Spanned<bool>>,
    pub oom_score_adj: Option<Spanned<i64>>,
    pub ulimits: Vec<Ulimit>,
    pub blkio_config: Option<Box<BlkioConfig>>,
    pub gpus: Option<Spanned<Gpus>>,
    pub models: NameMap<ServiceModel>,

    // Host access and isolation.
    pub privileged: Option<Spanned<bool>>,
    pub cap_add: Vec<Spanned<Text>>,
    pub cap_drop: Vec<Spanned<Text>>,
    pub security_opt: Vec<Spanned<Text>>,
    pub devices: Vec<DeviceMapping>,
    pub device_cgroup_rules: Vec<Spanned<Text>>,
    pub runtime: Option<Spanned<Text>>,
    pub isolation: Option<Spanned<Text>>,
    pub pid: Option<Spanned<Text>>,
    pub ipc: Option<Spanned<Text>>,
    pub uts: Option<Spanned<Text>>,
    /// `host` or `private`.
    pub cgroup: Option<Spanned<Text>>,
    pub cgroup_parent: Option<Spanned<Text>>,
    pub userns_mode: Option<Spanned<Text>>,
    pub sysctls: Mapping,
    pub credential_spec: Option<Box<CredentialSpec>>,
    pub use_api_socket: Option<Spanned<bool>>,
    pub logging: Option<Box<Logging>>,
}

impl Service {
    /// An empty service named `name`, to be filled in by lowering.
    pub fn new(name: Spanned<Text>) -> Service {
        Service {
            name,
            keys: Keys::default(),
            image: None,
            build: None,
            pull_policy: None,
            pull_refresh_after: None,
            platform: None,
            provider: None,
            command: None,
            entrypoint: None,
            working_dir: None,
            user: None,
            group_add: Vec::new(),
            environment: Mapping::default(),
            env_file: Vec::new(),
            init: None,
            tty: None,
            stdin_open: None,
            attach: None,
            stop_signal: None,
            stop_grace_period: None,
            healthcheck: None,
            post_start: Vec::new(),
            pre_stop: Vec::new(),
            labels: Mapping::default(),
            label_file: Vec::new(),
            annotations: Mapping::default(),
            container_name: None,
            hostname: None,
            domainname: None,
            profiles: Vec::new(),
            extends: None,
            deploy: None,
            scale: None,
            restart: None,
            depends_on: NameMap::default(),
            develop: None,
            networks: NameMap::default(),
            network_mode: None,
            ports: Vec::new(),
            expose: Vec::new(),
            dns: Vec::new(),
            dns_opt: Vec::new(),
            dns_search: Vec::new(),
            extra_hosts: Vec::new(),
            links: Vec::new(),
            external_links: Vec::new(),
            mac_address: None,
            volumes: Vec::new(),
            volumes_from: Vec::new(),
            tmpfs: Vec::new(),
            secrets: Vec::new(),
            configs: Vec::new(),
            read_only: None,
            shm_size: None,
            storage_opt: Mapping::default(),
            cpus: None,
            cpu_count: None,
            cpu_percent: None,
            cpu_shares: None,
            cpu_quota: None,
            cpu_period: None,
            cpu_rt_period: None,
            cpu_rt_runtime: None,
            cpuset: None,
            mem_limit: None,
            mem_reservation: None,
            mem_swappiness: None,
            memswap_limit: None,
            pids_limit: None,
            oom_kill_disable: None,
            oom_score_adj: None,
            ulimits: Vec::new(),
            blkio_config: None,
            gpus: None,
            models: NameMap::default(),
            privileged: None,
            cap_add: Vec::new(),
            cap_drop: Vec::new(),
            security_opt: Vec::new(),
            devices: Vec::new(),
            device_cgroup_rules: Vec::new(),
            runtime: None,
            isolation: None,
            pid: None,
            ipc: None,
            uts: None,
            cgroup: None,
            cgroup_parent: None,
            userns_mode: None,
            sysctls: Mapping::default(),
            credential_spec: None,
            use_api_socket: None,
            logging: None,
        }
    }

    /// The span of key `name` in the service mapping, when it was written.
    pub fn key_span(&self, name: &str) -> Option<Span> {
        self.keys.get(name)
    }

    /// Whether compose attaches this service to the project's `default` network: it
    /// wrote no `networks` and no `network_mode`, or it listed `default` itself.
    pub fn uses_default_network(&self) -> bool {
        if self.networks.is_empty() {
            self.network_mode.is_none()
        } else {
            self.networks.contains_key("default")
        }
    }

    /// `deploy.replicas`, else `scale`.
    pub fn replicas(&self) -> Option<&Spanned<u64>> {
        self.deploy
            .as_ref()
            .and_then(|d| d.replicas.as_ref())
            .or(self.scale.as_ref())
    }
}

/// `credential_spec` (Windows group managed service accounts).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CredentialSpec {
    pub keys: Keys,
    pub config: Option<Spanned<Text>>,
    pub file: Option<Spanned<Text>>,
    pub registry: Option<Spanned<Text>>,
}

/// `provider`: a service managed by an external component instead of a container.
#[derive(Clone, Debug, PartialEq)]
pub struct Provider {
    pub keys: Keys,
    pub kind: Spanned<Text>,
    /// Each option may be written once or as a list.
    pub options: NameMap<Vec<Spanned<Text>>>,
}
