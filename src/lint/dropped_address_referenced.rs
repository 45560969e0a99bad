use std::net::IpAddr;

use super::Cx;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::Span;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports an `environment` value that names the fixed address another service is
    /// given with `ipv4_address` or `ipv6_address` (`PIHOLE_DNS_: 172.20.0.2#5054`).
    ///
    /// ## Why
    /// Swarm assigns task addresses itself and leaves fixed addresses out of the stack
    /// (`SW326`), so the address in the value belongs to no task, or to another
    /// service's task after the next deploy: the service sends its traffic nowhere.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   unbound:
    ///     image: mvance/unbound:1.21.1
    ///     networks:
    ///       dns: { ipv4_address: 172.20.0.2 }
    ///   pihole:
    ///     image: pihole/pihole:2024.07.0
    ///     environment:
    ///       PIHOLE_DNS_: 172.20.0.2#5054
    /// ```
    ///
    /// ## Fix
    /// Name the service instead (`unbound#5054`), which swarm's DNS resolves to the
    /// service wherever its tasks run; a program that takes only addresses needs the
    /// name resolved when it starts.
    pub static DROPPED_ADDRESS_REFERENCED = ("SW615", "dropped-address-referenced", Warning);
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    // Every fixed address, with the service it is given to and where.
    let mut fixed: Vec<(String, &str, Span)> = Vec::new();
    for service in cx.project.services.values() {
        for attachment in service.networks.values() {
            for address in [&attachment.ipv4_address, &attachment.ipv6_address]
                .into_iter()
                .flatten()
            {
                fixed.push((address.value.to_string(), &service.name.value, address.span));
            }
        }
    }
    if fixed.is_empty() {
        return;
    }
    for service in cx.project.services.values() {
        for (name, entry) in service.environment.iter() {
            let Some(value) = &entry.value else {
                continue;
            };
            for (address, owner, at) in &fixed {
                if **owner == *service.name.value || !mentions(&value.value, address) {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::new(
                        &DROPPED_ADDRESS_REFERENCED,
                        format!(
                            "`{name}` of service `{}` refers to `{address}`, the fixed address of `{owner}` that swarm does not keep",
                            service.name.value
                        ),
                    )
                    .at(value.span)
                    .label(format!("`{address}` belongs to no task on swarm"))
                    .also(*at, "left out of the stack: swarm assigns addresses itself")
                    .help(format!("refer to the service by its name, `{owner}`, which swarm's DNS resolves wherever its tasks run")),
                );
            }
        }
    }
}

/// Whether `text` holds `address` as a whole address, not as part of a longer one
/// (`10.0.0.2` is not in `10.0.0.21`).
fn mentions(text: &str, address: &str) -> bool {
    let part_of_address = |c: char| c.is_ascii_hexdigit() || c == '.' || c == ':';
    text.match_indices(address).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + address.len()..].chars().next();
        !before.is_some_and(part_of_address)
            && !after.is_some_and(|c| c.is_ascii_digit() || c == '.')
    }) && address.parse::<IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn addresses_are_found_whole() {
        assert!(mentions("172.20.0.2#5054", "172.20.0.2"));
        assert!(mentions("1.1.1.1;172.20.0.2", "172.20.0.2"));
        assert!(!mentions("172.20.0.21", "172.20.0.2"));
        assert!(!mentions("10.172.20.0.2", "172.20.0.2"));
    }
}
