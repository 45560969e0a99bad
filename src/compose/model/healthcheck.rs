//! `healthcheck`, with its test in every form compose accepts.

use super::{Duration, Keys, Text};
use crate::spanned::Spanned;

/// What the check runs.
#[derive(Clone, Debug, PartialEq)]
pub enum HealthTest {
    /// `["NONE"]`: disable the image's check.
    None,
    /// `["CMD", "curl", "-f", "http://localhost"]`: run the arguments as written.
    Cmd(Vec<Spanned<Text>>),
    /// `"curl -f http://localhost"` or `["CMD-SHELL", "curl ..."]`: run through the
    /// container's shell.
    Shell(Spanned<Text>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Healthcheck {
    pub keys: Keys,
    /// The span is the whole `test` value; `None` keeps the image's test.
    pub test: Option<Spanned<HealthTest>>,
    pub interval: Option<Spanned<Duration>>,
    pub timeout: Option<Spanned<Duration>>,
    pub start_period: Option<Spanned<Duration>>,
    pub start_interval: Option<Spanned<Duration>>,
    pub retries: Option<Spanned<u64>>,
    pub disable: Option<Spanned<bool>>,
}

impl Healthcheck {
    /// Whether the check is switched off, by `disable: true` or a `NONE` test.
    pub fn is_disabled(&self) -> bool {
        self.disable.as_ref().is_some_and(|d| d.value)
            || self
                .test
                .as_ref()
                .is_some_and(|t| t.value == HealthTest::None)
    }
}
