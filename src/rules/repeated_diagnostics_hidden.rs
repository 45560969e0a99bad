declare_rule! {
    /// ## What it does
    /// Says how many more diagnostics of one rule a run found than it shows: a report
    /// shows at most 100 diagnostics of each rule, and this note stands for the rest.
    ///
    /// ## Why
    /// A large generated file with one mistake repeated everywhere would otherwise
    /// print thousands of identical explanations, and a hostile file megabytes of them.
    /// The exit status still counts every diagnostic, shown or not.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   svc1: {image: nginx, restart: always}
    ///   # ... and 500 more services with `restart`
    /// ```
    ///
    /// ## Fix
    /// Fix the problems shown and run swarmc again; `--select CODE` shows one rule's
    /// diagnostics without the others.
    pub static REPEATED_DIAGNOSTICS_HIDDEN = ("SW033", "repeated-diagnostics-hidden", Info);
}
