//! The lab itself: a three-node swarm started with `scripts/swarm-lab` under a name of
//! its own, torn down when the value is dropped (also when a scenario panics), and the
//! docker commands the scenarios run against its nodes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The lab's nodes, as the lab's site profiles name them.
pub(crate) const NODES: [&str; 3] = ["node-1", "node-2", "node-3"];

/// The generic resources each node advertises (`tests/fixtures/lab/site.yaml` says the same).
const RESOURCES: &str = "node-2=NVIDIA-GPU=GPU-2a,NVIDIA-GPU=GPU-2b";

/// The test image every node holds; the lab's projects and the sites' images use it.
pub(crate) const IMAGE: &str = "swarmc-lab:busybox";

pub(crate) fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn script() -> PathBuf {
    manifest_dir().join("scripts/swarm-lab")
}

/// Why the lab cannot start on this machine, if it cannot.
pub(crate) fn missing_requirements() -> Option<String> {
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Some("the lab needs root (network namespaces, bridges, dockerd)".into());
    }
    let tools = [
        "dockerd", "docker", "ip", "nsenter", "unshare", "iptables", "setsid",
    ];
    for tool in tools {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Some(format!("{tool} not found"));
        }
    }
    if !Path::new("/bin/busybox").is_file() {
        return Some("/bin/busybox not found (apt-get install busybox-static)".into());
    }
    None
}

pub(crate) struct Lab {
    name: String,
    pub(crate) dir: PathBuf,
    /// Each node's CPUs and memory in bytes, as its daemon reports them.
    pub(crate) cpus: u64,
    pub(crate) memory: u64,
}

impl Lab {
    /// Starts the lab under a name unique to this process, so that two runs on one
    /// machine never share interfaces or namespaces, or under `SWARM_LAB_NAME` when
    /// set (with `SWARM_LAB_NET`, which the script reads, for a /24 of its own).
    pub(crate) fn start() -> Result<Lab, String> {
        let name = std::env::var("SWARM_LAB_NAME")
            .ok()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("s{:05}", std::process::id() % 100_000));
        let dir = std::env::temp_dir().join(format!("swarm-lab-{name}"));
        let mut lab = Lab {
            name,
            dir,
            cpus: 0,
            memory: 0,
        };
        let output = lab
            .script()
            .args(["up", "3"])
            .output()
            .map_err(|e| format!("scripts/swarm-lab: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "scripts/swarm-lab up failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let info = lab.docker(1, &["info", "--format", "{{.NCPU}} {{.MemTotal}}"]);
        let mut fields = info.split_whitespace().map(|f| f.parse::<u64>());
        match (fields.next(), fields.next()) {
            (Some(Ok(cpus)), Some(Ok(memory))) => {
                lab.cpus = cpus;
                lab.memory = memory;
                Ok(lab)
            }
            _ => Err(format!("unexpected `docker info`: {info}")),
        }
    }

    fn script(&self) -> Command {
        let mut command = Command::new(script());
        command
            .env("SWARM_LAB_NAME", &self.name)
            .env("SWARM_LAB_DIR", &self.dir)
            .env("SWARM_LAB_RESOURCES", RESOURCES);
        command
    }

    /// The engine API of node `n` (1-based).
    pub(crate) fn host(&self, n: usize) -> String {
        format!("unix://{}/node-{n}/docker.sock", self.dir.display())
    }

    /// A docker command against node `n`.
    pub(crate) fn command(&self, n: usize) -> Command {
        let mut command = Command::new("docker");
        command.env("DOCKER_HOST", self.host(n));
        command
    }

    /// Runs docker on node `n` and returns its standard output; panics when it fails.
    pub(crate) fn docker(&self, n: usize, args: &[&str]) -> String {
        let output = self.command(n).args(args).output().expect("docker runs");
        expect_success(&format!("docker {}", args.join(" ")), &output)
    }

    /// Runs docker on the manager.
    pub(crate) fn manager(&self, args: &[&str]) -> String {
        self.docker(1, args)
    }

    /// Gives every node the lab image under each of these names, as if pulled.
    pub(crate) fn provide_images<'a>(&self, images: impl IntoIterator<Item = &'a str>) {
        for image in images {
            if image == IMAGE {
                continue;
            }
            for n in 1..=NODES.len() {
                self.docker(n, &["tag", IMAGE, image]);
            }
        }
    }

    /// Removes every stack, secret, config and node label, and waits until the nodes
    /// run no container, so the next scenario starts on an empty swarm.
    pub(crate) fn reset(&self) {
        for stack in lines(&self.manager(&["stack", "ls", "--format", "{{.Name}}"])) {
            self.manager(&["stack", "rm", &stack]);
        }
        wait_until("the stacks' services and networks are gone", 60, || {
            self.manager(&["service", "ls", "-q"]).trim().is_empty()
                && self
                    .manager(&[
                        "network",
                        "ls",
                        "-q",
                        "--filter",
                        "label=com.docker.stack.namespace",
                    ])
                    .trim()
                    .is_empty()
        });
        // The scheduler counts a removed service's tasks until their nodes report
        // them ended: a scenario started earlier would race them for resources. (A
        // job's ended tasks outlive their service, so ended tasks may stay listed.)
        let nodes: Vec<&str> = ["node", "ps", "--format", "{{.CurrentState}}"]
            .into_iter()
            .chain(NODES)
            .collect();
        wait_until("the nodes' tasks have ended", 60, || {
            self.manager(&nodes).lines().all(|state| {
                let state = state.split_whitespace().next().unwrap_or("");
                matches!(
                    state,
                    "Complete" | "Failed" | "Shutdown" | "Rejected" | "Orphaned" | "Remove"
                )
            })
        });
        // A task's container that never started can outlive its service; the next
        // scenario must not find it.
        // The engine may be removing one already ("removal ... is already in
        // progress"), so removal is retried until none is listed.
        for n in 1..=NODES.len() {
            wait_until("the nodes' containers are removed", 60, || {
                let left = lines(&self.docker(n, &["ps", "-aq"]));
                if left.is_empty() {
                    return true;
                }
                let mut args = vec!["rm", "-f"];
                args.extend(left.iter().map(String::as_str));
                let _ = self.command(n).args(&args).output();
                false
            });
        }
        for kind in ["secret", "config"] {
            let names = lines(&self.manager(&[kind, "ls", "--format", "{{.Name}}"]));
            if !names.is_empty() {
                let mut args = vec![kind, "rm"];
                args.extend(names.iter().map(String::as_str));
                self.manager(&args);
            }
        }
        for node in NODES {
            let labels = self.manager(&[
                "node",
                "inspect",
                node,
                "--format",
                "{{range $k, $v := .Spec.Labels}}{{$k}} {{end}}",
            ]);
            for label in labels.split_whitespace() {
                self.manager(&["node", "update", "--label-rm", label, node]);
            }
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let problem = match self.script().arg("down").output() {
            Ok(output) if output.status.success() => return,
            Ok(output) => format!(
                "scripts/swarm-lab down failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ),
            Err(e) => format!("scripts/swarm-lab down: {e}"),
        };
        let _ = writeln!(std::io::stderr(), "{problem}");
    }
}

/// Standard output of a command that must succeed.
pub(crate) fn expect_success(what: &str, output: &Output) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Polls `done` every half second for up to `seconds`; panics naming `what` when it
/// never holds.
pub(crate) fn wait_until(what: &str, seconds: u64, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !done() {
        assert!(
            Instant::now() < deadline,
            "timed out after {seconds}s waiting until {what}"
        );
        sleep(Duration::from_millis(500));
    }
}
