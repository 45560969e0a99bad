//! The lowest compose file `version` that accepts a stack.
//!
//! docker CLI 28 embeds one JSON schema per version, 3.0 to 3.13, and checks a stack
//! file against the one its `version` names. Writing the lowest version whose schema
//! takes every key in use keeps the file readable by the oldest CLI that can deploy it.
//!
//! What each version added, among the keys this model can hold (from diffing docker's
//! `config_schema_v3.N.json` files pairwise):
//!
//! | version | keys it added |
//! |---------|---------------|
//! | 3.0  | services (`image`, `command`, `entrypoint`, `environment`, `labels`, `hostname`, `user`, `working_dir`, `stop_signal`, `stop_grace_period`, `tty`, `stdin_open`, `read_only`, `cap_add`, `cap_drop`, `sysctls`, `ulimits`, `dns`, `dns_search`, `extra_hosts`, `logging`, `networks` with `aliases`, `healthcheck` `test`/`interval`/`timeout`/`retries`); `deploy` `mode`, `replicas`, `labels`, `placement.constraints`, `resources` `cpus`/`memory`, `restart_policy`, `update_config` without `order`; networks (`driver`, `driver_opts`, `ipam`, `external`, `internal`, `labels`); volumes (`driver`, `driver_opts`, `external`, `labels`) |
//! | 3.1  | secrets, top-level and per service |
//! | 3.2  | long syntax of `ports` and `volumes` (`bind.propagation`, `volume.nocopy`; the `volume` object takes any key, so `subpath` too), `deploy.endpoint_mode`, network `attachable` |
//! | 3.3  | configs, top-level and per service; `credential_spec` `file`/`registry`; `placement.preferences` |
//! | 3.4  | `update_config.order`, `healthcheck.start_period`, volume `name` |
//! | 3.5  | `isolation`, `reservations.generic_resources`, network, secret and config `name` |
//! | 3.6  | `tmpfs.size` of a tmpfs mount |
//! | 3.7  | `init`, `deploy.rollback_config` |
//! | 3.8  | `placement.max_replicas_per_node`, `credential_spec.config`, secret `driver`/`driver_opts`/`template_driver`, config `template_driver` |
//! | 3.9  | `limits.pids` |
//! | 3.10 | nothing used here (`version` optional, `x-cluster-spec`) |
//! | 3.11 | nothing used here (`build` open to any key) |
//! | 3.12 | `healthcheck.start_interval` |
//! | 3.13 | `driver_opts` of a service's network |
//!
//! Keys the model cannot hold are left out of the table: those docker ignores with a
//! warning (`build`, `cgroupns_mode`, ...) and those it drops without one. 3.13's
//! `oom_score_adj` is one of the latter: docker CLI 28's schema accepts it, but its
//! loader has no field for it, so it never reaches the service spec.

use schemars::JsonSchema;
use serde::Serialize;

use super::{CredentialSpec, Deploy, Mount, Service, Stack};

/// A compose file format version that docker CLI 28 can load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub enum Version {
    #[serde(rename = "3.0")]
    V3_0,
    #[serde(rename = "3.1")]
    V3_1,
    #[serde(rename = "3.2")]
    V3_2,
    #[serde(rename = "3.3")]
    V3_3,
    #[serde(rename = "3.4")]
    V3_4,
    #[serde(rename = "3.5")]
    V3_5,
    #[serde(rename = "3.6")]
    V3_6,
    #[serde(rename = "3.7")]
    V3_7,
    #[serde(rename = "3.8")]
    V3_8,
    #[serde(rename = "3.9")]
    V3_9,
    #[serde(rename = "3.10")]
    V3_10,
    #[serde(rename = "3.11")]
    V3_11,
    #[serde(rename = "3.12")]
    V3_12,
    #[serde(rename = "3.13")]
    V3_13,
}

impl Version {
    /// Every version, oldest first.
    pub const ALL: [Version; 14] = [
        Version::V3_0,
        Version::V3_1,
        Version::V3_2,
        Version::V3_3,
        Version::V3_4,
        Version::V3_5,
        Version::V3_6,
        Version::V3_7,
        Version::V3_8,
        Version::V3_9,
        Version::V3_10,
        Version::V3_11,
        Version::V3_12,
        Version::V3_13,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Version::V3_0 => "3.0",
            Version::V3_1 => "3.1",
            Version::V3_2 => "3.2",
            Version::V3_3 => "3.3",
            Version::V3_4 => "3.4",
            Version::V3_5 => "3.5",
            Version::V3_6 => "3.6",
            Version::V3_7 => "3.7",
            Version::V3_8 => "3.8",
            Version::V3_9 => "3.9",
            Version::V3_10 => "3.10",
            Version::V3_11 => "3.11",
            Version::V3_12 => "3.12",
            Version::V3_13 => "3.13",
        }
    }

    /// The version just before this one.
    pub fn previous(self) -> Option<Version> {
        let index = Version::ALL.iter().position(|&v| v == self)?;
        index.checked_sub(1).map(|i| Version::ALL[i])
    }

    /// The lowest version whose schema accepts every key `stack` uses.
    pub fn required_by(stack: &Stack) -> Version {
        let mut version = Version::V3_0;
        visit(stack, &mut |needed, _| version = version.max(needed));
        version
    }

    /// The keys of `stack` that need more than 3.0, with the version each needs, the
    /// highest first (so the first entry explains [`Version::required_by`]).
    pub fn requirements(stack: &Stack) -> Vec<(Version, &'static str)> {
        let mut found: Vec<(Version, &'static str)> = Vec::new();
        visit(stack, &mut |version, key| {
            if version > Version::V3_0 && !found.contains(&(version, key)) {
                found.push((version, key));
            }
        });
        found.sort_by_key(|&(version, _)| std::cmp::Reverse(version));
        found
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

type Need<'a> = dyn FnMut(Version, &'static str) + 'a;

/// Calls `need` for every key of `stack` that needs more than 3.0.
fn visit(stack: &Stack, need: &mut Need<'_>) {
    for service in stack.services.values() {
        visit_service(service, need);
    }
    for network in stack.networks.values() {
        if network.name.is_some() {
            need(Version::V3_5, "networks.*.name");
        }
        if network.attachable {
            need(Version::V3_2, "networks.*.attachable");
        }
    }
    for volume in stack.volumes.values() {
        if volume.name.is_some() {
            need(Version::V3_4, "volumes.*.name");
        }
    }
    for secret in stack.secrets.values() {
        need(Version::V3_1, "secrets");
        if secret.name.is_some() {
            need(Version::V3_5, "secrets.*.name");
        }
        if secret.driver.is_some() || !secret.driver_opts.is_empty() {
            need(Version::V3_8, "secrets.*.driver");
        }
        if secret.template_driver.is_some() {
            need(Version::V3_8, "secrets.*.template_driver");
        }
    }
    for config in stack.configs.values() {
        need(Version::V3_3, "configs");
        if config.name.is_some() {
            need(Version::V3_5, "configs.*.name");
        }
        if config.template_driver.is_some() {
            need(Version::V3_8, "configs.*.template_driver");
        }
    }
}

fn visit_service(service: &Service, need: &mut Need<'_>) {
    if !service.ports.is_empty() {
        need(Version::V3_2, "services.*.ports (long syntax)");
    }
    for mount in &service.volumes {
        need(Version::V3_2, "services.*.volumes (long syntax)");
        if let Mount::Tmpfs {
            tmpfs: Some(options),
            ..
        } = mount
        {
            if options.size.is_some() {
                need(Version::V3_6, "services.*.volumes.*.tmpfs.size");
            }
        }
    }
    if !service.secrets.is_empty() {
        need(Version::V3_1, "services.*.secrets");
    }
    if !service.configs.is_empty() {
        need(Version::V3_3, "services.*.configs");
    }
    if service.networks.values().any(|n| !n.driver_opts.is_empty()) {
        need(Version::V3_13, "services.*.networks.*.driver_opts");
    }
    if let Some(healthcheck) = &service.healthcheck {
        if healthcheck.start_period.is_some() {
            need(Version::V3_4, "services.*.healthcheck.start_period");
        }
        if healthcheck.start_interval.is_some() {
            need(Version::V3_12, "services.*.healthcheck.start_interval");
        }
    }
    if service.init.is_some() {
        need(Version::V3_7, "services.*.init");
    }
    if service.isolation.is_some() {
        need(Version::V3_5, "services.*.isolation");
    }
    match &service.credential_spec {
        Some(CredentialSpec::Config(_)) => need(Version::V3_8, "services.*.credential_spec.config"),
        Some(CredentialSpec::File(_) | CredentialSpec::Registry(_)) => {
            need(Version::V3_3, "services.*.credential_spec");
        }
        None => {}
    }
    if let Some(deploy) = &service.deploy {
        visit_deploy(deploy, need);
    }
}

fn visit_deploy(deploy: &Deploy, need: &mut Need<'_>) {
    if deploy.endpoint_mode.is_some() {
        need(Version::V3_2, "services.*.deploy.endpoint_mode");
    }
    if let Some(placement) = &deploy.placement {
        if !placement.preferences.is_empty() {
            need(Version::V3_3, "services.*.deploy.placement.preferences");
        }
        if placement.max_replicas_per_node.is_some() {
            need(
                Version::V3_8,
                "services.*.deploy.placement.max_replicas_per_node",
            );
        }
    }
    if let Some(resources) = &deploy.resources {
        if resources.limits.as_ref().is_some_and(|l| l.pids.is_some()) {
            need(Version::V3_9, "services.*.deploy.resources.limits.pids");
        }
        if resources
            .reservations
            .as_ref()
            .is_some_and(|r| !r.generic_resources.is_empty())
        {
            need(
                Version::V3_5,
                "services.*.deploy.resources.reservations.generic_resources",
            );
        }
    }
    if deploy
        .update_config
        .as_ref()
        .is_some_and(|u| u.order.is_some())
    {
        need(Version::V3_4, "services.*.deploy.update_config.order");
    }
    if deploy.rollback_config.is_some() {
        need(Version::V3_7, "services.*.deploy.rollback_config");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swarm::{
        Config, DiscreteResourceSpec, GenericResource, Healthcheck, Limits, Network, Placement,
        Port, Preference, Reservations, Resources, Secret, ServiceNetwork, TmpfsOptions,
        UpdateConfig, UpdateOrder, Volume,
    };

    fn with_service(edit: impl FnOnce(&mut Service)) -> Stack {
        let mut service = Service {
            image: "nginx".to_owned(),
            ..Service::default()
        };
        edit(&mut service);
        let mut stack = Stack::default();
        stack.services.insert("web".to_owned(), service);
        stack
    }

    fn with_deploy(edit: impl FnOnce(&mut Deploy)) -> Stack {
        with_service(|s| {
            let mut deploy = Deploy::default();
            edit(&mut deploy);
            s.deploy = Some(deploy);
        })
    }

    #[test]
    fn versions_are_ordered_and_named() {
        assert_eq!(Version::ALL.len(), 14);
        assert!(Version::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Version::V3_0.previous(), None);
        assert_eq!(Version::V3_10.previous(), Some(Version::V3_9));
        assert_eq!(Version::V3_13.to_string(), "3.13");
        for version in Version::ALL {
            assert_eq!(
                serde_json::to_value(version).ok(),
                Some(serde_json::json!(version.as_str()))
            );
        }
    }

    #[test]
    fn a_plain_service_needs_3_0() {
        assert_eq!(Version::required_by(&with_service(|_| {})), Version::V3_0);
        assert!(Version::requirements(&with_service(|_| {})).is_empty());
    }

    #[test]
    fn each_feature_needs_the_version_that_introduced_it() {
        let cases: Vec<(Stack, Version)> = vec![
            (
                with_service(|s| {
                    s.secrets.push(crate::swarm::FileReference {
                        source: "s".to_owned(),
                        target: None,
                        uid: None,
                        gid: None,
                        mode: None,
                    })
                }),
                Version::V3_1,
            ),
            (
                with_service(|s| {
                    s.ports.push(Port {
                        target: 80,
                        published: None,
                        protocol: None,
                        mode: None,
                    })
                }),
                Version::V3_2,
            ),
            (
                with_service(|s| {
                    s.volumes.push(Mount::Tmpfs {
                        target: "/t".to_owned(),
                        read_only: false,
                        tmpfs: None,
                    })
                }),
                Version::V3_2,
            ),
            (
                with_deploy(|d| d.endpoint_mode = Some(crate::swarm::EndpointMode::Dnsrr)),
                Version::V3_2,
            ),
            (
                with_service(|s| s.credential_spec = Some(CredentialSpec::File("f".to_owned()))),
                Version::V3_3,
            ),
            (
                with_deploy(|d| {
                    d.placement = Some(Placement {
                        preferences: vec![Preference {
                            spread: "node.labels.zone".to_owned(),
                        }],
                        ..Placement::default()
                    });
                }),
                Version::V3_3,
            ),
            (
                with_deploy(|d| {
                    d.update_config = Some(UpdateConfig {
                        order: Some(UpdateOrder::StartFirst),
                        ..UpdateConfig::default()
                    });
                }),
                Version::V3_4,
            ),
            (
                with_service(|s| {
                    s.healthcheck = Some(Healthcheck {
                        test: vec!["NONE".to_owned()],
                        start_period: Some(crate::swarm::Duration::from_std(
                            std::time::Duration::from_secs(1),
                        )),
                        ..Healthcheck::default()
                    });
                }),
                Version::V3_4,
            ),
            (
                with_service(|s| s.isolation = Some(crate::swarm::Isolation::Process)),
                Version::V3_5,
            ),
            (
                with_deploy(|d| {
                    d.resources = Some(Resources {
                        reservations: Some(Reservations {
                            generic_resources: vec![GenericResource {
                                discrete_resource_spec: DiscreteResourceSpec {
                                    kind: "gpu".to_owned(),
                                    value: 1,
                                },
                            }],
                            ..Reservations::default()
                        }),
                        ..Resources::default()
                    });
                }),
                Version::V3_5,
            ),
            (
                with_service(|s| {
                    s.volumes.push(Mount::Tmpfs {
                        target: "/t".to_owned(),
                        read_only: false,
                        tmpfs: Some(TmpfsOptions { size: Some(1024) }),
                    })
                }),
                Version::V3_6,
            ),
            (with_service(|s| s.init = Some(true)), Version::V3_7),
            (
                with_deploy(|d| d.rollback_config = Some(UpdateConfig::default())),
                Version::V3_7,
            ),
            (
                with_deploy(|d| {
                    d.placement = Some(Placement {
                        max_replicas_per_node: Some(1),
                        ..Placement::default()
                    });
                }),
                Version::V3_8,
            ),
            (
                with_service(|s| s.credential_spec = Some(CredentialSpec::Config("c".to_owned()))),
                Version::V3_8,
            ),
            (
                with_deploy(|d| {
                    d.resources = Some(Resources {
                        limits: Some(Limits {
                            pids: Some(100),
                            ..Limits::default()
                        }),
                        ..Resources::default()
                    });
                }),
                Version::V3_9,
            ),
            (
                with_service(|s| {
                    s.healthcheck = Some(Healthcheck {
                        test: vec!["NONE".to_owned()],
                        start_interval: Some(crate::swarm::Duration::from_std(
                            std::time::Duration::from_secs(1),
                        )),
                        ..Healthcheck::default()
                    });
                }),
                Version::V3_12,
            ),
            (
                with_service(|s| {
                    s.networks.insert(
                        "front".to_owned(),
                        ServiceNetwork {
                            driver_opts: [("k".to_owned(), "v".to_owned())].into(),
                            ..ServiceNetwork::default()
                        },
                    );
                }),
                Version::V3_13,
            ),
        ];
        for (stack, expected) in cases {
            assert_eq!(
                Version::required_by(&stack),
                expected,
                "{:?}",
                Version::requirements(&stack)
            );
        }
    }

    #[test]
    fn top_level_objects_need_their_versions() {
        let mut stack = with_service(|_| {});
        stack.networks.insert(
            "n".to_owned(),
            Network {
                attachable: true,
                ..Network::default()
            },
        );
        assert_eq!(Version::required_by(&stack), Version::V3_2);
        stack.configs.insert(
            "c".to_owned(),
            Config {
                file: Some("c.txt".to_owned()),
                ..Config::default()
            },
        );
        assert_eq!(Version::required_by(&stack), Version::V3_3);
        stack.volumes.insert(
            "v".to_owned(),
            Volume {
                name: Some("v".to_owned()),
                ..Volume::default()
            },
        );
        assert_eq!(Version::required_by(&stack), Version::V3_4);
        stack.secrets.insert(
            "s".to_owned(),
            Secret {
                name: Some("s".to_owned()),
                external: true,
                ..Secret::default()
            },
        );
        assert_eq!(Version::required_by(&stack), Version::V3_5);
        stack.secrets.insert(
            "d".to_owned(),
            Secret {
                driver: Some("vault".to_owned()),
                ..Secret::default()
            },
        );
        assert_eq!(Version::required_by(&stack), Version::V3_8);
        assert_eq!(
            Version::requirements(&stack).first(),
            Some(&(Version::V3_8, "secrets.*.driver"))
        );
    }
}
