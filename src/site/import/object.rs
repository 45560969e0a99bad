//! `docker secret ls` / `docker config ls` (`--format '{{json .}}'`, one object per line, with
//! `Name`) and `docker secret inspect` / `docker config inspect` (an array, with
//! `Spec.Name`): which secrets and configs exist. Their values are never printed by
//! docker and never read here.

use serde::Deserialize;

/// One secret or config, as either command prints it.
#[derive(Debug, Deserialize)]
#[serde(try_from = "RawObject")]
pub(super) struct DockerObject {
    pub name: String,
}

#[derive(Debug, Deserialize)]
struct RawObject {
    /// `ls --format '{{json .}}'`.
    #[serde(rename = "Name")]
    name: Option<String>,
    /// `inspect`.
    #[serde(rename = "Spec")]
    spec: Option<ObjectSpec>,
}

#[derive(Debug, Deserialize)]
struct ObjectSpec {
    #[serde(rename = "Name")]
    name: String,
}

impl TryFrom<RawObject> for DockerObject {
    type Error = &'static str;

    fn try_from(raw: RawObject) -> Result<DockerObject, &'static str> {
        raw.name
            .or(raw.spec.map(|s| s.name))
            .map(|name| DockerObject { name })
            .ok_or("an object needs `Name` (as `ls --format '{{json .}}'` prints) or `Spec.Name` (as `inspect` prints)")
    }
}
