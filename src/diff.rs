//! Unified diffs between a stack file as committed and the stack the project compiles to
//! now, for `swarmc compile --check`: a pipeline that deploys a committed stack fails
//! when someone changed the compose files and forgot to compile, and the diff shows
//! what the commit is missing.

use similar::TextDiff;

/// Lines of context around each change, as `diff -u` and `git diff` show.
const CONTEXT: usize = 3;

/// The unified diff that turns `committed` into `compiled`, or `None` when they are
/// the same. `name` is the file both headers name, so that `patch -p0` applies the diff
/// to it; a missing file (`committed` is `None`) is diffed from `/dev/null`.
pub fn unified_diff(name: &str, committed: Option<&str>, compiled: &str) -> Option<String> {
    let old = committed.unwrap_or("");
    if committed == Some(compiled) {
        return None;
    }
    let old_name = if committed.is_some() {
        name
    } else {
        "/dev/null"
    };
    let diff = TextDiff::from_lines(old, compiled);
    Some(
        diff.unified_diff()
            .context_radius(CONTEXT)
            .header(old_name, name)
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_stacks_have_no_diff() {
        assert_eq!(unified_diff("s.yml", Some("a\n"), "a\n"), None);
    }

    #[test]
    fn a_changed_line_is_shown_with_its_context() {
        let committed = "services:\n  web:\n    image: nginx:1.26\n    init: true\n";
        let compiled = "services:\n  web:\n    image: nginx:1.27\n    init: true\n";
        assert_eq!(
            unified_diff("stack.yml", Some(committed), compiled).unwrap(),
            "--- stack.yml\n+++ stack.yml\n@@ -1,4 +1,4 @@\n services:\n   web:\n-    image: nginx:1.26\n+    image: nginx:1.27\n     init: true\n"
        );
    }

    #[test]
    fn a_missing_file_is_diffed_from_nothing() {
        assert_eq!(
            unified_diff("stack.yml", None, "a\n").unwrap(),
            "--- /dev/null\n+++ stack.yml\n@@ -0,0 +1 @@\n+a\n"
        );
    }

    #[test]
    fn a_missing_final_newline_is_a_difference() {
        let diff = unified_diff("s.yml", Some("a"), "a\n").unwrap();
        assert!(diff.contains("\\ No newline at end of file"), "{diff}");
    }
}
