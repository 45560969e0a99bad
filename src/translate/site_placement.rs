//! Placement from the site: which nodes a service belongs on is a fact of the cluster,
//! not of the project. The site profile pins services (`services.NAME.pin`), keeps them
//! off nodes (`keep_off`), and lists the paths that live on some nodes only
//! (`storage.local_paths`); a service mounting one must stay where its data is.
//!
//! Input: `pin: { node: db-1 }`, `keep_off: { labels: { data: "1" } }`, a bind mount of
//! `/srv/pg/data` with `/srv/pg: { labels: { pg: "1" } }` in `storage.local_paths`.
//! Output: `node.hostname == db-1`, `node.labels.data != 1` and `node.labels.pg == 1` in
//! `deploy.placement.constraints`, after the compose file's own; a constraint the
//! compose file already has is not repeated.

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules::{self, Rule};
use crate::site::pointer;
use crate::source::Span;
use crate::swarm;

use super::placements::ConstraintOrigin;
use super::site_nodes::{
    compose_constraints, local_data, same_constraint, setting_pointer, settings, site_key,
};
use super::{Cx, Origin};

/// Constraints to add, each with the site line it comes from.
struct Added {
    constraint: String,
    at: Option<Span>,
}

pub(super) fn site_placement(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    let name = service.name.value.as_str();
    let site = cx.site();
    let mut present = compose_constraints(service);
    let mut added: Vec<Added> = Vec::new();
    let mut add = |constraints: Vec<String>, at: Option<Span>| -> Vec<String> {
        let mut new = Vec::new();
        for constraint in constraints {
            if present.iter().any(|p| same_constraint(p, &constraint)) {
                continue;
            }
            present.push(constraint.clone());
            new.push(constraint.clone());
            added.push(Added { constraint, at });
        }
        new
    };
    // The constraints as resolved once for the translation, by where they came from.
    let resolved: Vec<(String, ConstraintOrigin)> = cx
        .placement(service)
        .map(|p| p.constraints.clone())
        .unwrap_or_default();
    let from = |origin: &ConstraintOrigin| -> Vec<String> {
        resolved
            .iter()
            .filter(|(_, o)| o == origin)
            .map(|(c, _)| c.clone())
            .collect()
    };
    let mut reports: Vec<Diagnostic> = Vec::new();
    if let Some(settings) = settings(cx, service) {
        let selectors = [
            (settings.pin.as_ref(), "pin", true),
            (settings.keep_off.as_ref(), "keep_off", false),
        ];
        for (selector, key, pins) in selectors {
            if selector.is_none() {
                continue;
            }
            let at = site_key(site, &setting_pointer(service, key));
            let constraints = if pins {
                from(&ConstraintOrigin::SitePin)
            } else {
                from(&ConstraintOrigin::SiteKeepOff)
            };
            let new = add(constraints, at);
            if new.is_empty() {
                continue;
            }
            let what = if pins { "kept on" } else { "kept off" };
            reports.push(placement(
                &rules::PLACEMENT_FROM_SITE,
                format!(
                    "service `{name}` is {what} the nodes the site selects: {}",
                    listed(&new)
                ),
                at,
                service.name.span,
            ));
        }
    }
    for data in local_data(cx, service) {
        let at = site_key(site, &pointer(&["storage", "local_paths", data.path]));
        let new = add(from(&ConstraintOrigin::LocalData(data.path.to_owned())), at);
        if new.is_empty() {
            continue;
        }
        reports.push(
            placement(
                &rules::PINNED_TO_LOCAL_DATA,
                format!(
                    "service `{name}` is pinned where `{}` is: {}",
                    data.node_path,
                    listed(&new)
                ),
                at,
                service.name.span,
            )
            .also(data.mount, "mounted here")
            .note("the data exists on those nodes only; a task elsewhere would not find it"),
        );
    }
    for diagnostic in reports {
        cx.report(diagnostic);
    }
    if added.is_empty() {
        return;
    }
    let placement = out
        .deploy
        .get_or_insert_with(Default::default)
        .placement
        .get_or_insert_with(Default::default);
    for Added { constraint, at } in added {
        if let Some(at) = at {
            cx.origins.record(
                Origin::service(name)
                    .field("deploy.placement.constraints")
                    .item(placement.constraints.len()),
                at,
            );
        }
        placement.constraints.push(constraint);
    }
}

fn placement(rule: &'static Rule, message: String, at: Option<Span>, service: Span) -> Diagnostic {
    Diagnostic::new(rule, message)
        .at_opt(at)
        .label("the site's decision")
        .also(service, "the service")
        .help("give the nodes the labels the site profile says they have (`swarmc plan` lists the `docker node update` commands)")
}

fn listed(constraints: &[String]) -> String {
    constraints
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
