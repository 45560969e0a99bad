//! swarmc's output on a real swarm: a hermetic three-node SwarmKit lab started by
//! `scripts/swarm-lab` inside the test run, on which the example sites and the lab's
//! fixture projects are deployed and `swarmc check`'s prediction is held against the
//! real scheduler. The models the other tests use (docker's loader without an engine,
//! a recording fake engine, swarmc's own scheduler model) cannot show what only a
//! real engine does; this suite can.
//!
//! It runs its own harness (one lab for every scenario, torn down even when one
//! fails): `cargo test --test swarm [FILTER]`. The lab needs root; without it, or with
//! `SWARMC_LAB=0`, the suite prints a SKIPPED line and passes, except under CI
//! (`CI` set), where it fails instead.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::time::Instant;

mod changes;
mod engine;
mod import;
mod lab;
mod observe;
mod prediction;
mod project;
mod sites;
mod state;

use lab::Lab;

type Scenario = (&'static str, fn(&Lab));

const SCENARIOS: &[Scenario] = &[
    ("networks_get_the_subnets_written", engine::subnets),
    (
        "container_name_resolves_for_a_peer",
        engine::container_name_alias,
    ),
    (
        "secrets_and_configs_keep_hashed_names_across_deploys",
        engine::hashed_names,
    ),
    ("one_shot_jobs_run_once", engine::jobs_run_once),
    (
        "generic_resources_reach_the_container",
        engine::generic_resources,
    ),
    (
        "prediction_holds_for_scheduling",
        engine::predict_scheduling,
    ),
    ("prediction_holds_for_creation_order", engine::predict_order),
    ("site_xnat_deploys_through_its_plan", sites::xnat),
    ("site_openmpf_deploys_through_its_plan", sites::openmpf),
    ("site_bids_flux_deploys_through_its_plan", sites::bids_flux),
    (
        "site_research_cluster_deploys_through_its_plan",
        sites::research_cluster,
    ),
    (
        "imported_site_compiles_as_the_written_one",
        import::imported_site,
    ),
    (
        "check_predicts_beside_another_running_stack",
        state::check_against_running,
    ),
    (
        "diff_says_what_a_deploy_then_does",
        changes::deploy_what_diff_says,
    ),
];

/// Writes a line where the harness shows it (standard output, unbuffered).
pub(crate) fn say(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        for (name, _) in SCENARIOS {
            say(&format!("{name}: test"));
        }
        return ExitCode::SUCCESS;
    }
    let filter = args.iter().find(|a| !a.starts_with('-')).cloned();
    let chosen: Vec<&Scenario> = SCENARIOS
        .iter()
        .filter(|(name, _)| filter.as_ref().is_none_or(|f| name.contains(f.as_str())))
        .collect();
    if chosen.is_empty() {
        return ExitCode::SUCCESS;
    }

    let ci = under_ci();
    let why_not = if std::env::var("SWARMC_LAB").is_ok_and(|v| v == "0") {
        Some("SWARMC_LAB=0".to_string())
    } else {
        lab::missing_requirements()
    };
    if let Some(why) = why_not {
        if ci {
            say(&format!(
                "FAILED swarm: CI is set, and the real-swarm suite cannot run: {why}"
            ));
            return ExitCode::FAILURE;
        }
        say(&format!(
            "SKIPPED swarm: {why} (the real-swarm suite did not run)"
        ));
        return ExitCode::SUCCESS;
    }

    let started = Instant::now();
    let lab = match Lab::start() {
        Ok(lab) => lab,
        Err(why) => {
            say(&format!("FAILED swarm: the lab did not start: {why}"));
            return ExitCode::FAILURE;
        }
    };
    say(&format!(
        "swarm lab up in {:.1}s: 3 nodes of {} CPUs and {} MiB",
        started.elapsed().as_secs_f64(),
        lab.cpus,
        lab.memory >> 20
    ));

    let mut failed = Vec::new();
    for (name, scenario) in &chosen {
        let began = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            lab.reset();
            scenario(&lab);
        }));
        let seconds = began.elapsed().as_secs_f64();
        match result {
            Ok(()) => say(&format!("test {name} ... ok ({seconds:.1}s)")),
            Err(_) => {
                say(&format!("test {name} ... FAILED ({seconds:.1}s)"));
                failed.push(*name);
            }
        }
    }
    drop(lab);
    say(&format!(
        "swarm: {} passed, {} failed, in {:.0}s",
        chosen.len() - failed.len(),
        failed.len(),
        started.elapsed().as_secs_f64()
    ));
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        say(&format!("failures: {}", failed.join(", ")));
        ExitCode::FAILURE
    }
}
