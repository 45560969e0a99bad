use super::*;
use crate::site::{Arch, Availability, GenericResource, Role};
use crate::source::SourceKind;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{path}")).unwrap()
}

/// Imports the five outputs of one docker release's fixtures.
fn import_release(release: &str) -> (Option<Imported>, Diagnostics, Sources) {
    let mut sources = Sources::new();
    let mut add = |file: &str| {
        let text = fixture(&format!("{release}/{file}"));
        Some(sources.add(file, None, SourceKind::DockerOutput, text))
    };
    let inputs = Inputs {
        nodes: add("nodes.json"),
        info: add("info.json"),
        networks: add("networks.json"),
        secrets: add("secrets.json"),
        configs: add("configs.json"),
    };
    let mut diagnostics = Diagnostics::new();
    let imported = import(&sources, &inputs, &mut diagnostics);
    (imported, diagnostics, sources)
}

fn nodes_only(text: &str) -> (Option<Imported>, Diagnostics, Sources) {
    let mut sources = Sources::new();
    let id = sources.add(
        "nodes.json",
        None,
        SourceKind::DockerOutput,
        text.to_owned(),
    );
    let inputs = Inputs {
        nodes: Some(id),
        ..Inputs::default()
    };
    let mut diagnostics = Diagnostics::new();
    let imported = import(&sources, &inputs, &mut diagnostics);
    (imported, diagnostics, sources)
}

/// `line:column` (1-based) of the first diagnostic, and its message.
fn located(diagnostics: &Diagnostics, sources: &Sources) -> (String, String) {
    let d = diagnostics.iter().next().expect("a diagnostic");
    let span = d.primary.as_ref().expect("located").span;
    let at = sources.get(span.source).line_col(span.start);
    (format!("{}:{}", at.line, at.column), d.message.clone())
}

#[test]
fn docker_20_10_nodes_become_site_nodes() {
    let (imported, diagnostics, _) = import_release("docker-20.10");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let imported = imported.unwrap();
    let names: Vec<&str> = imported
        .nodes
        .iter()
        .map(|n| n.node.hostname.as_str())
        .collect();
    assert_eq!(names, ["lab1", "lab2", "lab3"]);
    let lab1 = &imported.nodes[0];
    assert_eq!(lab1.node.role, Role::Manager);
    assert_eq!(lab1.node.cpus, Some(2));
    assert_eq!(lab1.node.memory.unwrap().bytes(), 4_124_119_040);
    assert_eq!(lab1.node.labels["zone"], "a");
    assert_eq!(lab1.node.engine_labels["storage"], "ssd");
    // `Status.Addr` is `0.0.0.0` on this leader: the manager address stands in.
    let addresses: Vec<String> = lab1.node.addresses.iter().map(|a| a.to_string()).collect();
    assert_eq!(addresses, ["192.168.56.11"]);
    let lab2 = &imported.nodes[1];
    assert_eq!(
        lab2.node.generic_resources["NVIDIA-GPU"],
        GenericResource::Named(vec!["GPU-8f6e2b1c-4d3a-9e7f-0a1b-2c3d4e5f6a7b".into()])
    );
    assert_eq!(
        lab2.node.generic_resources["SSD"],
        GenericResource::Discrete(2)
    );
    let lab3 = &imported.nodes[2];
    assert_eq!(lab3.node.availability, Availability::Drain);
    assert_eq!(lab3.node.platform.arch, Arch::Aarch64);
    assert_eq!(lab3.state.as_deref(), Some("down"));
}

#[test]
fn docker_20_10_info_and_networks_give_the_pool_and_taken_subnets() {
    let imported = import_release("docker-20.10").0.unwrap();
    let info = imported.info.unwrap();
    let pool = info.address_pool.unwrap();
    assert_eq!(pool.subnets[0].to_string(), "10.10.0.0/16");
    assert_eq!(pool.mask_length, 26);
    assert_eq!(info.data_path_port, Some(4789));
    let networks = imported.networks.unwrap();
    assert_eq!(networks.ingress_subnet.unwrap().to_string(), "10.10.0.0/26");
    let taken: Vec<(String, String, Option<String>)> = networks
        .taken
        .iter()
        .map(|t| (t.key.clone(), t.subnet.to_string(), t.stack.clone()))
        .collect();
    assert_eq!(
        taken,
        [
            (
                "monitoring_default".into(),
                "10.10.0.64/26".into(),
                Some("monitoring".into())
            ),
            ("shared".into(), "10.10.1.0/24".into(), None),
        ]
    );
    assert_eq!(
        imported.secrets.unwrap(),
        ["db_password", "monitoring_grafana_admin"]
    );
    assert_eq!(
        imported.configs.unwrap(),
        ["monitoring_prometheus_yml_3f2a9c1e0b"]
    );
}

#[test]
fn docker_28_fields_are_read_and_new_ones_ignored() {
    let (imported, diagnostics, _) = import_release("docker-28");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let imported = imported.unwrap();
    let lab2 = imported
        .nodes
        .iter()
        .find(|n| n.node.hostname == "lab2")
        .unwrap();
    assert_eq!(lab2.node.generic_resources["NVIDIA-GPU"].count(), 2);
    assert_eq!(imported.secrets.unwrap(), ["db_password"]);
    assert_eq!(imported.configs.unwrap(), Vec::<String>::new());
    assert_eq!(imported.networks.unwrap().taken.len(), 2);
}

#[test]
fn the_rendered_profile_loads_and_is_deterministic() {
    let imported = import_release("docker-20.10").0.unwrap();
    let text = render(&imported, None);
    assert_eq!(text, render(&imported, None));
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let mut fs = crate::fs::MemoryFs::new();
    fs.insert("/site.yaml", text.as_str());
    let site = crate::site::load_site(
        &fs,
        &mut sources,
        std::path::Path::new("/site.yaml"),
        &mut diagnostics,
    );
    assert!(diagnostics.is_empty(), "{text}\n{diagnostics:?}");
    let site = site.unwrap();
    assert_eq!(site.nodes.len(), 3);
    assert_eq!(site.network.address_pool.mask_length, 26);
    assert_eq!(site.network.taken_subnets.len(), 2);
    assert_eq!(
        site.network.ingress_subnet.unwrap().to_string(),
        "10.10.0.0/26"
    );
}

#[test]
fn refreshing_reports_what_changed_and_keeps_what_a_person_wrote() {
    let before = import_release("docker-20.10").0.unwrap();
    let text = format!(
        "name: lab\n{}\nregistry:\n  address: registry.lab:5000\n",
        render(&before, None)
    );
    let text = text.replace(
        "  host_networks: {}\n",
        "  host_networks:\n    lan: 192.168.56.0/24\n",
    );
    let text = text.replace(
        "addresses: [192.168.56.12]",
        "addresses: [192.168.56.12/24]",
    );
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let mut fs = crate::fs::MemoryFs::new();
    fs.insert("/site.yaml", text.as_str());
    let site = crate::site::load_site(
        &fs,
        &mut sources,
        std::path::Path::new("/site.yaml"),
        &mut diagnostics,
    )
    .unwrap_or_else(|| panic!("{text}\n{diagnostics:?}"));
    let after = import_release("docker-28").0.unwrap();
    let (refreshed, changes) = refresh(&site, after);
    let changes: Vec<&str> = changes.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        changes,
        [
            "node `lab1`: label `zone` changed from `a` to `c`",
            "node `lab2`: generic resource `NVIDIA-GPU` changed from `GPU-8f6e2b1c-4d3a-9e7f-0a1b-2c3d4e5f6a7b` to `GPU-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`, `GPU-8f6e2b1c-4d3a-9e7f-0a1b-2c3d4e5f6a7b`",
            "node `lab3` is gone from the swarm",
            "node `lab4` is new",
            "network `shared` (10.10.1.0/24) is gone from the swarm",
            "network `ci_builds` (10.10.0.128/26) is new",
        ]
    );
    let lab2 = &refreshed.nodes[1];
    assert_eq!(lab2.node.addresses[0].to_string(), "192.168.56.12/24");
    let out = render(&refreshed, Some(&site));
    assert!(out.contains("name: lab\n"), "{out}");
    assert!(out.contains("    lan: 192.168.56.0/24\n"), "{out}");
    assert!(
        out.contains("registry:\n  address: \"registry.lab:5000\"\n"),
        "{out}"
    );
}

#[test]
fn truncated_output_is_refused_where_it_ends() {
    let text = fixture("hostile/truncated-nodes.json");
    let (imported, diagnostics, sources) = nodes_only(&text);
    assert!(imported.is_none());
    let (at, message) = located(&diagnostics, &sources);
    assert_eq!(
        message,
        "this is not what `docker node inspect` prints: the output ends too early"
    );
    assert_eq!(
        at,
        format!(
            "{}:{}",
            text.lines().count(),
            text.lines().last().unwrap().chars().count() + 1
        )
    );
}

#[test]
fn unknown_values_are_refused_at_their_place() {
    let cases = [
        (
            "hostile/unknown-role.json",
            "1:25",
            "unknown variant `leader`, expected `manager` or `worker`",
        ),
        (
            "hostile/unknown-arch.json",
            "132:38",
            "unknown architecture `mips`",
        ),
        ("hostile/table.json", "1:1", "expected value"),
    ];
    for (file, at, reason) in cases {
        let (imported, diagnostics, sources) = nodes_only(&fixture(file));
        assert!(imported.is_none(), "{file}");
        let (found_at, message) = located(&diagnostics, &sources);
        assert_eq!(
            message,
            format!("this is not what `docker node inspect` prints: {reason}"),
            "{file}"
        );
        assert_eq!(found_at, at, "{file}");
    }
}

#[test]
fn hostile_input_never_panics() {
    for file in ["hostile/deep.json", "hostile/huge-cpus.json"] {
        let (imported, diagnostics, _) = nodes_only(&fixture(file));
        assert!(imported.is_none(), "{file}");
        assert_eq!(diagnostics.len(), 1, "{file}");
    }
    let text = fixture("docker-20.10/nodes.json");
    for end in (0..text.len()).step_by(97) {
        if text.is_char_boundary(end) {
            let _ = nodes_only(&text[..end]);
        }
    }
    for garbage in [
        "",
        "null",
        "{}",
        "[null]",
        "[[]]",
        "\"x\"",
        "[{\"Spec\":1}]",
        "\u{feff}[",
    ] {
        let (imported, diagnostics, _) = nodes_only(garbage);
        assert!(imported.is_none() && !diagnostics.is_empty(), "{garbage:?}");
    }
}

#[test]
fn secrets_take_both_list_and_inspect_shapes() {
    let mut sources = Sources::new();
    let ls = sources.add(
        "ls",
        None,
        SourceKind::DockerOutput,
        "{\"Name\":\"b\"}\n{\"Name\":\"a\"}\n".into(),
    );
    let inspect = sources.add(
        "inspect",
        None,
        SourceKind::DockerOutput,
        "[{\"ID\":\"x\",\"Spec\":{\"Name\":\"c\",\"Labels\":{}}}]".into(),
    );
    let bad = sources.add(
        "bad",
        None,
        SourceKind::DockerOutput,
        "{\"ID\":\"x\"}".into(),
    );
    let mut diagnostics = Diagnostics::new();
    let inputs = Inputs {
        secrets: Some(ls),
        configs: Some(inspect),
        ..Inputs::default()
    };
    let imported = import(&sources, &inputs, &mut diagnostics).unwrap();
    assert_eq!(imported.secrets.unwrap(), ["a", "b"]);
    assert_eq!(imported.configs.unwrap(), ["c"]);
    let inputs = Inputs {
        secrets: Some(bad),
        ..Inputs::default()
    };
    assert!(import(&sources, &inputs, &mut diagnostics).is_none());
    let (at, _) = located(&diagnostics, &sources);
    assert_eq!(at, "1:1");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// A docker output with one character changed anywhere never panics the import:
    /// it is imported or refused, and refused with a location.
    #[test]
    fn one_changed_character_never_panics(
        release in proptest::sample::select(vec!["docker-20.10", "docker-28"]),
        file in proptest::sample::select(vec!["nodes.json", "info.json", "networks.json", "secrets.json"]),
        at in 0usize..100_000,
        with in proptest::sample::select(vec!['"', '{', '}', '[', ']', ',', ':', '0', '-', 'x', '\\', ' ', 'é']),
    ) {
        let text = fixture(&format!("{release}/{file}"));
        let at = at % text.len();
        let mut changed: String = text.chars().take(at).collect();
        changed.push(with);
        changed.extend(text.chars().skip(at + 1));
        let mut sources = Sources::new();
        let id = Some(sources.add(file, None, SourceKind::DockerOutput, changed));
        let inputs = match file {
            "nodes.json" => Inputs { nodes: id, ..Inputs::default() },
            "info.json" => Inputs { info: id, ..Inputs::default() },
            "networks.json" => Inputs { networks: id, ..Inputs::default() },
            _ => Inputs { secrets: id, ..Inputs::default() },
        };
        let mut diagnostics = Diagnostics::new();
        if import(&sources, &inputs, &mut diagnostics).is_none() {
            proptest::prop_assert!(diagnostics.iter().all(|d| d.primary.is_some()));
        }
    }
}
