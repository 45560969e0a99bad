declare_rule! {
    /// ## What it does
    /// Reports a file that swarmc was asked to read but could not: a missing file, a
    /// directory, or one without read permission.
    ///
    /// ## Why
    /// Nothing can be compiled from a file that cannot be read, and guessing would hide
    /// a typo in a path. This ends the run with exit status 2.
    ///
    /// ## Example
    /// ```console
    /// $ swarmc compile -f compose.yml   # the project has compose.yaml
    /// ```
    ///
    /// ## Fix
    /// Give the right path, or run swarmc from the project directory so that it finds
    /// `compose.yaml` by itself.
    pub static INPUT_UNREADABLE = ("SW001", "input-unreadable", Error);
}
