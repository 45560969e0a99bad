declare_rule! {
    /// ## What it does
    /// Reports a stack that swarmc produced but that does not satisfy
    /// `schemas/stack.schema.json`, the format swarmc promises to emit.
    ///
    /// ## Why
    /// swarmc validates every stack before writing it so that a defect in swarmc can
    /// never reach a cluster. When this fires, nothing is written: it is a bug in
    /// swarmc, not in the compose project.
    ///
    /// ## Example
    /// There is no input that should produce it.
    ///
    /// ## Fix
    /// Report the bug with the input that triggers it; meanwhile, remove the key the
    /// message names from the input.
    pub static OUTPUT_SCHEMA_VIOLATION = ("SW901", "output-schema-violation", Error);
}
