declare_rule! {
    /// ## What it does
    /// Reports an input file larger than swarmc reads (64 MiB).
    ///
    /// ## Why
    /// No real compose project comes near this size; a file this large is a mistake or
    /// an attempt to exhaust the memory of the machine running swarmc in CI.
    ///
    /// ## Example
    /// `swarmc compile -f /dev/zero`
    ///
    /// ## Fix
    /// Name the right file; split generated projects into several files.
    pub static FILE_TOO_LARGE = ("SW003", "file-too-large", Error);
}
