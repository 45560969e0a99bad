declare_rule! {
    /// ## What it does
    /// Reports a file that is not valid UTF-8 text or that contains a NUL byte.
    ///
    /// ## Why
    /// Compose files, `.env` files and site profiles are YAML or text; bytes that are not
    /// UTF-8 usually mean a binary file was named by mistake, or a file saved in a legacy
    /// encoding whose values would reach the swarm garbled.
    ///
    /// ## Example
    /// A `compose.yaml` saved as Latin-1 with `é` in a label value.
    ///
    /// ## Fix
    /// Save the file as UTF-8.
    pub static INVALID_ENCODING = ("SW002", "invalid-encoding", Error);
}
