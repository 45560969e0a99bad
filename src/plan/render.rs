//! Writing a plan out, from minijinja templates compiled into the binary: one template
//! per format and one partial per step, so that a step's wording lives in one place
//! per format. Values reach the text only through filters that make them safe where
//! they land: `sh` quotes a word (or a list of words) for bash, `comment` keeps a value
//! on its line, `code` makes an inline code span.

use std::fmt;

use minijinja::value::{Serde, Value, ValueKind};
use minijinja::{Environment, UndefinedBehavior, context};

use super::Plan;

/// The forms a plan is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A document for people.
    Markdown,
    /// A bash script that runs each step on the machine it belongs to.
    Shell,
}

/// A template failed: a defect in swarmc, never in the user's files.
#[derive(Debug)]
pub struct RenderError(String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenderError {}

impl From<minijinja::Error> for RenderError {
    fn from(error: minijinja::Error) -> RenderError {
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            text.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        RenderError(text)
    }
}

/// Every template, by the name templates include it by.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "markdown/plan.md",
        include_str!("templates/markdown/plan.md.j2"),
    ),
    (
        "markdown/runs-on.md",
        include_str!("templates/markdown/runs-on.md.j2"),
    ),
    (
        "markdown/tasks.md",
        include_str!("templates/markdown/tasks.md.j2"),
    ),
    (
        "markdown/firewall.md",
        include_str!("templates/markdown/firewall.md.j2"),
    ),
    (
        "markdown/engine-api.md",
        include_str!("templates/markdown/engine-api.md.j2"),
    ),
    (
        "markdown/generic-resources.md",
        include_str!("templates/markdown/generic-resources.md.j2"),
    ),
    (
        "markdown/storage.md",
        include_str!("templates/markdown/storage.md.j2"),
    ),
    (
        "markdown/swarm-init.md",
        include_str!("templates/markdown/swarm-init.md.j2"),
    ),
    (
        "markdown/swarm-join.md",
        include_str!("templates/markdown/swarm-join.md.j2"),
    ),
    (
        "markdown/ingress.md",
        include_str!("templates/markdown/ingress.md.j2"),
    ),
    (
        "markdown/node-labels.md",
        include_str!("templates/markdown/node-labels.md.j2"),
    ),
    (
        "markdown/secrets.md",
        include_str!("templates/markdown/secrets.md.j2"),
    ),
    (
        "markdown/images.md",
        include_str!("templates/markdown/images.md.j2"),
    ),
    (
        "markdown/deploy.md",
        include_str!("templates/markdown/deploy.md.j2"),
    ),
    ("shell/plan.sh", include_str!("templates/shell/plan.sh.j2")),
    (
        "shell/runs-on.sh",
        include_str!("templates/shell/runs-on.sh.j2"),
    ),
    (
        "shell/tasks.sh",
        include_str!("templates/shell/tasks.sh.j2"),
    ),
    (
        "shell/firewall.sh",
        include_str!("templates/shell/firewall.sh.j2"),
    ),
    (
        "shell/engine-api.sh",
        include_str!("templates/shell/engine-api.sh.j2"),
    ),
    (
        "shell/generic-resources.sh",
        include_str!("templates/shell/generic-resources.sh.j2"),
    ),
    (
        "shell/storage.sh",
        include_str!("templates/shell/storage.sh.j2"),
    ),
    (
        "shell/swarm-init.sh",
        include_str!("templates/shell/swarm-init.sh.j2"),
    ),
    (
        "shell/swarm-join.sh",
        include_str!("templates/shell/swarm-join.sh.j2"),
    ),
    (
        "shell/ingress.sh",
        include_str!("templates/shell/ingress.sh.j2"),
    ),
    (
        "shell/node-labels.sh",
        include_str!("templates/shell/node-labels.sh.j2"),
    ),
    (
        "shell/secrets.sh",
        include_str!("templates/shell/secrets.sh.j2"),
    ),
    (
        "shell/images.sh",
        include_str!("templates/shell/images.sh.j2"),
    ),
    (
        "shell/deploy.sh",
        include_str!("templates/shell/deploy.sh.j2"),
    ),
];

/// Writes `plan` in `format`.
pub fn render(plan: &Plan, format: Format) -> Result<String, RenderError> {
    let environment = environment()?;
    let name = match format {
        Format::Markdown => "markdown/plan.md",
        Format::Shell => "shell/plan.sh",
    };
    let template = environment.get_template(name)?;
    Ok(template.render(context! { plan => Value::from(Serde(plan)) })?)
}

fn environment() -> Result<Environment<'static>, RenderError> {
    let mut environment = Environment::new();
    environment.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    environment.set_undefined_behavior(UndefinedBehavior::Strict);
    environment.add_filter("sh", sh_filter);
    environment.add_filter("comment", |text: &str| one_line(text));
    environment.add_filter("code", |text: &str| code(&one_line(text)));
    for (name, source) in TEMPLATES {
        environment.add_template(name, source)?;
    }
    Ok(environment)
}

/// `sh`: a string as one bash word, or a list as words separated by spaces.
fn sh_filter(value: &Value) -> String {
    if value.kind() == ValueKind::Seq {
        let words: Vec<String> = value
            .try_iter()
            .map(|items| items.map(|v| sh_quote(&text_of(&v))).collect())
            .unwrap_or_default();
        words.join(" ")
    } else {
        sh_quote(&text_of(value))
    }
}

fn text_of(value: &Value) -> String {
    match value.as_str() {
        Some(text) => text.to_owned(),
        None => value.to_string(),
    }
}

/// One bash word that stands for `text`: as it is when it holds nothing bash reads
/// specially, otherwise in single quotes.
pub(super) fn sh_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// `text` with line breaks and other control characters turned into spaces, so that it
/// cannot end a comment or a list item.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// An inline code span holding `text`, fenced with more backticks than it contains in
/// a row.
fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{text}{fence}")
    } else {
        format!("{fence} {text} {fence}")
    }
}

/// The first secret value, among `(name, value)` pairs, that `text` shows as it is or
/// in any form a plan may write it in (quoted for bash, escaped, one line of it);
/// values shorter than four characters are too common to tell a leak from a
/// coincidence.
pub fn shown_secret<'a>(text: &str, secrets: &'a [(String, String)]) -> Option<&'a str> {
    secrets
        .iter()
        .find(|(_, value)| {
            value.chars().count() >= 4
                && crate::secret_forms::forms(value)
                    .iter()
                    .any(|form| text.contains(form.as_str()))
        })
        .map(|(name, _)| name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_bash_would_read_them_specially() {
        assert_eq!(sh_quote("10.42.0.10:2377"), "10.42.0.10:2377");
        assert_eq!(sh_quote("/data/xnat/archive"), "/data/xnat/archive");
        assert_eq!(sh_quote(""), "''");
        assert_eq!(sh_quote("a b"), "'a b'");
        assert_eq!(sh_quote("it's"), r"'it'\''s'");
        assert_eq!(sh_quote("$(reboot)"), "'$(reboot)'");
        assert_eq!(sh_quote("line\nbreak"), "'line\nbreak'");
    }

    #[test]
    fn code_spans_outlast_the_backticks_inside() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }

    #[test]
    fn short_secret_values_are_not_looked_for() {
        let secrets = vec![
            ("EMPTY".to_owned(), String::new()),
            ("SHORT".to_owned(), "abc".to_owned()),
            ("TOKEN".to_owned(), "s3cr3t-token".to_owned()),
        ];
        assert_eq!(shown_secret("abc and more", &secrets), None);
        assert_eq!(shown_secret("x s3cr3t-token y", &secrets), Some("TOKEN"));
        let quoted = vec![("KEY".to_owned(), "it's \"a\"\nsecret".to_owned())];
        assert_eq!(shown_secret(&sh_quote("it's \"a\""), &quoted), Some("KEY"));
        assert_eq!(
            shown_secret(r#"k: "it's \"a\"\nsecret""#, &quoted),
            Some("KEY")
        );
    }
}
