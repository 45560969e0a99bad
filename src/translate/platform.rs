//! `platform`: the image variant compose pulls, as swarm placement constraints on the
//! nodes that can run it.
//!
//! Input: `platform: linux/arm64/v8`.
//! Output: `node.platform.os == linux` and `node.platform.arch == aarch64`. Swarm
//! compares the architecture a node reports, which is the kernel's name (`uname -m`),
//! not docker's: `amd64` is `x86_64`, `arm64` is `aarch64`, `arm/v7` is `armv7l`. An
//! architecture whose kernel name swarmc does not know gets only the `os` constraint,
//! which is reported.

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::{Cx, Origin};

/// A platform as swarm compares it: `os` and the kernel's architecture name.
#[derive(Debug, PartialEq, Eq)]
struct NodePlatform<'a> {
    os: &'a str,
    /// `None` when no architecture was written or its kernel name is not known.
    arch: Option<&'static str>,
    /// The architecture as written (with its variant), when it was.
    written_arch: Option<String>,
}

/// Reads `os[/arch[/variant]]`.
fn node_platform(text: &str) -> Option<NodePlatform<'_>> {
    let mut parts = text.split('/');
    let os = parts.next().filter(|os| !os.is_empty())?;
    let arch = parts.next();
    let variant = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let written_arch = arch.map(|a| match variant {
        Some(v) => format!("{a}/{v}"),
        None => a.to_owned(),
    });
    let arch = arch
        .and_then(|a| kernel_arch(&a.to_ascii_lowercase(), variant))
        // Windows engines name only x86-64 as Linux does (`arm64` stays `arm64`).
        .filter(|a| os.eq_ignore_ascii_case("linux") || *a == "x86_64");
    Some(NodePlatform {
        os,
        arch,
        written_arch,
    })
}

/// The name a Linux kernel reports (`uname -m`, which docker sends as the node's
/// architecture) for a docker architecture and variant.
fn kernel_arch(arch: &str, variant: Option<&str>) -> Option<&'static str> {
    Some(match (arch, variant) {
        ("amd64" | "x86_64" | "x86-64", _) => "x86_64",
        ("arm64" | "aarch64", None | Some("v8" | "V8")) => "aarch64",
        ("arm", Some("v7" | "V7")) | ("armv7l", None) => "armv7l",
        ("arm", Some("v6" | "V6")) | ("armv6l", None) => "armv6l",
        ("386" | "i386" | "i686", None) => "i686",
        ("ppc64le", None) => "ppc64le",
        ("s390x", None) => "s390x",
        ("riscv64", None) => "riscv64",
        ("mips64le", None) => "mips64",
        ("loong64", None) => "loongarch64",
        _ => return None,
    })
}

pub(super) fn platform(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let Some(platform) = &service.platform else {
        return;
    };
    let Some(parsed) = node_platform(&platform.value) else {
        cx.report(
            Diagnostic::new(
                &rules::INVALID_VALUE,
                format!("`{}` is not a platform", platform.value),
            )
            .at_value(platform)
            .help("write `os/arch[/variant]`, such as `linux/amd64` or `linux/arm64`"),
        );
        return;
    };
    let mut constraints = vec![format!("node.platform.os == {}", parsed.os)];
    if let Some(arch) = parsed.arch {
        constraints.push(format!("node.platform.arch == {arch}"));
    }
    let shown: Vec<String> = constraints.iter().map(|c| format!("`{c}`")).collect();
    let mut diagnostic = Diagnostic::new(
        &rules::PLATFORM_TRANSLATED,
        format!(
            "`platform: {}` becomes the placement constraint{} {}",
            platform.value,
            if shown.len() > 1 { "s" } else { "" },
            shown.join(" and ")
        ),
    )
    .at_value(platform)
    .help("write the constraints under `deploy.placement.constraints` to silence this note");
    if let (Some(written), None) = (&parsed.written_arch, parsed.arch) {
        diagnostic = diagnostic
            .label(format!("no constraint for `{written}`"))
            .note(format!(
                "swarmc does not know the name a node with `{written}` reports; add `node.platform.arch == <uname -m of the node>` yourself"
            ));
    }
    cx.report(diagnostic);
    let placement = out
        .deploy
        .get_or_insert_with(Default::default)
        .placement
        .get_or_insert_with(Default::default);
    let origin = Origin::service(&service.name.value).field("deploy.placement.constraints");
    for constraint in constraints {
        if placement.constraints.contains(&constraint) {
            continue;
        }
        cx.origins
            .record(origin.item(placement.constraints.len()), platform.span);
        placement.constraints.push(constraint);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arch(text: &str) -> Option<&'static str> {
        node_platform(text).and_then(|p| p.arch)
    }

    #[test]
    fn docker_architectures_become_kernel_names() {
        assert_eq!(arch("linux/amd64"), Some("x86_64"));
        assert_eq!(arch("linux/arm64"), Some("aarch64"));
        assert_eq!(arch("linux/arm64/v8"), Some("aarch64"));
        assert_eq!(arch("linux/arm/v7"), Some("armv7l"));
        assert_eq!(arch("linux/arm/v6"), Some("armv6l"));
        assert_eq!(arch("linux/386"), Some("i686"));
        assert_eq!(arch("linux/ppc64le"), Some("ppc64le"));
        assert_eq!(arch("linux/s390x"), Some("s390x"));
        assert_eq!(arch("linux/riscv64"), Some("riscv64"));
        assert_eq!(arch("linux/arm"), None);
        assert_eq!(arch("linux/sparc"), None);
        assert_eq!(arch("linux"), None);
        assert_eq!(arch("windows/amd64"), Some("x86_64"));
        assert_eq!(arch("windows/arm64"), None);
    }

    #[test]
    fn the_os_is_kept_and_malformed_platforms_are_refused() {
        assert_eq!(
            node_platform("windows/amd64").map(|p| p.os),
            Some("windows")
        );
        assert_eq!(node_platform(""), None);
        assert_eq!(node_platform("/amd64"), None);
        assert_eq!(node_platform("linux/arm/v7/extra"), None);
    }
}
