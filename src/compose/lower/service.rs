//! A service: dispatches each key of the service mapping to its reader. Keys with
//! structure of their own are read in the file named after their family.

use super::cx::{Cx, Place};
use super::fields::Field;
use crate::compose::model::{
    CredentialSpec, Develop, MemSwapLimit, Provider, Service, Text, WatchAction, WatchRule,
    name_map,
};
use crate::spanned::Spanned;
use crate::yaml::{Key, Node, NodeKind, ScalarValue};

pub(super) const SERVICE_KEYS: &[&str] = &[
    "annotations",
    "attach",
    "blkio_config",
    "build",
    "cap_add",
    "cap_drop",
    "cgroup",
    "cgroup_parent",
    "command",
    "configs",
    "container_name",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpu_shares",
    "cpus",
    "cpuset",
    "credential_spec",
    "depends_on",
    "deploy",
    "develop",
    "device_cgroup_rules",
    "devices",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "entrypoint",
    "env_file",
    "environment",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "gpus",
    "group_add",
    "healthcheck",
    "hostname",
    "image",
    "init",
    "ipc",
    "isolation",
    "label_file",
    "labels",
    "links",
    "logging",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "models",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "post_start",
    "pre_stop",
    "privileged",
    "profiles",
    "provider",
    "pull_policy",
    "pull_refresh_after",
    "read_only",
    "restart",
    "runtime",
    "scale",
    "secrets",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "tty",
    "ulimits",
    "use_api_socket",
    "user",
    "userns_mode",
    "uts",
    "volumes",
    "volumes_from",
    "working_dir",
];
pub(super) const CREDENTIAL_SPEC_KEYS: &[&str] = &["config", "file", "registry"];
pub(super) const PROVIDER_KEYS: &[&str] = &["options", "type"];
pub(super) const DEVELOP_KEYS: &[&str] = &["watch"];
pub(super) const WATCH_KEYS: &[&str] = &["action", "exec", "ignore", "include", "path", "target"];

impl Cx<'_> {
    /// Lowers the keys of one service into `service`; null is a service with no keys.
    pub(super) fn service(&mut self, service: &mut Service, key: &Key, node: &Node) {
        if node.is_null() {
            return;
        }
        let keys = self.fields(node, Place::Service(&key.text), SERVICE_KEYS, |cx, f| {
            cx.service_field(service, &f);
        });
        service.keys = keys.unwrap_or_default();
    }

    fn service_field(&mut self, s: &mut Service, f: &Field<'_>) {
        let (v, p) = (f.value, f.place());
        match f.name {
            // Image and build.
            "image" => s.image = self.string(v, p),
            "build" => s.build = self.build(v).map(Box::new),
            "pull_policy" => s.pull_policy = self.pull_policy(v),
            "pull_refresh_after" => s.pull_refresh_after = self.string(v, p),
            "platform" => s.platform = self.string(v, p),
            "provider" => s.provider = self.provider(v).map(Box::new),
            // The process.
            "command" => s.command = self.command(v, p),
            "entrypoint" => s.entrypoint = self.command(v, p),
            "working_dir" => s.working_dir = self.string(v, p),
            "user" => s.user = self.string(v, p),
            "group_add" => s.group_add = self.unique_texts(v, f.name),
            "environment" => s.environment = self.environment(v, p),
            "env_file" => s.env_file = self.env_files(v),
            "init" => s.init = self.bool(v, p),
            "tty" => s.tty = self.bool(v, p),
            "stdin_open" => s.stdin_open = self.bool(v, p),
            "attach" => s.attach = self.bool(v, p),
            "stop_signal" => s.stop_signal = self.string(v, p),
            "stop_grace_period" => s.stop_grace_period = self.duration(v, p),
            "healthcheck" => s.healthcheck = self.healthcheck(v).map(Box::new),
            "post_start" => s.post_start = self.hooks(v, p),
            "pre_stop" => s.pre_stop = self.hooks(v, p),
            // Metadata.
            "labels" => s.labels = self.mapping(v, p),
            "label_file" => s.label_file = self.label_files(v),
            "annotations" => s.annotations = self.mapping(v, p),
            "container_name" => {
                // Empty is unset to compose-go, as `${NAME}` left unset makes it.
                s.container_name = self.string(v, p).filter(|name| !name.value.is_empty());
            }
            "hostname" => s.hostname = self.string(v, p),
            "domainname" => s.domainname = self.string(v, p),
            "profiles" => s.profiles = self.unique_strings(v, f.name),
            "extends" => s.extends = self.extends(v),
            // Scheduling and lifecycle.
            "deploy" => s.deploy = self.deploy(v).map(Box::new),
            "scale" => s.scale = self.uint(v, p),
            "restart" => s.restart = self.restart(v),
            "depends_on" => s.depends_on = self.depends_on(v),
            "develop" => s.develop = self.develop(v).map(Box::new),
            // Networking.
            "networks" => s.networks = self.service_networks(v),
            "network_mode" => s.network_mode = self.network_mode(v),
            "ports" => s.ports = self.ports(v, p),
            "expose" => s.expose = self.expose(v, p),
            "dns" => s.dns = self.dns(v),
            "dns_opt" => s.dns_opt = self.unique_strings(v, f.name),
            "dns_search" => s.dns_search = self.string_or_list(v, p),
            "extra_hosts" => s.extra_hosts = self.extra_hosts(v, p),
            "links" => s.links = self.links(v),
            "external_links" => s.external_links = self.unique_strings(v, f.name),
            "mac_address" => s.mac_address = self.string(v, p),
            // Storage and files.
            "volumes" => s.volumes = self.mounts(v, p),
            "volumes_from" => s.volumes_from = self.volumes_from(v),
            "tmpfs" => s.tmpfs = self.tmpfs_entries(v, p),
            "secrets" => s.secrets = self.file_refs(v, "secrets"),
            "configs" => s.configs = self.file_refs(v, "configs"),
            "read_only" => s.read_only = self.bool(v, p),
            "shm_size" => s.shm_size = self.size(v, p),
            "storage_opt" => s.storage_opt = self.options(v, p),
            // Resources outside `deploy`.
            "cpus" => s.cpus = self.cpus(v, p),
            "cpu_count" => s.cpu_count = self.uint(v, p),
            "cpu_percent" => {
                s.cpu_percent = self
                    .int_in(v, p, 0, 100)
                    .map(|n| n.map(|n| n.unsigned_abs()));
            }
            "cpu_shares" => s.cpu_shares = self.int(v, p),
            "cpu_quota" => s.cpu_quota = self.int(v, p),
            "cpu_period" => s.cpu_period = self.int(v, p),
            "cpu_rt_period" => s.cpu_rt_period = self.micros(v, p),
            "cpu_rt_runtime" => s.cpu_rt_runtime = self.micros(v, p),
            "cpuset" => s.cpuset = self.string(v, p),
            "mem_limit" => s.mem_limit = self.size(v, p),
            "mem_reservation" => s.mem_reservation = self.size(v, p),
            "mem_swappiness" => {
                s.mem_swappiness = self
                    .int_in(v, p, 0, 100)
                    .map(|n| n.map(|n| n.unsigned_abs()));
            }
            "memswap_limit" => s.memswap_limit = self.memswap_limit(v),
            "pids_limit" => s.pids_limit = self.int(v, p),
            "oom_kill_disable" => s.oom_kill_disable = self.bool(v, p),
            "oom_score_adj" => s.oom_score_adj = self.int_in(v, p, -1000, 1000),
            "ulimits" => s.ulimits = self.ulimits(v, p),
            "blkio_config" => s.blkio_config = self.blkio_config(v).map(Box::new),
            "gpus" => s.gpus = self.gpus(v),
            "models" => s.models = self.service_models(v),
            // Host access and isolation.
            "privileged" => s.privileged = self.bool(v, p),
            "cap_add" => s.cap_add = self.unique_strings(v, f.name),
            "cap_drop" => s.cap_drop = self.unique_strings(v, f.name),
            "security_opt" => s.security_opt = self.unique_strings(v, f.name),
            "devices" => s.devices = self.devices(v),
            "device_cgroup_rules" => s.device_cgroup_rules = self.unique_strings(v, f.name),
            "runtime" => s.runtime = self.string(v, p),
            "isolation" => s.isolation = self.string(v, p),
            "pid" => s.pid = self.string(v, p),
            "ipc" => s.ipc = self.string(v, p),
            "uts" => s.uts = self.string(v, p),
            "cgroup" => {
                s.cgroup = self.keyword(
                    v,
                    p,
                    |t| ["host", "private"].contains(&t).then(|| Text::new(t)),
                    &["host", "private"],
                );
            }
            "cgroup_parent" => s.cgroup_parent = self.string(v, p),
            "userns_mode" => s.userns_mode = self.string(v, p),
            "sysctls" => s.sysctls = self.mapping(v, p),
            "credential_spec" => s.credential_spec = self.credential_spec(v).map(Box::new),
            "use_api_socket" => s.use_api_socket = self.bool(v, p),
            "logging" => s.logging = self.logging(v).map(Box::new),
            _ => {}
        }
    }

    /// A list of strings compose wants unique; a repeated entry is reported and dropped.
    fn unique_strings(&mut self, node: &Node, key: &'static str) -> Vec<Spanned<Text>> {
        let items = self.strings(node, Place::Key(key));
        self.dedup(items, key)
    }

    /// Like [`Cx::unique_strings`], numbers allowed (`group_add`).
    fn unique_texts(&mut self, node: &Node, key: &'static str) -> Vec<Spanned<Text>> {
        let mut items = Vec::new();
        for item in self.list(node, Place::Key(key)).unwrap_or_default() {
            items.extend(self.text(item, Place::Item(key)));
        }
        self.dedup(items, key)
    }

    fn dedup(&mut self, items: Vec<Spanned<Text>>, key: &str) -> Vec<Spanned<Text>> {
        let mut out: Vec<Spanned<Text>> = Vec::with_capacity(items.len());
        for item in items {
            if let Some(first) = out.iter().find(|o| o.value == item.value) {
                let first = first.span;
                self.duplicate(item.span, &item.value, first, key);
                continue;
            }
            out.push(item);
        }
        out
    }

    /// `-1` for unlimited, or a size.
    fn memswap_limit(&mut self, node: &Node) -> Option<Spanned<MemSwapLimit>> {
        let unlimited = node
            .as_scalar()
            .is_some_and(|s| matches!(s.value(), ScalarValue::Int(-1) | ScalarValue::Str("-1")));
        if unlimited {
            return Some(Spanned::from_node(MemSwapLimit::Unlimited, node));
        }
        let size = self.size(node, Place::Key("memswap_limit"))?;
        Some(size.map(MemSwapLimit::Bytes))
    }

    fn credential_spec(&mut self, node: &Node) -> Option<CredentialSpec> {
        if node.is_null() {
            return None;
        }
        let mut spec = CredentialSpec::default();
        spec.keys = self.fields(
            node,
            Place::Key("credential_spec"),
            CREDENTIAL_SPEC_KEYS,
            |cx, f| {
                let (v, p) = (f.value, f.place());
                match f.name {
                    "config" => spec.config = cx.string(v, p),
                    "file" => spec.file = cx.string(v, p),
                    "registry" => spec.registry = cx.string(v, p),
                    _ => {}
                }
            },
        )?;
        Some(spec)
    }

    fn provider(&mut self, node: &Node) -> Option<Provider> {
        let mut kind = None;
        let mut options = name_map(0);
        let keys = self.fields(
            node,
            Place::Key("provider"),
            PROVIDER_KEYS,
            |cx, f| match f.name {
                "type" => kind = cx.string(f.value, f.place()),
                "options" => {
                    let Some(map) = f.value.as_map() else {
                        if !f.value.is_null() {
                            cx.wrong_type(f.value, f.place(), "a mapping");
                        }
                        return;
                    };
                    for entry in &map.entries {
                        let place = Place::Key(&entry.key.text);
                        let values = match &entry.value.kind {
                            NodeKind::Seq(items) => items
                                .iter()
                                .filter_map(|item| cx.option_value(item, place))
                                .collect(),
                            _ => cx.option_value(&entry.value, place).into_iter().collect(),
                        };
                        options.insert(Text::new(&entry.key.text), values);
                    }
                }
                _ => {}
            },
        )?;
        let Some(kind) = kind else {
            if !keys.contains_key("type") {
                self.missing(
                    node.span,
                    "`provider` has no `type`".to_owned(),
                    "add `type:` with the provider to use",
                );
            }
            return None;
        };
        Some(Provider {
            keys,
            kind,
            options,
        })
    }

    /// A string, number or boolean, kept as written.
    fn option_value(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<Text>> {
        match node.as_scalar() {
            Some(scalar) if !scalar.is_null() => {
                Some(Spanned::from_node(Text::new(&scalar.text), node))
            }
            _ => {
                self.wrong_type(node, place, "a string, a number or a boolean");
                None
            }
        }
    }

    fn develop(&mut self, node: &Node) -> Option<Develop> {
        if node.is_null() {
            return None;
        }
        let mut develop = Develop::default();
        develop.keys = self.fields(node, Place::Key("develop"), DEVELOP_KEYS, |cx, f| {
            for item in cx.list(f.value, f.place()).unwrap_or_default() {
                develop.watch.extend(cx.watch_rule(item));
            }
        })?;
        Some(develop)
    }

    fn watch_rule(&mut self, node: &Node) -> Option<WatchRule> {
        let mut path = None;
        let mut action = None;
        let mut target = None;
        let mut ignore = Vec::new();
        let mut include = Vec::new();
        let mut exec = None;
        let keys = self.fields(node, Place::Item("watch"), WATCH_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "path" => path = cx.string(v, p).map(|t| cx.host_path(v, &t.value)),
                "action" => action = cx.keyword(v, p, WatchAction::parse, WatchAction::VALUES),
                "target" => target = cx.string(v, p),
                "ignore" => ignore = cx.string_or_list(v, p),
                "include" => include = cx.string_or_list(v, p),
                "exec" => exec = cx.hook(v, p),
                _ => {}
            }
        })?;
        for key in ["path", "action"] {
            if !keys.contains_key(key) {
                self.missing(
                    node.span,
                    format!("watch rule has no `{key}`"),
                    format!("add `{key}:`"),
                );
            }
        }
        Some(WatchRule {
            span: node.span,
            keys,
            path: path?,
            action: action?,
            target,
            ignore,
            include,
            exec,
        })
    }
}
