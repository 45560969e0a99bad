//! The one table that says what happens to every compose key on its way to a swarm
//! stack: kept as it is, translated into a swarm equivalent, dropped with a warning, or
//! refused with an error. Passes consult it; the README's key table is rendered from it
//! (and a test keeps the two equal), so the documentation cannot drift from the code.

use crate::rules::{self, Rule};
use std::collections::HashMap;
use std::sync::OnceLock;

/// What swarmc does with a key.
#[derive(Clone, Copy, Debug)]
pub enum Treatment {
    /// Copied into the stack, normalised to long syntax.
    Kept,
    /// Rewritten into what swarm understands; reported with this rule.
    Translated(&'static Rule),
    /// Left out of the stack; reported with this rule.
    Dropped(&'static Rule),
    /// Swarm cannot do it; reported as an error with this rule.
    Refused(&'static Rule),
    /// Settled while loading the project (`extends`, `include`, `profiles`, `x-*`).
    Resolved,
}

impl Treatment {
    pub fn rule(self) -> Option<&'static Rule> {
        match self {
            Treatment::Translated(rule) | Treatment::Dropped(rule) | Treatment::Refused(rule) => {
                Some(rule)
            }
            Treatment::Kept | Treatment::Resolved => None,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Treatment::Kept => "kept",
            Treatment::Translated(_) => "translated",
            Treatment::Dropped(_) => "dropped",
            Treatment::Refused(_) => "refused",
            Treatment::Resolved => "resolved",
        }
    }
}

/// One compose key and its fate.
#[derive(Debug)]
pub struct Row {
    /// The key's path: `services.*.restart`, `networks.*.ipam.config[].gateway`, `name`.
    pub path: &'static str,
    pub treatment: Treatment,
    /// The other treatment, for keys whose fate depends on their value.
    pub otherwise: Option<Treatment>,
    /// When which treatment applies, and what the translation is.
    pub note: &'static str,
}

const fn row(path: &'static str, treatment: Treatment, note: &'static str) -> Row {
    Row {
        path,
        treatment,
        otherwise: None,
        note,
    }
}

const fn either(
    path: &'static str,
    treatment: Treatment,
    otherwise: Treatment,
    note: &'static str,
) -> Row {
    Row {
        path,
        treatment,
        otherwise: Some(otherwise),
        note,
    }
}

use Treatment::{Dropped, Kept, Refused, Resolved, Translated};

/// Every compose key, top level first, then service keys, then the other elements.
pub static KEYS: &[Row] = &[
    row(
        "version",
        Resolved,
        "replaced by the lowest `3.x` that the emitted stack needs",
    ),
    row(
        "name",
        Dropped(&rules::PROJECT_NAME_DROPPED),
        "the stack name is given to `docker stack deploy`",
    ),
    row("include", Resolved, "the included projects are merged in"),
    row("services", Kept, ""),
    row("networks", Kept, ""),
    row("volumes", Kept, ""),
    row("secrets", Kept, ""),
    row("configs", Kept, ""),
    row("models", Dropped(&rules::SETTING_DROPPED), ""),
    row(
        "x-*",
        Resolved,
        "extension fields are read (for anchors) and not emitted",
    ),
    row(
        "services.*.annotations",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row(
        "services.*.attach",
        Dropped(&rules::SETTING_NOT_APPLICABLE),
        "",
    ),
    row(
        "services.*.blkio_config",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    either(
        "services.*.build",
        Dropped(&rules::BUILD_IGNORED),
        Refused(&rules::IMAGE_MISSING),
        "dropped when `image` is set, whose name moves to the site's `registry` when it names no registry host (`SW356`); without `image`, named in the site's `registry` (`SW356`), else refused",
    ),
    row("services.*.cap_add", Kept, ""),
    row("services.*.cap_drop", Kept, ""),
    either(
        "services.*.cgroup",
        Dropped(&rules::SETTING_DROPPED),
        Refused(&rules::HOST_NAMESPACE_UNSUPPORTED),
        "refused when `host`",
    ),
    row(
        "services.*.cgroup_parent",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row("services.*.command", Kept, ""),
    row("services.*.configs", Kept, ""),
    row(
        "services.*.container_name",
        Translated(&rules::CONTAINER_NAME_ALIASED),
        "a network alias on each of the service's networks",
    ),
    row(
        "services.*.cpu_count",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.cpu_percent",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.cpu_period",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.cpu_quota",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.cpu_rt_period",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.cpu_rt_runtime",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.cpu_shares",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.cpus",
        Translated(&rules::RESOURCE_LIMIT_TRANSLATED),
        "`deploy.resources.limits.cpus`",
    ),
    row(
        "services.*.cpuset",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row("services.*.credential_spec", Kept, ""),
    row(
        "services.*.depends_on",
        Dropped(&rules::START_ORDER_IGNORED),
        "swarm has no start order",
    ),
    row(
        "services.*.deploy",
        Kept,
        "see the `deploy` rows; `replicas` on a global service and `update_config` on a job are refused (`SW338`)",
    ),
    row(
        "services.*.develop",
        Dropped(&rules::SETTING_NOT_APPLICABLE),
        "",
    ),
    row(
        "services.*.device_cgroup_rules",
        Refused(&rules::DEVICES_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.devices",
        Refused(&rules::DEVICES_UNSUPPORTED),
        "",
    ),
    row("services.*.dns", Kept, ""),
    row("services.*.dns_opt", Dropped(&rules::SETTING_DROPPED), ""),
    row("services.*.dns_search", Kept, ""),
    row(
        "services.*.domainname",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row("services.*.entrypoint", Kept, ""),
    row(
        "services.*.env_file",
        Translated(&rules::ENV_FILE_INLINED),
        "its variables are written into `environment`",
    ),
    row(
        "services.*.environment",
        Kept,
        "an entry without a value takes the value of `.env`, `--env-file` or the site; else it stays without one, for the deployer's environment",
    ),
    row("services.*.expose", Dropped(&rules::EXPOSE_DROPPED), ""),
    row("services.*.extends", Resolved, ""),
    row(
        "services.*.external_links",
        Dropped(&rules::EXTERNAL_LINK_DROPPED),
        "",
    ),
    row("services.*.extra_hosts", Kept, ""),
    either(
        "services.*.gpus",
        Translated(&rules::GPU_TRANSLATED),
        Refused(&rules::GPUS_UNSUPPORTED),
        "generic resources of the site's GPU kind; refused when no node advertises GPUs",
    ),
    row("services.*.group_add", Dropped(&rules::SETTING_DROPPED), ""),
    row("services.*.healthcheck", Kept, ""),
    row("services.*.hostname", Kept, ""),
    row("services.*.image", Kept, ""),
    row("services.*.init", Kept, ""),
    either(
        "services.*.ipc",
        Dropped(&rules::SETTING_DROPPED),
        Refused(&rules::HOST_NAMESPACE_UNSUPPORTED),
        "refused when `host` or `service:` / `container:`",
    ),
    row("services.*.isolation", Kept, ""),
    row(
        "services.*.label_file",
        Translated(&rules::ENV_FILE_INLINED),
        "its labels are written into `labels`",
    ),
    row("services.*.labels", Kept, ""),
    row(
        "services.*.links",
        Translated(&rules::LINK_ALIASED),
        "an alias of the linked service",
    ),
    row("services.*.logging", Kept, ""),
    row(
        "services.*.mac_address",
        Dropped(&rules::STATIC_ADDRESS_DROPPED),
        "",
    ),
    row(
        "services.*.mem_limit",
        Translated(&rules::RESOURCE_LIMIT_TRANSLATED),
        "`deploy.resources.limits.memory`",
    ),
    row(
        "services.*.mem_reservation",
        Translated(&rules::RESOURCE_LIMIT_TRANSLATED),
        "`deploy.resources.reservations.memory`",
    ),
    row(
        "services.*.mem_swappiness",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.memswap_limit",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row("services.*.models", Dropped(&rules::SETTING_DROPPED), ""),
    either(
        "services.*.network_mode",
        Translated(&rules::HOST_NETWORK_TRANSLATED),
        Refused(&rules::NETWORK_MODE_UNSUPPORTED),
        "`host` becomes the external `host` network; other modes are refused",
    ),
    row("services.*.networks", Kept, ""),
    row(
        "services.*.oom_kill_disable",
        Dropped(&rules::RESOURCE_SETTING_UNSUPPORTED),
        "",
    ),
    row(
        "services.*.oom_score_adj",
        Dropped(&rules::SETTING_DROPPED),
        "docker's stack loader drops it",
    ),
    either(
        "services.*.pid",
        Dropped(&rules::SETTING_DROPPED),
        Refused(&rules::HOST_NAMESPACE_UNSUPPORTED),
        "refused when `host` or `service:` / `container:`",
    ),
    row(
        "services.*.pids_limit",
        Translated(&rules::RESOURCE_LIMIT_TRANSLATED),
        "`deploy.resources.limits.pids`",
    ),
    row(
        "services.*.platform",
        Translated(&rules::PLATFORM_TRANSLATED),
        "placement constraints on `node.platform.os` and `node.platform.arch`",
    ),
    row(
        "services.*.ports",
        Kept,
        "long syntax with the publish mode; a host IP, a reserved port, a port published twice on the routing mesh and an ingress port of a `dnsrr` service are refused",
    ),
    row(
        "services.*.post_start",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row("services.*.pre_stop", Dropped(&rules::SETTING_DROPPED), ""),
    row(
        "services.*.privileged",
        Refused(&rules::PRIVILEGED_UNSUPPORTED),
        "`privileged: false` asks for nothing and is left out",
    ),
    row(
        "services.*.profiles",
        Resolved,
        "services of disabled profiles are left out",
    ),
    row("services.*.provider", Refused(&rules::IMAGE_MISSING), ""),
    row(
        "services.*.pull_policy",
        Dropped(&rules::SETTING_NOT_APPLICABLE),
        "",
    ),
    row(
        "services.*.pull_refresh_after",
        Dropped(&rules::SETTING_NOT_APPLICABLE),
        "",
    ),
    row("services.*.read_only", Kept, ""),
    either(
        "services.*.restart",
        Translated(&rules::RESTART_TRANSLATED),
        Dropped(&rules::RESTART_OVERRIDDEN),
        "`deploy.restart_policy`, unless that is set already",
    ),
    either(
        "services.*.runtime",
        Translated(&rules::GPU_TRANSLATED),
        Refused(&rules::RUNTIME_UNSUPPORTED),
        "`nvidia` becomes generic resources of the site's GPU kind; `runc` is left out (`SW359`); other runtimes are refused",
    ),
    row(
        "services.*.scale",
        Translated(&rules::REPLICAS_TRANSLATED),
        "`deploy.replicas`",
    ),
    row("services.*.secrets", Kept, ""),
    row(
        "services.*.security_opt",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row(
        "services.*.shm_size",
        Translated(&rules::SHM_SIZE_TRANSLATED),
        "a `tmpfs` mount on `/dev/shm`",
    ),
    row("services.*.stdin_open", Kept, ""),
    row("services.*.stop_grace_period", Kept, ""),
    row("services.*.stop_signal", Kept, ""),
    row(
        "services.*.storage_opt",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row("services.*.sysctls", Kept, ""),
    row(
        "services.*.tmpfs",
        Translated(&rules::TMPFS_TRANSLATED),
        "`type: tmpfs` mounts",
    ),
    row("services.*.tty", Kept, ""),
    row("services.*.ulimits", Kept, ""),
    row(
        "services.*.use_api_socket",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row("services.*.user", Kept, ""),
    either(
        "services.*.userns_mode",
        Dropped(&rules::SETTING_DROPPED),
        Refused(&rules::HOST_NAMESPACE_UNSUPPORTED),
        "refused when `host`",
    ),
    either(
        "services.*.uts",
        Dropped(&rules::SETTING_DROPPED),
        Refused(&rules::HOST_NAMESPACE_UNSUPPORTED),
        "refused when `host`",
    ),
    row(
        "services.*.volumes",
        Kept,
        "long syntax; bind mounts of paths not shared by every node are warned about",
    ),
    row(
        "services.*.volumes_from",
        Refused(&rules::VOLUMES_FROM_UNSUPPORTED),
        "",
    ),
    row("services.*.working_dir", Kept, ""),
    either(
        "services.*.deploy.resources.reservations.devices",
        Translated(&rules::GPU_TRANSLATED),
        Refused(&rules::DEVICE_RESERVATION_UNSUPPORTED),
        "`gpu` requests become generic resources of the site's GPU kind; other devices are refused",
    ),
    row(
        "services.*.networks.*.ipv4_address",
        Dropped(&rules::STATIC_ADDRESS_DROPPED),
        "",
    ),
    row(
        "services.*.networks.*.ipv6_address",
        Dropped(&rules::STATIC_ADDRESS_DROPPED),
        "",
    ),
    row(
        "services.*.networks.*.link_local_ips",
        Dropped(&rules::STATIC_ADDRESS_DROPPED),
        "",
    ),
    row(
        "services.*.networks.*.mac_address",
        Dropped(&rules::STATIC_ADDRESS_DROPPED),
        "",
    ),
    row(
        "services.*.networks.*.priority",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row(
        "services.*.networks.*.gw_priority",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row(
        "services.*.networks.*.interface_name",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row(
        "services.*.ports[].host_ip",
        Refused(&rules::PUBLISHED_PORT_HOST_IP),
        "swarm publishes on every interface of every node",
    ),
    row(
        "services.*.ports[].published",
        Kept,
        "a range is expanded into one port each, as docker does; a port the site reserves is refused (`SW360`)",
    ),
    row(
        "services.*.ports[].name",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row(
        "services.*.ports[].app_protocol",
        Dropped(&rules::SETTING_DROPPED),
        "",
    ),
    row(
        "services.*.volumes[].type",
        Kept,
        "`bind`, `volume`, `tmpfs` and `npipe`; `cluster` and `image` are refused (`SW381`)",
    ),
    row(
        "services.*.volumes[].source",
        Kept,
        "a bind source is written as the nodes' path (`storage.path_translation`, `SW382`) and warned about (`SW322`) unless the site shares it on every node or pins the service to its node (`SW383`); a `local` named volume of a service that may run on several nodes is warned about (`SW384`)",
    ),
    row(
        "services.*.volumes[].consistency",
        Dropped(&rules::MOUNT_OPTION_DROPPED),
        "",
    ),
    row(
        "services.*.volumes[].bind.create_host_path",
        Dropped(&rules::MOUNT_OPTION_DROPPED),
        "reported when `true`: a service's bind mount never creates its host path",
    ),
    row(
        "services.*.volumes[].bind.recursive",
        Dropped(&rules::MOUNT_OPTION_DROPPED),
        "",
    ),
    row(
        "services.*.volumes[].bind.selinux",
        Dropped(&rules::MOUNT_OPTION_DROPPED),
        "also `z` and `Z` in the short syntax",
    ),
    row(
        "services.*.volumes[].volume.labels",
        Dropped(&rules::MOUNT_OPTION_DROPPED),
        "",
    ),
    row(
        "services.*.volumes[].tmpfs.mode",
        Dropped(&rules::MOUNT_OPTION_DROPPED),
        "",
    ),
    either(
        "networks.*.driver",
        Translated(&rules::NETWORK_DRIVER_TRANSLATED),
        Refused(&rules::NETWORK_DRIVER_UNSUPPORTED),
        "`bridge` becomes `overlay`; `host` and `none` are refused",
    ),
    row(
        "networks.*.ipam.config[].subnet",
        Kept,
        "refused when it overlaps the site's networks (`SW361`); a network without one gets one from the site's address pool (`SW363`)",
    ),
    row(
        "networks.*.ipam.config[].gateway",
        Dropped(&rules::IPAM_SETTING_DROPPED),
        "",
    ),
    row(
        "networks.*.ipam.config[].ip_range",
        Dropped(&rules::IPAM_SETTING_DROPPED),
        "",
    ),
    row(
        "networks.*.ipam.config[].aux_addresses",
        Dropped(&rules::IPAM_SETTING_DROPPED),
        "",
    ),
    row(
        "networks.*.ipam.options",
        Dropped(&rules::IPAM_SETTING_DROPPED),
        "",
    ),
    row(
        "networks.*.enable_ipv4",
        Dropped(&rules::IPAM_SETTING_DROPPED),
        "",
    ),
    row(
        "networks.*.enable_ipv6",
        Dropped(&rules::IPAM_SETTING_DROPPED),
        "",
    ),
    either(
        "volumes.*.driver_opts",
        Kept,
        Translated(&rules::VOLUME_NFS_BACKED),
        "a volume the site backs with NFS (`storage.nfs.<key>`) gets `driver: local` and the NFS options",
    ),
    either(
        "secrets.*.file",
        Kept,
        Refused(&rules::SECRET_FILE_MISSING),
        "relative to the stack file; named `<name or key>_<10 hex digits of the SHA-256 of the content>`; refused when missing, or larger than swarm stores (`SW388`)",
    ),
    either(
        "secrets.*.environment",
        Refused(&rules::SECRET_SOURCE_UNSUPPORTED),
        Translated(&rules::SECRET_FROM_SITE),
        "the site's `secrets.<key>` makes it external or reads it from a file",
    ),
    either(
        "secrets.*.content",
        Refused(&rules::SECRET_SOURCE_UNSUPPORTED),
        Translated(&rules::SECRET_FROM_SITE),
        "the site's `secrets.<key>` makes it external or reads it from a file",
    ),
    either(
        "configs.*.file",
        Kept,
        Refused(&rules::SECRET_FILE_MISSING),
        "as for secrets",
    ),
    row(
        "configs.*.environment",
        Refused(&rules::SECRET_SOURCE_UNSUPPORTED),
        "",
    ),
    row(
        "configs.*.content",
        Refused(&rules::SECRET_SOURCE_UNSUPPORTED),
        "",
    ),
];

/// The row for a key path, if the table has one.
pub fn lookup(path: &str) -> Option<&'static Row> {
    KEYS.iter().find(|row| row.path == path)
}

/// The row for a service key, `services.*.<key>`, as [`lookup`] finds it: from a map
/// built on first use, because translation asks for every key of every service, and
/// without writing out the path.
pub fn lookup_service_key(key: &str) -> Option<&'static Row> {
    static ROWS: OnceLock<HashMap<&'static str, &'static Row>> = OnceLock::new();
    let rows = ROWS.get_or_init(|| {
        let mut rows = HashMap::new();
        for row in KEYS {
            if let Some(key) = row.path.strip_prefix("services.*.") {
                // The first row wins, as in `lookup`.
                rows.entry(key).or_insert(row);
            }
        }
        rows
    });
    rows.get(key).copied()
}

/// The README's key table, in Markdown.
pub fn markdown_table() -> String {
    let mut out = String::from("| key | what swarmc does | code | notes |\n|---|---|---|---|\n");
    for row in KEYS {
        let mut what = row.treatment.word().to_owned();
        let mut codes: Vec<&str> = row.treatment.rule().map(|r| r.code).into_iter().collect();
        if let Some(otherwise) = row.otherwise {
            if otherwise.word() != row.treatment.word() {
                what = format!("{what} or {}", otherwise.word());
            }
            codes.extend(otherwise.rule().map(|r| r.code));
        }
        codes.dedup();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            row.path,
            what,
            codes.join(", "),
            row.note
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_appears_once() {
        let mut paths: Vec<&str> = KEYS.iter().map(|r| r.path).collect();
        let total = paths.len();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), total, "a key path is listed twice");
    }

    #[test]
    fn the_readme_shows_the_key_table() {
        let readme = include_str!("../../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's key table differs from src/translate/keys.rs; paste this between the key table markers:\n{table}"
        );
    }
}
