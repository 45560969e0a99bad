//! A project on the lab: a copy of the project's directory (so that files can change
//! between deploys), the lab's copy of its site filled in with the lab's sizes, and
//! swarmc and docker run on it the way a user runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::lab::{Lab, expect_success, manifest_dir};

pub(crate) struct Project {
    pub(crate) dir: PathBuf,
    _temp: tempfile::TempDir,
    /// Compose files, relative to `dir`.
    files: Vec<String>,
    pub(crate) stack: String,
}

impl Project {
    /// Copies the project under `tests/fixtures/<project>` and writes the site profile
    /// `tests/fixtures/<site>` into it with the lab's CPUs, memory and directory;
    /// `overrides` are compose files under `tests/fixtures` merged after the project's.
    pub(crate) fn new(
        lab: &Lab,
        stack: &str,
        project: &str,
        site: &str,
        overrides: &[&str],
    ) -> Project {
        let fixtures = manifest_dir().join("tests/fixtures");
        let temp = tempfile::tempdir().expect("tempdir");
        let dir = temp.path().join(stack);
        copy_dir(&fixtures.join(project), &dir);
        let template = std::fs::read_to_string(fixtures.join(site)).expect("the lab site");
        let site_text = template
            .replace("@CPUS@", &lab.cpus.to_string())
            .replace("@MEMORY@", &lab.memory.to_string())
            .replace("@LAB@", &lab.dir.join("data").display().to_string());
        std::fs::write(dir.join("site.yaml"), site_text).expect("write the site");
        let mut files = vec!["compose.yaml".to_string()];
        for (i, file) in overrides.iter().enumerate() {
            let name = format!("lab-override-{i}.yaml");
            std::fs::copy(fixtures.join(file), dir.join(&name)).expect("copy the override");
            files.push(name);
        }
        Project {
            dir,
            _temp: temp,
            files,
            stack: stack.to_string(),
        }
    }

    /// `swarmc SUBCOMMAND -f ... --site site.yaml ARGS`, run in the project directory.
    pub(crate) fn swarmc(&self, subcommand: &str, args: &[&str]) -> (i32, String, String) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_swarmc"));
        command.current_dir(&self.dir).arg(subcommand);
        for file in &self.files {
            command.args(["-f", file]);
        }
        command.args(["--site", "site.yaml"]).args(args);
        let output = command.output().expect("swarmc runs");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// Compiles the stack into `stack.yml` and returns its text.
    pub(crate) fn compile(&self) -> String {
        let (status, _, stderr) = self.swarmc("compile", &["-o", "stack.yml"]);
        assert_eq!(status, 0, "swarmc compile failed:\n{stderr}");
        std::fs::read_to_string(self.dir.join("stack.yml")).expect("the stack")
    }

    /// Prepares the nodes and deploys `stack_text` (the compiled stack or a part of
    /// it) with `docker stack deploy`; returns what docker printed, which must not say
    /// "Ignoring".
    pub(crate) fn deploy_text(&self, lab: &Lab, stack_text: &str) -> String {
        prepare(lab, stack_text);
        let file = self.dir.join("lab-stack.yml");
        std::fs::write(&file, stack_text).expect("write the stack");
        let output = lab
            .command(1)
            .current_dir(&self.dir)
            .args(["stack", "deploy", "--resolve-image", "never", "-c"])
            .arg(&file)
            .arg(&self.stack)
            .output()
            .expect("docker runs");
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        expect_success("docker stack deploy", &output);
        assert!(
            !printed.contains("Ignoring"),
            "docker ignored part of the stack:\n{printed}"
        );
        printed
    }

    /// Compiles and deploys the whole stack.
    pub(crate) fn deploy(&self, lab: &Lab) -> String {
        let text = self.compile();
        self.deploy_text(lab, &text)
    }

    /// The full names of the stack's services, as docker names them.
    pub(crate) fn full_name(&self, service: &str) -> String {
        format!("{}_{service}", self.stack)
    }
}

/// What the nodes need before a deploy: the stack's images, and the bind-mount sources
/// under the lab's directory.
pub(crate) fn prepare(lab: &Lab, stack_text: &str) {
    lab.provide_images(images(stack_text).iter().map(String::as_str));
    make_bind_sources(lab, stack_text);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for entry in std::fs::read_dir(from).expect("read the project") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// The `image:` values of a stack swarmc wrote (one key per line, as it emits them).
pub(crate) fn images(stack_text: &str) -> Vec<String> {
    let mut images: Vec<String> = stack_text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("image: "))
        .map(|i| i.trim().trim_matches('"').to_string())
        .collect();
    images.sort();
    images.dedup();
    images
}

/// Bind-mount sources under the lab's directory exist before the tasks start, as a
/// site's storage step makes them on real nodes (all the lab's nodes share this
/// machine's file system).
fn make_bind_sources(lab: &Lab, stack_text: &str) {
    let root = lab.dir.join("data").display().to_string();
    for source in stack_text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("source: "))
        .filter(|s| s.starts_with(&root))
    {
        std::fs::create_dir_all(source).expect("make a bind source");
    }
}

/// The stack text with only the named services (and every other top-level section),
/// for deploying services one at a time in a chosen order.
pub(crate) fn only_services(stack_text: &str, keep: &[&str]) -> String {
    let mut out = String::new();
    let mut in_services = false;
    let mut keeping = true;
    for line in stack_text.lines() {
        if !line.starts_with(' ') {
            in_services = line == "services:";
            keeping = true;
        } else if in_services && line.starts_with("  ") && !line[2..].starts_with(' ') {
            let name = line[2..].trim_end_matches(':').trim_matches('"');
            keeping = keep.contains(&name);
        }
        if keeping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
