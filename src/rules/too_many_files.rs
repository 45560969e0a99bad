declare_rule! {
    /// ## What it does
    /// Reports a run that would read more than 1,000 files: compose files, override
    /// files, `extends` and `include` targets, env files, label files and the site
    /// profile together.
    ///
    /// ## Why
    /// Real projects read a few dozen files. A chain of `include`s or `extends` that
    /// fans out to thousands of files is a mistake or an attempt to make swarmc read
    /// the whole disk.
    ///
    /// ## Example
    /// ```yaml
    /// include:
    ///   - a/compose.yaml   # which includes b/, c/, ... 1,000 files in all
    /// ```
    ///
    /// ## Fix
    /// Merge the small files, or split the project into several stacks.
    pub static TOO_MANY_FILES = ("SW032", "too-many-files", Error);
}
