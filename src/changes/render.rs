//! The change set for people, read like `terraform plan`: one line per object with a
//! sign (`+` created, `~` updated, `-` removed, `=` unchanged or kept, `?` left
//! behind), the fields an update changes as `old → new`, what restarts and how, what
//! docker refuses or ignores, and a closing count.

use std::fmt::Write;

use serde_json::Value;

use super::refusals::Outcome;
use super::{Action, ChangeSet, ObjectAction, ObjectChange, Restart, ServiceChange};

pub fn render(changes: &ChangeSet) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "docker stack deploy{} {} will:",
        if changes.prune { " --prune" } else { "" },
        changes.stack
    );
    let mut any = false;
    for (kind, list, known) in [
        ("network", &changes.networks, true),
        ("secret", &changes.secrets, changes.secrets_known),
        ("config", &changes.configs, changes.configs_known),
    ] {
        for object in list {
            any = true;
            object_line(&mut out, kind, object, known);
        }
    }
    for service in &changes.services {
        any = true;
        service_lines(&mut out, service);
    }
    if !any {
        out.push_str("  nothing: the stack is empty\n");
    }
    let refused: Vec<_> = changes
        .refusals
        .iter()
        .filter(|r| r.outcome == Outcome::Refused)
        .collect();
    let ignored: Vec<_> = changes
        .refusals
        .iter()
        .filter(|r| r.outcome == Outcome::Ignored)
        .collect();
    if !ignored.is_empty() {
        out.push_str("\nignored by docker, without a word:\n");
        for refusal in ignored {
            let _ = writeln!(out, "  ! {}", refusal.message);
        }
    }
    if let Some(first) = refused.first() {
        out.push_str("\nrefused by docker, which stops the deploy there:\n");
        for refusal in &refused {
            let _ = writeln!(out, "  ! {}", refusal.message);
            if let Some(said) = &refusal.docker_says {
                let _ = writeln!(out, "      {said}");
            }
        }
        let _ = writeln!(
            out,
            "  docker applies what comes before the first refusal ({}) and nothing after it",
            match first.stage() {
                0 => "pruning services",
                2 => "pruning services, creating networks and secrets",
                _ =>
                    "the networks, secrets, configs and the services it handles earlier, in an order it does not promise",
            }
        );
    }
    out.push('\n');
    out.push_str(&summary(changes));
    out.push('\n');
    out
}

fn object_line(out: &mut String, kind: &str, object: &ObjectChange, known: bool) {
    let (sign, what) = match object.action {
        ObjectAction::Create if !known => (
            "+",
            "created unless it exists (the swarm's list was not read)",
        ),
        ObjectAction::Create => ("+", "created"),
        ObjectAction::Keep => ("=", "kept"),
        ObjectAction::Unused => ("?", "no longer used; the deploy leaves it in place"),
    };
    let _ = writeln!(out, "  {sign} {kind} {}: {what}", object.name);
}

fn service_lines(out: &mut String, service: &ServiceChange) {
    let tasks = |n: u64| format!("{n} task{}", if n == 1 { "" } else { "s" });
    let (sign, what) = match service.action {
        Action::Create => ("+", "created".to_owned()),
        Action::Unchanged => ("=", "unchanged".to_owned()),
        Action::Remove => (
            "-",
            match service.running_tasks {
                Some(n) => format!("removed by --prune, with its {}", tasks(n)),
                None => "removed by --prune".to_owned(),
            },
        ),
        Action::Orphan => (
            "?",
            "no longer in the stack file; left running (--prune removes it)".to_owned(),
        ),
        Action::Update => {
            let running = match service.running_tasks {
                Some(n) => format!("its {}", tasks(n)),
                None => "its tasks".to_owned(),
            };
            let how = match &service.rollout {
                Some(r) => {
                    let batch = match r.parallelism {
                        0 => "all at once".to_owned(),
                        1 => "one at a time".to_owned(),
                        n => format!("{n} at a time"),
                    };
                    let delay = if r.delay > 0 {
                        format!(", {} s apart", r.delay as f64 / 1e9)
                    } else {
                        String::new()
                    };
                    format!(
                        " ({}, {batch}{delay}, on failure {})",
                        r.order, r.failure_action
                    )
                }
                None => String::new(),
            };
            let restart = match service.restarts {
                Restart::Yes => format!("updated, restarting {running}{how}"),
                Restart::Moved => format!(
                    "updated; moves those of {running} whose node no longer satisfies its constraints{how}"
                ),
                Restart::No => "updated in place, no task restarts".to_owned(),
            };
            ("~", restart)
        }
    };
    let _ = writeln!(out, "  {sign} service {}: {what}", service.name);
    for field in &service.fields {
        let _ = writeln!(
            out,
            "      {}: {} → {}",
            field.path,
            shown(field.old.as_ref()),
            shown(field.new.as_ref())
        );
    }
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "(none)".to_owned(),
        Some(value) => serde_json::to_string(value).unwrap_or_default(),
    }
}

/// The closing line: how many objects each action touches.
pub fn summary(changes: &ChangeSet) -> String {
    let count = |action: Action| {
        changes
            .services
            .iter()
            .filter(|s| s.action == action)
            .count()
    };
    let restarting = changes
        .services
        .iter()
        .filter(|s| s.action == Action::Update && s.restarts != Restart::No)
        .count();
    let created = changes
        .networks
        .iter()
        .chain(&changes.secrets)
        .chain(&changes.configs)
        .filter(|o| o.action == ObjectAction::Create)
        .count();
    let refused = changes
        .refusals
        .iter()
        .filter(|r| r.outcome == Outcome::Refused)
        .count();
    let mut line = format!(
        "services: {} to create, {} to update ({restarting} with task restarts), {} to remove, {} unchanged",
        count(Action::Create),
        count(Action::Update),
        count(Action::Remove),
        count(Action::Unchanged),
    );
    if count(Action::Orphan) > 0 {
        let _ = write!(line, ", {} left running", count(Action::Orphan));
    }
    let _ = write!(line, "; networks, secrets and configs: {created} to create");
    if refused > 0 {
        let _ = write!(line, "; {refused} refused by docker");
    }
    if !changes.changes_anything() {
        line.push_str("; no changes");
    }
    line
}
