use super::{Cx, list};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::schedule::Unmatchable;
use crate::translate::Origin;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a placement constraint that no node of the site satisfies: an unknown
    /// key (`node.label.zone`), a label no node has, a hostname that is not in the
    /// site, a value no node has, or `node.platform.arch == amd64`, which never
    /// matches because nodes report the kernel's name, `x86_64`.
    ///
    /// ## Why
    /// Swarm accepts such a constraint and leaves every task of the service pending
    /// with `no suitable node (scheduling constraints not satisfied on N nodes)`,
    /// which does not say which constraint or why.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   worker:
    ///     image: worker:2.1
    ///     deploy:
    ///       placement:
    ///         constraints: ["node.platform.arch == amd64"]
    /// ```
    ///
    /// ## Fix
    /// Write the value nodes report (`node.platform.arch == x86_64`), label the nodes
    /// (`docker node update --label-add`) and describe the labels in the site profile,
    /// or correct the key or hostname.
    pub static CONSTRAINT_NEVER_MATCHES = ("SW504", "constraint-never-matches", Error);
}

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    for service in &cx.services {
        for (i, why) in &service.unmatchable {
            let written = service.spec.constraints.get(*i).map_or("", |c| c.trim());
            let at = cx.span(
                &Origin::service(service.name)
                    .field("deploy.placement.constraints")
                    .item(*i),
            );
            diagnostics.push(
                Diagnostic::new(
                    &CONSTRAINT_NEVER_MATCHES,
                    format!(
                        "constraint `{written}` of service `{}` matches no node of the site",
                        service.name
                    ),
                )
                .at_opt(at)
                .label(why.to_string())
                .help(help(why)),
            );
        }
    }
}

fn help(why: &Unmatchable) -> String {
    match why {
        Unmatchable::UnknownKey { .. } => "use a key swarm knows: `node.id`, `node.hostname`, `node.ip`, `node.role`, `node.platform.os`, `node.platform.arch`, `node.labels.<name>` or `engine.labels.<name>`".to_owned(),
        Unmatchable::NoNodes => "describe the site's nodes in the site profile".to_owned(),
        Unmatchable::MalformedAddress { .. } => "write an IP address or a CIDR block".to_owned(),
        Unmatchable::UnknownHostname { known, .. } => {
            format!("use the hostname of a node of the site: {}", list(known, 8))
        }
        Unmatchable::KernelArchName { reported, .. } => {
            format!("write the name nodes report: `{reported}`")
        }
        Unmatchable::MissingLabel { key } => format!(
            "label the nodes that should run the service (`docker node update --label-add {}=...`) and list the label in the site profile",
            key.split_once("labels.").map_or(key.as_str(), |(_, k)| k)
        ),
        Unmatchable::NoSuchValue { seen, .. } if !seen.is_empty() => {
            format!("use a value nodes have: {}", list(seen, 8))
        }
        Unmatchable::NoSuchValue { .. } => "use a value some node of the site has".to_owned(),
        Unmatchable::EveryNodeEqual { .. } => {
            "remove the constraint, or keep a node of the site free of that value".to_owned()
        }
    }
}
