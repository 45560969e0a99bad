//! Rules about the form of a profile that JSON Schema could state only with combinators
//! whose errors no one can read: which of two keys must be given, which key a choice
//! requires, names and paths that must have a certain form.

use super::{At, quoted};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::site::env::is_variable_name;
use crate::site::node::GenericResource;
use crate::site::secret::SecretCreation;
use crate::site::service::{Mitigation, ServiceSettings};
use crate::site::spans::{child, pointer};

pub(super) fn check(at: &At<'_>, diagnostics: &mut Diagnostics) {
    env(at, diagnostics);
    nodes(at, diagnostics);
    secrets(at, diagnostics);
    storage(at, diagnostics);
    for (name, settings) in &at.site.services {
        service(at, name, settings, diagnostics);
    }
}

fn violation(message: String) -> Diagnostic {
    Diagnostic::new(&rules::SITE_SCHEMA_VIOLATION, message)
}

fn env(at: &At<'_>, diagnostics: &mut Diagnostics) {
    for name in at.site.env.vars.keys() {
        if !is_variable_name(name) {
            diagnostics.push(
                violation(format!("`{name}` is not a variable name"))
                    .at(at.key(&pointer(&["env", "vars", name])))
                    .help("use letters, digits and `_`, not starting with a digit, so that `${NAME}` can refer to it"),
            );
        }
    }
}

fn nodes(at: &At<'_>, diagnostics: &mut Diagnostics) {
    for (n, node) in at.site.nodes.iter().enumerate() {
        for (kind, resource) in &node.generic_resources {
            let here = pointer(&["nodes", &n.to_string(), "generic_resources", kind]);
            let GenericResource::Named(ids) = resource else {
                continue;
            };
            if ids.is_empty() {
                diagnostics.push(
                    violation(format!("{} lists no resource", quoted(&here)))
                        .at(at.value(&here))
                        .help("list the ids (GPU UUIDs from `nvidia-smi -L`), or write a count"),
                );
            }
            for (i, id) in ids.iter().enumerate() {
                if id.trim().is_empty() || id.contains(['=', ',']) {
                    diagnostics.push(
                        violation(format!("`{id}` is not a resource id"))
                            .at(at.value(&child(&here, &i.to_string())))
                            .help("write the id alone, without `=` or `,` (`GPU-8f6e...`)"),
                    );
                }
            }
        }
    }
}

fn secrets(at: &At<'_>, diagnostics: &mut Diagnostics) {
    for (name, secret) in &at.site.secrets {
        let here = pointer(&["secrets", name]);
        match (secret.external, &secret.file) {
            (true, Some(_)) => diagnostics.push(
                violation(format!("secret `{name}` is both external and read from a file"))
                    .at(at.value(&child(&here, "file")))
                    .also(at.value(&child(&here, "external")), "external here")
                    .help("keep `external: true` if the secret was created with `docker secret create`, else keep `file`"),
            ),
            (false, None) => diagnostics.push(
                violation(format!("secret `{name}` is neither external nor read from a file"))
                    .at(at.key(&here))
                    .help("add `external: true` if it was created with `docker secret create`, or `file` with the path of its content"),
            ),
            _ => {}
        }
        if let Some(SecretCreation::File(path)) = &secret.create {
            if !path.starts_with('/') {
                diagnostics.push(
                    violation(format!("`{path}` is not an absolute path"))
                        .at(at.value(&pointer(&["secrets", name, "create", "file"])))
                        .help("write the path of the file on the manager from `/`"),
                );
            }
        }
        if secret.create.is_some() && !secret.external {
            diagnostics.push(
                violation(format!(
                    "secret `{name}` says how to create it but is not external"
                ))
                .at(at.key(&child(&here, "create")))
                .help("remove `create`: only an external secret is created by the deploy plan"),
            );
        }
    }
}

fn storage(at: &At<'_>, diagnostics: &mut Diagnostics) {
    let storage = &at.site.storage;
    let absolute = |path: &str, here: String, on_key: bool, diagnostics: &mut Diagnostics| {
        if !path.starts_with('/') {
            diagnostics.push(
                violation(format!("`{path}` is not an absolute path"))
                    .at(if on_key {
                        at.key(&here)
                    } else {
                        at.value(&here)
                    })
                    .help("write the path on the nodes from `/`"),
            );
        }
    };
    for (name, nfs) in &storage.nfs {
        absolute(
            &nfs.export,
            pointer(&["storage", "nfs", name, "export"]),
            false,
            diagnostics,
        );
    }
    for (i, path) in storage.shared_paths.iter().enumerate() {
        absolute(
            path,
            pointer(&["storage", "shared_paths", &i.to_string()]),
            false,
            diagnostics,
        );
    }
    for (from, to) in &storage.path_translation {
        absolute(
            to,
            pointer(&["storage", "path_translation", from]),
            false,
            diagnostics,
        );
    }
    for (i, path) in storage.create_directories.iter().enumerate() {
        absolute(
            path,
            pointer(&["storage", "create_directories", &i.to_string()]),
            false,
            diagnostics,
        );
    }
    for path in storage.local_paths.keys() {
        absolute(
            path,
            pointer(&["storage", "local_paths", path]),
            true,
            diagnostics,
        );
    }
}

fn service(at: &At<'_>, name: &str, settings: &ServiceSettings, diagnostics: &mut Diagnostics) {
    let here = pointer(&["services", name]);
    if let (Some(mode), Some(_)) = (settings.mode, settings.replicas) {
        if mode.is_global() {
            diagnostics.push(
                violation(format!(
                    "`replicas` does not apply to global service `{name}`"
                ))
                .at(at.key(&child(&here, "replicas")))
                .also(
                    at.value(&child(&here, "mode")),
                    "the service is global here",
                )
                .help("remove `replicas`: a global service runs one task per eligible node"),
            );
        }
    }
    let Some(connections) = &settings.long_lived_connections else {
        return;
    };
    let at_connections = child(&here, "long_lived_connections");
    match (connections.mitigation, connections.seconds) {
        (Mitigation::Keepalive, None) => diagnostics.push(
            violation("missing `seconds` for the `keepalive` mitigation".to_owned())
                .at(at.value(&child(&at_connections, "mitigation")))
                .help(format!(
                    "add `seconds`, fewer than the IPVS idle timeout ({} seconds); 600 is common",
                    at.site.network.ipvs_idle_timeout
                )),
        ),
        (Mitigation::Dnsrr, Some(_)) => diagnostics.push(
            violation("`seconds` does not apply to the `dnsrr` mitigation".to_owned())
                .at(at.key(&child(&at_connections, "seconds")))
                .help("remove `seconds`, or use `mitigation: keepalive`"),
        ),
        (Mitigation::Keepalive, Some(seconds)) => {
            let timeout = at.site.network.ipvs_idle_timeout;
            if seconds >= timeout {
                let mut diagnostic = Diagnostic::new(
                    &rules::SITE_KEEPALIVE_TOO_LONG,
                    format!(
                        "a keepalive after `{seconds}` seconds comes too late for the `{timeout}` second IPVS idle timeout"
                    ),
                )
                .at(at.value(&child(&at_connections, "seconds")))
                .help(format!("choose fewer than {timeout} seconds; 600 is common"));
                if at.is_written("/network/ipvs_idle_timeout") {
                    diagnostic =
                        diagnostic.also(at.value("/network/ipvs_idle_timeout"), "the timeout");
                }
                diagnostics.push(diagnostic);
            }
        }
        (Mitigation::Dnsrr, None) => {}
    }
}
