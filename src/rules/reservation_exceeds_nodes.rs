declare_rule! {
    /// ## What it does
    /// Reports a service that reserves more CPUs, memory or generic resources than any
    /// node it may run on has.
    ///
    /// ## Why
    /// Swarm places a task only on a node whose free resources cover its reservations.
    /// When no eligible node is big enough, every task stays pending with "no suitable
    /// node (insufficient resources on N nodes)".
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   analysis:
    ///     deploy:
    ///       resources:
    ///         reservations:
    ///           memory: 512G
    /// ```
    /// on a site whose biggest node has 256 GiB.
    ///
    /// ## Fix
    /// Reserve at most what the biggest eligible node has, widen the service's placement,
    /// or add a bigger node.
    pub static RESERVATION_EXCEEDS_NODES = ("SW355", "reservation-exceeds-nodes", Error);
}
