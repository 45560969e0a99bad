declare_rule! {
    /// ## What it does
    /// Reports the `include` or `extends` that takes the work of loading a project past
    /// its limit: 256 MiB of text loaded for included projects in all (a file loaded
    /// again with other variables counting again), or 250,000 YAML nodes copied from
    /// the services that `extends` names.
    ///
    /// ## Why
    /// Each limit on its own (the size of a file, the files of a run, the depth of a
    /// chain) lets their product grow: a large file included with a thousand sets of
    /// variables, or a large service extended by ten thousand others, would take
    /// minutes and gigabytes to load. Real projects load a few megabytes at most.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   base: {image: nginx, environment: {...100,000 variables...}}
    ///   a1: {extends: base}
    ///   a2: {extends: base}
    ///   # ... ten thousand more
    /// ```
    ///
    /// ## Fix
    /// Share settings through a smaller base service, or split the project into
    /// several stacks.
    pub static LOAD_WORK_EXCEEDED = ("SW035", "load-work-exceeded", Error);
}
