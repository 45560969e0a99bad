//! Lowering time on a large project shaped like the benchmark file (5,000 services,
//! each with environment, ports, volumes, a network, a healthcheck, labels and deploy
//! resources). Run with `cargo test --release --lib compose::lower::tests::perf --
//! --ignored --nocapture`; `SWARMC_BENCH_FILE=path` lowers that file instead, and
//! `LOWER_RUNS=n` sets how many runs to time.

use std::fmt::Write;
use std::path::PathBuf;
use std::time::Instant;

use crate::diagnostic::Diagnostics;
use crate::source::{SourceKind, Sources};
use crate::yaml;

fn large_project(services: usize) -> String {
    let groups = (services / 10).max(1);
    let mut out = String::from("services:\n");
    for i in 0..services {
        let _ = write!(
            out,
            "  svc{i:05}:\n    image: \"registry.example.com/team/app{:02}:1.25\"\n    environment:\n",
            i % 50
        );
        for k in 0..10 {
            let _ = writeln!(out, "      VAR_{k}: \"value-{i}-{k}\"");
        }
        out.push_str("    ports:\n");
        for k in 0..3 {
            let _ = writeln!(out, "      - \"{}:{}\"", 10000 + 3 * i + k, 8000 + k);
        }
        let _ = write!(
            out,
            "    volumes:\n      - \"vol{:04}:/data\"\n      - \"vol{:04}:/cache:ro\"\n    networks:\n      - net{:04}\n",
            i % groups,
            (i + 1) % groups,
            i % groups
        );
        out.push_str(
            "    healthcheck:\n      test: [\"CMD-SHELL\", \"wget -qO- http://localhost:8000/health || exit 1\"]\n      interval: 30s\n      timeout: 5s\n      retries: 3\n      start_period: 10s\n",
        );
        let _ = write!(
            out,
            "    labels:\n      com.example.service: \"svc{i:05}\"\n      com.example.tier: \"tier{}\"\n      com.example.owner: \"team-a\"\n",
            i % 3
        );
        let _ = write!(
            out,
            "    deploy:\n      replicas: {}\n      labels:\n        com.example.stack.service: \"svc{i:05}\"\n        com.example.stack.managed: \"true\"\n      resources:\n        limits:\n          cpus: '0.50'\n          memory: 256M\n        reservations:\n          cpus: '0.10'\n          memory: 64M\n",
            1 + i % 3
        );
    }
    out.push_str("networks:\n");
    for j in 0..groups {
        let _ = write!(
            out,
            "  net{j:04}:\n    driver: overlay\n    attachable: true\n"
        );
    }
    out.push_str("volumes:\n");
    for j in 0..groups {
        let _ = write!(out, "  vol{j:04}:\n    driver: local\n");
    }
    out
}

#[test]
#[ignore = "a measurement; run in release"]
#[allow(clippy::print_stderr)]
fn lowering_5000_services() {
    let text = std::env::var("SWARMC_BENCH_FILE")
        .ok()
        .and_then(|path| std::fs::read_to_string(path).ok())
        .unwrap_or_else(|| large_project(5000));
    let mut sources = Sources::new();
    let id = sources.add("big.yaml", None, SourceKind::Compose, text);
    let mut diagnostics = Diagnostics::new();
    let start = Instant::now();
    let tree = yaml::parse(sources.get(id), id, &mut diagnostics)
        .into_iter()
        .next()
        .expect("one document");
    eprintln!("parsing: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    let bases = |_| PathBuf::from("/project");
    let mut best = f64::MAX;
    let runs = std::env::var("LOWER_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(10);
    for _ in 0..runs {
        let mut diagnostics = Diagnostics::new();
        let start = Instant::now();
        let project = super::super::lower(&tree, &bases, &mut diagnostics);
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        best = best.min(elapsed);
        assert_eq!(project.services.len(), 5000);
        assert!(diagnostics.is_empty());
        drop(project);
    }
    eprintln!("lowering 5,000 services: best of {runs} runs {best:.1} ms");
}

#[test]
#[ignore = "a measurement; run in release"]
#[allow(clippy::print_stderr)]
fn lowering_5000_minimal_services() {
    let mut text = String::from("services:\n");
    for i in 0..5000 {
        let _ = write!(text, "  svc{i:05}:\n    image: nginx\n");
    }
    let mut sources = Sources::new();
    let id = sources.add("big.yaml", None, SourceKind::Compose, text);
    let mut diagnostics = Diagnostics::new();
    let tree = yaml::parse(sources.get(id), id, &mut diagnostics)
        .into_iter()
        .next()
        .expect("one document");
    let bases = |_| PathBuf::from("/project");
    let mut best = f64::MAX;
    for _ in 0..10 {
        let mut diagnostics = Diagnostics::new();
        let start = Instant::now();
        let project = super::super::lower(&tree, &bases, &mut diagnostics);
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        drop(project);
    }
    eprintln!("lowering 5,000 minimal services: best of 10 runs {best:.1} ms");
}
