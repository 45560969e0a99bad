declare_rule! {
    /// ## What it does
    /// Reports a `links` entry that swarmc kept as a network alias on the linked service.
    ///
    /// ## Why
    /// Swarm has no links: services on a shared network reach each other by service name. A
    /// link with an alias (`db:database`) makes `database` resolve in compose; swarmc adds
    /// it as an alias of `db` on the networks the two services share so the name keeps
    /// working.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     links: ["db:database"]
    /// ```
    ///
    /// ## Fix
    /// Nothing to do; to silence the note, use service names and remove `links`.
    pub static LINK_ALIASED = ("SW306", "link-aliased", Info);
}
