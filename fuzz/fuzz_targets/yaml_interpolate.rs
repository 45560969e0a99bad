//! YAML parsing and interpolation of one file: whatever the bytes, `yaml::parse` and
//! `interpolate` return documents and diagnostics and never panic, loop or blow up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use swarmc::diagnostic::Diagnostics;
use swarmc::env::{EnvValue, Environment, interpolate};
use swarmc::source::{SourceKind, Sources};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = Sources::new();
    let id = sources.add("compose.yaml", None, SourceKind::Compose, text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let documents = swarmc::yaml::parse(sources.get(id), id, &mut diagnostics);
    let mut env = Environment::new();
    let vars = [("A", "a"), ("EMPTY", ""), ("NESTED", "${A}"), ("LONG", "xxxxxxxxxxxxxxxx")];
    env.add_layer(vars.iter().map(|(name, value)| {
        (
            (*name).to_owned(),
            EnvValue {
                value: (*value).to_owned(),
                origin: None,
            },
        )
    }));
    for mut document in documents {
        interpolate(&mut document, &env, &mut diagnostics);
    }
    diagnostics.sort();
});
