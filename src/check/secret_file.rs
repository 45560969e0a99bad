use std::path::Path;

use super::Context;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fs::resolve;
use crate::translate::Origin;

/// Swarm's limit on the size of a secret or a config (`MaxSecretSize`,
/// `MaxConfigSize`): 500 KiB.
pub(crate) const MAX_SIZE: u64 = 500 * 1024;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a secret or config whose file is larger than swarm's limit of 500 KiB.
    ///
    /// ## Why
    /// Secrets and configs live in the managers' raft store, which refuses larger
    /// ones: `docker stack deploy` stops with `secret data must be larger than 0 and
    /// less than 500KB` (or the config's equivalent).
    ///
    /// ## Example
    /// ```yaml
    /// configs:
    ///   model:
    ///     file: ./model.bin   # 12 MB
    /// ```
    ///
    /// ## Fix
    /// Ship large files in the image or a volume; keep secrets and configs for small
    /// files such as keys, passwords and configuration.
    pub static SECRET_FILE_TOO_LARGE = ("SW508", "secret-file-too-large", Error);
}

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    let stack = cx.input.stack;
    let secrets = stack
        .secrets
        .iter()
        .filter_map(|(name, s)| Some(("secrets", "secret", name, s.file.as_deref()?)));
    let configs = stack
        .configs
        .iter()
        .filter_map(|(name, c)| Some(("configs", "config", name, c.file.as_deref()?)));
    for (section, kind, name, file) in secrets.chain(configs) {
        let path = resolve(cx.input.stack_dir, Path::new(file));
        let object = Origin::object(section, name);
        let at = cx
            .input
            .origins
            .get_exact(&object.field("file"))
            .or_else(|| cx.span(&object))
            .or_else(|| cx.referencing_span(section, name));
        match cx.input.fs.file_size(&path) {
            // A missing file is reported by translation.
            None => {}
            Some(size) if size > MAX_SIZE => diagnostics.push(
                Diagnostic::new(
                    &SECRET_FILE_TOO_LARGE,
                    format!(
                        "the file `{file}` of {kind} `{name}` has {size} bytes, more than swarm's limit of {MAX_SIZE}"
                    ),
                )
                .at_opt(at)
                .help("ship large files in the image or a volume"),
            ),
            Some(_) => {}
        }
    }
}
