declare_rule! {
    /// ## What it does
    /// Reports `deploy.resources.reservations.devices`, compose's way of asking for GPUs.
    ///
    /// ## Why
    /// Docker's stack loader rejects it (`Additional property devices is not allowed`);
    /// swarm knows only generic resources.
    ///
    /// ## Example
    /// ```yaml
    /// deploy:
    ///   resources:
    ///     reservations:
    ///       devices:
    ///         - capabilities: [gpu]
    ///           count: 2
    /// ```
    ///
    /// ## Fix
    /// Use `generic_resources` with the kind your nodes advertise (for example `NVIDIA-
    /// GPU`); a site profile with GPU nodes lets swarmc do the translation.
    pub static DEVICE_RESERVATION_UNSUPPORTED = ("SW318", "device-reservation-unsupported", Error);
}
