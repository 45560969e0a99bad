//! Codes that were published and then withdrawn. A code once published is never given
//! to another rule: configurations, suppression comments and CI jobs may still name it,
//! and it must keep meaning what it meant. `swarmc rule` explains a retired code and
//! names the rule that reports its findings now.

use super::Rule;

/// A code no rule raises any more.
#[derive(Debug)]
pub struct Retired {
    /// The code, never reused.
    pub code: &'static str,
    /// The rule's name when it was published.
    pub name: &'static str,
    /// The rule that reports what it reported.
    pub replaced_by: &'static Rule,
    /// Why it was withdrawn: a sentence.
    pub why: &'static str,
}

impl Retired {
    /// What `swarmc rule CODE` says about it: why it went and what replaced it.
    pub fn documentation(&self) -> String {
        format!(
            "Retired: {} Its findings are reported as {} ({}), which `swarmc rule {}` explains. A retired code is never given to another rule.",
            self.why, self.replaced_by.code, self.replaced_by.name, self.replaced_by.code
        )
    }
}

/// Every retired code, in code order.
pub static RETIRED: &[Retired] = &[Retired {
    code: "SW508",
    name: "secret-file-too-large",
    replaced_by: &super::SECRET_TOO_LARGE,
    why: "`check` looked for secret and config files too large for swarm, but translation refuses the same files first.",
}];

/// Looks a retired code up by code (`SW508`) or name (`secret-file-too-large`).
pub fn find_retired(code_or_name: &str) -> Option<&'static Retired> {
    RETIRED
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}
