//! The container's identity and surroundings: `hostname`, container `labels`,
//! `logging`, and name resolution (`dns`, `dns_search`, `extra_hosts`). Swarm takes
//! them as compose writes them.
//!
//! Input: `extra_hosts: {legacy.internal: 10.1.2.3}`, labels as a list or a map.
//! Output: `extra_hosts: ["legacy.internal:10.1.2.3"]`, labels as a sorted map (an
//! entry written without a value is the empty string, as compose sets it).

use std::collections::{BTreeMap, HashSet};

use crate::compose::{Mapping, Service};
use crate::swarm;

use super::Cx;

pub(super) fn container(_cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    out.hostname = service
        .hostname
        .as_ref()
        .filter(|h| !h.value.is_empty())
        .map(|h| h.value.to_string());
    out.labels.extend(map(&service.labels));
    if let Some(logging) = &service.logging {
        out.logging = Some(swarm::Logging {
            driver: logging
                .driver
                .as_ref()
                .filter(|d| !d.value.is_empty())
                .map(|d| d.value.to_string()),
            options: map(&logging.options),
        });
    }
    out.dns = unique(service.dns.iter().map(|d| d.value.to_string()));
    out.dns_search = unique(service.dns_search.iter().map(|d| d.value.to_string()));
    out.extra_hosts = unique(
        service
            .extra_hosts
            .iter()
            .map(|h| format!("{}:{}", h.host.value, h.ip.value)),
    );
}

/// A compose mapping as swarm's sorted map; a name without a value maps to `""`.
pub(super) fn map(mapping: &Mapping) -> BTreeMap<String, String> {
    mapping
        .iter()
        .map(|(name, entry)| {
            let value = entry.value.as_ref().map(|v| v.value.to_string());
            (name.to_owned(), value.unwrap_or_default())
        })
        .collect()
}

/// The items in written order, each once (docker refuses repeated items here).
pub(super) fn unique(items: impl Iterator<Item = String>) -> Vec<String> {
    // A set of what was kept, so that a list of n items costs n lookups rather than
    // n²/2 comparisons.
    let mut seen: HashSet<String> = HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !item.is_empty() && !seen.contains(&item) {
            seen.insert(item.clone());
            out.push(item);
        }
    }
    out
}
