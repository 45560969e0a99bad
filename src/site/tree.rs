//! Turns the YAML tree of a profile into JSON for the validator and serde, recording
//! where every value was written. YAML decides nothing about types here: a plain scalar
//! becomes the JSON type the schema expects at its place, as compose decides by key, so
//! `tag: 1.10` stays the string `1.10` and `cpus: 16` becomes a number.

use serde_json::{Map, Number, Value};

use super::schema::{SchemaAt, Types, type_of};
use super::spans::{Located, SiteSpans, child};
use crate::source::Span;
use crate::yaml::{Node, NodeKind, Scalar, ScalarValue, Style};

/// Converts `node` (the value at `pointer`, introduced by the key at `key`).
pub(super) fn to_json(
    node: &Node,
    schema: Option<SchemaAt<'_>>,
    pointer: &str,
    key: Option<Span>,
    spans: &mut SiteSpans,
) -> Value {
    spans.insert(
        pointer.to_owned(),
        Located {
            key,
            value: node.span,
        },
    );
    match &node.kind {
        NodeKind::Scalar(scalar) => scalar_to_json(scalar, schema),
        NodeKind::Seq(items) => {
            let item_schema = schema.and_then(SchemaAt::items);
            Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        to_json(
                            item,
                            item_schema,
                            &child(pointer, &i.to_string()),
                            None,
                            spans,
                        )
                    })
                    .collect(),
            )
        }
        NodeKind::Map(map) => {
            let mut object = Map::new();
            for (k, value) in map.iter() {
                if object.contains_key(k.text.as_str()) {
                    // The parser has reported the duplicate; the first one counts.
                    continue;
                }
                let value_schema = schema.and_then(|s| s.property(&k.text));
                let json = to_json(
                    value,
                    value_schema,
                    &child(pointer, &k.text),
                    Some(k.span),
                    spans,
                );
                object.insert(k.text.to_string(), json);
            }
            Value::Object(object)
        }
    }
}

fn scalar_to_json(scalar: &Scalar, schema: Option<SchemaAt<'_>>) -> Value {
    let natural = match scalar.value() {
        ScalarValue::Null => Value::Null,
        ScalarValue::Bool(b) => Value::Bool(b),
        ScalarValue::Int(i) => Value::Number(Number::from(i)),
        ScalarValue::Float(f) => match Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => Value::String(scalar.text.to_string()),
        },
        ScalarValue::Str(text) => Value::String(text.to_owned()),
    };
    if scalar.style != Style::Plain || matches!(natural, Value::String(_) | Value::Null) {
        return natural;
    }
    let expected = schema.map(SchemaAt::types).unwrap_or_default();
    if !expected.is_empty()
        && !expected.accepts(type_of(&natural))
        && expected.contains(Types::STRING)
    {
        return Value::String(scalar.text.to_string());
    }
    natural
}
