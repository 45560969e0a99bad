//! The container's process: `command`, `entrypoint`, `working_dir`, `user`, `init`,
//! `tty`, `stdin_open`, `stop_signal` and `stop_grace_period`, which swarm takes as
//! compose writes them.
//!
//! Input: `command: serve --port 8080` or `command: ["serve", "--port", "8080"]`.
//! Output: the list form, split as docker splits a string (so the stack says exactly
//! which arguments run); durations in Go's shortest form. An empty `command` or
//! `entrypoint` clears the image's under compose but cannot be said to swarm, which
//! keeps the image's: that is reported.

use crate::compose::{Command, Service, Text};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::spanned::Spanned;
use crate::swarm;

use super::{Cx, shell_words};

pub(super) fn process(cx: &mut Cx<'_>, service: &Service, out: &mut swarm::Service) {
    if let Some(command) = &service.command {
        out.command = words(cx, "command", command);
    }
    if let Some(entrypoint) = &service.entrypoint {
        out.entrypoint = words(cx, "entrypoint", entrypoint);
    }
    out.working_dir = non_empty(service.working_dir.as_ref());
    out.user = non_empty(service.user.as_ref());
    out.init = service.init.as_ref().map(|init| init.value);
    out.tty = service.tty.as_ref().is_some_and(|tty| tty.value);
    out.stdin_open = service.stdin_open.as_ref().is_some_and(|open| open.value);
    out.stop_signal = non_empty(service.stop_signal.as_ref());
    out.stop_grace_period = service
        .stop_grace_period
        .as_ref()
        .map(|period| swarm::Duration::from_std(period.value.as_std()));
}

/// A text setting, left out when empty (docker's default).
fn non_empty(text: Option<&Spanned<crate::compose::Text>>) -> Option<String> {
    text.filter(|t| !t.value.is_empty())
        .map(|t| t.value.to_string())
}

/// The words of a `command` or `entrypoint`.
fn words(cx: &mut Cx<'_>, key: &str, command: &Spanned<Command>) -> Vec<Text> {
    let words = match &command.value {
        Command::Exec(args) => args.clone(),
        Command::Shell(text) => match shell_words::split(&text.value) {
            Some(words) => words.into_iter().map(Text::from).collect(),
            None => {
                cx.report(
                    Diagnostic::new(
                        &rules::INVALID_VALUE,
                        format!("`{key}` has a quote that is not closed"),
                    )
                    .at_value(text)
                    .label("docker cannot split this into arguments")
                    .help(format!(
                        "close the quote, or write `{key}` as a list of arguments"
                    )),
                );
                return Vec::new();
            }
        },
    };
    if words.is_empty() {
        cx.report(
            Diagnostic::new(
                &rules::SETTING_DROPPED,
                format!("an empty `{key}` cannot clear the image's in a swarm service"),
            )
            .at(command.span)
            .label("the image's is used")
            .help(format!(
                "give `{key}` the arguments to run, or build an image without one"
            ))
            .note("swarm treats an empty list as \"use the image's\""),
        );
    }
    words
}
