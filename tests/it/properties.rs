//! Properties over generated projects (proptest): the same input gives byte-identical
//! output whatever the order of map keys that compose does not order; swarmc's output
//! compiles to itself; and no secret value reaches a stack, a plan or a report in any
//! format.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use proptest::prelude::*;
use swarmc::compile::{CompileOptions, compile};
use swarmc::fs::MemoryFs;

use crate::support::{Swarmc, assert_stack_matches_schema};

/// One generated service.
#[derive(Clone, Debug)]
struct Service {
    image: String,
    environment: BTreeMap<String, String>,
    labels: BTreeMap<String, String>,
    replicas: Option<u8>,
    /// (published, target), published unique across the project.
    ports: Vec<(u16, u16)>,
    networks: BTreeSet<String>,
    command: Vec<String>,
    restart: Option<&'static str>,
}

/// One generated project: services and the networks and volumes they use.
#[derive(Clone, Debug)]
struct Project {
    services: BTreeMap<String, Service>,
    networks: BTreeSet<String>,
    volumes: BTreeSet<String>,
}

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,6}"
}

fn service(networks: Vec<String>, port_base: u16) -> impl Strategy<Value = Service> {
    let images = prop::sample::select(vec![
        "nginx:1.27",
        "redis:7",
        "registry.example.com/team/app:1.25",
        "postgres:16.4@sha256:0000000000000000000000000000000000000000000000000000000000000000",
    ]);
    let network_choice = if networks.is_empty() {
        Just(BTreeSet::new()).boxed()
    } else {
        prop::sample::subsequence(networks.clone(), 0..=networks.len())
            .prop_map(|n| n.into_iter().collect())
            .boxed()
    };
    (
        images,
        prop::collection::btree_map("[A-Z][A-Z0-9_]{0,5}", "[a-z0-9 ./:-]{0,10}", 0..4),
        prop::collection::btree_map("com\\.example\\.[a-z]{1,5}", "[a-z0-9]{0,6}", 0..3),
        prop::option::of(1u8..5),
        prop::collection::vec(1u16..9000, 0..3),
        network_choice,
        prop::collection::vec("[a-z0-9-]{1,6}", 0..3),
        prop::option::of(prop::sample::select(vec!["always", "on-failure", "no"])),
    )
        .prop_map(
            move |(image, environment, labels, replicas, targets, networks, command, restart)| {
                let ports = targets
                    .into_iter()
                    .enumerate()
                    .map(|(i, target)| (port_base + i as u16, target))
                    .collect();
                Service {
                    image: image.to_owned(),
                    environment,
                    labels,
                    replicas,
                    ports,
                    networks,
                    command,
                    restart,
                }
            },
        )
}

fn project() -> impl Strategy<Value = Project> {
    (
        prop::collection::btree_set(name(), 0..3),
        prop::collection::btree_set(name(), 0..3),
        prop::collection::btree_set(name(), 1..5),
    )
        .prop_flat_map(|(networks, volumes, names)| {
            let list: Vec<String> = networks.iter().cloned().collect();
            let services: Vec<_> = names
                .iter()
                .enumerate()
                .map(|(i, _)| service(list.clone(), 20000 + 10 * i as u16))
                .collect();
            let names: Vec<String> = names.into_iter().collect();
            services.prop_map(move |services| Project {
                services: names.iter().cloned().zip(services).collect(),
                networks: networks.clone(),
                volumes: volumes.clone(),
            })
        })
}

/// A small deterministic shuffle, so that one seed gives one order of every map.
struct Order(u64);

impl Order {
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = ((self.0 >> 33) % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }

    /// `entries` (already rendered, one or more lines each) in this order.
    fn join(&mut self, mut entries: Vec<String>) -> String {
        self.shuffle(&mut entries);
        entries.concat()
    }
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The project as a compose file, with every unordered map in the order `seed` picks.
fn render(project: &Project, seed: u64) -> String {
    let mut order = Order(seed);
    let mut sections = Vec::new();
    let mut services = Vec::new();
    for (name, service) in &project.services {
        let mut keys = vec![format!("    image: {}\n", quoted(&service.image))];
        if !service.environment.is_empty() {
            let vars = service
                .environment
                .iter()
                .map(|(k, v)| format!("      {k}: {}\n", quoted(v)))
                .collect();
            keys.push(format!("    environment:\n{}", order.join(vars)));
        }
        if !service.labels.is_empty() {
            let labels = service
                .labels
                .iter()
                .map(|(k, v)| format!("      {k}: {}\n", quoted(v)))
                .collect();
            keys.push(format!("    labels:\n{}", order.join(labels)));
        }
        if let Some(replicas) = service.replicas {
            keys.push(format!("    deploy:\n      replicas: {replicas}\n"));
        }
        if !service.ports.is_empty() {
            let ports: String = service
                .ports
                .iter()
                .map(|(published, target)| format!("      - \"{published}:{target}\"\n"))
                .collect();
            keys.push(format!("    ports:\n{ports}"));
        }
        if !service.networks.is_empty() {
            let networks = service
                .networks
                .iter()
                .map(|n| format!("      {n}: {{}}\n"))
                .collect();
            keys.push(format!("    networks:\n{}", order.join(networks)));
        }
        if !service.command.is_empty() {
            let words: Vec<String> = service.command.iter().map(|w| quoted(w)).collect();
            keys.push(format!("    command: [{}]\n", words.join(", ")));
        }
        if let Some(restart) = service.restart {
            keys.push(format!("    restart: {}\n", quoted(restart)));
        }
        services.push(format!("  {name}:\n{}", order.join(keys)));
    }
    sections.push(format!("services:\n{}", order.join(services)));
    if !project.networks.is_empty() {
        let networks = project
            .networks
            .iter()
            .map(|n| format!("  {n}:\n    driver: overlay\n"))
            .collect();
        sections.push(format!("networks:\n{}", order.join(networks)));
    }
    if !project.volumes.is_empty() {
        let volumes = project
            .volumes
            .iter()
            .map(|v| format!("  {v}: {{}}\n"))
            .collect();
        sections.push(format!("volumes:\n{}", order.join(volumes)));
    }
    order.join(sections)
}

/// Compiles `compose.yaml` in memory with the default site; the stack, and the
/// diagnostics as concise lines.
fn compile_text(text: &str) -> (Option<String>, String) {
    let mut fs = MemoryFs::new();
    fs.insert("/p/compose.yaml", text.as_bytes().to_vec());
    let options = CompileOptions {
        files: vec![PathBuf::from("compose.yaml")],
        working_dir: PathBuf::from("/p"),
        output_dir: PathBuf::from("/p"),
        ..CompileOptions::default()
    };
    let compilation = compile(&options, &fs, &[]);
    let report = swarmc::report::concise(&compilation.diagnostics, &compilation.sources);
    (compilation.stack, report)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Byte-identical output from the same input, and from the same project written
    /// with its maps in another order.
    #[test]
    fn output_is_deterministic_whatever_the_order_of_maps(
        project in project(),
        seed in any::<u64>(),
    ) {
        let sorted = render(&project, 0);
        let first = compile_text(&sorted);
        prop_assert_eq!(&first, &compile_text(&sorted));
        let permuted = compile_text(&render(&project, seed));
        prop_assert_eq!(&first.0, &permuted.0);
        // The same findings, though at other places in the file.
        let codes = |report: &str| {
            let mut codes: Vec<String> = report
                .lines()
                .filter_map(|l| l.split_once(": ").map(|(_, rest)| rest.to_owned()))
                .collect();
            codes.sort();
            codes
        };
        prop_assert_eq!(codes(&first.1), codes(&permuted.1));
    }

    /// Compiling swarmc's output gives it back unchanged.
    #[test]
    fn output_is_a_fixpoint(project in project(), seed in any::<u64>()) {
        let (stack, report) = compile_text(&render(&project, seed));
        let Some(stack) = stack else {
            return Err(TestCaseError::reject(format!("not compiled:\n{report}")));
        };
        assert_stack_matches_schema("a generated project", &stack);
        let (again, report) = compile_text(&stack);
        prop_assert_eq!(Some(&stack), again.as_ref(), "{}", report);
    }
}

/// Where a secret value may hide in a generated project.
#[derive(Clone, Copy, Debug)]
enum Use {
    /// Not substituted anywhere.
    Unused,
    /// Substituted into an image reference that is not valid, so that a diagnostic
    /// is about the value.
    InvalidImage,
    /// Substituted into an extension field, which is read and not emitted.
    Extension,
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The value of a secret file, of a site variable marked `secret: true`, and of a
    /// variable a compose secret is created from appear in no stack, no plan and no
    /// report, in any format, even when a finding is about them or next to them.
    #[test]
    fn secret_values_are_never_shown(
        project in project(),
        token in "[A-Za-z0-9]{12,20}",
        password in "[A-Za-z0-9]{12,20}",
        content in "[A-Za-z0-9]{12,20}",
        site_use in prop::sample::select(vec![Use::Unused, Use::InvalidImage, Use::Extension]),
        bad_tag in any::<bool>(),
    ) {
        let token = format!("tok{token}");
        let password = format!("pw{password}");
        let content = format!("file{content}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        let mut compose = render(&project, 1);
        compose.push_str("secrets:\n  db_password:\n    environment: DB_PASSWORD\n  tls_key:\n    file: ./tls.key\n");
        compose.push_str("x-note:\n  token: \"${TOKEN:-}\"\n");
        if let Use::Extension = site_use {
            compose.push_str("  also: \"t-${TOKEN}\"\n");
        }
        // One more service (its name cannot clash: generated names have no `-`).
        let mut extra = String::from("services:\n  zz-extra:\n");
        extra.push_str(match site_use {
            Use::InvalidImage => "    image: \"bad image ${TOKEN}\"\n",
            _ => "    image: nginx:1.27\n",
        });
        if bad_tag {
            // A finding at the `.env` line just above the password's.
            extra.push_str("    container_name: \"${TAG} x\"\n");
        }
        let compose = compose.replacen("services:\n", &extra, 1);
        std::fs::write(path.join("compose.yaml"), compose).unwrap();
        std::fs::write(path.join(".env"), format!("TAG=bad tag\nDB_PASSWORD={password}\nOTHER=1\n")).unwrap();
        std::fs::write(path.join("tls.key"), format!("{content}\n")).unwrap();
        std::fs::write(
            path.join("site.yaml"),
            format!(
                "env:\n  vars:\n    REGION: eu\n    TOKEN: {{ value: \"{token}\", secret: true }}\n    AFTER: x\nnodes:\n  - {{ hostname: m1, role: manager }}\n"
            ),
        )
        .unwrap();
        let secrets = [&token, &password, &content];
        let mut runs = Vec::new();
        for format in ["human", "concise", "json", "sarif", "github", "gitlab", "junit"] {
            runs.push(
                Swarmc::new(path)
                    .args(["compile", "-f", "compose.yaml", "--site", "site.yaml"])
                    .args(["--output-format", format])
                    .run(),
            );
        }
        for format in ["markdown", "shell"] {
            runs.push(
                Swarmc::new(path)
                    .args(["plan", "-f", "compose.yaml", "--site", "site.yaml"])
                    .args(["--format", format])
                    .run(),
            );
        }
        for run in &runs {
            prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
            for secret in secrets {
                prop_assert!(
                    !run.stdout.contains(secret.as_str()) && !run.stderr.contains(secret.as_str()),
                    "`{}` shown:\n{}",
                    secret,
                    run.transcript()
                );
            }
        }
    }
}

/// How a generated secret is written in the site profile.
#[derive(Clone, Copy, Debug)]
enum Written {
    /// A YAML double-quoted scalar with escapes (`"it's \"a\"\n"`).
    DoubleQuoted,
    /// A literal block scalar, one line of the value per line of the file.
    Block,
}

/// A secret value with what makes it hard to mask: quotes, backslashes, line breaks
/// and a control character between random parts.
fn awkward_secret(prefix: &'static str) -> impl Strategy<Value = String> {
    (
        "[A-Za-z0-9]{8,12}",
        prop::sample::select(vec![
            "'", "\"", "\\", "\n", "'\n\"", "\\n", "\u{1}", "it'\\''s", "''",
        ]),
        "[A-Za-z0-9]{8,12}",
    )
        .prop_map(move |(a, between, b)| format!("{prefix}{a}{between}{b}"))
}

/// `value` as a `.env` double-quoted value.
fn dotenv_quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Secrets with quotes, escapes and line breaks, written escaped or as a block
    /// scalar, appear in no report (in any format) and no plan, neither as they decode
    /// nor in any encoding a report or plan writes them in.
    #[test]
    fn awkward_secret_values_are_never_shown(
        token in awkward_secret("tok"),
        password in awkward_secret("pw"),
        written in prop::sample::select(vec![Written::DoubleQuoted, Written::Block]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        // A finding on the line of each secret: an image reference that is not valid
        // next to the `.env` password, an unknown key next to the site's token.
        let compose = "services:\n  web:\n    image: \"bad image ${TAG}\"\nsecrets:\n  db_password:\n    environment: DB_PASSWORD\n";
        std::fs::write(path.join("compose.yaml"), compose).unwrap();
        std::fs::write(
            path.join(".env"),
            format!("TAG=x\nDB_PASSWORD={}\nOTHER=1\n", dotenv_quoted(&password)),
        )
        .unwrap();
        let value = match written {
            Written::DoubleQuoted => format!(
                "\n      value: {}",
                serde_json::to_string(&token).unwrap()
            ),
            Written::Block => {
                let lines: String = token.lines().map(|l| format!("        {l}\n")).collect();
                format!("\n      value: |-\n{}", lines.trim_end_matches('\n'))
            }
        };
        let block_ok = !token.contains('\u{1}');
        prop_assume!(matches!(written, Written::DoubleQuoted) || block_ok);
        // The first site has a finding on the line after the token, which stops the run
        // there; the second lets it go on to the `.env` file.
        std::fs::write(
            path.join("site.yaml"),
            format!(
                "env:\n  vars:\n    TOKEN:{value}\n      bogus: 1\n      secret: true\nnodes:\n  - {{ hostname: m1, role: manager }}\n"
            ),
        )
        .unwrap();
        std::fs::write(
            path.join("site-ok.yaml"),
            format!(
                "env:\n  vars:\n    TOKEN:{value}\n      secret: true\nnodes:\n  - {{ hostname: m1, role: manager }}\n"
            ),
        )
        .unwrap();
        let mut runs = Vec::new();
        for site in ["site.yaml", "site-ok.yaml"] {
            for format in ["human", "concise", "json", "sarif", "github", "gitlab", "junit"] {
                runs.push(
                    Swarmc::new(path)
                        .args(["compile", "-f", "compose.yaml", "--site", site])
                        .args(["--output-format", format])
                        .run(),
                );
            }
        }
        for format in ["markdown", "shell"] {
            runs.push(
                Swarmc::new(path)
                    .args(["plan", "-f", "compose.yaml", "--site", "site-ok.yaml"])
                    .args(["--format", format])
                    .run(),
            );
        }
        let forms: Vec<String> = [&token, &password]
            .into_iter()
            .flat_map(|s| swarmc::secret_forms::forms(s))
            .collect();
        for run in &runs {
            prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
            for form in &forms {
                prop_assert!(
                    !run.stdout.contains(form.as_str()) && !run.stderr.contains(form.as_str()),
                    "{:?} shown:\n{}",
                    form,
                    run.transcript()
                );
            }
        }
    }
}
