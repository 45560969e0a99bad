//! A service's `secrets` and `configs`: which objects it reads and the files they become.
//!
//! Input: `secrets: [db_password]` or the long form (`source`, `target`, `uid`, `gid`,
//! `mode`). Output: the long form, with what was written and nothing added, so that the
//! stack means what the compose file meant and compiles again to itself. `mode` is
//! written in decimal (`0440` becomes `288`), as `docker stack config` writes it: docker
//! reads both, and a plain number reads the same under every YAML version.

use crate::compose::{FileRef, Service};
use crate::swarm;

use super::{Cx, Origin};

pub(super) fn file_refs(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let name = service.name.value.as_str();
    out.secrets = references(cx, name, "secrets", &service.secrets);
    out.configs = references(cx, name, "configs", &service.configs);
}

fn references(
    cx: &mut Cx<'_>,
    service: &str,
    field: &'static str,
    refs: &[FileRef],
) -> Vec<swarm::FileReference> {
    refs.iter()
        .enumerate()
        .map(|(index, r)| {
            cx.origins
                .record(Origin::service(service).field(field).item(index), r.span);
            swarm::FileReference {
                source: r.source.value.to_string(),
                target: r.target.as_ref().map(|t| t.value.to_string()),
                uid: r.uid.as_ref().map(|u| u.value.to_string()),
                gid: r.gid.as_ref().map(|g| g.value.to_string()),
                mode: r.mode.as_ref().map(|m| m.value),
            }
        })
        .collect()
}
