//! The Engine API requests `docker stack deploy` (docker CLI 28) sends for a stack:
//! the networks, secrets and configs it creates and the service specs it creates or
//! updates, each with the stack's name prefixed and its namespace labels. A deploy is
//! judged by what reaches the manager, not by the stack file: `swarmc diff` compares
//! these bodies with what a running swarm reports.

use serde::{Deserialize, Serialize};

/// What a request asks the manager to do, named as the request bodies are recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    NetworkCreate,
    SecretCreate,
    ConfigCreate,
    ServiceCreate,
}

/// One request: its kind and its JSON body, exactly as docker sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub kind: RequestKind,
    pub body: serde_json::Value,
}
