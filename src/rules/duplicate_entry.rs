declare_rule! {
    /// ## What it does
    /// Reports an entry repeated in a list that compose wants unique (`cap_add`,
    /// `networks`, `depends_on`, `secrets`, ...) and a container path mounted twice.
    ///
    /// ## Why
    /// Compose refuses duplicated list entries, and the engine refuses two mounts on
    /// one path. Duplicates are often left over from copying a block.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:16
    ///     volumes:
    ///       - data:/var/lib/postgresql/data
    ///       - ./pgdata:/var/lib/postgresql/data
    /// ```
    ///
    /// ## Fix
    /// Remove one of the two entries.
    pub static DUPLICATE_ENTRY = ("SW117", "duplicate-entry", Error);
}
