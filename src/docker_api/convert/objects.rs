//! The networks, secrets and configs a stack creates.

use std::collections::BTreeSet;

use crate::swarm::{Network, Stack, TemplateDriver};

use super::super::objects::{ConfigSpec, Ipam, IpamConfig, NetworkCreate, SecretSpec};
use super::super::task::Driver;
use super::super::{Deployer, base64};
use super::{scope, with_namespace};

/// Every network a service attaches to (the stack's `default` for a service that
/// names none), except external ones: docker creates only those, with the
/// `overlay` driver when the stack names none.
pub(in super::super) fn networks(stack: &Stack, stack_name: &str) -> Vec<NetworkCreate> {
    let used: BTreeSet<&str> = stack
        .services
        .values()
        .flat_map(|service| {
            let keys: Vec<&str> = if service.networks.is_empty() {
                vec![super::super::DEFAULT_NETWORK]
            } else {
                service.networks.keys().map(String::as_str).collect()
            };
            keys
        })
        .collect();
    let default = Network::default();
    used.into_iter()
        .filter_map(|key| {
            let network = stack.networks.get(key).unwrap_or(&default);
            if network.external {
                return None;
            }
            let ipam = network.ipam.as_ref().and_then(|ipam| {
                (ipam.driver.is_some() || !ipam.config.is_empty()).then(|| Ipam {
                    driver: ipam.driver.clone().unwrap_or_default(),
                    options: None,
                    config: ipam
                        .config
                        .iter()
                        .map(|pool| IpamConfig {
                            subnet: pool.subnet.to_string(),
                            ..IpamConfig::default()
                        })
                        .collect(),
                })
            });
            Some(NetworkCreate {
                name: network
                    .name
                    .clone()
                    .unwrap_or_else(|| scope(stack_name, key)),
                driver: network
                    .driver
                    .clone()
                    .unwrap_or_else(|| "overlay".to_owned()),
                ipam,
                internal: network.internal,
                attachable: network.attachable,
                options: (!network.driver_opts.is_empty()).then(|| network.driver_opts.clone()),
                labels: with_namespace(&network.labels, stack_name),
                ..NetworkCreate::default()
            })
        })
        .collect()
}

fn templating(driver: Option<TemplateDriver>) -> Option<Driver> {
    driver.map(|TemplateDriver::Golang| Driver {
        name: "golang".to_owned(),
        ..Driver::default()
    })
}

/// Every secret of the stack that is not external, used or not: from its file's
/// content, or from its driver (then without data).
pub(in super::super) fn secrets(
    stack: &Stack,
    stack_name: &str,
    deployer: &Deployer,
) -> Vec<SecretSpec> {
    stack
        .secrets
        .iter()
        .filter(|(_, secret)| !secret.external)
        .map(|(key, secret)| {
            let name = secret
                .name
                .clone()
                .unwrap_or_else(|| scope(stack_name, key));
            let labels = with_namespace(&secret.labels, stack_name);
            match &secret.driver {
                Some(driver) => SecretSpec {
                    name,
                    labels,
                    data: String::new(),
                    driver: Some(Driver {
                        name: driver.clone(),
                        options: secret.driver_opts.clone(),
                    }),
                    templating: templating(secret.template_driver),
                },
                None => SecretSpec {
                    name,
                    labels,
                    data: base64(deployer.content(secret.file.as_deref())),
                    driver: None,
                    templating: templating(secret.template_driver),
                },
            }
        })
        .collect()
}

/// Every config of the stack that is not external, from its file's content.
pub(in super::super) fn configs(
    stack: &Stack,
    stack_name: &str,
    deployer: &Deployer,
) -> Vec<ConfigSpec> {
    stack
        .configs
        .iter()
        .filter(|(_, config)| !config.external)
        .map(|(key, config)| ConfigSpec {
            name: config
                .name
                .clone()
                .unwrap_or_else(|| scope(stack_name, key)),
            labels: with_namespace(&config.labels, stack_name),
            data: base64(deployer.content(config.file.as_deref())),
            templating: templating(config.template_driver),
        })
        .collect()
}
