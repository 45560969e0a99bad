//! `tmpfs` and `shm_size`: memory-backed file systems, which a stack can only express as
//! `type: tmpfs` mounts.
//!
//! Input: `tmpfs: [/run, "/tmp:size=64m"]`, `shm_size: 2gb`.
//! Output: a `tmpfs` mount per entry, with its `size` (`SW335`); a `tmpfs` mount on
//! `/dev/shm` of `shm_size` bytes (`SW319`). docker accepts both keys and silently drops
//! them, so nothing else would reach the container. Options other than `size` (`mode`,
//! `noexec`, ...) have no place in a stack's tmpfs mount and are named in the report.

use crate::compose::Service;
use crate::compose::lower::units::parse_size;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::{Cx, Origin};

pub(super) fn tmpfs(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let name = service.name.value.as_str();
    for entry in &service.tmpfs {
        let text = entry.value.as_str();
        let (target, options) = text.split_once(':').unwrap_or((text, ""));
        let mut size = None;
        let mut ignored = Vec::new();
        for option in options.split(',').map(str::trim).filter(|o| !o.is_empty()) {
            match option.strip_prefix("size=").map(parse_size) {
                Some(Ok(bytes)) => size = Some(bytes),
                _ => ignored.push(option),
            }
        }
        let mut diagnostic = Diagnostic::new(
            &rules::TMPFS_TRANSLATED,
            format!("`tmpfs` entry `{text}` is written as a `tmpfs` mount"),
        )
        .at_value(entry)
        .label("a `type: tmpfs` mount in `volumes`")
        .help("write it as a `type: tmpfs` entry of `volumes` to silence this");
        if !ignored.is_empty() {
            diagnostic = diagnostic.note(format!(
                "a stack's tmpfs mount takes only a size; left out: `{}`",
                ignored.join(",")
            ));
        }
        cx.report(diagnostic);
        push(
            cx,
            service,
            out,
            entry.span,
            swarm::Mount::Tmpfs {
                target: target.to_owned(),
                read_only: false,
                tmpfs: size.map(|size| swarm::TmpfsOptions { size: Some(size) }),
            },
        );
    }
    if let Some(shm_size) = &service.shm_size {
        cx.report(
            Diagnostic::new(
                &rules::SHM_SIZE_TRANSLATED,
                format!(
                    "`shm_size` of service `{name}` is written as a `tmpfs` mount on `/dev/shm`"
                ),
            )
            .at_value(shm_size)
            .label(format!("{} bytes of shared memory", shm_size.value.bytes))
            .help("write it as a `type: tmpfs` mount on `/dev/shm` to silence this")
            .note("swarm services have no `shm_size`; docker ignores the key and leaves 64 MiB"),
        );
        push(
            cx,
            service,
            out,
            shm_size.span,
            swarm::Mount::Tmpfs {
                target: "/dev/shm".to_owned(),
                read_only: false,
                tmpfs: Some(swarm::TmpfsOptions {
                    size: Some(shm_size.value.bytes),
                }),
            },
        );
    }
}

/// Appends a mount unless `volumes` mounts something on its target already (docker
/// refuses two mounts on one target), recording where it came from.
fn push(
    cx: &mut Cx<'_>,
    service: &Service,
    out: &mut swarm::Service,
    span: crate::source::Span,
    mount: swarm::Mount,
) {
    let target = target_of(&mount);
    if service
        .volumes
        .iter()
        .any(|m| m.target.value.as_str() == target)
    {
        return;
    }
    let name = service.name.value.as_str();
    let item = Origin::service(name)
        .field("volumes")
        .item(out.volumes.len());
    cx.origins.record(item, span);
    out.volumes.push(mount);
}

fn target_of(mount: &swarm::Mount) -> &str {
    match mount {
        swarm::Mount::Volume { target, .. }
        | swarm::Mount::Bind { target, .. }
        | swarm::Mount::Tmpfs { target, .. } => target,
    }
}
