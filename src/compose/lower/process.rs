//! Keys about the container's process and its lifecycle: `command`, `entrypoint`,
//! `healthcheck`, hooks, `restart`, `pull_policy`, `ulimits` and `logging`.

use super::cx::{Cx, Place};
use super::scalar::parse_int;
use super::units::parse_duration;
use crate::compose::model::{
    Command, Duration, HealthTest, Healthcheck, Hook, Keys, Logging, Mapping, PullPolicy, Restart,
    Syntax, Text, Ulimit,
};
use crate::rules;
use crate::spanned::Spanned;
use crate::yaml::{Node, NodeKind};

pub(super) const HEALTHCHECK_KEYS: &[&str] = &[
    "disable",
    "interval",
    "retries",
    "start_interval",
    "start_period",
    "test",
    "timeout",
];
pub(super) const HOOK_KEYS: &[&str] = &[
    "command",
    "environment",
    "privileged",
    "user",
    "working_dir",
];
pub(super) const LOGGING_KEYS: &[&str] = &["driver", "options"];
pub(super) const ULIMIT_KEYS: &[&str] = &["hard", "soft"];

impl Cx<'_> {
    /// `command` or `entrypoint`: a string or a list of strings; null means unset.
    pub(super) fn command(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<Command>> {
        let command = match &node.kind {
            NodeKind::Seq(_) => Command::Exec(self.texts(node, place)),
            NodeKind::Scalar(_) => Command::Shell(self.string(node, place)?),
            NodeKind::Map(_) => {
                self.wrong_type(node, place, "a string or a list of strings");
                return None;
            }
        };
        Some(Spanned::new(command, node.span))
    }

    pub(super) fn healthcheck(&mut self, node: &Node) -> Option<Healthcheck> {
        if node.is_null() {
            return None;
        }
        let mut check = Healthcheck::default();
        check.keys = self.fields(
            node,
            Place::Key("healthcheck"),
            HEALTHCHECK_KEYS,
            |cx, f| {
                let (v, p) = (f.value, f.place());
                match f.name {
                    "test" => check.test = cx.health_test(v),
                    "interval" => check.interval = cx.duration(v, p),
                    "timeout" => check.timeout = cx.duration(v, p),
                    "start_period" => check.start_period = cx.duration(v, p),
                    "start_interval" => check.start_interval = cx.duration(v, p),
                    "retries" => check.retries = cx.uint(v, p),
                    "disable" => check.disable = cx.bool(v, p),
                    _ => {}
                }
            },
        )?;
        if let (Some(disable), Some(test)) = (&check.disable, &check.test) {
            if disable.value && test.value != HealthTest::None {
                self.report(
                    &rules::CONFLICTING_KEYS,
                    disable.span,
                    "`disable: true` contradicts the healthcheck's `test`".to_owned(),
                )
                .also(test.span, "the test is set here")
                .help("remove `test`, or remove `disable`");
            }
        }
        Some(check)
    }

    /// A string (run by the shell) or a list starting with `NONE`, `CMD` or `CMD-SHELL`.
    fn health_test(&mut self, node: &Node) -> Option<Spanned<HealthTest>> {
        let place = Place::Key("test");
        let test = match &node.kind {
            NodeKind::Scalar(_) => HealthTest::Shell(self.string(node, place)?),
            NodeKind::Seq(items) => {
                let Some((first, rest)) = items.split_first() else {
                    // An empty test keeps the image's.
                    return None;
                };
                let item = Place::Item("test");
                let word = self.string(first, item)?;
                match word.value.as_str() {
                    "NONE" => HealthTest::None,
                    "CMD" => {
                        HealthTest::Cmd(rest.iter().filter_map(|i| self.string(i, item)).collect())
                    }
                    "CMD-SHELL" => match rest {
                        [command] => HealthTest::Shell(self.string(command, item)?),
                        _ => {
                            self.invalid(
                                node,
                                "`CMD-SHELL` takes exactly one command string".to_owned(),
                                "write the whole command as one string after `CMD-SHELL`",
                            );
                            return None;
                        }
                    },
                    other => {
                        self.invalid(
                            first,
                            format!("healthcheck test starts with `{other}`"),
                            "start the list with `CMD`, `CMD-SHELL` or `NONE`, or write the command as one string",
                        );
                        return None;
                    }
                }
            }
            NodeKind::Map(_) => {
                self.wrong_type(node, place, "a string or a list of strings");
                return None;
            }
        };
        Some(Spanned::new(test, node.span))
    }

    pub(super) fn hooks(&mut self, node: &Node, place: Place<'_>) -> Vec<Hook> {
        let mut hooks = Vec::new();
        for item in self.list(node, place).unwrap_or_default() {
            hooks.extend(self.hook(item, Place::Item(super::scalar::place_key(place))));
        }
        hooks
    }

    pub(super) fn hook(&mut self, node: &Node, place: Place<'_>) -> Option<Hook> {
        let mut command = None;
        let mut hook = Hook {
            span: node.span,
            keys: Keys::new(),
            command: Spanned::new(Command::Exec(Vec::new()), node.span),
            user: None,
            privileged: None,
            working_dir: None,
            environment: Mapping::default(),
        };
        hook.keys = self.fields(node, place, HOOK_KEYS, |cx, f| {
            let (v, p) = (f.value, f.place());
            match f.name {
                "command" => command = cx.command(v, p),
                "user" => hook.user = cx.string(v, p),
                "privileged" => hook.privileged = cx.bool(v, p),
                "working_dir" => hook.working_dir = cx.string(v, p),
                "environment" => hook.environment = cx.mapping(v, p),
                _ => {}
            }
        })?;
        match command {
            Some(command) => {
                hook.command = command;
                Some(hook)
            }
            None => {
                if !hook.keys.contains_key("command") {
                    self.missing(
                        node.span,
                        "hook has no `command`".to_owned(),
                        "add `command:` with what to run",
                    );
                }
                None
            }
        }
    }

    /// `no`, `always`, `on-failure[:N]` or `unless-stopped`.
    pub(super) fn restart(&mut self, node: &Node) -> Option<Spanned<Restart>> {
        let text = self.string(node, Place::Key("restart"))?;
        let restart = match text.value.as_str() {
            "no" => Some(Restart::No),
            "always" => Some(Restart::Always),
            "unless-stopped" => Some(Restart::UnlessStopped),
            "on-failure" => Some(Restart::OnFailure(None)),
            other => other
                .strip_prefix("on-failure:")
                .and_then(|n| parse_int(n).and_then(|n| u64::try_from(n).ok()))
                .map(|n| Restart::OnFailure(Some(n))),
        };
        match restart {
            Some(restart) => Some(text.map(|_| restart)),
            None => {
                self.not_one_of(
                    node,
                    Place::Key("restart"),
                    &text.value,
                    &[
                        "no",
                        "always",
                        "on-failure",
                        "on-failure:N",
                        "unless-stopped",
                    ],
                );
                None
            }
        }
    }

    /// `always`, `never`, `missing` (or `if_not_present`), `build`, `refresh`, `daily`,
    /// `weekly` or `every_<duration>`.
    pub(super) fn pull_policy(&mut self, node: &Node) -> Option<Spanned<PullPolicy>> {
        let text = self.string(node, Place::Key("pull_policy"))?;
        let hours = |h: u64| Duration {
            text: Text::from(format!("{h}h")),
            nanos: h * 3_600_000_000_000,
        };
        let policy = match text.value.as_str() {
            "always" => Some(PullPolicy::Always),
            "never" => Some(PullPolicy::Never),
            "missing" | "if_not_present" => Some(PullPolicy::Missing),
            "build" => Some(PullPolicy::Build),
            "refresh" => Some(PullPolicy::Refresh(None)),
            "daily" => Some(PullPolicy::Refresh(Some(hours(24)))),
            "weekly" => Some(PullPolicy::Refresh(Some(hours(168)))),
            other => other.strip_prefix("every_").and_then(|interval| {
                parse_duration(interval).ok().map(|nanos| {
                    PullPolicy::Refresh(Some(Duration {
                        text: Text::new(interval),
                        nanos,
                    }))
                })
            }),
        };
        match policy {
            Some(policy) => Some(text.map(|_| policy)),
            None => {
                let allowed = [
                    "always",
                    "never",
                    "missing",
                    "build",
                    "refresh",
                    "daily",
                    "weekly",
                    "every_<duration>",
                ];
                self.not_one_of(node, Place::Key("pull_policy"), &text.value, &allowed);
                None
            }
        }
    }

    /// `ulimits`: `name: n` or `name: {soft, hard}`; names are lowercase letters.
    pub(super) fn ulimits(&mut self, node: &Node, place: Place<'_>) -> Vec<Ulimit> {
        let Some(map) = node.as_map() else {
            if !node.is_null() {
                self.wrong_type(node, place, "a mapping");
            }
            return Vec::new();
        };
        let mut out = Vec::with_capacity(map.len());
        for entry in &map.entries {
            let name_text = entry.key.text.as_str();
            let name = Spanned::new(Text::new(name_text), entry.key.span);
            if name_text.is_empty() || !name_text.bytes().all(|b| b.is_ascii_lowercase()) {
                self.report(
                    &rules::INVALID_VALUE,
                    entry.key.span,
                    format!("invalid ulimit name `{name_text}`"),
                )
                .help("use a lowercase resource name such as `nofile` or `nproc`");
                continue;
            }
            let value = &entry.value;
            if value.as_map().is_some() {
                let mut soft = None;
                let mut hard = None;
                let Some(keys) = self.fields(value, Place::Key(name_text), ULIMIT_KEYS, |cx, f| {
                    match f.name {
                        "soft" => soft = cx.int(f.value, f.place()),
                        "hard" => hard = cx.int(f.value, f.place()),
                        _ => {}
                    }
                }) else {
                    continue;
                };
                for key in ULIMIT_KEYS {
                    if !keys.contains_key(key) {
                        self.missing(
                            entry.key.span,
                            format!("ulimit `{name_text}` has no `{key}`"),
                            format!("add `{key}:`, or write one number for both limits"),
                        );
                    }
                }
                if let (Some(soft), Some(hard)) = (soft, hard) {
                    if soft.value > hard.value && hard.value >= 0 {
                        self.invalid(
                            value,
                            format!(
                                "soft limit {} of `{name_text}` exceeds its hard limit {}",
                                soft.value, hard.value
                            ),
                            "make `soft` at most `hard`",
                        );
                        continue;
                    }
                    out.push(Ulimit {
                        name,
                        syntax: Syntax::Long,
                        keys,
                        soft,
                        hard,
                    });
                }
            } else if let Some(limit) = self.int(value, Place::Key(name_text)) {
                out.push(Ulimit {
                    name,
                    syntax: Syntax::Short,
                    keys: Keys::new(),
                    soft: limit.clone(),
                    hard: limit,
                });
            }
        }
        out
    }

    pub(super) fn logging(&mut self, node: &Node) -> Option<Logging> {
        if node.is_null() {
            return None;
        }
        let mut logging = Logging::default();
        logging.keys = self.fields(node, Place::Key("logging"), LOGGING_KEYS, |cx, f| {
            match f.name {
                "driver" => logging.driver = cx.string(f.value, f.place()),
                "options" => {
                    if f.value.as_seq().is_some() {
                        cx.wrong_type(f.value, f.place(), "a mapping");
                    } else {
                        logging.options = cx.mapping(f.value, f.place());
                    }
                }
                _ => {}
            }
        })?;
        Some(logging)
    }

    /// `cpu_rt_period` and `cpu_rt_runtime`: microseconds, or a duration.
    pub(super) fn micros(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<i64>> {
        let is_duration = node
            .as_scalar()
            .is_some_and(|s| !s.is_null() && parse_int(&s.text).is_none());
        if is_duration {
            let duration = self.duration(node, place)?;
            let micros = i64::try_from(duration.value.nanos / 1_000).unwrap_or(i64::MAX);
            return Some(duration.map(|_| micros));
        }
        self.int(node, place)
    }
}
