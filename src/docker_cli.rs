//! Running the docker CLI for `swarmc site import --docker`, `swarmc check --docker` and
//! `swarmc diff --docker`:
//! the one place swarmc starts
//! another program. It talks to the engine only through the CLI, so the CLI's contexts,
//! `DOCKER_HOST`, TLS settings and SSH transport work as they do for the user; each
//! output becomes a source named after its command, which the import reads like a file.

use std::ffi::OsString;
use std::process::Command;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::site::import::{
    CONFIGS_COMMAND, INFO_COMMAND, Inputs, NETWORKS_COMMAND, NODES_COMMAND, SECRETS_COMMAND,
};
use crate::source::{SourceId, SourceKind, Sources};

/// The docker binary, unless `SWARMC_DOCKER` names another.
fn docker() -> OsString {
    std::env::var_os("SWARMC_DOCKER")
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "docker".into())
}

/// Runs every command the import reads, stopping at the first that fails.
pub(crate) fn run_all(
    flags: &[OsString],
    sources: &mut Sources,
    inputs: &mut Inputs,
    diagnostics: &mut Diagnostics,
) {
    let run = |args: &[&str], diagnostics: &mut Diagnostics| -> Option<String> {
        output(flags, args, diagnostics)
    };
    let Some(ids) = run(&["node", "ls", "-q"], diagnostics) else {
        return;
    };
    let ids: Vec<&str> = ids.split_whitespace().collect();
    let mut inspect = vec!["node", "inspect"];
    inspect.extend(&ids);
    let Some(nodes) = run(&inspect, diagnostics) else {
        return;
    };
    inputs.nodes = Some(add(sources, NODES_COMMAND, nodes));
    let Some(info) = run(&["info", "--format", "{{json .}}"], diagnostics) else {
        return;
    };
    inputs.info = Some(add(sources, INFO_COMMAND, info));
    let Some(ids) = run(
        &["network", "ls", "-q", "--filter", "scope=swarm"],
        diagnostics,
    ) else {
        return;
    };
    let ids: Vec<&str> = ids.split_whitespace().collect();
    let networks = if ids.is_empty() {
        "[]".to_owned()
    } else {
        let mut inspect = vec!["network", "inspect"];
        inspect.extend(&ids);
        let Some(networks) = run(&inspect, diagnostics) else {
            return;
        };
        networks
    };
    inputs.networks = Some(add(sources, NETWORKS_COMMAND, networks));
    let Some(secrets) = run(&["secret", "ls", "--format", "{{json .}}"], diagnostics) else {
        return;
    };
    inputs.secrets = Some(add(sources, SECRETS_COMMAND, secrets));
    let Some(configs) = run(&["config", "ls", "--format", "{{json .}}"], diagnostics) else {
        return;
    };
    inputs.configs = Some(add(sources, CONFIGS_COMMAND, configs));
}

/// Runs the commands `check --docker` reads: the services with what they reserve and
/// publish, every node's tasks, and the swarm-scoped networks; returns their outputs,
/// as far as they ran.
pub(crate) fn run_state(
    flags: &[OsString],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceId> {
    let mut files = Vec::new();
    let run = |args: &[&str], diagnostics: &mut Diagnostics| -> Option<String> {
        output(flags, args, diagnostics)
    };
    // `inspect` of nothing is an error, so an empty list is written as docker would.
    let inspect = |what: &str, ids: &str, diagnostics: &mut Diagnostics| -> Option<String> {
        let ids: Vec<&str> = ids.split_whitespace().collect();
        if ids.is_empty() {
            return Some("[]".to_owned());
        }
        let mut args = vec![what, "inspect"];
        args.extend(&ids);
        run(&args, diagnostics)
    };
    let Some(ids) = run(&["service", "ls", "-q"], diagnostics) else {
        return files;
    };
    let Some(services) = inspect("service", &ids, diagnostics) else {
        return files;
    };
    files.push(add(sources, crate::state::SERVICES_COMMAND, services));
    let Some(nodes) = run(&["node", "ls", "-q"], diagnostics) else {
        return files;
    };
    let nodes: Vec<&str> = nodes.split_whitespace().collect();
    if !nodes.is_empty() {
        let mut args = vec!["node", "ps"];
        args.extend(&nodes);
        args.extend([
            "--filter",
            "desired-state=running",
            "--format",
            "{{json .}}",
        ]);
        let Some(tasks) = run(&args, diagnostics) else {
            return files;
        };
        files.push(add(sources, "docker node ps", tasks));
    }
    let Some(ids) = run(
        &["network", "ls", "-q", "--filter", "scope=swarm"],
        diagnostics,
    ) else {
        return files;
    };
    let Some(networks) = inspect("network", &ids, diagnostics) else {
        return files;
    };
    files.push(add(sources, NETWORKS_COMMAND, networks));
    files
}

/// Runs the commands `diff --docker` reads besides [`run_state`]'s: the secrets that
/// exist (docker never prints a secret's value) and the configs with their content,
/// which a deploy cannot change under the same name; returns their outputs, as far as
/// they ran.
pub(crate) fn run_objects(
    flags: &[OsString],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<SourceId> {
    let mut files = Vec::new();
    let Some(secrets) = output(
        flags,
        &["secret", "ls", "--format", "{{json .}}"],
        diagnostics,
    ) else {
        return files;
    };
    files.push(add(sources, SECRETS_COMMAND, secrets));
    let Some(ids) = output(flags, &["config", "ls", "-q"], diagnostics) else {
        return files;
    };
    let ids: Vec<&str> = ids.split_whitespace().collect();
    if ids.is_empty() {
        return files;
    }
    let mut args = vec!["config", "inspect"];
    args.extend(&ids);
    if let Some(configs) = output(flags, &args, diagnostics) {
        files.push(add(sources, "docker config inspect", configs));
    }
    files
}

fn add(sources: &mut Sources, command: &str, text: String) -> SourceId {
    sources.add(command, None, SourceKind::DockerOutput, text)
}

/// The standard output of `docker FLAGS ARGS`, or a diagnostic saying why not.
fn output(flags: &[OsString], args: &[&str], diagnostics: &mut Diagnostics) -> Option<String> {
    let shown = format!("docker {}", args.join(" "));
    let result = Command::new(docker())
        .args(flags)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output();
    let failed = |reason: String, detail: Option<String>| {
        let mut diagnostic = Diagnostic::new(
            &rules::DOCKER_COMMAND_FAILED,
            format!("`{shown}` failed: {reason}"),
        )
        .help("point the docker CLI at a swarm manager (`DOCKER_HOST`, `DOCKER_CONTEXT`, `--context`, `--host`) and check that `docker node ls` works there");
        if let Some(detail) = detail {
            diagnostic = diagnostic.note(format!("docker said: {detail}"));
        }
        diagnostic
    };
    match result {
        Err(error) => {
            diagnostics.push(failed(
                format!("cannot run it: {}", error.to_string().to_lowercase()),
                None,
            ));
            None
        }
        Ok(out) if !out.status.success() => {
            let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
            let status = out
                .status
                .code()
                .map_or_else(|| "a signal".to_owned(), |c| format!("status {c}"));
            diagnostics.push(failed(
                format!("it exited with {status}"),
                (!stderr.is_empty()).then_some(stderr),
            ));
            None
        }
        Ok(out) => match String::from_utf8(out.stdout) {
            Ok(text) if text.len() <= crate::read::MAX_FILE_SIZE => Some(text),
            Ok(_) => {
                diagnostics.push(failed("its output is too large".to_owned(), None));
                None
            }
            Err(_) => {
                diagnostics.push(failed("its output is not UTF-8".to_owned(), None));
                None
            }
        },
    }
}
