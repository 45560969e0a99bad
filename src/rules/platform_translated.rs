declare_rule! {
    /// ## What it does
    /// Reports `platform`, which swarmc expressed as placement constraints on
    /// `node.platform.os` and `node.platform.arch`.
    ///
    /// ## Why
    /// `docker stack deploy` rejects `platform`. Swarm compares the architecture a node
    /// reports, which is the kernel's name (`x86_64`, `aarch64`), not docker's (`amd64`,
    /// `arm64`); swarmc writes the names swarm matches.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     platform: linux/arm64
    /// ```
    /// becomes `node.platform.os == linux` and `node.platform.arch == aarch64`.
    ///
    /// ## Fix
    /// Nothing to do.
    pub static PLATFORM_TRANSLATED = ("SW320", "platform-translated", Info);
}
