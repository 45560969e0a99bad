//! Stable identities for findings, so that CI systems (GitLab's merge request widget,
//! GitHub code scanning) recognise the same problem across commits and only show what
//! a change introduced or fixed.
//!
//! A fingerprint is the first 128 bits, in hex, of the SHA-256 of the rule code, the
//! file name as reports show it, the message and the first line of the text the
//! diagnostic points at, each followed by a NUL byte. It holds no line or column, so
//! it survives edits elsewhere in the file. Findings that share all four (the same
//! problem written twice) are told apart by their order: the second one hashes the
//! first one's fingerprint with `1`, the third with `2`, and so on.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::Sources;

/// One fingerprint per diagnostic, in order; `None` for diagnostics without a place.
pub fn fingerprints(diagnostics: &Diagnostics, sources: &Sources) -> Vec<Option<String>> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let base = identity(d, sources)?;
            let count = seen.entry(base.clone()).or_insert(0);
            let fingerprint = match *count {
                0 => base,
                n => hash(&[base.as_bytes(), n.to_string().as_bytes()]),
            };
            *count += 1;
            Some(fingerprint)
        })
        .collect()
}

fn identity(diagnostic: &Diagnostic, sources: &Sources) -> Option<String> {
    let span = diagnostic.primary.as_ref()?.span;
    let file = sources.get(span.source);
    let anchor = sources.text(span).lines().next().unwrap_or("").trim();
    Some(hash(&[
        diagnostic.rule.code.as_bytes(),
        file.name.as_bytes(),
        diagnostic.message.as_bytes(),
        anchor.as_bytes(),
    ]))
}

fn hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
        hasher.update([0]);
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceKind;
    use crate::yaml;

    fn of(text: &str) -> Vec<Option<String>> {
        let mut sources = Sources::new();
        let id = sources.add("compose.yaml", None, SourceKind::Compose, text.to_owned());
        let mut diagnostics = Diagnostics::new();
        yaml::parse(sources.get(id), id, &mut diagnostics);
        diagnostics.sort();
        fingerprints(&diagnostics, &sources)
    }

    #[test]
    fn fingerprints_do_not_move_with_lines() {
        let before = of("a: 1\na: 2\n");
        let after = of("# a new comment\n\nz: 0\na: 1\na: 2\n");
        assert_eq!(before.len(), 1);
        assert_eq!(before, after);
        assert_eq!(before[0].as_deref().map(str::len), Some(32));
    }

    #[test]
    fn the_same_problem_twice_gets_two_fingerprints() {
        let twice = of("x:\n  a: 1\n  a: 2\ny:\n  a: 1\n  a: 2\n");
        assert_eq!(twice.len(), 2);
        assert_ne!(twice[0], twice[1]);
        assert_eq!(twice[0], of("x:\n  a: 1\n  a: 2\n")[0]);
    }

    #[test]
    fn the_hash_is_fixed() {
        // SHA-256 of "SW102\0compose.yaml\0m\0a\0", truncated: changing it breaks
        // every stored baseline, so this test pins it.
        assert_eq!(
            hash(&[b"SW102", b"compose.yaml", b"m", b"a"]),
            "57bcb3d2cb4e84cfc097108a5e19ba8c"
        );
        assert_eq!(hash(&[b""]), "6e340b9cffb37a989ca544e6bb780a2c");
    }
}
