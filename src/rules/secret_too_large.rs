declare_rule! {
    /// ## What it does
    /// Reports a secret whose file holds 500 KiB or more, or a config whose file holds
    /// 1000 KiB or more.
    ///
    /// ## Why
    /// Swarm keeps secrets and configs in its replicated store and refuses larger ones;
    /// `docker stack deploy` fails on the first one, after it has already created the
    /// networks.
    ///
    /// ## Example
    /// ```yaml
    /// configs:
    ///   model:
    ///     file: ./model.onnx
    /// ```
    ///
    /// ## Fix
    /// Mount large content from a volume (NFS-backed on a multi-node site) or ship it in
    /// the image.
    pub static SECRET_TOO_LARGE = ("SW388", "secret-too-large", Error);
}
