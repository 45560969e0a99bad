//! One finding per place, not per service. A key written once under a YAML anchor and
//! merged into many services (`<<: *component-base` carrying `depends_on`) is
//! translated once per service, and each service's pass reports it at the same
//! place; thirty copies of one warning bury the rest. Findings that differ only in the
//! service they name are merged: the first service's is kept, and each other service
//! becomes a secondary label at its name.

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::source::Span;

/// The service whose passes reported a diagnostic: its name and where the name is.
pub(super) struct Owner {
    pub name: String,
    pub span: Span,
}

/// Merges the diagnostics `diagnostics[from..from + owners.len()]`, reported by the
/// service passes for `owners`, that have the same rule and primary place but come from
/// different services.
pub(super) fn group(diagnostics: &mut Diagnostics, from: usize, owners: &[Owner]) {
    if owners.len() < 2 {
        return;
    }
    let mut items = diagnostics.take_items();
    let rest = items.split_off((from + owners.len()).min(items.len()));
    let reported = items.split_off(from.min(items.len()));
    // Each kept diagnostic with what it says with its service's name left out, and the
    // services it stands for.
    let mut kept: Vec<(Diagnostic, Shape, Vec<&str>)> = Vec::new();
    for (diagnostic, owner) in reported.into_iter().zip(owners) {
        let shape = shape(&diagnostic, &owner.name);
        let same = kept.iter_mut().find(|(_, k, services)| {
            shape.is_some() && *k == shape && !services.contains(&owner.name.as_str())
        });
        match same {
            Some((first, _, services)) => {
                first.secondary.push(Label {
                    span: owner.span,
                    text: Some("merges this key too".to_owned()),
                });
                services.push(&owner.name);
            }
            None => kept.push((diagnostic, shape, vec![owner.name.as_str()])),
        }
    }
    for (mut diagnostic, _, services) in kept {
        if services.len() > 1 {
            diagnostic.notes.push(format!(
                "reported once for the {} services that share this key through a YAML anchor, a merge key or `extends`",
                services.len()
            ));
        }
        items.push(diagnostic);
    }
    for diagnostic in items.into_iter().chain(rest) {
        diagnostics.push(diagnostic);
    }
}

/// What a finding says about its service, with the service's name masked: two findings
/// of one shape differ only in the service they were reported for. `None` for a finding
/// with no place, which is never merged.
type Shape = Option<(&'static str, Span, String, Option<String>, Vec<Span>)>;

fn shape(diagnostic: &Diagnostic, service: &str) -> Shape {
    let primary = diagnostic.primary.as_ref()?;
    let name = format!("`{service}`");
    let mask = |text: &str| text.replace(&name, "`…`");
    Some((
        diagnostic.rule.code,
        primary.span,
        mask(&diagnostic.message),
        diagnostic.help.as_deref().map(mask),
        diagnostic.secondary.iter().map(|l| l.span).collect(),
    ))
}
