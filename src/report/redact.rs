//! Keeps secret values out of every report. Stages mention values as they find them
//! (an image reference that is not valid, with its variables substituted) and reports
//! quote the lines around a finding, which may be lines of a site profile or an env
//! file that set a secret. This is the one place that masks them, whatever the output
//! format: in messages, labels, help and notes, and in the quoted source text.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::Sources;

/// What stands for a secret value in a message.
const MASK: &str = "********";

/// The diagnostics and sources to render, with every secret value masked; `None` for
/// either when it shows no secret.
pub fn redact(
    diagnostics: &Diagnostics,
    sources: &Sources,
) -> (Option<Diagnostics>, Option<Sources>) {
    let secrets = sources.secrets();
    if secrets.is_empty() {
        return (None, sources.redacted());
    }
    let shows = |text: &String| secrets.iter().any(|s| text.contains(s.as_str()));
    let needed = diagnostics.iter().any(|d| {
        let mut d = d.clone();
        texts(&mut d).into_iter().any(|t| shows(t))
    });
    let masked = needed.then(|| {
        let mut masked = Diagnostics::new();
        for diagnostic in diagnostics {
            let mut diagnostic = diagnostic.clone();
            for text in texts(&mut diagnostic) {
                for secret in secrets {
                    if text.contains(secret.as_str()) {
                        *text = text.replace(secret.as_str(), MASK);
                    }
                }
            }
            masked.push(diagnostic);
        }
        masked
    });
    (masked, sources.redacted())
}

/// Every text of a diagnostic that a report prints.
fn texts(diagnostic: &mut Diagnostic) -> Vec<&mut String> {
    let mut texts = vec![&mut diagnostic.message];
    let labels = diagnostic
        .primary
        .iter_mut()
        .chain(diagnostic.secondary.iter_mut());
    texts.extend(labels.filter_map(|l| l.text.as_mut()));
    texts.extend(diagnostic.help.as_mut());
    texts.extend(diagnostic.notes.iter_mut());
    texts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;
    use crate::source::{SourceKind, Span};

    #[test]
    fn masks_secrets_in_messages_and_quoted_text_keeping_spans() {
        let mut sources = Sources::new();
        let text = "TOKEN=s3cr3t-value\nTAG=1\n".to_owned();
        let id = sources.add(".env", None, SourceKind::EnvFile, text);
        sources.keep_secret("s3cr3t-value");
        sources.keep_secret("abc");
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::new(&rules::INVALID_IMAGE_REFERENCE, "`a:s3cr3t-value` is bad")
                .at(Span::new(id, 19, 24))
                .help("abc stays: it is too short to be masked"),
        );
        let (masked, redacted) = redact(&diagnostics, &sources);
        let masked = masked.unwrap();
        let d = masked.iter().next().unwrap();
        assert_eq!(d.message, "`a:********` is bad");
        assert_eq!(
            d.help.as_deref(),
            Some("abc stays: it is too short to be masked")
        );
        let redacted = redacted.unwrap();
        assert_eq!(redacted.get(id).text, "TOKEN=************\nTAG=1\n");
        assert_eq!(redacted.text(Span::new(id, 19, 24)), "TAG=1");
    }
}
