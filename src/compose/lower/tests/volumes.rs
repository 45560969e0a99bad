//! A service's `volumes` in short and long syntax, `tmpfs` and `volumes_from`.

use std::path::PathBuf;

use super::{lower_service, lower_text, service_ok};
use crate::compose::model::{MountKind, MountSource, PathAnchor, Propagation, SeLinux, Syntax};

const VOLUMES: &str = "volumes:\n  data:\n  cache:\n";

fn with_volumes(body: &str) -> String {
    format!("services:\n  web:\n    image: nginx\n{body}{VOLUMES}")
}

#[test]
fn short_volumes_are_typed_as_compose_types_them() {
    let lowered = lower_text(&with_volumes(
        r#"    volumes:
      - data:/var/lib/data
      - ./conf:/etc/app:ro
      - /srv/logs:/logs:rw,z
      - ~/certs:/certs
      - /anonymous
      - cache:/cache:nocopy
      - C:\data:/win
      - ../shared:/shared:rshared,Z
"#,
    ));
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.found());
    let mounts = &lowered.project.services["web"].volumes;
    let kinds: Vec<_> = mounts.iter().map(|m| m.kind.value).collect();
    assert_eq!(
        kinds,
        vec![
            MountKind::Volume,
            MountKind::Bind,
            MountKind::Bind,
            MountKind::Bind,
            MountKind::Volume,
            MountKind::Volume,
            MountKind::Bind,
            MountKind::Bind,
        ]
    );
    assert!(mounts.iter().all(|m| m.syntax == Syntax::Short));

    let Some(MountSource::Volume(name)) = &mounts[0].source else {
        panic!("named volume expected");
    };
    assert_eq!(name.value, "data");
    assert_eq!(lowered.text(name.span), "data");
    assert_eq!(lowered.text(mounts[0].target.span), "/var/lib/data");

    let Some(MountSource::Host(conf)) = &mounts[1].source else {
        panic!("bind expected");
    };
    assert_eq!(conf.value.path, PathBuf::from("/project/conf"));
    assert_eq!(conf.value.written, "./conf");
    assert!(conf.value.is_relative());
    assert_eq!(lowered.text(conf.span), "./conf");
    assert!(mounts[1].is_read_only());
    assert_eq!(
        lowered.text(mounts[1].read_only.as_ref().unwrap().span),
        "ro"
    );

    assert!(!mounts[2].is_read_only());
    assert_eq!(
        mounts[2]
            .bind
            .as_ref()
            .unwrap()
            .selinux
            .as_ref()
            .unwrap()
            .value,
        SeLinux::Shared
    );
    let Some(MountSource::Host(home)) = &mounts[3].source else {
        panic!("bind expected");
    };
    assert_eq!(home.value.anchor, PathAnchor::Home);
    assert_eq!(mounts[4].source, None);
    assert_eq!(mounts[4].target.value, "/anonymous");
    assert!(
        mounts[5]
            .volume
            .as_ref()
            .unwrap()
            .nocopy
            .as_ref()
            .unwrap()
            .value
    );
    let Some(MountSource::Host(win)) = &mounts[6].source else {
        panic!("bind expected");
    };
    assert_eq!(
        (win.value.written.as_str(), win.value.anchor),
        ("C:\\data", PathAnchor::Absolute)
    );
    let Some(MountSource::Host(shared)) = &mounts[7].source else {
        panic!("bind expected");
    };
    assert_eq!(shared.value.path, PathBuf::from("/shared"));
    let bind = mounts[7].bind.as_ref().unwrap();
    assert_eq!(
        bind.propagation.as_ref().unwrap().value,
        Propagation::Rshared
    );
    assert_eq!(bind.selinux.as_ref().unwrap().value, SeLinux::Private);
}

#[test]
fn long_volumes_keep_their_options() {
    let lowered = lower_text(&with_volumes(
        r#"    volumes:
      - type: bind
        source: ./site
        target: /usr/share/nginx/html
        read_only: "true"
        bind:
          propagation: rslave
          create_host_path: false
          selinux: z
      - type: volume
        source: data
        target: /data
        volume:
          nocopy: true
          subpath: sub
      - type: tmpfs
        target: /tmp
        tmpfs:
          size: 64m
          mode: 01777
      - type: volume
        target: /scratch
"#,
    ));
    assert!(lowered.diagnostics.is_empty(), "{:?}", lowered.found());
    let mounts = &lowered.project.services["web"].volumes;
    assert!(mounts.iter().all(|m| m.syntax == Syntax::Long));
    assert!(mounts[0].is_read_only());
    let bind = mounts[0].bind.as_ref().unwrap();
    assert_eq!(
        bind.propagation.as_ref().unwrap().value,
        Propagation::Rslave
    );
    assert!(!bind.create_host_path.as_ref().unwrap().value);
    let Some(MountSource::Host(site)) = &mounts[0].source else {
        panic!("bind expected");
    };
    assert_eq!(site.value.path, PathBuf::from("/project/site"));
    assert_eq!(
        mounts[1]
            .volume
            .as_ref()
            .unwrap()
            .subpath
            .as_ref()
            .unwrap()
            .value,
        "sub"
    );
    let tmpfs = mounts[2].tmpfs.as_ref().unwrap();
    assert_eq!(tmpfs.size.as_ref().unwrap().value.bytes, 64 << 20);
    assert_eq!(tmpfs.mode.as_ref().unwrap().value, 0o1777);
    assert_eq!(mounts[3].source, None);
    assert_eq!(
        mounts[0].keys.names().collect::<Vec<_>>(),
        vec!["type", "source", "target", "read_only", "bind"]
    );
}

#[test]
fn malformed_short_volumes_are_reported() {
    let lowered = lower_text(&with_volumes(
        r#"    volumes:
      - "data:/data:ro:extra"
      - "data::/data"
      - ./conf:/etc/app:r0
      - ./conf:relative
      - ""
"#,
    ));
    assert_eq!(
        lowered.found(),
        vec![
            ("SW112", ":extra"),
            ("SW112", ""),
            ("SW339", "r0"),
            ("SW112", "relative"),
            ("SW112", "\"\""),
        ]
    );
    assert_eq!(
        lowered.diagnostics[2].message,
        "unknown volume option `r0` is ignored"
    );
    assert_eq!(lowered.diagnostics[2].help.as_deref(), Some("use `ro`"));
    assert_eq!(
        lowered.diagnostics[3].message,
        "mount target `relative` is not an absolute path"
    );
}

#[test]
fn long_volume_problems_are_reported() {
    let lowered = lower_service(
        r#"    volumes:
      - source: ./x
        target: /x
      - type: bind
        target: /y
      - type: tmpfs
        source: scratch
        target: /tmp
      - type: bind
        source: ./z
        target: /z
        volume:
          nocopy: true
      - type: blob
        target: /b
      - type: volume
        source: data
"#,
    );
    assert_eq!(
        lowered.found(),
        vec![
            ("SW113", "source: ./x\n        target: /x"),
            ("SW113", "type: bind\n        target: /y"),
            ("SW116", "scratch"),
            ("SW116", "volume"),
            ("SW112", "blob"),
            ("SW113", "type: volume\n        source: data"),
        ]
    );
}

#[test]
fn mounts_on_the_same_path_are_duplicates() {
    let lowered = lower_text(&with_volumes(
        "    volumes:\n      - data:/data\n      - ./d:/data/\n    tmpfs: /run\n    read_only: true\n",
    ));
    assert_eq!(lowered.found(), vec![("SW117", "/data/")]);
    let lowered = lower_service("    tmpfs:\n      - /run\n    volumes:\n      - /run\n");
    assert_eq!(lowered.found(), vec![("SW117", "/run")]);
}

#[test]
fn volumes_from_and_tmpfs_forms() {
    let service = service_ok("    tmpfs: /run\n");
    assert_eq!(service.tmpfs[0].value, "/run");
    let lowered = lower_text(
        "services:\n  a:\n    image: x\n  b:\n    image: x\n    volumes_from:\n      - a\n      - a:ro\n      - container:other:rw\n      - a:rx\n",
    );
    assert_eq!(lowered.found(), vec![("SW112", "rx")]);
    let from = &lowered.project.services["b"].volumes_from;
    assert_eq!(from.len(), 3);
    assert!(from[1].value.read_only.as_ref().unwrap().value);
    assert!(from[2].value.container);
    assert_eq!(from[2].value.source.value, "other");
    assert_eq!(lowered.text(from[2].value.source.span), "other");
}
