//! `swarmc site import` on the lab: what it measures from the running swarm (nodes,
//! roles, labels, sizes, GPUs, the address pool) refreshes the hand-written lab site
//! with `--into` without changing what it compiles the lab's projects to, and a
//! second refresh finds nothing to change.

use std::process::Command;

use crate::lab::{Lab, expect_success};
use crate::project::Project;
use crate::sites::run_plan_steps;

/// `swarmc site import --docker ARGS` against the lab's manager, in `dir`; returns
/// standard output and standard error.
fn import(lab: &Lab, dir: &std::path::Path, args: &[&str]) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_swarmc"))
        .args(["site", "import", "--docker"])
        .args(args)
        .current_dir(dir)
        .env("DOCKER_HOST", lab.host(1))
        .output()
        .expect("swarmc runs");
    let stdout = expect_success("swarmc site import --docker", &output);
    (stdout, String::from_utf8_lossy(&output.stderr).into_owned())
}

pub(crate) fn imported_site(lab: &Lab) {
    for fixture in ["lab/engine", "lab/scheduling", "lab/gpu-order"] {
        let project = Project::new(lab, "imported", fixture, "lab/site.yaml", &[]);
        // The plan's own step gives the nodes the labels the site names.
        run_plan_steps(lab, &project, &["node-labels"]);
        let written = project.compile();

        let (_, said) = import(lab, &project.dir, &["--into", "site.yaml"]);
        assert!(said.contains("imported 3 nodes"), "{fixture}: {said}");
        let imported = project.compile();
        assert_eq!(
            imported, written,
            "{fixture}: the site refreshed from the swarm compiles to another stack"
        );
        let (_, again) = import(lab, &project.dir, &["--into", "site.yaml"]);
        assert!(
            again.contains("imported 3 nodes; 0 changes"),
            "{fixture}: a second refresh should change nothing:\n{again}"
        );
    }

    // A fresh profile names what the lab has.
    let dir = tempfile::tempdir().expect("tempdir");
    let (profile, _) = import(lab, dir.path(), &[]);
    for wanted in [
        "hostname: node-1",
        "role: manager",
        "hostname: node-3",
        "GPU-2a",
        "GPU-2b",
        "subnets: [10.0.0.0/8]",
        "ingress_subnet: 10.0.0.0/24",
    ] {
        assert!(
            profile.contains(wanted),
            "`{wanted}` is missing:\n{profile}"
        );
    }
}
