use std::path::Path;

use super::Cx;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fs::resolve;
use crate::swarm::StoredObject;
use crate::translate::Origin;

crate::rules::declare_rule! {
    /// ## What it does
    /// Reports a secret whose file holds 500 KiB or more, or a config whose file holds
    /// 1000 KiB or more: swarm stores only smaller ones.
    ///
    /// ## Why
    /// Secrets and configs live in the managers' raft store, which refuses larger
    /// ones: `docker stack deploy` stops with `secret data must be larger than 0 and
    /// less than 512000 bytes` (or the config's equivalent, 1024000 bytes).
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

pub(super) fn check(cx: &Cx<'_>, diagnostics: &mut Diagnostics) {
    let stack = cx.input.stack;
    let secrets = stack
        .secrets
        .iter()
        .filter_map(|(name, s)| Some(("secrets", StoredObject::Secret, name, s.file.as_deref()?)));
    let configs = stack
        .configs
        .iter()
        .filter_map(|(name, c)| Some(("configs", StoredObject::Config, name, c.file.as_deref()?)));
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
            Some(size) if kind.too_large(size) => diagnostics.push(
                Diagnostic::new(
                    &SECRET_FILE_TOO_LARGE,
                    format!(
                        "the file `{file}` of {} `{name}` has {size} bytes, swarm stores less than {}",
                        kind.noun(),
                        kind.size_limit()
                    ),
                )
                .at_opt(at)
                .help("ship large files in the image or a volume"),
            ),
            Some(_) => {}
        }
    }
}
