//! `develop`: `docker compose watch` rules, meaningful only on a developer's machine;
//! kept typed so translation can say exactly what it drops.

use super::{Hook, HostPath, Keys, Text};
use crate::source::Span;
use crate::spanned::Spanned;

keyword_enum! {
    pub enum WatchAction {
        Rebuild = "rebuild",
        Sync = "sync",
        Restart = "restart",
        SyncRestart = "sync+restart",
        SyncExec = "sync+exec",
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Develop {
    pub keys: Keys,
    pub watch: Vec<WatchRule>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WatchRule {
    pub span: Span,
    pub keys: Keys,
    pub path: Spanned<HostPath>,
    pub action: Spanned<WatchAction>,
    pub target: Option<Spanned<Text>>,
    pub ignore: Vec<Spanned<Text>>,
    pub include: Vec<Spanned<Text>>,
    pub exec: Option<Hook>,
}
