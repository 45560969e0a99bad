use std::path::PathBuf;

use crate::support::{Swarmc, fixture, manifest_dir, snapshot_settings};

#[test]
fn bad_profiles_report_located_errors() {
    let dir = fixture("site");
    snapshot_settings().bind(|| {
        insta::glob!("../fixtures/site", "bad-*.yaml", |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let run = Swarmc::new(&dir).args(["site", "check", name]).run();
            assert_eq!(run.status, 1, "{}", run.stderr);
            insta::assert_snapshot!("site__check", run.transcript());
        });
    });
}

#[test]
fn example_profiles_check_clean() {
    let mut profiles: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("profiles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    profiles.sort();
    assert!(!profiles.is_empty());
    for profile in profiles {
        let run = Swarmc::new(manifest_dir())
            .args(["site".as_ref(), "check".as_ref(), profile.as_os_str()])
            .run();
        assert_eq!(run.status, 0, "{}: {}", profile.display(), run.stderr);
        assert!(
            run.stderr.is_empty(),
            "{}: {}",
            profile.display(),
            run.stderr
        );
    }
}

#[test]
fn the_default_site_is_a_valid_profile() {
    let dir = tempfile::tempdir().unwrap();
    let run = Swarmc::new(dir.path()).args(["site", "default"]).run();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("# yaml-language-server: $schema=../schemas/site.schema.json\n"),
        "{}",
        run.stdout
    );
    std::fs::write(dir.path().join("site.yaml"), &run.stdout).unwrap();
    let check = Swarmc::new(dir.path())
        .args(["site", "check", "site.yaml"])
        .run();
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert!(check.stderr.is_empty(), "{}", check.stderr);
}

#[test]
fn compile_reports_the_site_profile_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "nodes:\n  - { hostname: m1, role: manager, cpus: 2, memory: 4GiB }\nnetwork:\n  data_path_port: 80\n",
    )
    .unwrap();
    let run = Swarmc::new(dir.path())
        .args(["compile", "-f", "compose.yaml", "--site", "site.yaml"])
        .run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("SW410"), "{}", run.stderr);
    assert!(run.stderr.contains("[site.yaml:4:19]"), "{}", run.stderr);
}

#[test]
fn a_missing_site_profile_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = Swarmc::new(dir.path())
        .args(["site", "check", "nope.yaml"])
        .run();
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read `nope.yaml`"),
        "{}",
        run.stderr
    );
}
