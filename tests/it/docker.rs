//! Running docker's own tools on stacks swarmc wrote: `docker stack config` (docker's
//! loader and schema check, no engine needed) and the capture tool from the shared
//! reference directory (the real `docker stack deploy` against a recording fake
//! engine). Tests that need them say so on standard error and skip when they are
//! absent, except under CI (`CI` set), where a missing tool fails them: CI must not
//! pass on tests that did not run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::manifest_dir;

/// Writes `SKIPPED <test>: <why>` where the test harness cannot swallow it.
pub(crate) fn skip(test: &str, why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// Whether the tests run under CI, where every docker-dependent test must run.
fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Skips a test that needs docker, or fails it under CI.
fn skip_docker_test(test: &str, why: &str) {
    assert!(!under_ci(), "{test} needs docker, and CI is set: {why}");
    skip(test, why);
}

/// The oldest docker CLI whose stack loader the tests describe.
const MIN_DOCKER_MAJOR: u32 = 28;

/// Whether a docker CLI of version 28 or newer can be run; reports the skip (or fails
/// under CI) when it cannot (an older CLI lacks the newer compose schemas and behaves differently).
pub(crate) fn docker_available(test: &str) -> bool {
    let Ok(output) = Command::new("docker").arg("--version").output() else {
        skip_docker_test(test, "docker CLI not found");
        return false;
    };
    // "Docker version 28.2.2, build e6534b4"
    let text = String::from_utf8_lossy(&output.stdout);
    let major = text
        .split_whitespace()
        .nth(2)
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(major) if output.status.success() && major >= MIN_DOCKER_MAJOR => true,
        _ => {
            skip_docker_test(
                test,
                &format!(
                    "docker CLI {MIN_DOCKER_MAJOR} or newer not found ({})",
                    text.trim()
                ),
            );
            false
        }
    }
}

/// What a docker command did.
pub(crate) struct Outcome {
    pub(crate) success: bool,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// `docker stack config -c FILE`, run from the file's directory.
pub(crate) fn stack_config(file: &Path) -> Outcome {
    let output = Command::new("docker")
        .args(["stack", "config", "-c"])
        .arg(file)
        .current_dir(file.parent().unwrap_or(Path::new(".")))
        .output()
        .expect("docker runs");
    Outcome {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The capture tool, from a `shared` directory next to the checkout or to one of its
/// parents; reports the skip (or fails under CI) when there is none.
pub(crate) fn capture_tool(test: &str) -> Option<PathBuf> {
    let tool = manifest_dir()
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/tools/docker-capture/capture"))
        .find(|path| path.is_file());
    if tool.is_none() {
        skip_docker_test(test, "../shared/tools/docker-capture/capture not found");
    }
    tool
}

/// Deploys `file` as stack `st` through the capture tool: docker's exit status, what
/// it printed, and the specs it sent (`{"rc", "output", "specs": [{"kind", "body"}]}`).
pub(crate) fn capture(tool: &Path, file: &Path) -> serde_json::Value {
    let output = Command::new(tool)
        .arg(file)
        .output()
        .expect("the capture tool runs");
    assert!(
        output.status.success(),
        "capture failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the capture tool prints JSON")
}
