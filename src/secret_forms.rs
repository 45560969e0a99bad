//! The ways a secret value can be written. Masking a value only as it decodes misses
//! it where a report or a plan writes it encoded: escaped in a YAML double-quoted
//! scalar or a JSON string (`\"`, `\n`, `\x01`), with quotes doubled in a YAML
//! single-quoted one, quoted for bash (`'it'\''s'`), with `$` doubled as a stack
//! writes it, or one line of it at a time as a block scalar or a quoted source line
//! shows it. Reports mask, and the plan's guard looks for, every form listed here;
//! where the value is written in a file of the run, its place is masked as well,
//! whatever the encoding there.

use crate::source::MIN_SECRET_LEN;

/// Every form of `value` worth looking for: the value, its encodings, and each of its
/// lines long enough to tell from a coincidence. Longest first, so that a form inside
/// another is masked as part of it.
pub fn forms(value: &str) -> Vec<String> {
    let mut forms = encodings(value);
    if value.contains(['\n', '\r']) {
        for line in value.split(['\n', '\r']).map(str::trim) {
            if line.chars().count() >= MIN_SECRET_LEN {
                forms.extend(encodings(line));
            }
        }
    }
    forms.retain(|f| f.chars().count() >= MIN_SECRET_LEN);
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
}

/// `value` as it is and as each writer of swarmc encodes it.
fn encodings(value: &str) -> Vec<String> {
    let mut forms = vec![value.to_owned()];
    let mut yaml = String::new();
    crate::emit::write_double_quoted_text(&mut yaml, value, false);
    forms.push(strip_quotes(&yaml));
    yaml.clear();
    crate::emit::write_double_quoted_text(&mut yaml, value, true);
    forms.push(strip_quotes(&yaml));
    if let Ok(json) = serde_json::to_string(value) {
        forms.push(strip_quotes(&json));
    }
    forms.push(strip_quotes(&format!("{value:?}")));
    forms.push(value.replace('\'', "''"));
    forms.push(value.replace('\'', r"'\''"));
    forms.push(value.replace('$', "$$"));
    forms.push(
        value
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    );
    forms
}

fn strip_quotes(text: &str) -> String {
    let inner = text.strip_prefix('"').unwrap_or(text);
    inner.strip_suffix('"').unwrap_or(inner).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_encoding_a_report_or_plan_writes() {
        let forms = forms("it's a \"x\"\n$HOME\\z\u{1}");
        for expected in [
            "it's a \"x\"\n$HOME\\z\u{1}",
            r#"it's a \"x\"\n$HOME\\z\x01"#,
            r#"it's a \"x\"\n$$HOME\\z\x01"#,
            r#"it's a \"x\"\n$HOME\\z\u0001"#,
            r#"it''s a "x""#,
            r#"it'\''s a "x""#,
            "it's a \"x\" $HOME\\z ",
            "$HOME\\z\u{1}",
        ] {
            assert!(
                forms.iter().any(|f| f.contains(expected)),
                "{expected:?} not in {forms:?}"
            );
        }
    }

    #[test]
    fn short_lines_of_a_value_are_not_forms() {
        assert!(forms("ab\ncdefgh").iter().all(|f| f != "ab"));
    }
}
