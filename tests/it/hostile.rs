//! Hostile and broken input: every case ends with the documented exit status (1 for
//! findings, 2 for files named on the command line that cannot be used) and a
//! diagnostic that names the file, and with a location inside it wherever there is
//! one; never with a panic, and in bounded time and memory.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::docker::skip;
use crate::support::{Run, Swarmc};

/// Runs `swarmc compile` in `dir` with concise diagnostics.
fn compile(dir: &Path, args: &[&str]) -> Run {
    Swarmc::new(dir)
        .args(["compile", "--output-format", "concise"])
        .args(args)
        .run()
}

/// Asserts that the run exited with `status`, did not panic, and reported `code` at
/// `location` (`file:line:col`, or `swarmc` for a file on the command line).
fn assert_refused(run: &Run, status: i32, code: &str, location: &str) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.status, status, "{}", run.transcript());
    let expected = format!("error[{code}]");
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with(location) && l.contains(&expected)),
        "no `{location}...{expected}` in\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

const WEB: &str = "services:\n  web:\n    image: nginx\n";

#[test]
fn invalid_utf8_is_refused_where_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        b"services:\n  web:\n    image: \"\xff\"\n",
    );
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW002", "compose.yaml:3:13");
}

#[test]
fn a_nul_byte_is_refused_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        b"services:\n  web:\n    image: ngi\0nx\n",
    );
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW002", "compose.yaml:3:15");
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_as_compose_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("\u{feff}{}", WEB.replace('\n', "\r\n"));
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_eq!(run.status, 0, "{}", run.transcript());
    assert!(run.stdout.contains("    image: nginx\n"), "{}", run.stdout);
    assert!(!run.stdout.contains('\r') && !run.stdout.contains('\u{feff}'));
}

#[test]
fn tabs_for_indentation_are_a_located_yaml_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n\tweb:\n\t\timage: nginx\n",
    );
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW101", "compose.yaml:2:1");
}

#[test]
fn duplicate_keys_are_an_error_as_in_compose() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web:\n    image: a\n    image: b\n",
    );
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW102", "compose.yaml:4:5");
}

#[test]
fn an_empty_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", "");
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW004", "compose.yaml:1:1");
    write(dir.path(), "compose.yaml", "# nothing here\n---\n");
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW004", "compose.yaml:1:1");
}

#[test]
fn a_directory_or_a_missing_file_on_the_command_line_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("project")).unwrap();
    let run = compile(dir.path(), &["-f", "project"]);
    assert_refused(&run, 2, "SW001", "swarmc");
    assert!(
        run.stderr
            .contains("cannot read `project`: it is a directory")
    );
    let run = compile(dir.path(), &["-f", "nope.yaml"]);
    assert_refused(&run, 2, "SW001", "swarmc");
    assert!(run.stderr.contains("cannot read `nope.yaml`: no such file"));
}

#[test]
fn an_endless_file_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let run = compile(dir.path(), &["-f", "/dev/zero"]);
    assert_refused(&run, 2, "SW001", "swarmc");
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
    // A regular file past the limit (sparse: it takes no room on disk).
    let huge = std::fs::File::create(dir.path().join("huge.yaml")).unwrap();
    huge.set_len(65 << 20).unwrap();
    let run = compile(dir.path(), &["-f", "huge.yaml"]);
    assert_refused(&run, 2, "SW003", "swarmc");
}

#[test]
fn an_unreadable_env_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web:\n    image: nginx:${TAG}\n",
    );
    std::fs::create_dir(dir.path().join("env")).unwrap();
    let run = compile(dir.path(), &["-f", "compose.yaml", "--env-file", "env"]);
    assert_refused(&run, 2, "SW001", "swarmc");
    assert!(run.stderr.contains("cannot read `env`: it is a directory"));
}

#[test]
fn a_dotenv_without_read_permission_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web:\n    image: nginx:${TAG}\n",
    );
    let dotenv = dir.path().join(".env");
    write(dir.path(), ".env", "TAG=1\n");
    std::fs::set_permissions(&dotenv, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&dotenv).is_ok() {
        // Root reads files whatever their mode.
        skip(
            "a_dotenv_without_read_permission_exits_2",
            "running as root, which can read a file with mode 000",
        );
        return;
    }
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 2, "SW001", "swarmc");
    assert!(run.stderr.contains("permission denied"), "{}", run.stderr);
}

#[test]
fn deep_nesting_is_refused_where_it_gets_too_deep() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("services:\n  web: {}{}\n", "[".repeat(100), "]".repeat(100));
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW103", "compose.yaml:2:70");
    // Deeper still, the YAML parser's own limit stops it first.
    let text = format!(
        "services:\n  web: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW101", "compose.yaml:2:");
}

#[test]
fn interpolation_nested_too_deep_names_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 70;
    let text = format!(
        "services:\n  web:\n    image: nginx\n    environment:\n      X: \"{}x{}\"\n",
        "${A:-".repeat(depth),
        "}".repeat(depth)
    );
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    // The 65th expression, the first past the limit, starts at column 11 + 64 × 5.
    assert_refused(&run, 1, "SW201", "compose.yaml:5:331");
    assert!(
        run.stderr
            .contains("interpolation is nested more than 64 levels deep"),
        "{}",
        run.stderr
    );
}

/// A diagnostic whose labels are far apart (a key defined again a thousand lines
/// later) shows the lines around each label, not every line between them: one
/// duplicate key printed a thousand lines, and a file of such keys megabytes.
#[test]
fn labels_far_apart_show_only_the_lines_around_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("services:\n  web:\n    image: nginx\n    environment:\n      A: 1\n");
    for i in 0..1000 {
        text.push_str(&format!("      K{i}: v\n"));
    }
    text.push_str("      A: 2\n");
    write(dir.path(), "compose.yaml", text);
    let run = Swarmc::new(dir.path()).args(["compile"]).run();
    assert_eq!(run.status, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("first defined here") && run.stderr.contains("defined again here"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.lines().count() < 30, "{}", run.stderr);
    assert!(!run.stderr.contains("K500"), "{}", run.stderr);
}

/// The "billion laughs" document: nine levels of nine aliases would expand to a
/// billion strings; it must be refused before it is expanded.
#[test]
fn an_alias_bomb_is_refused_unexpanded() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(WEB);
    text.push_str("x-lol:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut previous = 'a';
    for level in 'b'..='i' {
        let items = vec![format!("*{previous}"); 9].join(",");
        text.push_str(&format!("  {level}: &{level} [{items}]\n"));
        previous = level;
    }
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW103", "compose.yaml");
    assert!(
        run.stderr
            .contains("aliases in this document expand to too much data")
    );
}

/// An alias of a long string costs what copying the string costs.
#[test]
fn aliases_of_a_long_string_are_refused_unexpanded() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(1 << 20);
    let aliases = vec!["*s"; 10_000].join(",");
    let text = format!("{WEB}x-s: &s \"{long}\"\nx-l: [{aliases}]\n");
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW103", "compose.yaml:5:");
}

#[test]
fn too_many_services_are_refused_at_the_first_one_past_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("services:\n");
    for i in 0..10_001 {
        text.push_str(&format!("  s{i}: {{image: nginx}}\n"));
    }
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW030", "compose.yaml:10002:3");
}

#[test]
fn a_value_longer_than_the_limit_after_substitution_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".env",
        format!("BLOB={}\n", "b".repeat(600 * 1024)),
    );
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web:\n    image: nginx\n    command: \"${BLOB}${BLOB}\"\n",
    );
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW031", "compose.yaml:4:22");
    assert!(!run.stderr.contains("bbbb"), "the value is not shown");
}

#[test]
fn substitution_repeated_through_aliases_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".env",
        format!("BLOB={}\n", "b".repeat(512 * 1024)),
    );
    let aliases = vec!["*v"; 1000].join(",");
    let text = format!("{WEB}x-v: &v \"${{BLOB}}\"\nx-l: [{aliases}]\n");
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    // Every copy has the span of the value the anchor names.
    assert_refused(&run, 1, "SW031", "compose.yaml:4:6");
    assert!(
        run.stderr.contains("more than 64 MiB longer"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_extends_chain_deeper_than_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Written base last, so that resolving `s0` follows the whole chain.
    let mut text = String::from("services:\n");
    for i in 0..40 {
        text.push_str(&format!("  s{i}: {{extends: s{}}}\n", i + 1));
    }
    text.push_str("  s40: {image: nginx}\n");
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW221", "compose.yaml");
    assert!(
        run.stderr.contains("deeper than 32 services"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_include_chain_deeper_than_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let text = format!(
            "include: [p{}.yaml]\nservices:\n  s{i}: {{image: nginx}}\n",
            i + 1
        );
        write(dir.path(), &format!("p{i}.yaml"), text);
    }
    write(
        dir.path(),
        "p40.yaml",
        "services:\n  last: {image: nginx}\n",
    );
    let run = compile(dir.path(), &["-f", "p0.yaml"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.status, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("nests projects deeper than 32 levels"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_run_reading_too_many_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("include:\n");
    for i in 0..1001 {
        write(
            dir.path(),
            &format!("p{i}.yaml"),
            format!("services:\n  s{i}: {{image: nginx}}\n"),
        );
        text.push_str(&format!("  - p{i}.yaml\n"));
    }
    text.push_str(WEB);
    write(dir.path(), "compose.yaml", text);
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_refused(&run, 1, "SW032", "compose.yaml");
    assert!(run.stderr.contains("has read 1000 files already"));
}

/// A file with thousands of the same mistake prints a hundred of them and a note.
#[test]
fn repeated_diagnostics_are_capped_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("services:\n");
    for i in 0..500 {
        text.push_str(&format!("  s{i}: {{image: nginx, bogus: 1}}\n"));
    }
    write(dir.path(), "compose.yaml", text);
    for format in [
        "concise", "json", "sarif", "github", "gitlab", "junit", "human",
    ] {
        let run = Swarmc::new(dir.path())
            .args(["compile", "-f", "compose.yaml", "--output-format", format])
            .run();
        assert_eq!(run.status, 1, "{format}: {}", run.stderr);
        let shown = run.stderr.matches("unknown key `bogus`").count();
        assert!(
            (100..=200).contains(&shown),
            "{format}: {shown} diagnostics shown"
        );
        assert!(
            run.stderr
                .contains("400 more `SW110` diagnostics are not shown"),
            "{format}: {}",
            run.stderr
        );
    }
}

/// Past a thousand diagnostics of one rule swarmc only counts them, so a file with a
/// mistake repeated a million times holds a thousand diagnostics, not a million; the
/// report still says how many there are and the summary counts them all.
#[test]
fn diagnostics_past_the_kept_ones_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("services:\n  web:\n    image: nginx\n");
    for i in 0..2500 {
        text.push_str(&format!("    bogus{i}: 1\n"));
    }
    write(dir.path(), "compose.yaml", text);
    let run = Swarmc::new(dir.path())
        .args([
            "compile",
            "-f",
            "compose.yaml",
            "--output-format",
            "concise",
        ])
        .run();
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[SW110]").count(), 100);
    assert!(
        run.stderr
            .contains("2400 more `SW110` diagnostics are not shown"),
        "{}",
        run.stderr
    );
    let run = Swarmc::new(dir.path())
        .args(["compile", "-f", "compose.yaml"])
        .run();
    assert!(
        run.stderr
            .contains("swarmc: 2500 errors; nothing was written"),
        "{}",
        run.stderr
    );
    // Ignored, the counted ones go too.
    let run = Swarmc::new(dir.path())
        .args(["compile", "-f", "compose.yaml", "--ignore", "SW110"])
        .run();
    assert!(
        !run.stderr.contains("SW033") && !run.stderr.contains("2500"),
        "{}",
        run.stderr
    );
    // A suppression comment reaches the counted ones as it does the kept ones.
    let mut text = String::from("services:\n  web:\n    image: nginx\n");
    for i in 0..2500 {
        let comment = if i == 2000 {
            "  # swarmc: ignore[SW110]"
        } else {
            ""
        };
        text.push_str(&format!("    bogus{i}: 1{comment}\n"));
    }
    write(dir.path(), "compose.yaml", text);
    let run = Swarmc::new(dir.path())
        .args(["compile", "-f", "compose.yaml"])
        .run();
    assert!(
        run.stderr
            .contains("swarmc: 2499 errors; nothing was written"),
        "{}",
        run.stderr
    );
}

/// A compose file of `n` services of the shape `gen-synthetic.py` writes.
fn synthetic(n: usize) -> String {
    let mut text = String::from("services:\n");
    for i in 0..n {
        text.push_str(&format!(
            "  svc{i:05}:\n    image: \"registry.example.com/team/app{}:1.25\"\n    environment:\n",
            i % 50
        ));
        for k in 0..10 {
            text.push_str(&format!("      VAR_{k}: \"value-{i}-{k}\"\n"));
        }
        text.push_str(&format!(
            "    labels:\n      com.example.service: \"svc{i:05}\"\n    deploy:\n      replicas: {}\n",
            1 + i % 3
        ));
    }
    text
}

/// Killed at any point while writing `-o`, swarmc leaves the previous file intact or
/// the new one complete, never a mix or a truncated file.
#[test]
fn output_survives_being_killed_at_any_point() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", synthetic(1000));
    let complete = Swarmc::new(dir.path())
        .args(["compile", "-f", "compose.yaml"])
        .run();
    assert_eq!(complete.status, 0, "{}", complete.stderr);
    let old = "# the stack deployed yesterday\nservices: {}\n";
    let out = dir.path().join("stack.yml");
    let started = std::time::Instant::now();
    let full = Swarmc::new(dir.path())
        .args(["compile", "-f", "compose.yaml", "-o", "stack.yml"])
        .run();
    assert_eq!(full.status, 0, "{}", full.stderr);
    let duration = started.elapsed().as_micros().max(1000) as u64;
    // A fixed sequence of points in (0, 1.2 × the duration of a whole run).
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut old_seen, mut new_seen) = (0, 0);
    for _ in 0..10 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let at = (state >> 33) % (duration * 6 / 5);
        std::fs::write(&out, old).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_swarmc"))
            .current_dir(dir.path())
            .args(["compile", "-f", "compose.yaml", "-o", "stack.yml"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(at));
        // SIGKILL: no destructor, no cleanup runs.
        let _ = child.kill();
        let _ = child.wait();
        let found = std::fs::read_to_string(&out).unwrap();
        if found == old {
            old_seen += 1;
        } else {
            assert_eq!(found, complete.stdout, "killed after {at} µs");
            new_seen += 1;
        }
    }
    assert_eq!(old_seen + new_seen, 10);
}

/// Runs swarmc, killing it and failing the test if it takes more than 20 seconds.
fn run_within_limit(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_swarmc"))
        .current_dir(dir)
        .args(args)
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return (status.code().unwrap_or(-1), stderr);
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`swarmc {}` blocked", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn a_pipe_as_an_input_is_a_located_error_not_a_wait() {
    let cases: [(&str, &str, &[&str], &str); 5] = [
        ("pipe.yaml", "", &["-f", "pipe.yaml"], "swarmc"),
        (
            "pipe.yaml",
            "include: [pipe.yaml]\nservices:\n  web: {image: nginx}\n",
            &[],
            "compose.yaml:1:11",
        ),
        (
            "web.env",
            "services:\n  web:\n    image: nginx\n    env_file: web.env\n",
            &[],
            "compose.yaml:4:15",
        ),
        (
            ".env",
            "services:\n  web:\n    image: nginx\n",
            &[],
            "swarmc",
        ),
        (
            "key.txt",
            "services:\n  web:\n    image: nginx\n    secrets: [key]\nsecrets:\n  key:\n    file: key.txt\n",
            &[],
            "compose.yaml:7:11",
        ),
    ];
    for (pipe, compose, extra, location) in cases {
        let dir = tempfile::tempdir().unwrap();
        if !compose.is_empty() {
            write(dir.path(), "compose.yaml", compose);
        }
        mkfifo(&dir.path().join(pipe));
        let mut args = vec!["compile", "--output-format", "concise"];
        args.extend(extra);
        let (status, stderr) = run_within_limit(dir.path(), &args);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_ne!(status, 0, "{pipe}: {stderr}");
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(location) && l.contains("not a regular file")),
            "{pipe}: no `{location}` error about a pipe in\n{stderr}"
        );
    }
}

/// Found by the fuzzer: a port that two entries both leave unpublished (a range beside
/// a single port, in either protocol, in short or long syntax) is one port, not an
/// entry the stack's schema refuses as a repeat.
#[test]
fn overlapping_ports_are_published_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1\n    ports:\n      - \"80-81\"\n      - \"81\"\n      - \"82/udp\"\n      - \"82-83/udp\"\n      - {target: 83, protocol: udp}\n      - {target: 80, published: \"8080-8081\", mode: host}\n      - {target: 80, published: 8080, mode: host}\n",
    );
    let run = compile(dir.path(), &["-f", "compose.yaml"]);
    assert_eq!(run.status, 0, "{}", run.transcript());
    for (entry, times) in [
        ("- target: 80\n        protocol: tcp", 1),
        ("- target: 81\n", 1),
        ("- target: 82\n", 1),
        ("- target: 83\n", 1),
        ("published: 8080\n", 1),
        ("published: 8081\n", 1),
    ] {
        assert_eq!(
            run.stdout.matches(entry).count(),
            times,
            "{entry}\n{}",
            run.stdout
        );
    }
}

/// A chain of files that each include the next twice would load the last one two to
/// the power of its length times; each is loaded once, as compose would find the
/// copies equal.
#[test]
fn a_file_included_twice_is_loaded_once() {
    let dir = tempfile::tempdir().unwrap();
    let levels = 30;
    for i in 0..levels {
        let text = format!(
            "include: [d{next}.yaml, ./d{next}.yaml]\nservices:\n  s{i}: {{image: nginx}}\n",
            next = i + 1
        );
        write(dir.path(), &format!("d{i}.yaml"), text);
    }
    write(
        dir.path(),
        &format!("d{levels}.yaml"),
        "services:\n  last: {image: nginx}\n",
    );
    let run = run_within_limit(dir.path(), &["compile", "-f", "d0.yaml"]);
    assert_eq!(run.0, 0, "{}", run.1);
}

/// Included with other variables, the same file is another project each time; how many
/// a run loads is bounded, and the include past the bound is an error where it is
/// written.
#[test]
fn included_projects_past_the_limit_are_refused_where_they_are_included() {
    let dir = tempfile::tempdir().unwrap();
    let levels = 12;
    for i in 0..levels {
        let text = format!(
            "include:\n  - {{path: p{next}.yaml, env_file: a{i}.env}}\n  - {{path: p{next}.yaml, env_file: b{i}.env}}\nservices:\n  s{i}: {{image: nginx}}\n",
            next = i + 1
        );
        write(dir.path(), &format!("p{i}.yaml"), text);
        write(dir.path(), &format!("a{i}.env"), format!("V{i}=a\n"));
        write(dir.path(), &format!("b{i}.env"), format!("V{i}=b\n"));
    }
    write(
        dir.path(),
        &format!("p{levels}.yaml"),
        "services:\n  last: {image: nginx}\n",
    );
    let run = compile(dir.path(), &["-f", "p0.yaml"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.status, 1, "{}", run.transcript());
    assert!(
        run.stderr.lines().any(|l| l.contains("error[SW")
            && l.contains("this run has loaded 1000 included projects already")
            && l.starts_with("p")),
        "{}",
        run.stderr
    );
}

/// A file is read once but parsed again for each set of variables it is included
/// with: the text parsed for included projects is counted each time, and the `include`
/// that takes it past 256 MiB is an error where it is written, before a thousand
/// variable sets make a 60 MiB file sixty gigabytes of parsing.
#[test]
fn included_text_past_the_limit_is_refused_where_it_is_included() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = String::from("services:\n  s:\n    image: \"nginx:1.${V}\"\n# ");
    big.push_str(&"a".repeat(60 << 20));
    big.push('\n');
    write(dir.path(), "big.yaml", big);
    let mut compose = String::from("include:\n");
    for i in 0..8 {
        compose.push_str(&format!("  - {{path: big.yaml, env_file: e{i}.env}}\n"));
        write(dir.path(), &format!("e{i}.env"), format!("V={i}\n"));
    }
    compose.push_str("services:\n  web: {image: nginx}\n");
    write(dir.path(), "compose.yaml", compose);
    let run = compile(dir.path(), &[]);
    // Four copies make 240 MiB; the fifth, on line 6, passes the limit.
    assert_refused(&run, 1, "SW035", "compose.yaml:6:12");
    assert!(
        run.stderr.contains("past the limit of 268435456"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("SW035").count(), 1, "{}", run.stderr);
}

/// Each document of a project resolves its own `extends`, so a file that many documents
/// extend from is parsed for each: that text is counted too, and the `extends` that
/// takes it past 256 MiB is an error where it names the file.
#[test]
fn extends_files_parsed_past_the_limit_are_refused_where_they_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = String::from("services:\n  base: {image: nginx}\n# ");
    big.push_str(&"a".repeat(60 << 20));
    big.push('\n');
    write(dir.path(), "big.yaml", big);
    let mut compose = String::new();
    for i in 0..8 {
        compose.push_str(&format!(
            "---\nservices:\n  s{i}: {{extends: {{file: big.yaml, service: base}}}}\n"
        ));
    }
    write(dir.path(), "compose.yaml", compose);
    let run = compile(dir.path(), &[]);
    // Four parses make 240 MiB; the fifth, for the service on line 15, passes the limit.
    assert_refused(&run, 1, "SW035", "compose.yaml:15:24");
    assert!(
        run.stderr.contains("past the limit of 268435456"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("SW035").count(), 1, "{}", run.stderr);
}

/// A service's env file is parsed for each service that names it, since its `${...}`
/// see that service's values: the text parsed is counted over the run, and the file
/// that takes it past 256 MiB is an error where it is named.
#[test]
fn service_files_parsed_past_the_limit_are_refused_where_they_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = String::from("A=1\n# ");
    big.push_str(&"a".repeat(60 << 20));
    big.push('\n');
    write(dir.path(), "big.env", big);
    let mut compose = String::from("services:\n");
    for i in 0..8 {
        compose.push_str(&format!("  s{i}: {{image: nginx, env_file: big.env}}\n"));
    }
    write(dir.path(), "compose.yaml", compose);
    let run = compile(dir.path(), &[]);
    // Four parses make 240 MiB; the fifth, for the service on line 6, passes the limit.
    assert_refused(&run, 1, "SW035", "compose.yaml:6:32");
    assert!(
        run.stderr.contains("past the limit of 268435456"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("SW035").count(), 1, "{}", run.stderr);
}

/// `"1-65535"` asks swarm for every port there is; a stack publishes at most 10,000
/// ports, counted over every service, and the entry past that is an error where it is
/// written.
#[test]
fn ports_past_the_limit_are_refused_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1\n    ports: [\"1-65535\"]\n",
    );
    let run = run_within_limit(dir.path(), &["compile", "--output-format", "concise"]);
    assert_eq!(run.0, 1, "{}", run.1);
    assert!(
        run.1.contains("compose.yaml:4:13: error[SW034]")
            && run.1.contains("takes the stack to 65535 published ports"),
        "{}",
        run.1
    );
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  a:\n    image: nginx:1\n    ports: [\"5001-14000:80\"]\n  b:\n    image: nginx:1\n    ports:\n      - \"20000-20999:80\"\n      - {target: 80, published: \"30000-30001\"}\n",
    );
    let run = run_within_limit(dir.path(), &["compile", "--output-format", "concise"]);
    assert_eq!(run.0, 1, "{}", run.1);
    assert!(
        run.1.contains("compose.yaml:9:9: error[SW034]")
            && run.1.contains("takes the stack to 10002 published ports"),
        "{}",
        run.1
    );
    // Exactly at the limit is allowed.
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  a:\n    image: nginx:1\n    ports: [\"10001-19000:80\", \"20000-20999/udp\"]\n",
    );
    let run = run_within_limit(dir.path(), &["compile", "--output-format", "concise"]);
    assert_eq!(run.0, 0, "{}", run.1);
}

/// A range published in host mode by more tasks than there are nodes is one finding
/// for the range, not one per port: 9,999 findings buried the rest of the report, and
/// each one searched the service's ports for where it was written.
#[test]
fn an_overcommitted_host_port_range_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "compose.yaml",
        "services:\n  a:\n    image: nginx:1\n    deploy: {replicas: 3}\n    ports: [{target: 80, published: \"20000-29998\", mode: host}]\n",
    );
    let run = run_within_limit(
        dir.path(),
        &[
            "check",
            "--output-format",
            "concise",
            "--report-file",
            "r.txt",
        ],
    );
    assert_eq!(run.0, 1, "{}", run.1);
    let report = std::fs::read_to_string(dir.path().join("r.txt")).unwrap();
    let findings: Vec<&str> = report.lines().filter(|l| l.contains("SW511")).collect();
    assert_eq!(findings.len(), 1, "{report}");
    assert!(
        findings[0].contains("compose.yaml:5:37: error[SW511]")
            && findings[0].contains("publishing ports `20000-29998/tcp` in host mode"),
        "{report}"
    );
}

/// Services extending a large base copy it each: the copies are counted over the run,
/// and the `extends` past the limit is an error where it is written instead of minutes
/// and gigabytes of copies.
#[test]
fn extends_copying_too_much_is_refused_where_it_crosses_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("services:\n  base:\n    image: nginx:1\n    environment:\n");
    for i in 0..5000 {
        text.push_str(&format!("      K{i}: v\n"));
    }
    for i in 0..60 {
        text.push_str(&format!("  s{i}: {{extends: base}}\n"));
    }
    write(dir.path(), "compose.yaml", text);
    let run = run_within_limit(dir.path(), &["compile", "--output-format", "concise"]);
    assert_eq!(run.0, 1, "{}", run.1);
    // 5,003 nodes per copy: the 50th copy passes 250,000.
    assert!(
        run.1.contains("compose.yaml:5054:18: error[SW035]")
            && run.1.contains("past the limit of 250000"),
        "{}",
        run.1
    );
}
