declare_rule! {
    /// ## What it does
    /// Reports a GPU request for more GPUs than any single node of the site, among those
    /// the service may run on, advertises.
    ///
    /// ## Why
    /// A task's generic resources come from one node. A task asking for more GPUs than
    /// the biggest node has stays pending forever with "no suitable node (insufficient
    /// resources on N nodes)".
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   trainer:
    ///     gpus:
    ///       - count: 8
    /// ```
    /// on a site whose biggest GPU node advertises 4 GPUs.
    ///
    /// ## Fix
    /// Ask for at most as many GPUs as the biggest node has, or add the GPUs of a bigger
    /// node to the site profile (`nodes[].generic_resources`).
    pub static GPUS_NOT_AVAILABLE = ("SW351", "gpus-not-available", Error);
}
