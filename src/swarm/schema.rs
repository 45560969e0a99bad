//! `schemas/stack.schema.json`, generated from the model: the schema of what swarmc
//! writes, which `emit` validates every stack against and `swarmc schema stack` prints.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::StackFile;

/// The JSON Schema (draft 2020-12) of a stack file as swarmc writes it, pretty-printed
/// with a final newline; byte for byte the content of `schemas/stack.schema.json`.
pub fn stack_schema() -> String {
    let generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator
        .into_root_schema_for::<StackFile<'static>>()
        .to_value();
    forbid_null(&mut schema);
    // Back to a `Schema`, whose serialization puts keywords in their conventional order.
    let schema = Schema::try_from(schema).unwrap_or_default();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// schemars lets every `Option` be `null`, but the model never writes `null`: an
/// absent value is left out. Takes `null` out of every `type` and `anyOf`.
fn forbid_null(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".to_owned(), only);
                }
            }
            if let Some(Value::Array(options)) = map.get_mut("anyOf") {
                options.retain(|o| o.as_object().is_none_or(|o| !is_null_schema(o)));
                if options.len() == 1 {
                    let only = options.remove(0);
                    map.shift_remove("anyOf");
                    if let Value::Object(only) = only {
                        for (key, value) in only {
                            map.entry(key).or_insert(value);
                        }
                    }
                }
            }
            for value in map.values_mut() {
                forbid_null(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(forbid_null),
        _ => {}
    }
}

fn is_null_schema(schema: &serde_json::Map<String, Value>) -> bool {
    schema.len() == 1 && schema.get("type").is_some_and(|t| t == "null")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schema_is_up_to_date() {
        let committed = include_str!("../../schemas/stack.schema.json");
        assert!(
            committed == stack_schema(),
            "schemas/stack.schema.json does not match the swarm model; regenerate it with \
             `cargo run -- schema stack > schemas/stack.schema.json`"
        );
    }

    #[test]
    fn the_schema_never_allows_null() {
        assert!(!stack_schema().contains("\"null\""));
    }
}
