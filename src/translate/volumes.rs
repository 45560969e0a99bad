//! The stack's top-level `volumes`.
//!
//! Input: `volumes: {data: {driver, driver_opts, external, name, labels}}`.
//! Output: the same volumes; an external one carries only `external` and `name`, as
//! docker requires. A volume the site backs with an NFS export (`storage.nfs.<key>`,
//! matched by the volume's key in the compose file, else by its `name`) gets the
//! `local` driver's NFS options, so that every node mounts the same export (`SW385`):
//! `driver_opts: {type: nfs, o: "addr=<server>,<options>", device: ":<export>"}`.

use std::collections::BTreeMap;

use crate::compose::Mapping;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::site::{NfsExport, pointer};
use crate::swarm;

use super::{Cx, Origin};

pub(super) fn volumes(cx: &mut Cx<'_>, stack: &mut swarm::Stack) {
    let project = cx.project();
    let site = cx.site();
    for (key, volume) in &project.volumes {
        let origin = Origin::object("volumes", key);
        cx.origins.record(origin, volume.key.span);
        let name = volume.name.as_ref().map(|n| n.value.to_string());
        if volume.is_external() {
            stack.volumes.insert(
                key.to_string(),
                swarm::Volume {
                    name,
                    external: true,
                    ..swarm::Volume::default()
                },
            );
            continue;
        }
        let mut out = swarm::Volume {
            name,
            external: false,
            driver: volume.driver.as_ref().map(|d| d.value.to_string()),
            driver_opts: strings(&volume.driver_opts),
            labels: strings(&volume.labels),
        };
        let nfs = site
            .storage
            .nfs
            .get_key_value(key.as_str())
            .or_else(|| site.storage.nfs.get_key_value(out.name.as_deref()?));
        if let Some((nfs_key, export)) = nfs {
            out.driver = Some("local".to_owned());
            out.driver_opts = nfs_options(export);
            let at = site.locate(&pointer(&["storage", "nfs", nfs_key.as_str()]));
            let mut diagnostic = Diagnostic::new(
                &rules::VOLUME_NFS_BACKED,
                format!(
                    "volume `{key}` is the NFS export `{}:{}` on every node",
                    export.server, export.export
                ),
            )
            .at(volume.key.span)
            .label("mounted from NFS by the `local` driver")
            .help("nothing to do; every node must reach the NFS server");
            if let Some(at) = at {
                diagnostic = diagnostic.also(at.key_or_value(), "the site's NFS export");
                cx.origins
                    .record(origin.field("driver_opts"), at.key_or_value());
            }
            if volume.driver.is_some() || !volume.driver_opts.is_empty() {
                diagnostic =
                    diagnostic.note("the compose file's `driver` and `driver_opts` are replaced");
            }
            cx.report(diagnostic);
        }
        stack.volumes.insert(key.to_string(), out);
    }
}

/// The `local` driver's options for an NFS export.
fn nfs_options(export: &NfsExport) -> BTreeMap<String, String> {
    let mut o = vec![format!("addr={}", export.server)];
    o.extend(
        export
            .options
            .iter()
            .filter(|option| !option.starts_with("addr="))
            .cloned(),
    );
    let device = if export.export.starts_with('/') {
        format!(":{}", export.export)
    } else {
        format!(":/{}", export.export)
    };
    BTreeMap::from([
        ("type".to_owned(), "nfs".to_owned()),
        ("o".to_owned(), o.join(",")),
        ("device".to_owned(), device),
    ])
}

/// A compose mapping as the stack's string map; a name without a value is empty.
pub(super) fn strings(mapping: &Mapping) -> BTreeMap<String, String> {
    mapping
        .iter()
        .map(|(name, entry)| {
            let value = entry
                .value
                .as_ref()
                .map(|v| v.value.to_string())
                .unwrap_or_default();
            (name.to_owned(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfs_options_put_the_address_first() {
        let export = NfsExport {
            server: "10.0.0.5".to_owned(),
            export: "/exports/data".to_owned(),
            options: vec!["nfsvers=4.1".to_owned(), "rw".to_owned()],
        };
        let opts = nfs_options(&export);
        assert_eq!(opts["type"], "nfs");
        assert_eq!(opts["o"], "addr=10.0.0.5,nfsvers=4.1,rw");
        assert_eq!(opts["device"], ":/exports/data");
    }
}
