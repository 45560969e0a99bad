//! A service's container: process, environment (sorted, variables without a value
//! taken from the deployer's environment), mounts, secrets and configs (sorted by
//! name, with docker's default file and mode), capabilities (normalised), ulimits.

use std::collections::BTreeSet;

use crate::swarm::{self, FileReference, Stack, Ulimit as SwarmUlimit};

use super::super::Deployer;
use super::super::container::{
    ConfigReference, ContainerSpec, CredentialSpec, DnsConfig, FileTarget, HealthConfig,
    Privileges, SecretReference, Ulimit,
};
use super::super::service::Empty;
use super::mounts::{enum_text, mounts};
use super::{nanos, object_name, with_namespace};

/// Docker's permission bits for a secret or config file: `0o444`.
const DEFAULT_MODE: u32 = 0o444;

pub(super) fn container(
    service: &swarm::Service,
    stack: &Stack,
    stack_name: &str,
    deployer: &Deployer,
) -> ContainerSpec {
    let (capability_add, capability_drop) = capabilities(&service.cap_add, &service.cap_drop);
    let config_name = |key: &str| {
        let config = stack.configs.get(key);
        object_name(
            stack_name,
            key,
            config.and_then(|c| c.name.as_deref()),
            config.is_some_and(|c| c.external),
        )
    };
    let mut configs = file_references(&service.configs, config_name)
        .into_iter()
        .map(|(name, file)| ConfigReference {
            file: Some(file),
            config_name: name,
            ..ConfigReference::default()
        })
        .collect::<Vec<_>>();
    let mut credential_spec = None;
    if let Some(spec) = &service.credential_spec {
        credential_spec = Some(match spec {
            /* The config's ID on the swarm, which only the manager knows. */
            swarm::CredentialSpec::Config(key) => {
                configs.push(ConfigReference {
                    runtime: Some(Empty {}),
                    config_name: config_name(key),
                    ..ConfigReference::default()
                });
                CredentialSpec::default()
            }
            swarm::CredentialSpec::File(file) => CredentialSpec {
                file: file.clone(),
                ..CredentialSpec::default()
            },
            swarm::CredentialSpec::Registry(registry) => CredentialSpec {
                registry: registry.clone(),
                ..CredentialSpec::default()
            },
        });
    }
    configs.sort_by(|a, b| a.config_name.cmp(&b.config_name));
    let secrets = file_references(&service.secrets, |key| {
        let secret = stack.secrets.get(key);
        object_name(
            stack_name,
            key,
            secret.and_then(|s| s.name.as_deref()),
            secret.is_some_and(|s| s.external),
        )
    })
    .into_iter()
    .map(|(name, file)| SecretReference {
        file: Some(file),
        secret_name: name,
        ..SecretReference::default()
    })
    .collect();
    ContainerSpec {
        image: tagged(&service.image),
        labels: with_namespace(&service.labels, stack_name),
        command: service.entrypoint.iter().map(|w| w.to_string()).collect(),
        args: service.command.iter().map(|w| w.to_string()).collect(),
        hostname: service.hostname.clone().unwrap_or_default(),
        env: environment(service, deployer),
        dir: service.working_dir.clone().unwrap_or_default(),
        user: service.user.clone().unwrap_or_default(),
        privileges: Some(Privileges {
            credential_spec,
            ..Privileges::default()
        }),
        init: service.init,
        stop_signal: service.stop_signal.clone().unwrap_or_default(),
        tty: service.tty,
        open_stdin: service.stdin_open,
        read_only: service.read_only,
        mounts: mounts(service, stack, stack_name, deployer),
        stop_grace_period: service
            .stop_grace_period
            .as_ref()
            .and_then(swarm::Duration::nanos),
        healthcheck: service.healthcheck.as_ref().map(|check| HealthConfig {
            test: check.test.clone(),
            interval: nanos(check.interval.as_ref()),
            timeout: nanos(check.timeout.as_ref()),
            start_period: nanos(check.start_period.as_ref()),
            start_interval: nanos(check.start_interval.as_ref()),
            retries: check
                .retries
                .and_then(|r| i64::try_from(r).ok())
                .unwrap_or(0),
        }),
        hosts: service
            .extra_hosts
            .iter()
            .filter_map(|entry| entry.split_once(':'))
            .map(|(host, address)| format!("{address} {host}"))
            .collect(),
        dns_config: (!service.dns.is_empty() || !service.dns_search.is_empty()).then(|| {
            DnsConfig {
                nameservers: service.dns.clone(),
                search: service.dns_search.clone(),
                options: Vec::new(),
            }
        }),
        secrets,
        configs,
        isolation: service.isolation.map(|i| enum_text(&i)).unwrap_or_default(),
        sysctls: service.sysctls.clone(),
        capability_add,
        capability_drop,
        ulimits: service
            .ulimits
            .iter()
            .map(|(name, limit)| {
                let (soft, hard) = match *limit {
                    SwarmUlimit::Single(value) => (value, value),
                    SwarmUlimit::Pair { soft, hard } => (soft, hard),
                };
                Ulimit {
                    name: name.clone(),
                    hard,
                    soft,
                }
            })
            .collect(),
    }
}

/// `KEY=value` sorted as text; a variable without a value takes the deployer's, or
/// stays a bare `KEY` when the deployer has none.
fn environment(service: &swarm::Service, deployer: &Deployer) -> Vec<String> {
    let mut env: Vec<String> = service
        .environment
        .iter()
        .map(
            |(key, value)| match value.as_ref().or(deployer.environment.get(key)) {
                Some(value) => format!("{key}={value}"),
                None => key.clone(),
            },
        )
        .collect();
    env.sort();
    env
}

/// Secret or config references: the object's name on the swarm and the file it
/// becomes (the reference's key when no target is written, owned by root, `0o444`),
/// sorted by name, keeping the written order among equals.
fn file_references(
    references: &[FileReference],
    object_name: impl Fn(&str) -> String,
) -> Vec<(String, FileTarget)> {
    let mut result: Vec<(String, FileTarget)> = references
        .iter()
        .map(|reference| {
            let name = object_name(&reference.source);
            let file = FileTarget {
                name: reference
                    .target
                    .clone()
                    .unwrap_or_else(|| reference.source.clone()),
                uid: reference.uid.clone().unwrap_or_else(|| "0".to_owned()),
                gid: reference.gid.clone().unwrap_or_else(|| "0".to_owned()),
                mode: reference.mode.unwrap_or(DEFAULT_MODE),
            };
            (name, file)
        })
        .collect();
    result.sort_by(|a, b| a.0.cmp(&b.0));
    result
}

/// Upper case with the `CAP_` prefix, `ALL` standing alone; a capability both added
/// and dropped is only added. Each list sorted, without repeats.
fn capabilities(add: &[String], drop: &[String]) -> (Vec<String>, Vec<String>) {
    fn normalise(caps: &[String]) -> BTreeSet<String> {
        let caps: BTreeSet<String> = caps
            .iter()
            .map(|cap| {
                let cap = cap.trim().to_uppercase();
                if cap == "ALL" || cap.starts_with("CAP_") {
                    cap
                } else {
                    format!("CAP_{cap}")
                }
            })
            .collect();
        if caps.contains("ALL") {
            BTreeSet::from(["ALL".to_owned()])
        } else {
            caps
        }
    }
    let add = normalise(add);
    let drop = normalise(drop);
    let drop = drop.difference(&add).cloned().collect();
    (add.into_iter().collect(), drop)
}

/// The image as docker's client sends it: a name without tag or digest gets `:latest`
/// and is written in its familiar form (`docker.io/library/redis` as `redis:latest`);
/// a tagged or pinned reference, or one that does not parse, is sent as written.
pub(in super::super) fn tagged(image: &str) -> String {
    let (domain, path) = match image.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            (Some(first), rest)
        }
        _ => (None, image),
    };
    let valid_path = !path.is_empty()
        && path.split('/').all(|component| {
            !component.is_empty()
                && component
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        });
    if image.contains('@') || path.contains(':') || !valid_path {
        return image.to_owned();
    }
    let familiar = match domain {
        None | Some("docker.io" | "index.docker.io") => path
            .strip_prefix("library/")
            .filter(|p| !p.contains('/'))
            .unwrap_or(path)
            .to_owned(),
        Some(domain) => format!("{domain}/{path}"),
    };
    format!("{familiar}:latest")
}
