//! Writes a serialized stack as block-style YAML: two-space indentation, sequences
//! indented under their key, a mapping inside a sequence starting on the `- ` line,
//! empty collections as `{}` and `[]`. Map order is the order of the tree (struct
//! field order, or sorted `BTreeMap` keys).

use std::fmt::Write as _;

use super::scalar;
use super::tree::{Item, Members, Number, View};

/// YAML allows implicit keys of at most 1024 characters; longer keys are written as
/// explicit `? key` entries.
const MAX_IMPLICIT_KEY: usize = 1024;

/// A whole document with a final newline.
#[cfg(test)]
pub(super) fn write(out: &mut String, item: Item<'_>) {
    match item.view() {
        View::Object(members) if !members.is_empty() => write_map(out, members, 0),
        View::Array(members) if !members.is_empty() => write_seq(out, members, 0),
        _ => {
            write_inline(out, item);
            out.push('\n');
        }
    }
}

fn write_map(out: &mut String, members: Members<'_>, indent: usize) {
    for (key, value) in members.iter() {
        write_entry(out, key, value, indent);
    }
}

fn write_seq(out: &mut String, members: Members<'_>, indent: usize) {
    for (_, item) in members.iter() {
        push_indent(out, indent);
        out.push_str("- ");
        write_item(out, item, indent + 2);
    }
}

/// A mapping entry on its own lines, at column `indent`.
pub(super) fn write_entry(out: &mut String, key: &str, value: Item<'_>, indent: usize) {
    push_indent(out, indent);
    write_entry_here(out, key, value, indent);
}

/// A key and its value; the key starts at the cursor, which is at column `indent`.
fn write_entry_here(out: &mut String, key: &str, value: Item<'_>, indent: usize) {
    let start = out.len();
    scalar::write_key(out, key);
    let written = out.len() - start;
    if written > MAX_IMPLICIT_KEY && out[start..].chars().count() > MAX_IMPLICIT_KEY {
        out.insert_str(start, "? ");
        out.push('\n');
        push_indent(out, indent);
    }
    out.push(':');
    match value.view() {
        View::Object(members) if !members.is_empty() => {
            out.push('\n');
            write_map(out, members, indent + 2);
        }
        View::Array(members) if !members.is_empty() => {
            out.push('\n');
            write_seq(out, members, indent + 2);
        }
        _ => {
            out.push(' ');
            write_inline(out, value);
            out.push('\n');
        }
    }
}

/// A sequence item; the cursor is just after its `- `, at column `indent`.
fn write_item(out: &mut String, item: Item<'_>, indent: usize) {
    match item.view() {
        View::Object(members) if !members.is_empty() => {
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    push_indent(out, indent);
                }
                write_entry_here(out, key, value, indent);
            }
        }
        View::Array(members) if !members.is_empty() => {
            for (i, (_, inner)) in members.iter().enumerate() {
                if i > 0 {
                    push_indent(out, indent);
                }
                out.push_str("- ");
                write_item(out, inner, indent + 2);
            }
        }
        _ => {
            write_inline(out, item);
            out.push('\n');
        }
    }
}

/// A scalar or an empty collection, on the current line.
fn write_inline(out: &mut String, item: Item<'_>) {
    match item.view() {
        View::Null => out.push_str("null"),
        View::Bool(true) => out.push_str("true"),
        View::Bool(false) => out.push_str("false"),
        View::Number(Number::Unsigned(n)) => push_decimal(out, n),
        View::Number(Number::Negative(n)) => {
            out.push('-');
            push_decimal(out, n.unsigned_abs());
        }
        // serde_json's form: always a point or an exponent, so YAML reads a float.
        View::Number(Number::Float(f)) => match serde_json::Number::from_f64(f) {
            Some(number) => {
                let _ = write!(out, "{number}");
            }
            None => out.push_str("null"),
        },
        View::String(text) => scalar::write_value(out, text),
        View::Object(_) => out.push_str("{}"),
        View::Array(_) => out.push_str("[]"),
    }
}

fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or("0"));
}

fn push_indent(out: &mut String, indent: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(&SPACES[..n]);
        left -= n;
    }
}
