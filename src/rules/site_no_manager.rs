declare_rule! {
    /// ## What it does
    /// Reports a site profile none of whose nodes is a manager.
    ///
    /// ## Why
    /// A swarm cannot exist without a manager: stacks are deployed through one, and
    /// services that must stay with the swarm's state are placed with
    /// `node.role == manager`.
    ///
    /// ## Example
    /// ```yaml
    /// nodes:
    ///   - { hostname: node-1, cpus: 8, memory: 32GiB }
    /// ```
    ///
    /// ## Fix
    /// Mark the node that ran `docker swarm init`, and any other manager, with
    /// `role: manager`.
    pub static SITE_NO_MANAGER = ("SW406", "site-no-manager", Error);
}
