//! Short syntax and scalars read as compose-go reads them, where a naive reading
//! would change the deployed value, refuse valid input or accept invalid input.

use super::{lower_service, lower_text};
use crate::compose::model::MountSource;

fn found(body: &str) -> Vec<(&'static str, String)> {
    let lowered = lower_service(body);
    lowered
        .found()
        .into_iter()
        .map(|(code, at)| (code, at.to_owned()))
        .collect()
}

#[test]
fn a_string_mode_is_octal_and_a_plain_number_decimal() {
    let lowered = lower_text(
        "services:
  web:
    image: nginx
    secrets:
      - {source: a, mode: \"440\"}
      - {source: b, mode: 0440}
      - {source: c, mode: 0o440}
      - {source: d, mode: 288}
      - {source: e, mode: \"0440\"}
secrets:
  a: {external: true}
  b: {external: true}
  c: {external: true}
  d: {external: true}
  e: {external: true}
",
    );
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.found());
    let modes: Vec<u32> = lowered.project.services["web"]
        .secrets
        .iter()
        .map(|s| s.mode.as_ref().unwrap().value)
        .collect();
    assert_eq!(modes, [0o440; 5]);
}

#[test]
fn a_mode_beyond_the_permission_bits_is_refused_where_it_is_written() {
    let lowered = lower_text(
        "services:
  web:
    image: nginx
    secrets:
      - {source: a, mode: \"1777\"}
      - {source: b, mode: 777}
secrets:
  a: {external: true}
  b: {external: true}
",
    );
    assert_eq!(
        lowered.found(),
        [("SW112", "\"1777\""), ("SW112", "777")],
        "{:?}",
        lowered.messages()
    );
}

#[test]
fn colons_inside_braces_do_not_split_a_short_volume() {
    let lowered = lower_service(
        "    volumes:
      - \"./x:/y/$${VAR:-a:b}:ro\"
      - \"./x:/z/$${A:-$${B:-c:d}}\"
      - \"./x:/w/$${A:-{b:c}}\"
",
    );
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.found());
    let mounts = &lowered.project.services["web"].volumes;
    let targets: Vec<&str> = mounts.iter().map(|m| m.target.value.as_str()).collect();
    // The text is read before interpolation here: `$$` is still escaped.
    assert_eq!(
        targets,
        ["/y/$${VAR:-a:b}", "/z/$${A:-$${B:-c:d}}", "/w/$${A:-{b:c}}"]
    );
    assert!(mounts[0].is_read_only());
    assert!(matches!(mounts[0].source, Some(MountSource::Host(_))));
}

#[test]
fn an_unknown_volume_option_is_a_warning_at_the_option() {
    let lowered = lower_text(
        "services:
  web:
    image: nginx
    volumes: [\"data:/data:bogus,ro\"]
volumes:
  data:
",
    );
    assert_eq!(lowered.found(), [("SW339", "bogus")]);
    assert!(lowered.project.services["web"].volumes[0].is_read_only());
}

#[test]
fn a_tmpfs_size_must_be_whole_bytes() {
    let body = |size: &str| {
        format!("    volumes:\n      - {{type: tmpfs, target: /t, tmpfs: {{size: {size}}}}}\n")
    };
    for whole in ["64m", "1.5k", "0.25m", "2.0", "1024"] {
        assert_eq!(found(&body(whole)), [], "{whole}");
    }
    for fractional in ["1.5", "0.1k", "\"0.5\""] {
        assert_eq!(
            found(&body(fractional)),
            [("SW112", fractional.to_owned())],
            "{fractional}"
        );
    }
}

#[test]
fn an_environment_name_with_white_space_is_an_error() {
    assert_eq!(
        found("    environment:\n      - \"DEBUG = true\"\n"),
        [("SW112", "DEBUG ".to_owned())]
    );
    assert_eq!(found("    environment:\n      - DEBUG=a b\n"), []);
}

#[test]
fn an_empty_dns_server_is_left_out() {
    let lowered = lower_service("    dns: [\"\", 1.1.1.1]\n");
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.found());
    let dns: Vec<&str> = lowered.project.services["web"]
        .dns
        .iter()
        .map(|d| d.value.as_str())
        .collect();
    assert_eq!(dns, ["1.1.1.1"]);
    let lowered = lower_service("    dns: \"\"\n");
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.found());
    assert!(lowered.project.services["web"].dns.is_empty());
}

#[test]
fn an_extra_host_without_a_name_is_an_error() {
    assert_eq!(
        found("    extra_hosts: [\"=::1\"]\n"),
        [("SW112", "\"=::1\"".to_owned())]
    );
    assert_eq!(
        found("    extra_hosts: {\"\": 10.0.0.1}\n"),
        [("SW112", "10.0.0.1".to_owned())]
    );
}

#[test]
fn a_tmpfs_entry_needs_an_absolute_path_and_whole_bytes() {
    assert_eq!(
        found("    tmpfs: [\".\", \"/run:size=1.5\", \"/tmp:size=64m\"]\n"),
        [
            ("SW112", "\".\"".to_owned()),
            ("SW112", "\"/run:size=1.5\"".to_owned())
        ]
    );
}

#[test]
fn only_an_npipe_mount_targets_a_named_pipe() {
    let lowered = lower_service(
        "    volumes:
      - {type: npipe, source: '\\\\.\\pipe\\x', target: '\\\\.\\pipe\\x'}
      - {type: npipe, source: '\\\\.\\pipe\\x', target: /x}
      - {type: bind, source: /x, target: '\\\\a\\b'}
      - {type: bind, source: /x, target: '\\x'}
      - {type: bind, source: /x, target: 'C:\\x'}
",
    );
    assert_eq!(
        lowered.found(),
        [("SW112", "/x"), ("SW112", "'\\\\a\\b'"), ("SW112", "'\\x'")]
    );
}

#[test]
fn an_empty_container_name_is_unset_and_a_constraint_needs_an_operator() {
    let lowered = lower_service("    container_name: \"\"\n");
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.found());
    assert!(lowered.project.services["web"].container_name.is_none());
    assert_eq!(
        found(
            "    deploy:\n      placement:\n        constraints: [\"0\", \"node.role==manager\", \"a=b\"]\n"
        ),
        [
            ("SW502", "\"0\"".to_owned()),
            ("SW502", "\"a=b\"".to_owned())
        ]
    );
}
