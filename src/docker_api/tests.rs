use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::swarm::{self, FileReference, Port, PortMode, Protocol, ServiceNetwork};

fn stack() -> Stack {
    let mut stack = Stack::default();
    let web = swarm::Service {
        image: "nginx:1.27".to_owned(),
        environment: BTreeMap::from([
            ("A".to_owned(), Some("1".to_owned())),
            ("A1".to_owned(), Some("2".to_owned())),
            ("HOME".to_owned(), None),
            ("UNSET".to_owned(), None),
        ]),
        ports: vec![
            Port {
                target: 443,
                published: Some(8443),
                protocol: Some(Protocol::Tcp),
                mode: Some(PortMode::Ingress),
            },
            Port {
                target: 80,
                published: Some(8080),
                protocol: None,
                mode: None,
            },
        ],
        networks: BTreeMap::from([(
            "front".to_owned(),
            ServiceNetwork {
                aliases: vec!["www".to_owned()],
                ..ServiceNetwork::default()
            },
        )]),
        secrets: vec![FileReference {
            source: "key".to_owned(),
            target: None,
            uid: None,
            gid: None,
            mode: None,
        }],
        cap_add: vec!["net_admin".to_owned(), "CAP_CHOWN".to_owned()],
        cap_drop: vec!["chown".to_owned(), "ALL".to_owned()],
        ..swarm::Service::default()
    };
    stack.services.insert("web".to_owned(), web);
    stack.services.insert(
        "cache".to_owned(),
        swarm::Service {
            image: "redis:7".to_owned(),
            ..swarm::Service::default()
        },
    );
    stack
        .networks
        .insert("front".to_owned(), swarm::Network::default());
    stack.secrets.insert(
        "key".to_owned(),
        swarm::Secret {
            file: Some("key.txt".to_owned()),
            ..swarm::Secret::default()
        },
    );
    stack
}

fn deployer() -> Deployer {
    Deployer {
        stack_dir: PathBuf::from("/srv/stack"),
        environment: BTreeMap::from([("HOME".to_owned(), "/root".to_owned())]),
        files: BTreeMap::from([(PathBuf::from("/srv/stack/key.txt"), b"hi!?".to_vec())]),
    }
}

#[test]
fn requests_come_networks_first_then_secrets_then_services_each_sorted_by_name() {
    let requests = requests(&stack(), "shop", &deployer());
    let order: Vec<(RequestKind, &str)> = requests
        .iter()
        .map(|r| (r.kind, r.body["Name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            (RequestKind::NetworkCreate, "shop_default"),
            (RequestKind::NetworkCreate, "shop_front"),
            (RequestKind::SecretCreate, "shop_key"),
            (RequestKind::ServiceCreate, "shop_cache"),
            (RequestKind::ServiceCreate, "shop_web"),
        ]
    );
}

#[test]
fn a_network_body_carries_every_field_with_docker_defaults() {
    let requests = requests(&stack(), "shop", &deployer());
    assert_eq!(
        serde_json::to_string(&requests[0].body).unwrap(),
        json!({
            "Attachable": false, "ConfigFrom": null, "ConfigOnly": false, "Driver": "overlay",
            "IPAM": null, "Ingress": false, "Internal": false,
            "Labels": {"com.docker.stack.namespace": "shop"},
            "Name": "shop_default", "Options": null, "Scope": ""
        })
        .to_string()
    );
}

#[test]
fn a_secret_carries_its_file_in_base64() {
    let requests = requests(&stack(), "shop", &deployer());
    assert_eq!(requests[2].body["Data"], "aGkhPw==");
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"a"), "YQ==");
    assert_eq!(base64(b"ab"), "YWI=");
    assert_eq!(base64(b"abc"), "YWJj");
}

#[test]
fn a_service_is_converted_as_docker_converts_it() {
    let requests = requests(&stack(), "shop", &deployer());
    let web = &requests[4].body;
    assert_eq!(
        web["Labels"],
        json!({"com.docker.stack.image": "nginx:1.27", "com.docker.stack.namespace": "shop"})
    );
    let container = &web["TaskTemplate"]["ContainerSpec"];
    assert_eq!(
        container["Env"],
        json!(["A1=2", "A=1", "HOME=/root", "UNSET"])
    );
    assert_eq!(
        container["CapabilityAdd"],
        json!(["CAP_CHOWN", "CAP_NET_ADMIN"])
    );
    assert_eq!(container["CapabilityDrop"], json!(["ALL"]));
    assert_eq!(
        container["Secrets"],
        json!([{"File": {"GID": "0", "Mode": 292, "Name": "key", "UID": "0"},
                "SecretID": "", "SecretName": "shop_key"}])
    );
    assert_eq!(
        web["TaskTemplate"]["Networks"],
        json!([{"Aliases": ["www", "web"], "Target": "shop_front"}])
    );
    assert_eq!(
        web["EndpointSpec"]["Ports"],
        json!([
            {"PublishedPort": 8080, "TargetPort": 80},
            {"Protocol": "tcp", "PublishMode": "ingress", "PublishedPort": 8443, "TargetPort": 443}
        ])
    );
    assert_eq!(web["Mode"], json!({"Replicated": {}}));
    assert_eq!(web["TaskTemplate"]["Placement"], json!({}));
    assert_eq!(web["TaskTemplate"]["ForceUpdate"], 0);
}

#[test]
fn a_service_spec_reads_back_from_its_json() {
    let requests = requests(&stack(), "shop", &deployer());
    let spec: ServiceSpec = serde_json::from_value(requests[4].body.clone()).unwrap();
    assert_eq!(
        sorted(serde_json::to_value(&spec).unwrap()),
        requests[4].body
    );
}

#[test]
fn a_whole_max_failure_ratio_is_written_as_go_writes_it() {
    let mut config = UpdateConfig::default();
    assert_eq!(
        serde_json::to_value(&config).unwrap()["MaxFailureRatio"],
        json!(0)
    );
    config.max_failure_ratio = 0.25;
    assert_eq!(
        serde_json::to_value(&config).unwrap()["MaxFailureRatio"],
        json!(0.25)
    );
}

#[test]
fn an_image_without_a_tag_is_sent_with_latest_in_its_familiar_form() {
    use super::convert::tagged;
    assert_eq!(tagged("redis"), "redis:latest");
    assert_eq!(tagged("docker.io/library/redis"), "redis:latest");
    assert_eq!(
        tagged("docker.io/portainer/agent"),
        "portainer/agent:latest"
    );
    assert_eq!(
        tagged("registry.example.com:5000/shop"),
        "registry.example.com:5000/shop:latest"
    );
    assert_eq!(tagged("redis:7"), "redis:7");
    assert_eq!(tagged("localhost:5000/app:1"), "localhost:5000/app:1");
    assert_eq!(tagged("redis@sha256:0123"), "redis@sha256:0123");
    assert_eq!(tagged("Not/Valid"), "Not/Valid");
}

#[test]
fn paths_resolve_against_the_stack_file_and_the_deployers_home() {
    let deployer = deployer();
    assert_eq!(
        deployer.path("./data/../conf"),
        PathBuf::from("/srv/stack/conf")
    );
    assert_eq!(deployer.path("/abs"), PathBuf::from("/abs"));
    assert_eq!(deployer.path("~/data"), PathBuf::from("/root/data"));
}
