//! The site assumed without `--site`: this machine as a single-node swarm with docker's
//! defaults. The template is embedded; the facts about the machine are gathered by the
//! binary's edge (`run`) and passed in, so this stays a pure function.

use std::net::Ipv4Addr;

use ipnet::{IpNet, Ipv4Net};

use super::address::Subnet;
use super::load::load_checked;
use super::node::Arch;
use super::profile::Site;
use crate::diagnostic::Diagnostics;
use crate::source::{SourceKind, Sources};

const TEMPLATE: &str = include_str!("default.yaml");

/// The name the default site has in messages.
pub const DEFAULT_SITE_NAME: &str = "<default site>";

/// What the default site needs to know about the machine swarmc runs on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Machine {
    pub hostname: String,
    /// Logical CPUs, when known.
    pub cpus: Option<u32>,
    /// Total memory in bytes, when known.
    pub memory: Option<u64>,
    /// The CPU architecture, when swarm has a name for it.
    pub arch: Option<Arch>,
    /// The networks this machine reaches directly or through a route other than the
    /// default one, by interface: overlay subnets must keep clear of them.
    pub networks: Vec<(String, Subnet)>,
}

impl Default for Machine {
    fn default() -> Machine {
        Machine {
            hostname: "localhost".to_owned(),
            cpus: None,
            memory: None,
            arch: None,
            networks: Vec::new(),
        }
    }
}

impl Machine {
    /// Total memory in bytes from the text of `/proc/meminfo` (`MemTotal: 16318828 kB`).
    pub fn memory_from_meminfo(meminfo: &str) -> Option<u64> {
        let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
        let mut words = line["MemTotal:".len()..].split_whitespace();
        let number: u64 = words.next()?.parse().ok()?;
        match words.next() {
            Some("kB") => number.checked_mul(1024),
            None => Some(number),
            Some(_) => None,
        }
    }

    /// The networks of the routing table in the text of `/proc/net/route`, by
    /// interface, leaving out the loopback interface and the default route; each
    /// subnet once.
    pub fn networks_from_route(route: &str) -> Vec<(String, Subnet)> {
        let mut out: Vec<(String, Subnet)> = Vec::new();
        for line in route.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (Some(iface), Some(destination), Some(mask)) =
                (fields.first(), fields.get(1), fields.get(7))
            else {
                continue;
            };
            let (Ok(destination), Ok(mask)) = (
                u32::from_str_radix(destination, 16),
                u32::from_str_radix(mask, 16),
            ) else {
                continue;
            };
            // The kernel prints the network-order address as a native integer.
            let address = Ipv4Addr::from(destination.to_ne_bytes());
            let mask = Ipv4Addr::from(mask.to_ne_bytes());
            let prefix = u32::from(mask).leading_ones();
            if *iface == "lo" || prefix == 0 || u32::from(mask).count_ones() != prefix {
                continue;
            }
            let Ok(net) = Ipv4Net::new(address, prefix as u8) else {
                continue;
            };
            let subnet = Subnet(IpNet::V4(net.trunc()));
            if !out.iter().any(|(_, s)| *s == subnet) {
                out.push(((*iface).to_owned(), subnet));
            }
        }
        out
    }
}

/// The default site profile as YAML text, ready to save and edit.
pub fn default_site_text(machine: &Machine) -> String {
    let mut out = String::with_capacity(TEMPLATE.len() + 64);
    for line in TEMPLATE.lines() {
        let line = if line.contains("{{hostname}}") {
            line.replace("{{hostname}}", &yaml_string(&machine.hostname))
        } else if line.contains("{{cpus}}") {
            match machine.cpus {
                Some(cpus) => line.replace("{{cpus}}", &cpus.to_string()),
                None => continue,
            }
        } else if line.contains("{{memory}}") {
            match machine.memory {
                // Whole MiB, rounded down: what the node surely has.
                Some(bytes) if bytes >= 1 << 20 => {
                    line.replace("{{memory}}", &format!("{}MiB", bytes >> 20))
                }
                _ => continue,
            }
        } else if line.contains("{{host_networks}}") {
            if machine.networks.is_empty() {
                continue;
            }
            let mut names: Vec<String> = Vec::new();
            let entries: Vec<String> = machine
                .networks
                .iter()
                .map(|(iface, subnet)| {
                    // Two routes on one interface need two names.
                    let mut name = iface.clone();
                    let mut n = 2;
                    while names.contains(&name) {
                        name = format!("{iface}-{n}");
                        n += 1;
                    }
                    names.push(name.clone());
                    format!("{}: {subnet}", yaml_string(&name))
                })
                .collect();
            line.replace(
                "{{host_networks}}",
                &format!("{{ {} }}", entries.join(", ")),
            )
        } else if line.contains("{{arch}}") {
            line.replace("{{arch}}", machine.arch.unwrap_or_default().as_str())
        } else {
            line.to_owned()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Loads the default site into `sources`, as a source named [`DEFAULT_SITE_NAME`].
///
/// The template and the facts [`default_site_text`] writes into it (a hostname that is
/// not empty, at least one CPU, whole MiB, a known architecture, subnets) always make a
/// profile that matches the site schema, so a release build does not compile the
/// schema's validator to check it again on every run (it cost 5.5 M of the 81 M
/// instructions of a 20-service compile); debug builds, and so the tests, still do.
pub fn load_default_site(
    machine: &Machine,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<Site> {
    let id = sources.add(
        DEFAULT_SITE_NAME,
        None,
        SourceKind::Site,
        default_site_text(machine),
    );
    load_checked(sources, id, cfg!(debug_assertions), diagnostics)
}

/// A hostname as a YAML scalar: plain when that reads back the same, else quoted.
fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
        && text.as_bytes()[0].is_ascii_alphabetic();
    if plain && !matches!(text, "true" | "false" | "null" | "True" | "False" | "Null") {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| "localhost".to_owned())
    }
}
