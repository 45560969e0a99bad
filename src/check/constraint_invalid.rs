use super::Cx;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::schedule::Constraint;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a placement constraint that swarm cannot parse, with swarm's own error
    /// (`constraint expected one operator from ==, !=`, `key 'node label' is invalid`).
    ///
    /// ## Why
    /// `docker stack deploy` refuses the whole service when one of its constraints
    /// does not parse, after it has created the networks and the services before it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     deploy:
    ///       placement:
    ///         constraints: ["node.role = manager"]
    /// ```
    ///
    /// ## Fix
    /// Write `key==value` or `key!=value`, with a key of letters, digits, `.`, `-`
    /// and `_` (`node.role==manager`).
    pub static CONSTRAINT_INVALID = ("SW502", "constraint-invalid", Error);
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in &cx.services {
        for (i, written) in service.spec.constraints.iter().enumerate() {
            let Err(error) = Constraint::parse(written) else {
                continue;
            };
            // One without an operator was reported when the project was read (and a
            // stack file is read as a project).
            if !crate::compose::lower::has_constraint_operator(written) {
                break;
            }
            let at = cx.span(
                &crate::translate::Origin::service(service.name)
                    .field("deploy.placement.constraints")
                    .item(i),
            );
            diagnostics.push(
                Diagnostic::new(
                    &CONSTRAINT_INVALID,
                    format!(
                        "constraint `{written}` of service `{}` does not parse: {error}",
                        service.name
                    ),
                )
                .at_opt(at)
                .help("write `key==value` or `key!=value`, such as `node.role==manager`"),
            );
            // SwarmKit stops at the first error.
            break;
        }
    }
}
