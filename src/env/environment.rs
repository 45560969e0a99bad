//! The lookup table interpolation reads. It is built from layers, highest precedence
//! first: the process environment, then the site profile's `env`, then `--env-file`
//! files (or the project's `.env`). A variable set in a higher layer is never replaced
//! by a lower one.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use crate::source::Span;

/// One variable's value and where it was written (`None` for the process environment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvValue {
    pub value: String,
    pub origin: Option<Span>,
}

impl EnvValue {
    /// Whether the value comes from the environment of the process running swarmc,
    /// rather than from a file of the project or the site.
    pub fn is_from_process(&self) -> bool {
        self.origin.is_none()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Environment {
    vars: IndexMap<String, EnvValue>,
    /// Variables the site marks `secret: true`: interpolating one into the project
    /// would write its value into the stack, so interpolation refuses it.
    secret: BTreeSet<String>,
}

impl Environment {
    pub fn new() -> Environment {
        Environment::default()
    }

    /// Adds a layer of lower precedence than every layer added before it.
    pub fn add_layer(&mut self, vars: impl IntoIterator<Item = (String, EnvValue)>) {
        for (name, value) in vars {
            self.vars.entry(name).or_insert(value);
        }
    }

    /// Adds a layer of lower precedence than every other for as long as `with` runs,
    /// then takes it away again: the cost is the layer's, not the environment's, so
    /// each of many services can look through its own values without a copy of the
    /// project's variables.
    pub fn with_layer<R>(
        &mut self,
        vars: impl IntoIterator<Item = (String, EnvValue)>,
        with: impl FnOnce(&Environment) -> R,
    ) -> R {
        let before = self.vars.len();
        // New names go at the end, so dropping the end drops exactly them.
        self.add_layer(vars);
        let result = with(self);
        self.vars.truncate(before);
        result
    }

    pub fn get(&self, name: &str) -> Option<&EnvValue> {
        self.vars.get(name)
    }

    /// Marks variables whose values must never be interpolated into the project.
    pub fn mark_secret(&mut self, names: impl IntoIterator<Item = String>) {
        self.secret.extend(names);
    }

    pub fn is_secret(&self, name: &str) -> bool {
        self.secret.contains(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    /// Variables in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &EnvValue)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(pairs: &[(&str, &str)]) -> Vec<(String, EnvValue)> {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    (*k).to_owned(),
                    EnvValue {
                        value: (*v).to_owned(),
                        origin: None,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn earlier_layers_win() {
        let mut env = Environment::new();
        env.add_layer(layer(&[("A", "process")]));
        env.add_layer(layer(&[("A", "dotenv"), ("B", "dotenv")]));
        assert_eq!(env.get("A").unwrap().value, "process");
        assert_eq!(env.get("B").unwrap().value, "dotenv");
        assert!(env.get("C").is_none());
    }
}
