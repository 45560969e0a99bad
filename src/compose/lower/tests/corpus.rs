//! Lowers every compose file of the shared real-world corpus, when it is present, to
//! check that nothing panics and to list what each file is reported for. The files are
//! raw (not interpolated), so problems in values holding `${...}` are counted apart.

use std::path::{Path, PathBuf};

use super::BASE;
use crate::diagnostic::{Diagnostics, Severity};
use crate::source::{SourceKind, Sources};
use crate::yaml;

fn corpus_dir() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        manifest.join("../shared/corpus"),
        manifest.join("../../shared/corpus"),
    ]
    .into_iter()
    .find(|dir| dir.is_dir())
}

fn compose_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            compose_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yml" || ext == "yaml")
        {
            out.push(path);
        }
    }
}

/// One diagnostic: file, code, the line it is on, message.
type Found = (String, &'static str, String, String);

/// Every diagnostic lowering reports for the corpus.
fn lower_corpus(dir: &Path) -> Vec<Found> {
    let mut files = Vec::new();
    compose_files(dir, &mut files);
    assert!(!files.is_empty(), "the corpus has no YAML files");
    let mut found = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let mut sources = Sources::new();
        let id = sources.add(name.clone(), Some(path.clone()), SourceKind::Compose, text);
        let mut diagnostics = Diagnostics::new();
        let documents = yaml::parse(sources.get(id), id, &mut diagnostics);
        let parse_errors = diagnostics.len();
        for document in &documents {
            let bases = |_| PathBuf::from(BASE);
            let _project = super::super::lower(document, &bases, &mut diagnostics);
        }
        let file = sources.get(id);
        for diagnostic in diagnostics.iter().skip(parse_errors) {
            let line = diagnostic.primary.as_ref().map_or(String::new(), |l| {
                file.line_text(file.line_col(l.span.start).line)
                    .trim()
                    .to_owned()
            });
            let severity = if diagnostic.severity == Severity::Error {
                ""
            } else {
                " (warning)"
            };
            let message = format!("{}{severity}", diagnostic.message);
            found.push((name.clone(), diagnostic.code(), line, message));
        }
    }
    found
}

#[test]
#[allow(clippy::print_stderr)]
fn the_real_world_corpus_lowers_without_panicking() {
    let Some(dir) = corpus_dir() else {
        eprintln!("skipped: no shared corpus next to the project");
        return;
    };
    let found = lower_corpus(&dir);
    let (interpolated, plain): (Vec<_>, Vec<_>) =
        found.iter().partition(|(_, _, line, _)| line.contains('$'));
    eprintln!(
        "corpus: {} diagnostics on lines still holding `${{...}}`, {} others",
        interpolated.len(),
        plain.len()
    );
    let mut grouped: indexmap::IndexMap<(&str, &str, &str), (usize, &str)> =
        indexmap::IndexMap::new();
    for (file, code, line, message) in &plain {
        let entry = grouped
            .entry((file.as_str(), *code, message.as_str()))
            .or_insert((0, line.as_str()));
        entry.0 += 1;
    }
    for (file, code, line, message) in &interpolated {
        eprintln!("  (uninterpolated) {file}: {code} {message} [{line}]");
    }
    for ((file, code, message), (count, line)) in &grouped {
        eprintln!("  {file}: {code} {message} ({count}x) [{line}]");
    }
    // Every key and every value shape real files use is known: what remains are
    // references between files that only make sense merged, and `${...}` values.
    let schema_errors: Vec<_> = plain
        .iter()
        .filter(|(_, code, _, _)| matches!(*code, "SW110" | "SW111"))
        .collect();
    assert!(schema_errors.is_empty(), "{schema_errors:#?}");
}
