//! Pre-deploy checks (`SW5xx`), run by `swarmc check`: what swarm will do with this
//! stack on this site, found before `docker stack deploy` instead of after it. Tasks
//! that stay pending with "no suitable node", a stack that fits only when swarm
//! happens to place its services in a lucky order, constraints no node of the site
//! satisfies, subnets that overlap or run out of addresses, bind mounts of paths some
//! eligible node lacks, published ports that collide.
//!
//! Every check reads the translated stack, where each part came from (`Origins`, to
//! put findings on the line that caused them) and the site; none repeats what
//! translation or the site checks report, only what depends on placement or on the
//! site's state. The placement is simulated by [`crate::schedule`], once per order
//! and tie-break tried, for every check to read: [`Cx`] holds the site's nodes
//! and the stack's services as the scheduler sees them, the simulated outcome and, for
//! each service, how it varies with the order swarm places services in and with the
//! ties it breaks at random.
//!
//! Each check lives in its own file with its `declare_rule!` declaration; [`CHECKS`]
//! is the table that runs them, and `rules::ALL` lists them too.

mod bind_mount_not_on_node;
mod constraint_invalid;
mod constraint_never_matches;
pub mod driver;
mod external_secret_unknown;
mod host_port_ingress_conflict;
mod host_port_overcommitted;
mod network_too_small;
mod networks;
mod orders;
mod placement_order_dependent;
mod prediction;
mod stack_file;
mod subnet_held;
mod summary;
mod task_unschedulable;

#[cfg(test)]
mod tests;

pub use bind_mount_not_on_node::BIND_MOUNT_NOT_ON_NODE;
pub use constraint_invalid::CONSTRAINT_INVALID;
pub use constraint_never_matches::CONSTRAINT_NEVER_MATCHES;
pub use external_secret_unknown::EXTERNAL_SECRET_UNKNOWN;
pub use host_port_ingress_conflict::HOST_PORT_INGRESS_CONFLICT;
pub use host_port_overcommitted::{HOST_PORT_OVERCOMMITTED, Overcommit};
pub use network_too_small::{NETWORK_TOO_SMALL, NETWORK_TOO_SMALL_FOR_UPDATES};
pub use orders::{OrderWitness, Orders, Variation};
pub use placement_order_dependent::PLACEMENT_ORDER_DEPENDENT;
pub use prediction::{PREDICTION_SCHEMA, Prediction, prediction, prediction_schema};
pub use stack_file::WithoutDotenv;
pub use subnet_held::SUBNET_HELD_ON_SWARM;
pub use summary::summary;
pub use task_unschedulable::TASK_UNSCHEDULABLE;

use crate::diagnostic::Diagnostics;
use crate::rules::Rule;
use crate::schedule::{self, Constraint, ConstraintError, ServiceSpec, Simulation, Unmatchable};
use crate::site::Site;
use crate::source::Span;
use crate::swarm::{self, Stack};
use crate::translate::{Origin, Origins};

/// What the checks read.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub stack: &'a Stack,
    pub origins: &'a Origins,
    pub site: &'a Site,
    /// What the swarm already runs outside the stack (`--state`, `--docker`); empty
    /// for a swarm that runs nothing else.
    pub state: &'a crate::state::State,
}

/// One service of the stack, as the checks see it.
pub struct Service<'a> {
    pub name: &'a str,
    pub service: &'a swarm::Service,
    pub spec: ServiceSpec,
    /// The constraints, parsed; SwarmKit refuses the service when one does not parse.
    pub constraints: Result<Vec<Constraint>, ConstraintError>,
    /// Constraints (by index) that no node of the site can satisfy, and why.
    pub unmatchable: Vec<(usize, Unmatchable)>,
    /// Nodes (indices into [`Cx::nodes`]) that may take its tasks by the
    /// scheduler's one eligibility rule ([`schedule::may_run`]): where a task may
    /// land, room permitting.
    pub eligible: Vec<usize>,
}

/// The stack and the site as every check sees them, with the simulated placement.
pub struct Cx<'a> {
    pub input: Input<'a>,
    /// The site's nodes, as the scheduler sees them, in the profile's order.
    pub nodes: Vec<schedule::Node>,
    /// The stack's services, in the stack's order.
    pub services: Vec<Service<'a>>,
    /// The placement when services are placed in the stack's order.
    pub simulation: Simulation,
    /// How each service's outcome varies over the other service orders and tie-breaks
    /// simulated: the fewest and most tasks pending, two orders that differ, the nodes
    /// its tasks may land on.
    pub orders: Orders,
    /// Host-mode ports asked for by more tasks than there are nodes for them.
    pub overcommits: Vec<Overcommit>,
}

impl<'a> Cx<'a> {
    pub fn new(input: Input<'a>) -> Cx<'a> {
        // The default site only guesses at the cluster from this machine: its sizes
        // are left out, so that the outcome does not depend on where swarmc runs.
        let guessed = input.site.base_dir.is_none();
        let nodes: Vec<schedule::Node> = input
            .site
            .nodes
            .iter()
            .map(|node| {
                let mut seen = schedule::Node::from_site(node);
                if guessed {
                    seen.nano_cpus = u64::MAX;
                    seen.memory_bytes = u64::MAX;
                }
                seen
            })
            .collect();
        let specs: Vec<ServiceSpec> = input
            .stack
            .services
            .iter()
            .map(|(name, service)| ServiceSpec::from_stack(name, service))
            .collect();
        let (simulation, orders) = orders::simulate(&nodes, &input.state.running, &specs);
        let services: Vec<Service<'a>> = input
            .stack
            .services
            .iter()
            .zip(specs)
            .map(|((name, service), spec)| {
                let constraints = Constraint::parse_all(&spec.constraints);
                let (unmatchable, eligible) = match &constraints {
                    Ok(parsed) => {
                        let unmatchable = parsed
                            .iter()
                            .enumerate()
                            .filter_map(|(i, c)| Some((i, c.unmatchable(&nodes)?)))
                            .collect();
                        let eligible = (0..nodes.len())
                            .filter(|&n| {
                                nodes.get(n).is_some_and(|node| {
                                    schedule::may_run(node, parsed, &spec.reservations.generic)
                                })
                            })
                            .collect();
                        (unmatchable, eligible)
                    }
                    Err(_) => (Vec::new(), Vec::new()),
                };
                Service {
                    name,
                    service,
                    spec,
                    constraints,
                    unmatchable,
                    eligible,
                }
            })
            .collect();
        let overcommits = host_port_overcommitted::overcommits(&services);
        Cx {
            input,
            nodes,
            services,
            simulation,
            orders,
            overcommits,
        }
    }

    pub fn site(&self) -> &'a Site {
        self.input.site
    }

    /// Where `origin` was written: the part itself, else the closest enclosing part.
    pub fn span(&self, origin: &Origin) -> Option<Span> {
        self.input.origins.get(origin)
    }

    /// Where a field of a service was written, the first of `fields` that was
    /// recorded, else the service itself.
    pub fn service_span(&self, service: &str, fields: &[&'static str]) -> Option<Span> {
        fields
            .iter()
            .find_map(|field| {
                let origin = Origin::service(service).field(field);
                let origins = self.input.origins;
                origins
                    .get_exact(&origin)
                    .or_else(|| origins.get_exact(&origin.item(0)))
            })
            .or_else(|| self.span(&Origin::service(service)))
    }

    /// Where the first service that uses secret or config `name` refers to it, for
    /// a top-level object whose own text was not recorded.
    pub fn referencing_span(&self, section: &'static str, name: &str) -> Option<Span> {
        self.services.iter().find_map(|s| {
            let refs = if section == "secrets" {
                &s.service.secrets
            } else {
                &s.service.configs
            };
            let i = refs.iter().position(|r| r.source == name)?;
            self.span(&Origin::service(s.name).field(section).item(i))
        })
    }

    /// Whether a service's pending tasks are explained by a more specific finding:
    /// a constraint that does not parse or never matches, or more host-mode tasks
    /// than eligible nodes.
    pub fn pending_explained(&self, service: &Service<'_>) -> bool {
        service.constraints.is_err()
            || !service.unmatchable.is_empty()
            || self.overcommits.iter().any(|o| {
                o.services
                    .iter()
                    .any(|&s| self.services.get(s).is_some_and(|x| x.name == service.name))
            })
    }
}

/// A check and the rule it reports.
pub struct CheckRule {
    pub rule: &'static Rule,
    pub check: fn(&Cx<'_>, &mut Diagnostics),
}

/// Every check, in code order.
pub static CHECKS: &[CheckRule] = &[
    CheckRule {
        rule: &TASK_UNSCHEDULABLE,
        check: task_unschedulable::check,
    },
    CheckRule {
        rule: &CONSTRAINT_INVALID,
        check: constraint_invalid::check,
    },
    CheckRule {
        rule: &PLACEMENT_ORDER_DEPENDENT,
        check: placement_order_dependent::check,
    },
    CheckRule {
        rule: &CONSTRAINT_NEVER_MATCHES,
        check: constraint_never_matches::check,
    },
    CheckRule {
        rule: &NETWORK_TOO_SMALL,
        check: network_too_small::check,
    },
    CheckRule {
        rule: &BIND_MOUNT_NOT_ON_NODE,
        check: bind_mount_not_on_node::check,
    },
    CheckRule {
        rule: &EXTERNAL_SECRET_UNKNOWN,
        check: external_secret_unknown::check,
    },
    CheckRule {
        rule: &HOST_PORT_INGRESS_CONFLICT,
        check: host_port_ingress_conflict::check,
    },
    CheckRule {
        rule: &HOST_PORT_OVERCOMMITTED,
        check: host_port_overcommitted::check,
    },
    CheckRule {
        rule: &SUBNET_HELD_ON_SWARM,
        check: subnet_held::check,
    },
];

/// What `check` found: the diagnostics and the context the summary is written from.
pub fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    // Translation estimates a written subnet's size from the replicas alone; the network
    // checks here count the addresses of the tasks as they are placed, so they replace it.
    diagnostics.retain_rules(|rule| rule != &crate::rules::SUBNET_TOO_SMALL);
    for rule in CHECKS {
        (rule.check)(cx, diagnostics);
    }
}

/// `count` followed by `one` or `many`: "1 task", "3 tasks".
pub(crate) fn plural(count: u64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

/// Names in backticks, joined with commas and "and", at most `limit` of them.
pub(crate) fn list<S: AsRef<str>>(names: &[S], limit: usize) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(limit)
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    let more = names.len().saturating_sub(limit);
    match (shown.as_slice(), more) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        (_, 0) => {
            let (last, rest) = shown
                .split_last()
                .map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
            format!("{} and {last}", rest.join(", "))
        }
        (_, more) => format!("{} and {more} more", shown.join(", ")),
    }
}
