declare_rule! {
    /// ## What it does
    /// Reports network settings docker's stack loader does not accept and that swarmc
    /// leaves out: `ipam.config` entries' `gateway`, `ip_range` and `aux_addresses`,
    /// `ipam.options`, `enable_ipv4` and `enable_ipv6`.
    ///
    /// ## Why
    /// Docker rejects these keys in a stack file; swarm chooses gateways and address ranges
    /// itself. Only the subnet can be fixed.
    ///
    /// ## Example
    /// ```yaml
    /// networks:
    ///   backend:
    ///     ipam:
    ///       config:
    ///         - subnet: 172.28.0.0/16
    ///           gateway: 172.28.0.1
    /// ```
    ///
    /// ## Fix
    /// Keep only `subnet`.
    pub static IPAM_SETTING_DROPPED = ("SW327", "ipam-setting-dropped", Warning);
}
