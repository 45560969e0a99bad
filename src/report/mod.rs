//! The edge where structured diagnostics become text: miette's graphical report for
//! people, and machine formats for CI. Nothing upstream of this module formats a
//! location or chooses a colour.
//!
//! Every renderer is a pure function of the diagnostics (already sorted and filtered by
//! `policy`) and the sources: the same run gives byte-identical reports.
//!
//! | format    | for                                              |
//! | --------- | ------------------------------------------------ |
//! | `human`   | people at a terminal (miette)                    |
//! | `concise` | editors, problem matchers, `grep`                |
//! | `json`    | scripts                                          |
//! | `sarif`   | GitHub code scanning and other SARIF viewers     |
//! | `github`  | GitHub Actions annotations and the step summary  |
//! | `gitlab`  | GitLab Code Quality                              |
//! | `junit`   | test report views (Jenkins, Azure, GitLab)       |

mod cap;
mod concise;
pub mod fingerprint;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod location;
mod redact;
mod rule_docs;
mod sarif;

pub use cap::{MAX_PER_RULE, cap};
pub use concise::concise;
pub use github::{github, github_summary};
pub use gitlab::gitlab;
pub use human::{HumanOptions, human};
pub use json::json;
pub use junit::junit;
pub use location::Location;
pub use redact::redact;
pub use rule_docs::{retired_json, retired_text, rule_json, rule_text, rules_json, rules_text};
pub use sarif::sarif;

use crate::diagnostic::{Diagnostics, Severity};

/// `2 errors, 1 warning` (empty when there is nothing to count).
pub fn summary(diagnostics: &Diagnostics) -> String {
    let mut parts = Vec::new();
    for (severity, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "note", "notes"),
    ] {
        match diagnostics.count(severity) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    parts.join(", ")
}
