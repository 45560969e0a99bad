declare_rule! {
    /// ## What it does
    /// Reports a stack that swarmc produced but that does not satisfy
    /// `schemas/stack.schema.json`, the format swarmc promises to emit.
    ///
    /// ## Why
    /// swarmc writes stacks from types that only allow what the schema allows. Its
    /// tests, its debug builds and any run with `SWARMC_VALIDATE_OUTPUT=1` in the
    /// environment also validate every stack before writing it, so that a defect in
    /// swarmc does not reach a cluster. When this fires, nothing is written: it is a
    /// bug in swarmc, not in the compose project.
    ///
    /// ## Example
    /// There is no input that should produce it.
    ///
    /// ## Fix
    /// Report the bug with the input that triggers it; meanwhile, remove the key the
    /// message names from the input.
    pub static OUTPUT_SCHEMA_VIOLATION = ("SW901", "output-schema-violation", Error);
}
