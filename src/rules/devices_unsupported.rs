declare_rule! {
    /// ## What it does
    /// Reports `devices` and `device_cgroup_rules`.
    ///
    /// ## Why
    /// Swarm services cannot map host devices; docker ignores the key and the service
    /// starts without the device.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   agent:
    ///     devices: ["/dev/fuse:/dev/fuse"]
    /// ```
    ///
    /// ## Fix
    /// For GPUs, advertise them as generic resources on the nodes and reserve them with
    /// `deploy.resources.reservations.generic_resources`; for other devices, run the
    /// workload outside the swarm.
    pub static DEVICES_UNSUPPORTED = ("SW315", "devices-unsupported", Error);
}
