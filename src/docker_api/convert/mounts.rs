//! A service's mounts, in the order written: named volumes get the stack's name
//! (unless external or named), its labels and driver; bind sources become absolute.

use crate::swarm::{self, Stack};

use super::super::Deployer;
use super::super::mount::{BindOptions, Mount, TmpfsOptions, VolumeOptions};
use super::super::task::Driver;
use super::{object_name, with_namespace};

pub(super) fn mounts(
    service: &swarm::Service,
    stack: &Stack,
    stack_name: &str,
    deployer: &Deployer,
) -> Vec<Mount> {
    service
        .volumes
        .iter()
        .map(|mount| mount_of(mount, stack, stack_name, deployer))
        .collect()
}

fn mount_of(mount: &swarm::Mount, stack: &Stack, stack_name: &str, deployer: &Deployer) -> Mount {
    match mount {
        swarm::Mount::Volume {
            source,
            target,
            read_only,
            volume,
        } => {
            let mut result = Mount {
                r#type: "volume".to_owned(),
                target: target.clone(),
                read_only: *read_only,
                ..Mount::default()
            };
            /* An anonymous volume takes no options at all. */
            let Some(key) = source else {
                return result;
            };
            let declared = stack.volumes.get(key).cloned().unwrap_or_default();
            result.source =
                object_name(stack_name, key, declared.name.as_deref(), declared.external);
            let mut options = VolumeOptions {
                no_copy: volume.as_ref().is_some_and(|v| v.nocopy),
                subpath: volume
                    .as_ref()
                    .and_then(|v| v.subpath.clone())
                    .unwrap_or_default(),
                ..VolumeOptions::default()
            };
            if !declared.external {
                options.labels = with_namespace(&declared.labels, stack_name);
                if declared.driver.is_some() || !declared.driver_opts.is_empty() {
                    options.driver_config = Some(Driver {
                        name: declared.driver.clone().unwrap_or_default(),
                        options: declared.driver_opts.clone(),
                    });
                }
            }
            result.volume_options = Some(options);
            result
        }
        swarm::Mount::Bind {
            source,
            target,
            read_only,
            bind,
        } => Mount {
            r#type: "bind".to_owned(),
            source: deployer.path(source).to_string_lossy().into_owned(),
            target: target.clone(),
            read_only: *read_only,
            bind_options: bind.as_ref().map(|bind| BindOptions {
                propagation: bind.propagation.map(|p| enum_text(&p)).unwrap_or_default(),
            }),
            ..Mount::default()
        },
        swarm::Mount::Npipe {
            source,
            target,
            read_only,
        } => Mount {
            r#type: "npipe".to_owned(),
            source: source.clone(),
            target: target.clone(),
            read_only: *read_only,
            ..Mount::default()
        },
        swarm::Mount::Tmpfs {
            target,
            read_only,
            tmpfs,
        } => Mount {
            r#type: "tmpfs".to_owned(),
            target: target.clone(),
            read_only: *read_only,
            tmpfs_options: tmpfs.as_ref().map(|tmpfs| TmpfsOptions {
                size_bytes: tmpfs
                    .size
                    .and_then(|size| i64::try_from(size).ok())
                    .unwrap_or(0),
            }),
            ..Mount::default()
        },
    }
}

/// The text a stack file writes for one of the model's enums.
pub(super) fn enum_text<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        _ => String::new(),
    }
}
