//! TEMPORARY: the requests `docker stack deploy` sends, for the parts of a stack the
//! `diff` scenarios use (image, environment, labels, ports, networks with aliases,
//! secrets, configs, mode and replicas, update settings), until
//! `docker_api::requests` lands and replaces this file, which is then deleted. The
//! change-set engine itself is tested with the bodies docker recorded, never these.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::docker_api::{Request, RequestKind};
use crate::fs::FileSystem;
use crate::site::import::STACK_LABEL;
use crate::swarm::{self, Stack};

pub(crate) fn requests(
    stack: &Stack,
    stack_name: &str,
    stack_dir: &Path,
    fs: &dyn FileSystem,
) -> Vec<Request> {
    let scoped = |key: &str, name: Option<&String>| {
        name.cloned()
            .unwrap_or_else(|| format!("{stack_name}_{key}"))
    };
    let labels = |own: &std::collections::BTreeMap<String, String>| {
        let mut map: Map<String, Value> = own
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        map.insert(STACK_LABEL.into(), json!(stack_name));
        Value::Object(map)
    };
    let mut requests = Vec::new();
    for (key, network) in stack.networks.iter().filter(|(_, n)| !n.external) {
        let subnets: Vec<Value> = network
            .ipam
            .iter()
            .flat_map(|i| &i.config)
            .map(|p| json!({"Subnet": p.subnet.to_string()}))
            .collect();
        let options: Option<Map<String, Value>> = (!network.driver_opts.is_empty()).then(|| {
            network
                .driver_opts
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect()
        });
        requests.push(Request {
            kind: RequestKind::NetworkCreate,
            body: json!({
                "Name": scoped(key, network.name.as_ref()),
                "Driver": network.driver.clone().unwrap_or_else(|| "overlay".into()),
                "IPAM": {"Config": subnets},
                "Options": options,
                "Internal": network.internal,
                "Attachable": network.attachable,
                "Labels": labels(&network.labels),
            }),
        });
    }
    let data = |file: Option<&String>| {
        let bytes = file
            .and_then(|f| fs.read(&stack_dir.join(f)).ok())
            .unwrap_or_default();
        base64(&bytes)
    };
    for (key, secret) in stack.secrets.iter().filter(|(_, s)| !s.external) {
        requests.push(Request {
            kind: RequestKind::SecretCreate,
            body: json!({"Name": scoped(key, secret.name.as_ref()), "Data": data(secret.file.as_ref()), "Labels": labels(&secret.labels)}),
        });
    }
    for (key, config) in stack.configs.iter().filter(|(_, c)| !c.external) {
        requests.push(Request {
            kind: RequestKind::ConfigCreate,
            body: json!({"Name": scoped(key, config.name.as_ref()), "Data": data(config.file.as_ref()), "Labels": labels(&config.labels)}),
        });
    }
    for (key, service) in &stack.services {
        requests.push(Request {
            kind: RequestKind::ServiceCreate,
            body: service_body(stack, stack_name, key, service, &labels, &scoped),
        });
    }
    requests
}

fn service_body(
    stack: &Stack,
    stack_name: &str,
    key: &str,
    service: &swarm::Service,
    labels: &dyn Fn(&std::collections::BTreeMap<String, String>) -> Value,
    scoped: &dyn Fn(&str, Option<&String>) -> String,
) -> Value {
    let env: Vec<Value> = service
        .environment
        .iter()
        .map(|(k, v)| match v {
            Some(v) => json!(format!("{k}={v}")),
            None => json!(k),
        })
        .collect();
    let references = |refs: &[swarm::FileReference], secrets: bool| -> Vec<Value> {
        refs.iter()
            .map(|r| {
                let name = if secrets {
                    stack.secrets.get(&r.source).and_then(|s| s.name.clone())
                } else {
                    stack.configs.get(&r.source).and_then(|c| c.name.clone())
                }
                .unwrap_or_else(|| format!("{stack_name}_{}", r.source));
                let file = json!({
                    "Name": r.target.clone().unwrap_or_else(|| r.source.clone()),
                    "UID": r.uid.clone().unwrap_or_else(|| "0".into()),
                    "GID": r.gid.clone().unwrap_or_else(|| "0".into()),
                    "Mode": r.mode.unwrap_or(0o444),
                });
                if secrets {
                    json!({"File": file, "SecretName": name})
                } else {
                    json!({"File": file, "ConfigName": name})
                }
            })
            .collect()
    };
    let networks: Vec<Value> = if service.networks.is_empty() {
        vec![json!({"Target": format!("{stack_name}_default"), "Aliases": [key]})]
    } else {
        service
            .networks
            .iter()
            .map(|(net, attach)| {
                let mut aliases = vec![json!(key)];
                aliases.extend(attach.aliases.iter().map(|a| json!(a)));
                let name = stack.networks.get(net).map_or_else(
                    || format!("{stack_name}_{net}"),
                    |n| scoped(net, n.name.as_ref()),
                );
                json!({"Target": name, "Aliases": aliases})
            })
            .collect()
    };
    let deploy = service.deploy.clone().unwrap_or_default();
    let mode = match deploy.mode {
        Some(swarm::Mode::Global) => json!({"Global": {}}),
        Some(swarm::Mode::GlobalJob) => json!({"GlobalJob": {}}),
        Some(swarm::Mode::ReplicatedJob) => {
            json!({"ReplicatedJob": {"MaxConcurrent": deploy.replicas, "TotalCompletions": deploy.replicas}})
        }
        _ => json!({"Replicated": {"Replicas": deploy.replicas}}),
    };
    let ports: Vec<Value> = service
        .ports
        .iter()
        .map(|p| {
            json!({
                "Protocol": match p.protocol { Some(swarm::Protocol::Udp) => "udp", Some(swarm::Protocol::Sctp) => "sctp", _ => "tcp" },
                "TargetPort": p.target,
                "PublishedPort": p.published,
                "PublishMode": match p.mode { Some(swarm::PortMode::Host) => "host", _ => "ingress" },
            })
        })
        .collect();
    let update = deploy.update_config.as_ref().map(|u| {
        json!({
            "Parallelism": u.parallelism.unwrap_or(1),
            "Order": u.order.map(|o| serde_json::to_value(o).unwrap_or_default()),
        })
    });
    let mut service_labels = deploy.labels.clone();
    service_labels.insert("com.docker.stack.image".into(), service.image.clone());
    json!({
        "Name": format!("{stack_name}_{key}"),
        "Labels": labels(&service_labels),
        "TaskTemplate": {
            "ContainerSpec": {
                "Image": service.image,
                "Env": env,
                "Labels": labels(&service.labels),
                "Secrets": references(&service.secrets, true),
                "Configs": references(&service.configs, false),
            },
            "Networks": networks,
        },
        "Mode": mode,
        "UpdateConfig": update,
        "EndpointSpec": {"Ports": ports},
    })
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
