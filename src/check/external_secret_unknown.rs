use super::Cx;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::translate::Origin;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a secret the stack declares `external` that the site profile does not
    /// list under `secrets` as existing on the swarm.
    ///
    /// ## Why
    /// `docker stack deploy` looks external secrets up and stops with `secret not
    /// found` when one was not created ahead. The site profile is where a cluster
    /// records the secrets its operators created, so a secret it does not list may
    /// well be missing; it is a warning because the profile may simply be behind.
    ///
    /// ## Example
    /// ```yaml
    /// secrets:
    ///   api_key:
    ///     external: true   # the site lists no `api_key`
    /// ```
    ///
    /// ## Fix
    /// Create the secret (`docker secret create`) and list it in the site profile
    /// (`secrets: {api_key: {external: true}}`), or correct the name.
    pub static EXTERNAL_SECRET_UNKNOWN = ("SW509", "external-secret-unknown", Warning);
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let site = cx.site();
    // The default site describes this machine, not the secrets of a swarm.
    if site.base_dir.is_none() {
        return;
    }
    for (name, secret) in &cx.input.stack.secrets {
        if !secret.external {
            continue;
        }
        let swarm_name = secret.name.as_deref().unwrap_or(name);
        let listed = site.secrets.iter().any(|(key, s)| {
            s.external
                && (key == name || key == swarm_name || s.name.as_deref() == Some(swarm_name))
        });
        if listed {
            continue;
        }
        let object = Origin::object("secrets", name);
        let at = cx
            .input
            .origins
            .get_exact(&object.field("external"))
            .or_else(|| cx.span(&object))
            .or_else(|| cx.referencing_span("secrets", name));
        diagnostics.push(
            Diagnostic::new(
                &EXTERNAL_SECRET_UNKNOWN,
                format!("external secret `{swarm_name}` is not listed in the site profile"),
            )
            .at_opt(at)
            .help(format!(
                "create it (`docker secret create {swarm_name} FILE`) and list it under `secrets` in the site profile with `external: true`"
            )),
        );
    }
}
