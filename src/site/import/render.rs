//! Writes an import as a site profile: YAML in the schema's shape, byte-for-byte the
//! same for the same inputs, with a comment on every measured part saying which docker
//! command it came from. Parts a person wrote in a refreshed profile are written back
//! from its typed model, so their values survive but their comments do not.

use std::fmt::Write as _;

use serde_json::Value;

use super::{
    CONFIGS_COMMAND, INFO_COMMAND, Imported, NETWORKS_COMMAND, NODES_COMMAND, SECRETS_COMMAND,
};
use crate::site::{DEFAULT_DATA_PATH_PORT, DEFAULT_IPVS_IDLE_TIMEOUT, Site};

/// The profile text for `imported`, keeping the parts of `kept` a person wrote.
pub fn render(imported: &Imported, kept: Option<&Site>) -> String {
    let mut out = String::new();
    out.push_str(
        "# Measured from a running swarm by `swarmc site import`. Run it again with\n\
         # `--into` this file to refresh the nodes and the swarm's networks; everything\n\
         # else is kept as written.\n",
    );
    let notes = imported.notes();
    if !notes.is_empty() {
        out.push_str("#\n# What the swarm could not tell:\n");
        for note in &notes {
            comment_wrapped(&mut out, 0, &format!("- {note}"));
        }
    }
    out.push('\n');
    if let Some(site) = kept {
        for (key, value) in [
            ("name", to_value(&site.name)),
            ("description", to_value(&site.description)),
        ] {
            if !value.is_null() {
                entry(&mut out, 0, key, &value);
            }
        }
        let env = to_value(&site.env);
        if !is_empty(&env) {
            entry(&mut out, 0, "env", &env);
        }
        if site.name.is_some() || site.description.is_some() || !is_empty(&env) {
            out.push('\n');
        }
    }
    nodes(&mut out, imported);
    out.push('\n');
    network(&mut out, imported, kept);
    if let Some(site) = kept {
        for (key, value) in [
            ("storage", to_value(&site.storage)),
            ("registry", to_value(&site.registry)),
            ("secrets", to_value(&site.secrets)),
            ("services", to_value(&site.services)),
        ] {
            if !is_empty(&value) {
                out.push('\n');
                entry(&mut out, 0, key, &value);
            }
        }
    }
    for (what, command, origin, names) in [
        (
            "secrets",
            SECRETS_COMMAND,
            &imported.origins.secrets,
            &imported.secrets,
        ),
        (
            "configs",
            CONFIGS_COMMAND,
            &imported.origins.configs,
            &imported.configs,
        ),
    ] {
        let (Some(origin), Some(names)) = (origin, names) else {
            continue;
        };
        out.push('\n');
        let _ = writeln!(out, "# {what} in the swarm, {}:", source(command, origin));
        if names.is_empty() {
            out.push_str("#   (none)\n");
        }
        for name in names {
            let _ = writeln!(out, "#   {name}");
        }
        if what == "secrets" {
            out.push_str(
                "# A compose secret that is one of them is declared under `secrets:` with\n\
                 # `external: true` (and `name:` when the names differ).\n",
            );
        }
    }
    out
}

fn nodes(out: &mut String, imported: &Imported) {
    let _ = writeln!(
        out,
        "# {}:\n# Spec (role, availability, labels), Description (resources, platform, engine),\n# Status.Addr and ManagerStatus.Addr.",
        capitalized(&source(NODES_COMMAND, &imported.origins.nodes))
    );
    out.push_str("nodes:\n");
    for imported_node in &imported.nodes {
        let node = &imported_node.node;
        if let Some(state) = &imported_node.state {
            let _ = writeln!(out, "  # `{state}` at import");
        }
        let _ = writeln!(out, "  - hostname: {}", scalar(&node.hostname));
        let _ = writeln!(
            out,
            "    role: {}",
            scalar(&to_value(node.role).to_string_lossy())
        );
        if node.availability != crate::site::Availability::Active {
            let _ = writeln!(
                out,
                "    availability: {}",
                to_value(node.availability).to_string_lossy()
            );
        }
        if !node.labels.is_empty() {
            entry(out, 4, "labels", &to_value(&node.labels));
        }
        if !node.engine_labels.is_empty() {
            entry(out, 4, "engine_labels", &to_value(&node.engine_labels));
        }
        if let Some(cpus) = node.cpus {
            let _ = writeln!(out, "    cpus: {cpus}");
        }
        if let Some(memory) = node.memory {
            entry(out, 4, "memory", &to_value(memory));
        }
        out.push_str("    platform:\n");
        let _ = writeln!(
            out,
            "      os: {}",
            to_value(node.platform.os).to_string_lossy()
        );
        let _ = writeln!(out, "      arch: {}", node.platform.arch.as_str());
        if !node.generic_resources.is_empty() {
            entry(
                out,
                4,
                "generic_resources",
                &to_value(&node.generic_resources),
            );
        }
        if !node.addresses.is_empty() {
            let addresses: Vec<String> = node
                .addresses
                .iter()
                .map(|a| scalar(&a.to_string()))
                .collect();
            let _ = writeln!(out, "    addresses: [{}]", addresses.join(", "));
        }
    }
}

fn network(out: &mut String, imported: &Imported, kept: Option<&Site>) {
    let kept_network = kept.map(|s| &s.network);
    out.push_str("network:\n");
    match kept_network.filter(|n| !n.host_networks.is_empty()) {
        Some(n) => entry(out, 2, "host_networks", &to_value(&n.host_networks)),
        None => out.push_str(
            "  # Not measured: the LANs and servers containers must reach.\n  host_networks: {}\n",
        ),
    }
    let info = imported.info.as_ref();
    let pool = info.and_then(|i| i.address_pool.clone());
    let info_source = imported
        .origins
        .info
        .as_ref()
        .map(|origin| source(INFO_COMMAND, origin));
    match (&pool, &info_source, kept_network) {
        (Some(_), Some(origin), _) => {
            let _ = writeln!(
                out,
                "  # {}:\n  # Swarm.Cluster.DefaultAddrPool, SubnetSize and DataPathPort.",
                capitalized(origin)
            );
        }
        (_, _, Some(_)) => out.push_str("  # As written: not measured by this import.\n"),
        _ => out.push_str("  # docker's defaults: not measured.\n"),
    }
    let pool = pool
        .or_else(|| kept_network.map(|n| n.address_pool.clone()))
        .unwrap_or_default();
    let subnets: Vec<String> = pool.subnets.iter().map(|s| s.to_string()).collect();
    out.push_str("  address_pool:\n");
    let _ = writeln!(out, "    subnets: [{}]", subnets.join(", "));
    let _ = writeln!(out, "    mask_length: {}", pool.mask_length);
    let data_path_port = info
        .and_then(|i| i.data_path_port)
        .or(kept_network.map(|n| n.data_path_port))
        .unwrap_or(DEFAULT_DATA_PATH_PORT);
    let _ = writeln!(out, "  data_path_port: {data_path_port}");
    if let Some(networks) = &imported.networks {
        let origin = imported.origins.networks.as_deref().unwrap_or_default();
        let _ = writeln!(
            out,
            "  # {}.",
            capitalized(&source(NETWORKS_COMMAND, origin))
        );
        if let Some(subnet) = networks.ingress_subnet {
            let _ = writeln!(out, "  ingress_subnet: {subnet}");
        }
        if networks.taken.is_empty() {
            out.push_str("  taken_subnets: {}\n");
        } else {
            out.push_str("  taken_subnets:\n");
            for taken in &networks.taken {
                let owner = match &taken.stack {
                    Some(stack) => format!("  # stack `{stack}`"),
                    None => "  # no stack".to_owned(),
                };
                let _ = writeln!(out, "    {}: {}{owner}", scalar(&taken.key), taken.subnet);
            }
        }
    } else if let Some(n) = kept_network {
        out.push_str("  # As written: not measured by this import.\n");
        if let Some(subnet) = n.ingress_subnet {
            let _ = writeln!(out, "  ingress_subnet: {subnet}");
        }
        if !n.taken_subnets.is_empty() {
            entry(out, 2, "taken_subnets", &to_value(&n.taken_subnets));
        }
    }
    if let Some(n) = kept_network {
        let overlays = to_value(&n.overlays);
        if n.overlays != crate::site::Overlays::default() {
            entry(out, 2, "overlays", &overlays);
        }
        if !n.reserved_ports.is_empty() {
            entry(out, 2, "reserved_ports", &to_value(&n.reserved_ports));
        }
        if let Some(api) = &n.engine_api {
            entry(out, 2, "engine_api", &to_value(api));
        }
        if n.ipvs_idle_timeout != DEFAULT_IPVS_IDLE_TIMEOUT {
            let _ = writeln!(out, "  ipvs_idle_timeout: {}", n.ipvs_idle_timeout);
        }
    }
}

/// "from `docker info`" for a command's own output, "from `docker info` (`info.json`)"
/// for a file.
fn source(command: &str, origin: &str) -> String {
    if origin == command {
        format!("from `{command}`")
    } else {
        format!("from `{command}` (`{origin}`)")
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn comment_wrapped(out: &mut String, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > 86 - indent {
            let _ = writeln!(out, "{pad}# {line}");
            line = "  ".to_owned();
        } else if !line.is_empty() && line != "  " {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        let _ = writeln!(out, "{pad}# {line}");
    }
}

fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

trait Lossy {
    fn to_string_lossy(&self) -> String;
}

impl Lossy for Value {
    fn to_string_lossy(&self) -> String {
        match self {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// `key: value` at `indent`, in block style.
fn entry(out: &mut String, indent: usize, key: &str, value: &Value) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            let _ = writeln!(out, "{pad}{}:", scalar(key));
            for (k, v) in map {
                entry(out, indent + 2, k, v);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let _ = writeln!(out, "{pad}{}:", scalar(key));
            for item in items {
                list_item(out, indent + 2, item);
            }
        }
        other => {
            let _ = writeln!(out, "{pad}{}: {}", scalar(key), inline(other));
        }
    }
}

fn list_item(out: &mut String, indent: usize, value: &Value) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut block = String::new();
            for (k, v) in map {
                entry(&mut block, indent + 2, k, v);
            }
            // The first entry goes on the dash's line.
            let block = block.replacen(&format!("{pad}  "), &format!("{pad}- "), 1);
            out.push_str(&block);
        }
        Value::Array(items) if !items.is_empty() => {
            let _ = writeln!(out, "{pad}-");
            for item in items {
                list_item(out, indent + 2, item);
            }
        }
        other => {
            let _ = writeln!(out, "{pad}- {}", inline(other));
        }
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar(s),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
    }
}

/// A string as a YAML scalar: plain when it can only read back as this same string,
/// double-quoted (as JSON, which YAML reads alike) otherwise.
pub(super) fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '@' | '+'))
        && text.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '/')
        && text.parse::<f64>().is_err()
        && !text.chars().all(|c| c.is_ascii_digit() || c == '_')
        && !text.starts_with("0x")
        && !text.starts_with("0o")
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "nan" | "inf"
        );
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}
