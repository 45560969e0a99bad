//! Top-level networks, a service's attachments, `network_mode`, `extra_hosts` and `dns`.

use std::net::IpAddr;

use super::{lower_ok, lower_text};
use crate::compose::model::NetworkMode;

#[test]
fn service_networks_take_list_and_map_forms() {
    let project = lower_ok(
        r#"services:
  a:
    image: x
    networks: [front, back]
  b:
    image: x
    networks:
      front:
        aliases: [api, api.internal]
        ipv4_address: 172.20.0.5
        ipv6_address: "fd00::5"
        priority: 10
        driver_opts:
          mtu: 1400
      back:
  c:
    image: x
networks:
  front:
    driver: overlay
    attachable: "true"
    ipam:
      driver: default
      config:
        - subnet: 172.20.0.0/24
          gateway: 172.20.0.1
          aux_addresses:
            router: 172.20.0.2
  back:
"#,
    );
    let a = &project.services["a"];
    assert_eq!(a.networks.keys().collect::<Vec<_>>(), vec!["front", "back"]);
    assert!(!a.uses_default_network());
    let b = &project.services["b"].networks;
    assert_eq!(b["front"].aliases.len(), 2);
    let ip: IpAddr = "172.20.0.5".parse().unwrap();
    assert_eq!(b["front"].ipv4_address.as_ref().unwrap().value, ip);
    assert_eq!(b["front"].priority.as_ref().unwrap().value, 10);
    assert_eq!(b["front"].driver_opts.value("mtu"), Some("1400"));
    assert!(b["back"].keys.is_empty());
    assert!(project.services["c"].uses_default_network());
    let front = &project.networks["front"];
    assert_eq!(front.driver.as_ref().unwrap().value, "overlay");
    assert!(front.attachable.as_ref().unwrap().value);
    let pool = &front.ipam.as_ref().unwrap().config[0];
    assert_eq!(
        pool.subnet.as_ref().unwrap().value.to_string(),
        "172.20.0.0/24"
    );
    assert_eq!(pool.aux_addresses["router"].value.to_string(), "172.20.0.2");
    assert_eq!(project.networks["back"].keys.len(), 0);
}

#[test]
fn network_problems_are_reported() {
    let lowered = lower_text(
        r#"services:
  a:
    image: x
    networks:
      front:
        ipv4_address: fd00::1
        alias: [x]
networks:
  front:
    driver: overlay
    internal: maybe
    ipam:
      config:
        - subnet: 10.0.0.0/33
"#,
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW112", "fd00::1"),
            ("SW110", "alias"),
            ("SW112", "maybe"),
            ("SW112", "10.0.0.0/33"),
        ]
    );
    assert_eq!(
        lowered.diagnostics[1].help.as_deref(),
        Some("rename it to `aliases`")
    );
}

#[test]
fn external_networks_and_the_deprecated_external_name() {
    let project = lower_ok(
        "networks:\n  outside:\n    external: true\n  legacy:\n    external:\n      name: real_name\n",
    );
    assert!(project.networks["outside"].is_external());
    let legacy = &project.networks["legacy"];
    assert!(legacy.is_external());
    assert_eq!(legacy.name.as_ref().unwrap().value, "real_name");
    let lowered = lower_text("networks:\n  n:\n    name: one\n    external:\n      name: two\n");
    assert_eq!(lowered.found(), vec![("SW116", "two")]);
}

#[test]
fn network_mode_forms_and_conflicts() {
    let project = lower_ok(
        "services:\n  a:\n    image: x\n    network_mode: host\n  b:\n    image: x\n    network_mode: \"service:a\"\n  c:\n    image: x\n    network_mode: container:abc\n",
    );
    assert_eq!(
        project.services["a"].network_mode.as_ref().unwrap().value,
        NetworkMode::Host
    );
    assert!(!project.services["a"].uses_default_network());
    let NetworkMode::Service(name) = &project.services["b"].network_mode.as_ref().unwrap().value
    else {
        panic!("service mode expected");
    };
    assert_eq!(name.value, "a");
    assert_eq!(
        project.services["c"].network_mode.as_ref().unwrap().value,
        NetworkMode::Container("abc".into())
    );
    let lowered = lower_text(
        "services:\n  a:\n    image: x\n    network_mode: \"service:nope\"\n    networks: [default]\n",
    );
    assert_eq!(
        lowered.found(),
        vec![("SW114", "nope"), ("SW116", "networks")]
    );
}

#[test]
fn extra_hosts_and_dns() {
    let project = lower_ok(
        r#"services:
  a:
    image: x
    extra_hosts:
      - "db:10.0.0.5"
      - "v6=::1"
      - "multi:10.0.0.1,10.0.0.2"
      - "gw:host-gateway"
    dns: 8.8.8.8
  b:
    image: x
    extra_hosts:
      db: "[fd00::1]"
      many: [10.0.0.1, 10.0.0.2]
    dns: [1.1.1.1, "2606:4700:4700::1111"]
"#,
    );
    let hosts: Vec<_> = project.services["a"]
        .extra_hosts
        .iter()
        .map(|h| (h.host.value.as_str(), h.ip.value.as_str()))
        .collect();
    assert_eq!(
        hosts,
        vec![
            ("db", "10.0.0.5"),
            ("v6", "::1"),
            ("multi", "10.0.0.1"),
            ("multi", "10.0.0.2"),
            ("gw", "host-gateway"),
        ]
    );
    assert_eq!(project.services["a"].dns.len(), 1);
    let b = &project.services["b"];
    assert_eq!(b.extra_hosts[0].ip.value, "fd00::1");
    assert_eq!(b.extra_hosts.len(), 3);
    assert_eq!(b.dns.len(), 2);
    let lowered = lower_text(
        "services:\n  a:\n    image: x\n    extra_hosts: [\"nohost\", \"db:not-an-ip\"]\n    dns: [dns.google]\n",
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW112", "\"nohost\""),
            ("SW112", "not-an-ip"),
            ("SW112", "dns.google")
        ]
    );
}
