//! Profiles: services that are part of the project only when one of their profiles is
//! enabled with `--profile` (or `COMPOSE_PROFILES`); `*` enables them all. A service
//! without profiles is always enabled.
//!
//! Disabled services are removed from the tree, so the later stages never see them. As
//! in compose-go, a `depends_on` on a disabled service is an error unless it says
//! `required: false`, in which case the dependency is dropped. The `profiles` keys are
//! consumed here.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::Span;
use crate::suggest::did_you_mean;
use crate::yaml::{Map, Node, NodeKind, ScalarValue};

/// A service left out, and the profiles that would enable it.
struct Disabled {
    profiles: Vec<String>,
    /// The service's `profiles` value.
    span: Span,
}

/// Removes the services none of whose profiles is in `selected`.
pub(super) fn apply(tree: &mut Node, selected: &[String], diagnostics: &mut Diagnostics) {
    let enable_all = selected.iter().any(|profile| profile == "*");
    let mut declared = BTreeSet::new();
    if let Some(services) = tree
        .as_map_mut()
        .and_then(|map| map.get_mut("services"))
        .and_then(Node::as_map_mut)
    {
        let mut disabled = BTreeMap::new();
        for entry in &mut services.entries {
            let Some(service) = entry.value.as_map_mut() else {
                continue;
            };
            let Some(profiles) = service.remove("profiles") else {
                continue;
            };
            let Some(names) = profile_names(&profiles.value) else {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::PROFILES_INVALID,
                        format!(
                            "`profiles` must be a list of names, not {}",
                            profiles.value.describe()
                        ),
                    )
                    .at(profiles.value.span)
                    .help("write `profiles: [name]`"),
                );
                continue;
            };
            declared.extend(names.iter().cloned());
            let enabled =
                names.is_empty() || enable_all || names.iter().any(|name| selected.contains(name));
            if !enabled {
                let service = Disabled {
                    profiles: names,
                    span: profiles.value.span,
                };
                disabled.insert(entry.key.text.to_string(), service);
            }
        }
        services
            .entries
            .retain(|entry| !disabled.contains_key(entry.key.text.as_str()));
        for entry in &mut services.entries {
            if let Some(service) = entry.value.as_map_mut() {
                drop_disabled_dependencies(&entry.key.text, service, &disabled, diagnostics);
            }
        }
    }
    warn_about_unused(selected, &declared, diagnostics);
}

/// The names in a `profiles` value; `None` if it is not a list of strings.
fn profile_names(value: &Node) -> Option<Vec<String>> {
    match &value.kind {
        NodeKind::Scalar(scalar) if scalar.is_null() => Some(Vec::new()),
        NodeKind::Seq(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}

/// Removes the `depends_on` entries of `service` that name disabled services, and
/// reports those that do not say `required: false`.
fn drop_disabled_dependencies(
    name: &str,
    service: &mut Map,
    disabled: &BTreeMap<String, Disabled>,
    diagnostics: &mut Diagnostics,
) {
    let Some(depends_on) = service.get_mut("depends_on") else {
        return;
    };
    let mut report = |dependency: &str, at: Span| {
        let Some(target) = disabled.get(dependency) else {
            return;
        };
        let list = target
            .profiles
            .iter()
            .map(|profile| format!("`{profile}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let first = target.profiles.first().map_or("", String::as_str);
        diagnostics.push(
            Diagnostic::new(
                &rules::PROFILE_DEPENDENCY_DISABLED,
                format!("service `{name}` depends on `{dependency}`, which is not enabled"),
            )
            .at(at)
            .also(
                target.span,
                format!("`{dependency}` is enabled only by {list}"),
            )
            .help(format!(
                "enable it with `--profile {first}`, or mark the dependency `required: false`"
            )),
        );
    };
    match &mut depends_on.kind {
        NodeKind::Seq(items) => items.retain(|item| match item.as_str() {
            Some(dependency) if disabled.contains_key(dependency) => {
                report(dependency, item.span);
                false
            }
            _ => true,
        }),
        NodeKind::Map(map) => map.entries.retain(|entry| {
            if !disabled.contains_key(entry.key.text.as_str()) {
                return true;
            }
            if !optional(&entry.value) {
                report(&entry.key.text, entry.key.span);
            }
            false
        }),
        NodeKind::Scalar(_) => {}
    }
}

/// Whether a long-syntax dependency says `required: false`.
fn optional(dependency: &Node) -> bool {
    dependency
        .as_map()
        .and_then(|map| map.get("required"))
        .and_then(Node::as_scalar)
        .is_some_and(|required| {
            required.value() == ScalarValue::Bool(false) || required.text == "false"
        })
}

fn warn_about_unused(
    selected: &[String],
    declared: &BTreeSet<String>,
    diagnostics: &mut Diagnostics,
) {
    let mut warned = BTreeSet::new();
    for profile in selected {
        if profile == "*" || declared.contains(profile) || !warned.insert(profile) {
            continue;
        }
        let candidates: Vec<&str> = declared.iter().map(String::as_str).collect();
        let help = match did_you_mean(profile, &candidates) {
            Some(known) => format!("did you mean `{known}`?"),
            None if candidates.is_empty() => "no service of this project has `profiles`".to_owned(),
            None => format!(
                "the profiles of this project are {}",
                candidates
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        diagnostics.push(
            Diagnostic::new(
                &rules::PROFILE_UNUSED,
                format!("profile `{profile}` enables no service"),
            )
            .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceKind, Sources};

    struct Outcome {
        services: Vec<String>,
        tree: Node,
        codes: Vec<&'static str>,
        messages: Vec<String>,
    }

    fn run(text: &str, selected: &[&str]) -> Outcome {
        let mut sources = Sources::new();
        let id = sources.add("f.yaml", None, SourceKind::Compose, text.to_owned());
        let mut diagnostics = Diagnostics::new();
        let mut tree = crate::yaml::parse(sources.get(id), id, &mut diagnostics).remove(0);
        let selected: Vec<String> = selected.iter().map(|s| (*s).to_owned()).collect();
        apply(&mut tree, &selected, &mut diagnostics);
        let services = tree
            .as_map()
            .and_then(|m| m.get("services"))
            .and_then(Node::as_map)
            .map(|m| m.iter().map(|(k, _)| k.text.to_string()).collect())
            .unwrap_or_default();
        Outcome {
            services,
            tree,
            codes: diagnostics.iter().map(|d| d.code()).collect(),
            messages: diagnostics.iter().map(|d| d.message.clone()).collect(),
        }
    }

    const PROJECT: &str = "services:\n  web:\n    image: a\n  debug:\n    image: b\n    profiles: [debug, dev]\n  tools:\n    image: c\n    profiles: [tools]\n";

    #[test]
    fn services_without_profiles_are_always_enabled() {
        let outcome = run(PROJECT, &[]);
        assert_eq!(outcome.services, ["web"]);
        assert!(outcome.codes.is_empty());
    }

    #[test]
    fn a_selected_profile_enables_its_services() {
        assert_eq!(run(PROJECT, &["dev"]).services, ["web", "debug"]);
        assert_eq!(run(PROJECT, &["*"]).services, ["web", "debug", "tools"]);
    }

    #[test]
    fn profiles_keys_are_consumed() {
        let outcome = run(PROJECT, &["*"]);
        let services = outcome.tree.as_map().unwrap().get("services").unwrap();
        let debug = services
            .as_map()
            .unwrap()
            .get("debug")
            .unwrap()
            .as_map()
            .unwrap();
        assert!(!debug.contains_key("profiles"));
    }

    #[test]
    fn depending_on_a_disabled_service_is_an_error_unless_optional() {
        let text = "services:\n  web:\n    depends_on: [db]\n  api:\n    depends_on:\n      db: {condition: service_started}\n      cache: {condition: service_started, required: false}\n  db:\n    profiles: [data]\n  cache:\n    profiles: [data]\n";
        let outcome = run(text, &[]);
        assert_eq!(outcome.services, ["web", "api"]);
        assert_eq!(outcome.codes, ["SW241", "SW241"]);
        assert_eq!(
            outcome.messages[0],
            "service `web` depends on `db`, which is not enabled"
        );
        // The dependencies are gone, so later stages see no unknown service.
        let services = outcome
            .tree
            .as_map()
            .unwrap()
            .get("services")
            .unwrap()
            .as_map()
            .unwrap();
        let api = services.get("api").unwrap().as_map().unwrap();
        assert!(api.get("depends_on").unwrap().as_map().unwrap().is_empty());
    }

    #[test]
    fn a_profile_that_enables_nothing_warns() {
        let outcome = run(PROJECT, &["degub", "tools", "*"]);
        assert_eq!(outcome.codes, ["SW242"]);
        assert_eq!(outcome.messages, ["profile `degub` enables no service"]);
    }

    #[test]
    fn profiles_must_be_a_list_of_names() {
        let outcome = run("services:\n  web:\n    profiles: debug\n", &[]);
        assert_eq!(outcome.codes, ["SW240"]);
        assert_eq!(outcome.services, ["web"]);
    }
}
