//! The files swarmc writes: never one of the run's inputs, atomically replaced, with
//! the mode a shell redirection would give, through symbolic links, and without
//! leftovers from runs that were killed.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::{Run, Swarmc};

const WEB: &str = "services:\n  web:\n    image: nginx:1.27\n";

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn swarmc(dir: &Path, args: &[&str]) -> Run {
    Swarmc::new(dir).args(args).run()
}

/// Asserts that the run refused to write over an input, and that every file in `dir`
/// is as it was.
fn assert_refused_untouched(dir: &Path, args: &[&str]) {
    let before = snapshot(dir);
    let run = swarmc(dir, args);
    assert_eq!(run.status, 2, "{args:?}\n{}", run.transcript());
    assert!(
        run.stderr.contains("refusing to write") && run.stderr.contains("an input of this run"),
        "{args:?}\n{}",
        run.stderr
    );
    assert_eq!(snapshot(dir), before, "{args:?} changed a file");
}

/// Every file in `dir` (not following links) with its content.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let content = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), content)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn no_run_writes_over_one_of_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let site = swarmc(d, &["site", "default"]);
    assert_eq!(site.status, 0, "{}", site.stderr);
    write(d, "site.yaml", &site.stdout);
    write(
        d,
        "compose.yaml",
        "include: [inc.yaml]\nservices:\n  web:\n    extends: {file: base.yaml, service: base}\n    image: nginx:${TAG}\n    env_file: [web.env]\n    secrets: [key]\n    configs: [cfg]\nsecrets:\n  key:\n    file: key.txt\nconfigs:\n  cfg:\n    file: app.conf\n",
    );
    write(
        d,
        "compose.override.yaml",
        "services:\n  web:\n    environment: {B: 2}\n",
    );
    write(
        d,
        "base.yaml",
        "services:\n  base:\n    environment: {A: 1}\n",
    );
    write(d, "app.conf", "listen 80\n");
    write(d, "alt.env", "TAG=1.27\n");
    write(d, "inc.yaml", "services:\n  db:\n    image: postgres:17\n");
    write(d, ".env", "TAG=1.27\n");
    write(d, "web.env", "A=1\n");
    write(d, "key.txt", "hunter2\n");
    write(d, "swarmc.toml", "");
    std::os::unix::fs::symlink("compose.yaml", d.join("link.yaml")).unwrap();
    let ok = swarmc(d, &["compile", "--site", "site.yaml"]);
    assert_eq!(ok.status, 0, "{}", ok.stderr);

    for output in [
        "compose.yaml",
        "./compose.yaml",
        "link.yaml",
        "compose.override.yaml",
        "base.yaml",
        "inc.yaml",
        "app.conf",
        ".env",
        "web.env",
        "key.txt",
        "site.yaml",
        "swarmc.toml",
    ] {
        assert_refused_untouched(d, &["compile", "--site", "site.yaml", "-o", output]);
        assert_refused_untouched(
            d,
            &["compile", "--site", "site.yaml", "--report-file", output],
        );
    }
    assert_refused_untouched(
        d,
        &[
            "compile",
            "--site",
            "site.yaml",
            "--env-file",
            "alt.env",
            "-o",
            "alt.env",
        ],
    );
    assert_refused_untouched(d, &["plan", "--site", "site.yaml", "-o", "inc.yaml"]);
    assert_refused_untouched(d, &["lint", "--report-file", "web.env"]);
    assert_refused_untouched(
        d,
        &["check", "--site", "site.yaml", "--report-file", "key.txt"],
    );
    assert_refused_untouched(
        d,
        &["check", "--site", "site.yaml", "--prediction", "inc.yaml"],
    );
    assert_refused_untouched(
        d,
        &["site", "check", "site.yaml", "--report-file", "site.yaml"],
    );

    // Comparing is not writing.
    let check = swarmc(
        d,
        &[
            "compile",
            "--site",
            "site.yaml",
            "--check",
            "-o",
            "inc.yaml",
        ],
    );
    assert_eq!(check.status, 1, "{}", check.transcript());
}

#[test]
fn a_new_output_file_gets_the_mode_the_umask_allows() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", WEB);
    for (umask, mode) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let out = format!("stack-{umask}.yml");
        let status = Command::new("sh")
            .current_dir(dir.path())
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" compile -o {out}"))
            .arg(env!("CARGO_BIN_EXE_swarmc"))
            .env_clear()
            .status()
            .unwrap();
        assert!(status.success());
        let found = std::fs::metadata(dir.path().join(&out)).unwrap();
        assert_eq!(found.permissions().mode() & 0o777, mode, "umask {umask}");
    }
}

#[test]
fn replacing_an_output_file_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", WEB);
    let out = dir.path().join("stack.yml");
    std::fs::write(&out, "old\n").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o664)).unwrap();
    let run = swarmc(dir.path(), &["compile", "-o", "stack.yml"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let found = std::fs::metadata(&out).unwrap();
    assert_eq!(found.permissions().mode() & 0o777, 0o664);
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "old\n");
}

/// A stack shared with a group (the deploy group of a CI runner, say) stays that
/// group's when it is replaced, as writing into it with `>` would leave it.
#[test]
fn replacing_an_output_file_keeps_its_group() {
    use std::os::unix::fs::MetadataExt;
    let id = |flag: &str| {
        let out = Command::new("id").arg(flag).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let own: u32 = id("-g").trim().parse().unwrap();
    // Root may give a file any group; anyone else one of their other groups.
    let other = if id("-u").trim() == "0" {
        Some(own + 4242)
    } else {
        id("-G")
            .split_whitespace()
            .filter_map(|g| g.parse::<u32>().ok())
            .find(|g| *g != own)
    };
    let Some(group) = other else {
        crate::docker::skip(
            "replacing_an_output_file_keeps_its_group",
            "this user belongs to no group but its own",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", WEB);
    let out = dir.path().join("stack.yml");
    std::fs::write(&out, "old\n").unwrap();
    std::os::unix::fs::chown(&out, None, Some(group)).unwrap();
    let run = swarmc(dir.path(), &["compile", "-o", "stack.yml"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "old\n");
    assert_eq!(std::fs::metadata(&out).unwrap().gid(), group);
}

#[test]
fn an_output_through_a_symbolic_link_replaces_its_target() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", WEB);
    std::fs::create_dir(dir.path().join("deploy")).unwrap();
    write(dir.path(), "deploy/stack.yml", "old\n");
    std::os::unix::fs::symlink("deploy/stack.yml", dir.path().join("stack.yml")).unwrap();
    let run = swarmc(dir.path(), &["compile", "-o", "stack.yml"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let link = std::fs::symlink_metadata(dir.path().join("stack.yml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let written = std::fs::read_to_string(dir.path().join("deploy/stack.yml")).unwrap();
    assert!(written.contains("nginx:1.27"), "{written}");
    // Nothing left beside either.
    let leftovers = |d: &Path| {
        std::fs::read_dir(d)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count()
    };
    assert_eq!(
        leftovers(dir.path()) + leftovers(&dir.path().join("deploy")),
        0
    );
}

#[test]
fn temporaries_of_killed_runs_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "compose.yaml", WEB);
    // A process that exited (above the largest pid Linux hands out).
    write(d, ".swarmc-4194305-a1B2c3.tmp", "stale");
    // An old name without a process id, written two hours ago.
    write(d, ".swarmc-Zx9yW8.tmp", "stale");
    let old = std::time::SystemTime::now() - Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(d.join(".swarmc-Zx9yW8.tmp"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    // Still being written by a live process (pid 1 always runs), and not ours at all.
    write(d, ".swarmc-1-live00.tmp", "live");
    write(d, ".swarmc-notes.txt", "mine");
    write(d, "other.tmp", "mine");
    let run = swarmc(d, &["compile", "-o", "stack.yml"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let mut names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".swarmc-1-live00.tmp",
            ".swarmc-notes.txt",
            "compose.yaml",
            "other.tmp",
            "stack.yml"
        ]
    );
}
