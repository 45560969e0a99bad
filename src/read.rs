//! Turns bytes from a [`FileSystem`] into a [`SourceFile`]: the only place where files
//! are read, and where their size, encoding and byte-order mark are checked.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fs::FileSystem;
use crate::rules;
use crate::source::{SourceId, SourceKind, Sources, Span};

/// The largest file swarmc reads.
pub const MAX_FILE_SIZE: usize = 64 * 1024 * 1024;

/// The most files one run reads, all kinds together.
pub const MAX_FILES: usize = 1000;

/// Reads `path` into `sources` (once: a path already read returns the same id).
/// `referenced_at` is where the path was written, if it came from another file.
/// Returns `None` after reporting why the file cannot be used.
pub fn read_source(
    fs: &dyn FileSystem,
    sources: &mut Sources,
    path: &Path,
    kind: SourceKind,
    referenced_at: Option<Span>,
    diagnostics: &mut Diagnostics,
) -> Option<SourceId> {
    if let Some(id) = sources.find(path) {
        return Some(id);
    }
    let name = sources.display_name(path);
    if sources.len() >= MAX_FILES {
        diagnostics.push(
            Diagnostic::new(
                &rules::TOO_MANY_FILES,
                format!("cannot read `{name}`: this run has read {MAX_FILES} files already"),
            )
            .at_opt(referenced_at)
            .help("merge small files, or split the project into several stacks"),
        );
        return None;
    }
    let bytes = match fs.read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let reason = match error.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_owned(),
                std::io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
                _ => error.to_string().to_lowercase(),
            };
            diagnostics.push(
                Diagnostic::new(&rules::INPUT_UNREADABLE, format!("cannot read `{name}`: {reason}"))
                    .at_opt(referenced_at)
                    .help(if referenced_at.is_some() {
                        "check the path; relative paths are resolved against the directory of the file that names them"
                    } else {
                        "check the path; a relative path on the command line is resolved against the working directory"
                    }),
            );
            return None;
        }
    };
    if bytes.len() > MAX_FILE_SIZE {
        diagnostics.push(
            Diagnostic::new(
                &rules::FILE_TOO_LARGE,
                format!(
                    "`{name}` is larger than the {} MiB swarmc reads",
                    MAX_FILE_SIZE >> 20
                ),
            )
            .at_opt(referenced_at)
            .help("name the right file"),
        );
        return None;
    }
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&error.as_bytes()[..at]).into_owned();
            let id = sources.add(name.clone(), Some(path.to_path_buf()), kind, valid);
            let end = sources.get(id).text.len();
            diagnostics.push(
                Diagnostic::new(
                    &rules::INVALID_ENCODING,
                    format!("`{name}` is not valid UTF-8"),
                )
                .at(Span::new(id, end, end))
                .label(format!("invalid byte after this point (byte {at})"))
                .help("save the file as UTF-8"),
            );
            return None;
        }
    };
    if let Some(stripped) = text.strip_prefix('\u{feff}') {
        text = stripped.to_owned();
    }
    let nul = text.find('\0');
    let id = sources.add(name.clone(), Some(path.to_path_buf()), kind, text);
    if let Some(at) = nul {
        diagnostics.push(
            Diagnostic::new(
                &rules::INVALID_ENCODING,
                format!("`{name}` contains a NUL byte"),
            )
            .at(Span::new(id, at, at + 1))
            .help("text files cannot contain NUL bytes; is this a binary file?"),
        );
        return None;
    }
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::MemoryFs;

    fn read(bytes: &[u8]) -> (Option<String>, Vec<&'static str>) {
        let mut fs = MemoryFs::new();
        fs.insert("f.yaml", bytes.to_vec());
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let id = read_source(
            &fs,
            &mut sources,
            Path::new("f.yaml"),
            SourceKind::Compose,
            None,
            &mut diagnostics,
        );
        let codes = diagnostics.iter().map(|d| d.rule.code).collect();
        (id.map(|id| sources.get(id).text.clone()), codes)
    }

    #[test]
    fn strips_a_byte_order_mark() {
        assert_eq!(read(b"\xef\xbb\xbfa: 1\n").0.as_deref(), Some("a: 1\n"));
    }

    #[test]
    fn refuses_invalid_utf8_and_nul() {
        assert_eq!(read(b"a: \xff\n"), (None, vec!["SW002"]));
        assert_eq!(read(b"a: \0\n"), (None, vec!["SW002"]));
    }

    #[test]
    fn missing_file_is_reported() {
        let fs = MemoryFs::new();
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let id = read_source(
            &fs,
            &mut sources,
            Path::new("nope.yaml"),
            SourceKind::Compose,
            None,
            &mut diagnostics,
        );
        assert!(id.is_none());
        assert_eq!(
            diagnostics.iter().next().unwrap().message,
            "cannot read `nope.yaml`: no such file"
        );
    }
}
