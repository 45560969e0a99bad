//! What a run gathers from the process it runs in, which nothing below `run` may read:
//! the working directory, the environment, standard input and this machine's facts.

use std::path::{Path, PathBuf};

use super::error::RunError;
use crate::cli::ProjectArgs;
use crate::compile::CompileOptions;
use crate::fs::{RealFs, STDIN};
use crate::site::{Arch, Machine};

/// The compile options of a project named on the command line, and the file system
/// that reads it (with standard input, when a compose file is `-`).
pub(super) fn project_options(
    project: &ProjectArgs,
    output_dir: Option<PathBuf>,
    working_dir: PathBuf,
) -> Result<(CompileOptions, RealFs), RunError> {
    let mut fs = RealFs::default();
    if project.files.iter().any(|f| f == Path::new(STDIN)) {
        fs.stdin = Some(read_stdin()?);
    }
    let options = CompileOptions {
        files: project.files.clone(),
        env_files: project.env_files.clone(),
        profiles: project
            .profiles
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect(),
        project_directory: project.project_directory.clone(),
        output_dir: output_dir.unwrap_or_else(|| working_dir.clone()),
        working_dir,
        site: project.site.clone(),
        machine: machine_facts(),
        project_name: project.project_name.clone(),
        stack_as_written: false,
    };
    Ok((options, fs))
}

/// All of standard input, for a compose file named `-`.
pub(super) fn read_stdin() -> Result<Vec<u8>, RunError> {
    crate::fs::read_bounded(std::io::stdin().lock()).map_err(RunError::StdinUnreadable)
}

pub(super) fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// The process environment, as `(name, value)` pairs; names or values that are not
/// UTF-8 cannot be used in compose files and are left out. With `--no-process-env`,
/// none: the project is read as on any other machine.
pub(super) fn process_environment(project: &ProjectArgs) -> Vec<(String, String)> {
    if project.no_process_env {
        return Vec::new();
    }
    whole_process_environment()
}

/// Every variable of the process environment that is UTF-8.
pub(super) fn whole_process_environment() -> Vec<(String, String)> {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
}

/// What the default site needs to know about this machine. Docker advertises the CPUs
/// the engine may use and `MemTotal`; the count here honours CPU affinity and quotas
/// the same way for a process started where dockerd runs.
pub(super) fn machine_facts() -> Machine {
    let hostname = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    let cpus = std::thread::available_parallelism()
        .ok()
        .and_then(|n| u32::try_from(n.get()).ok());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| Machine::memory_from_meminfo(&text));
    let arch = match std::env::consts::ARCH {
        "x86_64" => Some(Arch::X86_64),
        "aarch64" => Some(Arch::Aarch64),
        "powerpc64" if cfg!(target_endian = "little") => Some(Arch::Ppc64le),
        "s390x" => Some(Arch::S390x),
        "riscv64" => Some(Arch::Riscv64),
        _ => None,
    };
    let networks = std::fs::read_to_string("/proc/net/route")
        .map(|text| Machine::networks_from_route(&text))
        .unwrap_or_default();
    Machine {
        hostname,
        cpus,
        memory,
        arch,
        networks,
    }
}
