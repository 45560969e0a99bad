use super::Cx;
use crate::diagnostic::{Diagnostic, Diagnostics};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a `cap_add` entry that gives a container power over the node rather
    /// than over itself: `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_RAWIO`, `SYS_PTRACE`,
    /// `SYS_BOOT`, `SYS_TIME`, `DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`, `PERFMON`,
    /// `MAC_ADMIN`, `MAC_OVERRIDE` and `SYSLOG` (with or without the `CAP_` prefix).
    ///
    /// ## Why
    /// Swarm honours `cap_add` (since Docker 20.10), and it refuses `privileged`; these
    /// capabilities are most of what `privileged` grants. `SYS_ADMIN` alone allows
    /// mounting file systems and escaping the container, `SYS_MODULE` loads kernel
    /// modules, `SYS_PTRACE` reads the memory of other processes, `DAC_READ_SEARCH`
    /// reads any file by handle, and `NET_ADMIN` rewrites the task's interfaces, routes
    /// and firewall rules on the overlay networks it joins. A swarm task gets them on
    /// whichever node it lands on.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   vpn:
    ///     image: example/vpn:2.3
    ///     cap_add: [NET_ADMIN, SYS_MODULE]
    /// ```
    ///
    /// ## Fix
    /// Add only the capability the process needs (`NET_BIND_SERVICE` to bind a low
    /// port, not `ALL`), drop the rest with `cap_drop: [ALL]`, and when a capability is
    /// needed, constrain the service to the nodes meant for it and suppress the finding
    /// with the reason.
    pub static DANGEROUS_CAPABILITY = ("SW602", "dangerous-capability", Warning);
}

/// Each capability reported, with what it lets a container do.
const DANGEROUS: &[(&str, &str)] = &[
    ("ALL", "every capability, as good as `privileged`"),
    (
        "SYS_ADMIN",
        "mounting file systems and most of what root can do",
    ),
    ("SYS_MODULE", "loading kernel modules into the node"),
    ("SYS_RAWIO", "raw access to devices and I/O ports"),
    ("SYS_PTRACE", "tracing and reading other processes"),
    ("SYS_BOOT", "rebooting the node"),
    ("SYS_TIME", "setting the node's clock"),
    (
        "DAC_READ_SEARCH",
        "reading any file by handle, outside the container too",
    ),
    (
        "NET_ADMIN",
        "reconfiguring interfaces, routes and firewall rules",
    ),
    ("BPF", "loading BPF programs into the kernel"),
    ("PERFMON", "observing the node's kernel and processes"),
    (
        "MAC_ADMIN",
        "changing the node's AppArmor or SELinux policy",
    ),
    (
        "MAC_OVERRIDE",
        "bypassing the node's AppArmor or SELinux policy",
    ),
    ("SYSLOG", "reading and clearing the kernel log"),
];

/// What a capability, written as compose accepts it (`sys_admin`, `CAP_SYS_ADMIN`),
/// allows, when it is one of the reported ones.
fn danger(written: &str) -> Option<(&'static str, &'static str)> {
    let name = written.trim().to_ascii_uppercase();
    let name = name.strip_prefix("CAP_").unwrap_or(&name);
    DANGEROUS.iter().copied().find(|(cap, _)| *cap == name)
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in cx.project.services.values() {
        for cap in &service.cap_add {
            let Some((name, power)) = danger(&cap.value) else {
                continue;
            };
            diagnostics.push(
                Diagnostic::new(
                    &DANGEROUS_CAPABILITY,
                    format!(
                        "service `{}` adds the capability `{name}`",
                        service.name.value
                    ),
                )
                .at_value(cap)
                .label(power)
                .help("add only the capabilities the process needs, and drop the rest with `cap_drop: [ALL]`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_are_read_as_docker_reads_them() {
        assert_eq!(danger("cap_sys_admin").map(|d| d.0), Some("SYS_ADMIN"));
        assert_eq!(danger("ALL").map(|d| d.0), Some("ALL"));
        assert_eq!(danger("NET_BIND_SERVICE"), None);
        assert_eq!(danger("CHOWN"), None);
    }
}
