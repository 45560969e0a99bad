use super::Cx;
use crate::diagnostic::{Diagnostic, Diagnostics};

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports the top-level `version` of a compose file.
    ///
    /// ## Why
    /// The compose specification made `version` obsolete: `docker compose` ignores it
    /// and warns. `docker stack deploy` does read a version, but it reads the stack
    /// swarmc writes, and swarmc writes there the lowest `3.x` that the stack's
    /// features need. The version written in the compose file decides nothing, yet
    /// readers take it for the format's rules (`2.4` has `mem_limit`, `3` has `deploy`)
    /// and keep it up to date by hand.
    ///
    /// ## Example
    /// ```yaml
    /// version: "3.8"
    /// services:
    ///   web:
    ///     image: nginx:1.27
    /// ```
    ///
    /// ## Fix
    /// Remove the `version` line.
    pub static VERSION_OBSOLETE = ("SW613", "version-obsolete", Info);
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let Some(version) = &cx.project.version else {
        return;
    };
    let at = cx.project.keys.get("version").unwrap_or(version.span);
    diagnostics.push(
        Diagnostic::new(
            &VERSION_OBSOLETE,
            format!("`version: {}` is obsolete", version.value),
        )
        .at(at.to(version.span))
        .label("neither compose nor swarmc reads it")
        .help("remove the `version` line; swarmc writes the version the stack needs"),
    );
}
