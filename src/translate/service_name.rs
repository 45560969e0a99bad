//! The service's name: compose allows `.` and leading or trailing `-` and `_`; swarm
//! names the service `<stack>_<name>` and accepts only letters and digits joined by
//! `-` and `_`, in at most 63 characters.
//!
//! Input: `services: {api.v2: ...}`. Output: the name unchanged, or an error at the
//! name when swarm would refuse it (renaming would break the names other services
//! use to reach it, so that is the user's choice).

use crate::compose::Service;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::Cx;

/// The longest name that leaves room for a one-character stack name and `_`.
const MAX_LEN: usize = 61;

/// Why swarm refuses `name`, if it does.
fn problem(name: &str) -> Option<&'static str> {
    if name.contains('.') {
        return Some("swarm service names cannot contain `.`");
    }
    let edge = |b: Option<u8>| b.is_some_and(|b| b == b'-' || b == b'_');
    if edge(name.bytes().next()) || edge(name.bytes().last()) {
        return Some("swarm service names start and end with a letter or a digit");
    }
    if name.len() > MAX_LEN {
        return Some("`<stack>_<name>` would be longer than 63 characters");
    }
    None
}

/// A name swarm accepts, for the help line: `.` and runs of `-`/`_` at the edges
/// become `-` or disappear.
fn suggestion(name: &str) -> String {
    let replaced = name.replace('.', "-");
    replaced.trim_matches(|c| c == '-' || c == '_').to_owned()
}

pub(super) fn service_name(cx: &mut Cx<'_>, service: &Service, _out: &mut swarm::Service) {
    let name = &service.name.value;
    let Some(problem) = problem(name) else {
        return;
    };
    let suggested = suggestion(name);
    let help = if suggested.is_empty() || suggested == name.as_str() {
        "rename the service to letters and digits joined by `-` or `_`, at most 61 characters"
            .to_owned()
    } else {
        format!(
            "rename the service, for example to `{suggested}`, and add `{name}` as a network alias if other services use that name"
        )
    };
    cx.report(
        Diagnostic::new(
            &rules::SERVICE_NAME_UNSUPPORTED,
            format!("swarm refuses the service name `{name}`"),
        )
        .at(service.name.span)
        .label(problem)
        .help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_swarm_refuses_are_found() {
        assert_eq!(problem("web"), None);
        assert_eq!(problem("web_1-a"), None);
        assert!(problem("api.v2").is_some());
        assert!(problem("-web").is_some());
        assert!(problem("web_").is_some());
        assert!(problem(&"a".repeat(62)).is_some());
        assert_eq!(problem(&"a".repeat(61)), None);
        assert_eq!(suggestion("api.v2"), "api-v2");
        assert_eq!(suggestion("_web."), "web");
    }
}
