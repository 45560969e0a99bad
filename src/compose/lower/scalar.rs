//! Readers for scalar values and lists of them. Compose casts strings to numbers and
//! booleans wherever its schema allows a string, so interpolated values (which arrive
//! as quoted strings) work: `replicas: "3"` and `privileged: "true"` read like `3` and
//! `true`. A null value means the key is not set.

use super::cx::{Cx, Place};
use crate::compose::model::Text;
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::spanned::Spanned;
use crate::yaml::{Node, NodeKind, ScalarValue, Style};

impl Cx<'_> {
    /// A string. Numbers and booleans are refused (compose does too), with a hint to
    /// quote them.
    pub(super) fn string(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<Text>> {
        let scalar = match &node.kind {
            NodeKind::Scalar(scalar) => scalar,
            _ => {
                self.wrong_type(node, place, "a string");
                return None;
            }
        };
        match scalar.value() {
            ScalarValue::Str(text) => Some(Spanned::from_node(Text::new(text), node)),
            ScalarValue::Null => None,
            ScalarValue::Bool(_) | ScalarValue::Int(_) | ScalarValue::Float(_) => {
                self.unquoted(node, place);
                None
            }
        }
    }

    /// A string, or a number kept as written (`expose`, `group_add`, option values).
    pub(super) fn text(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<Text>> {
        match &node.kind {
            NodeKind::Scalar(scalar) => match scalar.value() {
                ScalarValue::Null => None,
                ScalarValue::Bool(_) => {
                    self.wrong_type(node, place, "a string or a number");
                    None
                }
                _ => Some(Spanned::from_node(Text::new(&scalar.text), node)),
            },
            _ => {
                self.wrong_type(node, place, "a string or a number");
                None
            }
        }
    }

    /// A boolean: `true`/`false` in any case, or YAML 1.1's `yes`/`no`/`on`/`off`/`y`/`n`
    /// with a warning, as compose reads them.
    pub(super) fn bool(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<bool>> {
        let scalar = match &node.kind {
            NodeKind::Scalar(scalar) => scalar,
            _ => {
                self.wrong_type(node, place, "a boolean");
                return None;
            }
        };
        let value = match scalar.value() {
            ScalarValue::Null => return None,
            ScalarValue::Bool(b) => b,
            ScalarValue::Int(_) | ScalarValue::Float(_) => {
                self.wrong_type(node, place, "a boolean");
                return None;
            }
            ScalarValue::Str(text) => match parse_bool(text) {
                Some((value, false)) => value,
                Some((value, true)) => {
                    self.push(
                        super::cx::at_node(
                            Diagnostic::new(
                                &rules::LEGACY_BOOLEAN,
                                format!("`{text}` is a YAML 1.1 boolean"),
                            ),
                            node,
                        )
                        .help(format!("write `{value}`"))
                        .note("YAML 1.2 reads it as a string; compose converts it, other tools may not"),
                    );
                    value
                }
                None => {
                    self.invalid(
                        node,
                        format!("invalid boolean `{text}` for {place}"),
                        "use `true` or `false`",
                    );
                    return None;
                }
            },
        };
        Some(Spanned::from_node(value, node))
    }

    /// A whole number, from an integer or a string of digits with an optional sign.
    pub(super) fn int(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<i64>> {
        let scalar = match &node.kind {
            NodeKind::Scalar(scalar) => scalar,
            _ => {
                self.wrong_type(node, place, "an integer");
                return None;
            }
        };
        let value = match scalar.value() {
            ScalarValue::Null => return None,
            ScalarValue::Int(n) => n,
            ScalarValue::Bool(_) | ScalarValue::Float(_) => {
                self.wrong_type(node, place, "an integer");
                return None;
            }
            ScalarValue::Str(text) => match parse_int(text) {
                Some(n) => n,
                None => {
                    self.invalid(
                        node,
                        format!("invalid integer `{text}` for {place}"),
                        "write a whole number such as `3`",
                    );
                    return None;
                }
            },
        };
        Some(Spanned::from_node(value, node))
    }

    /// A whole number within `min..=max`.
    pub(super) fn int_in(
        &mut self,
        node: &Node,
        place: Place<'_>,
        min: i64,
        max: i64,
    ) -> Option<Spanned<i64>> {
        let value = self.int(node, place)?;
        if value.value < min || value.value > max {
            self.invalid(
                node,
                format!("`{}` is out of range for {place}", value.value),
                format!("use a number from {min} to {max}"),
            );
            return None;
        }
        Some(value)
    }

    /// A whole number that is not negative.
    pub(super) fn uint(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<u64>> {
        let value = self.int(node, place)?;
        match u64::try_from(value.value) {
            Ok(n) => Some(value.map(|_| n)),
            Err(_) => {
                self.invalid(
                    node,
                    format!("{place} must not be negative, found `{}`", value.value),
                    "use 0 or a positive number",
                );
                None
            }
        }
    }

    /// A number, integer or decimal.
    pub(super) fn float(&mut self, node: &Node, place: Place<'_>) -> Option<Spanned<f64>> {
        let scalar = match &node.kind {
            NodeKind::Scalar(scalar) => scalar,
            _ => {
                self.wrong_type(node, place, "a number");
                return None;
            }
        };
        let value = match scalar.value() {
            ScalarValue::Null => return None,
            #[allow(clippy::cast_precision_loss)]
            ScalarValue::Int(n) => n as f64,
            ScalarValue::Float(f) => f,
            ScalarValue::Bool(_) => {
                self.wrong_type(node, place, "a number");
                return None;
            }
            ScalarValue::Str(text) => match parse_float(text) {
                Some(f) => f,
                None => {
                    self.invalid(
                        node,
                        format!("invalid number `{text}` for {place}"),
                        "write a number such as `0.5`",
                    );
                    return None;
                }
            },
        };
        if !value.is_finite() {
            self.invalid(
                node,
                format!("{place} must be a finite number"),
                "write a number such as `0.5`",
            );
            return None;
        }
        Some(Spanned::from_node(value, node))
    }

    /// A file mode: octal when written as a string (`"440"`, also after interpolation)
    /// or with a leading `0` or `0o` (`0440`), decimal for other plain numbers, at most
    /// `max` (`0o7777`, or `0o777` where the special bits mean nothing).
    pub(super) fn file_mode(
        &mut self,
        node: &Node,
        place: Place<'_>,
        max: u32,
    ) -> Option<Spanned<u32>> {
        let scalar = match &node.kind {
            NodeKind::Scalar(scalar) if !matches!(scalar.value(), ScalarValue::Bool(_)) => scalar,
            _ => {
                self.wrong_type(node, place, "a file mode");
                return None;
            }
        };
        if scalar.is_null() {
            return None;
        }
        let text = scalar.text.as_str();
        // A string (quoted, or the result of interpolation) is always octal, as
        // compose-go reads it; a plain number is octal only with a leading zero.
        let (digits, radix) = match text.strip_prefix("0o") {
            Some(octal) => (octal, 8),
            None if scalar.style == Style::Quoted => (text, 8),
            None if text.len() > 1 && text.starts_with('0') => (text.get(1..).unwrap_or(""), 8),
            None => (text, 10),
        };
        let parsed = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            u32::from_str_radix(digits, radix).ok()
        } else {
            None
        };
        match parsed {
            Some(mode) if mode <= max => Some(Spanned::from_node(mode, node)),
            Some(mode) => {
                self.invalid(
                    node,
                    format!("file mode `{text}` for {place} is `0o{mode:o}`, above `0o{max:o}`"),
                    format!("write an octal mode of at most `0{max:o}`, such as `0440`"),
                );
                None
            }
            None => {
                self.invalid(
                    node,
                    format!("invalid file mode `{text}` for {place}"),
                    "write an octal mode with a leading zero, such as `0440`",
                );
                None
            }
        }
    }

    /// A list of strings.
    pub(super) fn strings(&mut self, node: &Node, place: Place<'_>) -> Vec<Spanned<Text>> {
        let mut out = Vec::new();
        self.each_string(node, place, &mut out, |value| value);
        out
    }

    /// The strings of a list without their spans, for lists read only as a whole
    /// (`command`, `entrypoint`), which may be as long as the file.
    pub(super) fn texts(&mut self, node: &Node, place: Place<'_>) -> Vec<Text> {
        let mut out = Vec::new();
        self.each_string(node, place, &mut out, |value| value.value);
        out
    }

    /// Checks that `node` is a list of strings and puts each string, as `keep` makes
    /// it, in `out` (which takes room for every item first).
    fn each_string<T>(
        &mut self,
        node: &Node,
        place: Place<'_>,
        out: &mut Vec<T>,
        keep: impl Fn(Spanned<Text>) -> T,
    ) {
        let Some(items) = self.list(node, place) else {
            return;
        };
        out.reserve_exact(items.len());
        for item in items {
            if item.is_null() {
                self.wrong_type(item, Place::Item(place_key(place)), "a string");
            } else if let Some(value) = self.string(item, Place::Item(place_key(place))) {
                out.push(keep(value));
            }
        }
    }

    /// One string or a list of strings (`dns`, `tmpfs`, `env_file` paths).
    pub(super) fn string_or_list(&mut self, node: &Node, place: Place<'_>) -> Vec<Spanned<Text>> {
        match &node.kind {
            NodeKind::Seq(_) => self.strings(node, place),
            NodeKind::Scalar(_) => self.string(node, place).into_iter().collect(),
            NodeKind::Map(_) => {
                self.wrong_type(node, place, "a string or a list of strings");
                Vec::new()
            }
        }
    }

    /// The items of a list; `None` (after reporting) when `node` is not a list, and an
    /// empty list for null.
    pub(super) fn list<'n>(&mut self, node: &'n Node, place: Place<'_>) -> Option<&'n [Node]> {
        match &node.kind {
            NodeKind::Seq(items) => Some(items),
            _ if node.is_null() => Some(&[]),
            _ => {
                self.wrong_type(node, place, "a list");
                None
            }
        }
    }
}

/// The key name inside a place, for naming list items.
pub(super) fn place_key(place: Place<'_>) -> &str {
    match place {
        Place::Key(key) | Place::Item(key) | Place::Service(key) => key,
        Place::Top => "",
    }
}

/// `(value, legacy)`: compose's boolean spellings; `legacy` for YAML 1.1 ones.
pub(super) fn parse_bool(text: &str) -> Option<(bool, bool)> {
    if text.eq_ignore_ascii_case("true") {
        Some((true, false))
    } else if text.eq_ignore_ascii_case("false") {
        Some((false, false))
    } else if ["y", "yes", "on"]
        .iter()
        .any(|t| text.eq_ignore_ascii_case(t))
    {
        Some((true, true))
    } else if ["n", "no", "off"]
        .iter()
        .any(|t| text.eq_ignore_ascii_case(t))
    {
        Some((false, true))
    } else {
        None
    }
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits, nothing else.
pub(super) fn parse_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A decimal number (`1`, `0.5`, `.5`, `1e3`), as Go's `ParseFloat` reads it, finite.
pub(super) fn parse_float(text: &str) -> Option<f64> {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let first = body.bytes().next()?;
    if !(first.is_ascii_digit() || first == b'.') {
        return None;
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

impl Cx<'_> {
    /// A string that must be one of a closed set of keywords.
    pub(super) fn keyword<T>(
        &mut self,
        node: &Node,
        place: Place<'_>,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &[&str],
    ) -> Option<Spanned<T>> {
        let text = self.string(node, place)?;
        match parse(&text.value) {
            Some(value) => Some(text.map(|_| value)),
            None => {
                self.not_one_of(node, place, &text.value, allowed);
                None
            }
        }
    }
}
