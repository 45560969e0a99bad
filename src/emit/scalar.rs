//! How one string is written: plain when every YAML reader will read it back as the
//! same string, double-quoted otherwise.
//!
//! A plain scalar is used only when it cannot be taken for anything else by YAML 1.2
//! (swarmc's reader, compose) or by YAML 1.1 (docker's go-yaml, which still knows
//! `yes`, `on`, octal `0777`, sexagesimal `22:22` and timestamps), and when nothing in
//! it is YAML syntax: indicators at the start, `: ` and ` #` inside, surrounding
//! spaces, line breaks and other characters that must be escaped. Everything else is
//! double-quoted with YAML escapes, which round-trips any string.
//!
//! The tests check these rules against swarmc's YAML reader and against the regular
//! expressions of both YAML specifications, over many generated strings.

/// A string value: literal `$` doubled, since docker interpolates values on deploy.
/// Doubling changes nothing about whether a text may be plain (`$` is no indicator
/// and appears in no other type), so the decision is made on the text as given.
pub(super) fn write_value(out: &mut String, text: &str) {
    let scan = scan(text);
    if !scan.plain {
        write_double_quoted(out, text, true);
    } else if scan.dollar {
        push_doubling_dollars(out, text);
    } else {
        out.push_str(text);
    }
}

/// A mapping key: written as is, since docker never interpolates keys.
pub(super) fn write_key(out: &mut String, text: &str) {
    if scan(text).plain {
        out.push_str(text);
    } else {
        write_double_quoted(out, text, false);
    }
}

fn push_doubling_dollars(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        if byte == b'$' {
            out.push_str(text.get(start..=i).unwrap_or(""));
            out.push('$');
            start = i + 1;
        }
    }
    out.push_str(text.get(start..).unwrap_or(""));
}

/// Whether `text` reads back as this same string when written unquoted.
#[cfg(test)]
pub(super) fn is_plain_safe(text: &str) -> bool {
    scan(text).plain
}

struct Scan {
    /// It may be written unquoted.
    plain: bool,
    /// It holds a `$`.
    dollar: bool,
}

/// Bytes that need a closer look in [`scan`]; the others are ordinary printable ASCII.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte < 0x20 || byte >= 0x7f || matches!(byte as u8, b' ' | b':' | b'$');
        byte += 1;
    }
    table
};

fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let quoted = Scan {
        plain: false,
        dollar: false,
    };
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return quoted;
    };
    if first == b' ' || last == b' ' || last == b':' {
        return quoted;
    }
    let starts_with_indicator = match first {
        // `-foo` is a plain scalar; `-`, `- foo` and `-` before an indicator are not,
        // nor is `---`, which starts a document.
        b'-' => bytes.get(1).is_none_or(|&c| {
            matches!(c, b' ' | b',' | b'[' | b']' | b'{' | b'}' | b'#') || bytes.starts_with(b"---")
        }),
        b'.' => bytes.starts_with(b"..."),
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => true,
        _ => false,
    };
    if starts_with_indicator {
        return quoted;
    }
    // One pass: no control characters, no `: ` (a mapping value) and no ` #` (a
    // comment) anywhere in the line.
    let mut dollar = false;
    let mut ascii = true;
    for (i, &byte) in bytes.iter().enumerate() {
        if !SPECIAL[usize::from(byte)] {
            continue;
        }
        match byte {
            b' ' if bytes.get(i + 1) == Some(&b'#') => return quoted,
            b':' if bytes.get(i + 1) == Some(&b' ') => return quoted,
            b'$' => dollar = true,
            b' ' | b':' => {}
            0x80.. => ascii = false,
            _ => return quoted,
        }
    }
    if !ascii && !text.chars().all(is_plain_non_ascii) {
        return quoted;
    }
    Scan {
        plain: !is_other_type(text),
        dollar,
    }
}

/// Non-ASCII characters that need no escape and break no line.
fn is_plain_non_ascii(c: char) -> bool {
    c.is_ascii()
        || (c >= '\u{a0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

/// Whether a plain scalar with this text could be read as a null, a boolean, a
/// number, a timestamp, or a merge or value key, under YAML 1.2 or 1.1.
fn is_other_type(text: &str) -> bool {
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        return looks_numeric(text) || looks_like_timestamp(text) || is_special_float(text);
    }
    text.len() <= LONGEST_WORD
        && matches!(
            text,
            // YAML 1.2 core schema
            "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False"
            | "FALSE"
            // YAML 1.1 booleans and the merge and value keys
            | "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "on"
            | "On" | "ON" | "off" | "Off" | "OFF" | "<<" | "="
        )
}

/// The longest word in [`is_other_type`]'s list (`FALSE`).
const LONGEST_WORD: usize = 5;

/// Infinities and not-a-number, in both YAML versions.
fn is_special_float(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN")
}

/// Covers YAML 1.2 numbers, and YAML 1.1 integers (binary, octal, decimal,
/// hexadecimal, `_` separators, sexagesimal `1:30`) and floats (`1.2.3` is one): an
/// optional sign, then a digit or a point, then only characters those forms use.
/// Some strings that are not numbers are quoted too (`1abc`), which costs nothing.
fn looks_numeric(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.bytes().all(|b| {
            b.is_ascii_hexdigit()
                || matches!(
                    b,
                    b'x' | b'X' | b'o' | b'O' | b'_' | b'.' | b':' | b'+' | b'-'
                )
        })
}

/// YAML 1.1 timestamps start `YYYY-M-D`.
fn looks_like_timestamp(text: &str) -> bool {
    let mut parts = text.splitn(3, '-');
    let year = parts.next().unwrap_or("");
    let month = parts.next().unwrap_or("");
    let Some(rest) = parts.next() else {
        return false;
    };
    let day_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&month.len())
        && month.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&day_len)
}

/// A double-quoted scalar; escapes everything that is not printable as is, and
/// doubles `$` when `dollars` is set.
pub(super) fn write_double_quoted(out: &mut String, text: &str, dollars: bool) {
    out.reserve(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '$' if dollars => out.push_str("$$"),
            '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                push_escape(out, 'x', u32::from(c), 2);
            }
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                push_escape(out, 'u', u32::from(c), 4);
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// `\xNN` or `\uNNNN`.
fn push_escape(out: &mut String, kind: char, code: u32, digits: u32) {
    out.push('\\');
    out.push(kind);
    for shift in (0..digits).rev() {
        let digit = (code >> (shift * 4)) & 0xf;
        out.push(char::from_digit(digit, 16).map_or('0', |d| d.to_ascii_uppercase()));
    }
}
