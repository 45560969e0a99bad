//! The site profile's JSON Schema, generated from the Rust types so that the editor
//! completion users get (`schemas/site.schema.json`), the validation swarmc does and the
//! types it deserializes into can never disagree. Also a small reader of that schema,
//! for the two things the loader asks of it: which JSON type a YAML scalar should
//! become at a given place, and which keys a mapping accepts (for did-you-mean).

use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::{Map, Value};

use super::address::{is_interface_address, is_subnet};
use super::profile::Site;

/// The site profile's JSON Schema (draft-07, which editors support best).
pub fn site_schema() -> Value {
    schema().clone()
}

pub(super) fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        schemars::generate::SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<Site>()
            .to_value()
    })
}

/// The validator for [`site_schema`], with swarmc's formats checked. `None` only if the
/// generated schema were invalid, which the schema tests rule out.
pub(super) fn validator() -> Option<&'static Validator> {
    static VALIDATOR: OnceLock<Option<Validator>> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            jsonschema::options()
                .should_validate_formats(true)
                .with_format("subnet", is_subnet)
                .with_format("interface-address", is_interface_address)
                .build(schema())
                .ok()
        })
        .as_ref()
}

/// JSON types, as a set of bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Types(u8);

impl Types {
    pub(super) const NULL: Types = Types(1);
    pub(super) const BOOLEAN: Types = Types(2);
    pub(super) const INTEGER: Types = Types(4);
    pub(super) const NUMBER: Types = Types(8);
    pub(super) const STRING: Types = Types(16);
    pub(super) const ARRAY: Types = Types(32);
    pub(super) const OBJECT: Types = Types(64);

    fn from_name(name: &str) -> Types {
        match name {
            "null" => Types::NULL,
            "boolean" => Types::BOOLEAN,
            "integer" => Types::INTEGER,
            "number" => Types::NUMBER,
            "string" => Types::STRING,
            "array" => Types::ARRAY,
            "object" => Types::OBJECT,
            _ => Types::default(),
        }
    }

    pub(super) fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub(super) fn contains(self, other: Types) -> bool {
        self.0 & other.0 == other.0 && !other.is_empty()
    }

    /// Whether a value of type `ty` is accepted; `integer` accepts through `number`.
    pub(super) fn accepts(self, ty: Types) -> bool {
        self.contains(ty) || (ty == Types::INTEGER && self.contains(Types::NUMBER))
    }

    fn union(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    /// "a string or a mapping" (null is left out when anything else is accepted).
    pub(super) fn describe(self) -> String {
        let names: Vec<&str> = [
            (Types::STRING, "a string"),
            (Types::INTEGER, "an integer"),
            (Types::NUMBER, "a number"),
            (Types::BOOLEAN, "`true` or `false`"),
            (Types::ARRAY, "a list"),
            (Types::OBJECT, "a mapping"),
            (Types::NULL, "null"),
        ]
        .into_iter()
        .filter(|(ty, _)| {
            self.contains(*ty)
                && !(*ty == Types::INTEGER && self.contains(Types::NUMBER))
                // An optional key accepts null as "unset"; that is not worth saying.
                && !(*ty == Types::NULL && self.0 != Types::NULL.0)
        })
        .map(|(_, name)| name)
        .collect();
        join_or(&names)
    }
}

/// `a`, `a or b`, `a, b or c`.
pub(super) fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The JSON type of a value.
pub(super) fn type_of(value: &Value) -> Types {
    match value {
        Value::Null => Types::NULL,
        Value::Bool(_) => Types::BOOLEAN,
        Value::Number(n) if n.is_i64() || n.is_u64() => Types::INTEGER,
        Value::Number(_) => Types::NUMBER,
        Value::String(_) => Types::STRING,
        Value::Array(_) => Types::ARRAY,
        Value::Object(_) => Types::OBJECT,
    }
}

/// A view of one subschema inside the root schema, following `$ref`s.
#[derive(Clone, Copy, Debug)]
pub(super) struct SchemaAt<'a> {
    root: &'a Value,
    here: &'a Value,
}

/// How many `$ref`s are followed before giving up (the generated schema has no cycles
/// deeper than this).
const MAX_REF_DEPTH: usize = 16;

impl<'a> SchemaAt<'a> {
    pub(super) fn root(root: &'a Value) -> SchemaAt<'a> {
        SchemaAt { root, here: root }
    }

    fn at(self, here: &'a Value) -> SchemaAt<'a> {
        SchemaAt {
            root: self.root,
            here,
        }
        .resolved()
    }

    fn resolved(mut self) -> SchemaAt<'a> {
        for _ in 0..MAX_REF_DEPTH {
            let Some(reference) = self.here.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(target) = reference
                .strip_prefix('#')
                .and_then(|p| self.root.pointer(p))
            else {
                break;
            };
            self.here = target;
        }
        self
    }

    fn object(self) -> Option<&'a Map<String, Value>> {
        self.here.as_object()
    }

    /// The subschemas this one combines (`anyOf`, `oneOf`, `allOf`), resolved.
    fn variants(self) -> Vec<SchemaAt<'a>> {
        let mut out = Vec::new();
        for keyword in ["anyOf", "oneOf", "allOf"] {
            if let Some(list) = self.here.get(keyword).and_then(Value::as_array) {
                out.extend(list.iter().map(|v| self.at(v)));
            }
        }
        out
    }

    /// The schema of the value under `key` in a mapping.
    pub(super) fn property(self, key: &str) -> Option<SchemaAt<'a>> {
        let this = self.resolved();
        if let Some(object) = this.object() {
            if let Some(schema) = object.get("properties").and_then(|p| p.get(key)) {
                return Some(this.at(schema));
            }
            if let Some(additional) = object.get("additionalProperties") {
                if additional.is_object() {
                    return Some(this.at(additional));
                }
            }
        }
        this.variants().into_iter().find_map(|v| v.property(key))
    }

    /// The schema of the items of a list.
    pub(super) fn items(self) -> Option<SchemaAt<'a>> {
        let this = self.resolved();
        if let Some(items) = this.object().and_then(|o| o.get("items")) {
            if items.is_object() {
                return Some(this.at(items));
            }
        }
        this.variants().into_iter().find_map(SchemaAt::items)
    }

    /// The JSON types this schema accepts; empty when it does not say.
    pub(super) fn types(self) -> Types {
        let this = self.resolved();
        let mut types = Types::default();
        match this.object().and_then(|o| o.get("type")) {
            Some(Value::String(name)) => types = Types::from_name(name),
            Some(Value::Array(names)) => {
                for name in names.iter().filter_map(Value::as_str) {
                    types = types.union(Types::from_name(name));
                }
            }
            _ => {}
        }
        if types.is_empty() {
            if let Some(values) = this.enum_values() {
                for value in values {
                    types = types.union(type_of(&value));
                }
            }
        }
        for variant in this.variants() {
            types = types.union(variant.types());
        }
        types
    }

    /// The values an `enum`, a `const` or a `oneOf` of them allows.
    pub(super) fn enum_values(self) -> Option<Vec<Value>> {
        let this = self.resolved();
        let object = this.object()?;
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            return Some(values.clone());
        }
        if let Some(value) = object.get("const") {
            return Some(vec![value.clone()]);
        }
        let variants = this.variants();
        if variants.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for variant in variants {
            // `Option<Enum>` is `anyOf: [Enum, {type: null}]`: null only means unset.
            if variant.types() == Types::NULL {
                continue;
            }
            out.extend(variant.enum_values()?);
        }
        (!out.is_empty()).then_some(out)
    }

    /// The keys a mapping accepts by name.
    pub(super) fn property_names(self) -> Vec<&'a str> {
        let this = self.resolved();
        let mut names: Vec<&'a str> = this
            .object()
            .and_then(|o| o.get("properties"))
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        for variant in this.variants() {
            for name in variant.property_names() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// The schema at an instance location, walking `instance` alongside to tell list
    /// indexes from mapping keys.
    pub(super) fn descend(self, instance: &Value, segments: &[String]) -> Option<SchemaAt<'a>> {
        let mut schema = self;
        let mut value = instance;
        for segment in segments {
            match value {
                Value::Array(items) => {
                    schema = schema.items()?;
                    value = segment.parse::<usize>().ok().and_then(|i| items.get(i))?;
                }
                Value::Object(map) => {
                    schema = schema.property(segment)?;
                    value = map.get(segment)?;
                }
                _ => return None,
            }
        }
        Some(schema)
    }
}
