//! Benchmarks of each stage of the pipeline on generated projects of 10 to 5,000
//! services, of the shape `scripts/gen-synthetic.py` writes (image, ten environment
//! variables, two volumes, a network, a healthcheck, labels, resources, and three
//! published ports on one service in five).
//! `cargo bench` runs them; docs/PERFORMANCE.md records the figures.

use std::path::{Path, PathBuf};

use divan::Bencher;
use swarmc::compile::{CompileOptions, compile, lower_project};
use swarmc::compose::Project;
use swarmc::diagnostic::Diagnostics;
use swarmc::env::{EnvValue, Environment, interpolate};
use swarmc::fs::MemoryFs;
use swarmc::load::{LoadOptions, Loaded, load};
use swarmc::schedule::{Mode, Node, ServiceSpec, simulate};
use swarmc::site::{Machine, Site, load_default_site};
use swarmc::source::{SourceKind, Sources};
use swarmc::translate::{FileFacts, Input, Translation, translate};

const SIZES: &[usize] = &[10, 100, 1000, 5000];

fn main() {
    divan::main();
}

/// The compose file `gen-synthetic.py N` writes (`--interp` adds `${VAR:-default}` in
/// image tags and two environment values).
fn synthetic(n: usize, interp: bool) -> String {
    let nnet = (n / 10).max(1);
    let nvol = (n / 10).max(1);
    let mut out = String::with_capacity(n * 1100);
    out.push_str("services:\n");
    for i in 0..n {
        let s = format!("svc{i:05}");
        let tag = if interp { "${TAG:-1.25}" } else { "1.25" };
        out.push_str(&format!("  {s}:\n"));
        out.push_str(&format!(
            "    image: \"registry.example.com/team/app{:02}:{tag}\"\n",
            i % 50
        ));
        out.push_str("    environment:\n");
        for k in 0..10 {
            if interp && k < 2 {
                out.push_str(&format!("      VAR_{k}: \"${{ENV_{k}:-value-{i}-{k}}}\"\n"));
            } else {
                out.push_str(&format!("      VAR_{k}: \"value-{i}-{k}\"\n"));
            }
        }
        if i % 5 == 0 {
            out.push_str("    ports:\n");
            for k in 0..3 {
                out.push_str(&format!("      - \"{}:{}\"\n", 10000 + 3 * i + k, 8000 + k));
            }
        }
        out.push_str("    volumes:\n");
        out.push_str(&format!("      - \"vol{:04}:/data\"\n", i % nvol));
        out.push_str(&format!("      - \"vol{:04}:/cache:ro\"\n", (i + 1) % nvol));
        out.push_str("    networks:\n");
        out.push_str(&format!("      - net{:04}\n", i % nnet));
        out.push_str("    healthcheck:\n");
        out.push_str(
            "      test: [\"CMD-SHELL\", \"wget -qO- http://localhost:8000/health || exit 1\"]\n",
        );
        out.push_str(
            "      interval: 30s\n      timeout: 5s\n      retries: 3\n      start_period: 10s\n",
        );
        out.push_str("    labels:\n");
        out.push_str(&format!("      com.example.service: \"{s}\"\n"));
        out.push_str(&format!("      com.example.tier: \"tier{}\"\n", i % 3));
        out.push_str("      com.example.owner: \"team-a\"\n");
        out.push_str("    deploy:\n");
        out.push_str(&format!("      replicas: {}\n", 1 + i % 3));
        out.push_str("      labels:\n");
        out.push_str(&format!("        com.example.stack.service: \"{s}\"\n"));
        out.push_str("        com.example.stack.managed: \"true\"\n");
        out.push_str(
            "      resources:\n        limits:\n          cpus: '0.50'\n          memory: 256M\n",
        );
        out.push_str("        reservations:\n          cpus: '0.10'\n          memory: 64M\n");
    }
    out.push_str("networks:\n");
    for j in 0..nnet {
        out.push_str(&format!(
            "  net{j:04}:\n    driver: overlay\n    attachable: true\n"
        ));
    }
    out.push_str("volumes:\n");
    for j in 0..nvol {
        out.push_str(&format!("  vol{j:04}:\n    driver: local\n"));
    }
    out
}

/// An override file that changes every service, to measure merging.
fn override_file(n: usize) -> String {
    let mut out = String::from("services:\n");
    for i in 0..n {
        out.push_str(&format!(
            "  svc{i:05}:\n    environment:\n      VAR_0: override\n    deploy:\n      replicas: 2\n"
        ));
    }
    out
}

fn options(files: &[&str]) -> CompileOptions {
    CompileOptions {
        files: files.iter().map(PathBuf::from).collect(),
        working_dir: PathBuf::from("/p"),
        output_dir: PathBuf::from("/p"),
        ..CompileOptions::default()
    }
}

fn memory_fs(n: usize) -> MemoryFs {
    let mut fs = MemoryFs::new();
    fs.insert("/p/compose.yaml", synthetic(n, true));
    fs.insert("/p/override.yaml", override_file(n));
    fs
}

fn load_files(fs: &MemoryFs, files: &[&str]) -> Loaded {
    let options = LoadOptions {
        files: files.iter().map(PathBuf::from).collect(),
        working_dir: PathBuf::from("/p"),
        ..LoadOptions::default()
    };
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    load(&options, fs, &[], &mut sources, &mut diagnostics).expect("the project loads")
}

fn default_site() -> Site {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    load_default_site(&Machine::default(), &mut sources, &mut diagnostics).expect("default site")
}

/// Lowers a loaded project as `compile` does.
fn lowered(loaded: &Loaded, fs: &MemoryFs) -> Project {
    lower_project(loaded, fs, &mut Sources::new(), &mut Diagnostics::new())
}

/// A project of `n` services lowered, with the default site and its file facts: what
/// translation takes.
struct Lowered {
    loaded: Loaded,
    project: Project,
    site: Site,
    files: FileFacts,
}

impl Lowered {
    fn new(n: usize) -> Lowered {
        let fs = memory_fs(n);
        let loaded = load_files(&fs, &["compose.yaml"]);
        let project = lowered(&loaded, &fs);
        let site = default_site();
        let files = FileFacts::gather(&project, &site, &fs);
        Lowered {
            loaded,
            project,
            site,
            files,
        }
    }

    fn input(&self) -> Input<'_> {
        Input {
            project: &self.project,
            site: &self.site,
            env: &self.loaded.env,
            output_dir: Path::new("/p"),
            project_dir: &self.loaded.project_dir,
            files: &self.files,
        }
    }
}

fn translated(n: usize) -> Translation {
    translate(&Lowered::new(n).input(), &mut Diagnostics::new())
}

/// YAML text to `Node` trees.
#[divan::bench(args = SIZES, sample_count = 10)]
fn parse(bencher: Bencher, n: usize) {
    let mut sources = Sources::new();
    let id = sources.add(
        "compose.yaml",
        None,
        SourceKind::Compose,
        synthetic(n, true),
    );
    let file = sources.get(id);
    bencher.bench_local(|| swarmc::yaml::parse(file, id, &mut Diagnostics::new()));
}

/// The YAML parser's events alone, without building a tree: the floor under `parse`,
/// and so under every command.
#[divan::bench(args = SIZES, sample_count = 10)]
fn parser_events(bencher: Bencher, n: usize) {
    let text = synthetic(n, true);
    bencher.bench_local(|| {
        let mut parser = saphyr_parser::Parser::new_from_str(&text);
        let mut events = 0usize;
        while let Some(Ok(_)) = parser.next_event() {
            events += 1;
        }
        events
    });
}

/// `${...}` substitution over a parsed tree.
#[divan::bench(args = SIZES, sample_count = 10)]
fn interpolation(bencher: Bencher, n: usize) {
    let mut sources = Sources::new();
    let id = sources.add(
        "compose.yaml",
        None,
        SourceKind::Compose,
        synthetic(n, true),
    );
    let tree = swarmc::yaml::parse(sources.get(id), id, &mut Diagnostics::new()).remove(0);
    let mut env = Environment::new();
    env.add_layer([(
        "ENV_0".to_owned(),
        EnvValue {
            value: "set".to_owned(),
            origin: None,
        },
    )]);
    bencher
        .with_inputs(|| tree.clone())
        .bench_local_values(|mut tree| {
            interpolate(&mut tree, &env, &mut Diagnostics::new());
            tree
        });
}

/// Loading one file: read, parse, interpolate, `extends`, profiles.
#[divan::bench(args = SIZES, sample_count = 10)]
fn load_one_file(bencher: Bencher, n: usize) {
    let fs = memory_fs(n);
    bencher.bench_local(|| load_files(&fs, &["compose.yaml"]));
}

/// Loading the file and an override of every service: the difference with
/// `load_one_file` is the merge (and reading the override).
#[divan::bench(args = SIZES, sample_count = 10)]
fn load_and_merge_override(bencher: Bencher, n: usize) {
    let fs = memory_fs(n);
    bencher.bench_local(|| load_files(&fs, &["compose.yaml", "override.yaml"]));
}

/// The loaded tree to the compose model.
#[divan::bench(args = SIZES, sample_count = 10)]
fn lower(bencher: Bencher, n: usize) {
    let fs = memory_fs(n);
    let loaded = load_files(&fs, &["compose.yaml"]);
    bencher.bench_local(|| lowered(&loaded, &fs));
}

/// The compose model to the swarm model, for the default site.
#[divan::bench(args = SIZES, sample_count = 10)]
fn translation(bencher: Bencher, n: usize) {
    let lowered = Lowered::new(n);
    let input = lowered.input();
    bencher.bench_local(|| translate(&input, &mut Diagnostics::new()));
}

/// The scheduler model placing every task of the stack on a cluster of one node per 50
/// services (16 CPUs, 64 GiB each).
#[divan::bench(args = SIZES, sample_count = 10)]
fn simulation(bencher: Bencher, n: usize) {
    let nodes: Vec<Node> = (0..(n / 50).max(1))
        .map(|i| {
            let mut node = Node::new(&format!("node{i:03}"));
            node.nano_cpus = 16_000_000_000;
            node.memory_bytes = 64 << 30;
            node
        })
        .collect();
    let services: Vec<ServiceSpec> = (0..n)
        .map(|i| {
            let mode = Mode::Replicated {
                replicas: 1 + (i % 3) as u64,
            };
            let mut spec = ServiceSpec::new(&format!("svc{i:05}"), mode);
            spec.reservations.nano_cpus = 100_000_000;
            spec.reservations.memory_bytes = 64 << 20;
            spec
        })
        .collect();
    bencher.bench_local(|| simulate(&nodes, &services));
}

/// The swarm model to YAML text, as a release run writes it (not validated).
#[divan::bench(args = SIZES, sample_count = 10)]
fn emit(bencher: Bencher, n: usize) {
    let translation = translated(n);
    bencher.bench_local(|| swarmc::emit::emit(&translation.stack, &mut Diagnostics::new()));
}

/// The same, validated against the stack schema, as debug builds and runs with
/// `SWARMC_VALIDATE_OUTPUT=1` write it; the schema is compiled once per process.
#[divan::bench(args = SIZES, sample_count = 10)]
fn emit_validated(bencher: Bencher, n: usize) {
    let translation = translated(n);
    bencher
        .bench_local(|| swarmc::emit::emit_validated(&translation.stack, &mut Diagnostics::new()));
}

/// The whole compile, from bytes in memory to the stack text.
#[divan::bench(args = SIZES, sample_count = 10)]
fn whole_compile(bencher: Bencher, n: usize) {
    let fs = memory_fs(n);
    let options = options(&["compose.yaml"]);
    bencher.bench_local(|| {
        let compilation = compile(&options, &fs, &[]);
        assert!(compilation.stack.is_some());
        compilation
    });
}
