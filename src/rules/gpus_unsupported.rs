declare_rule! {
    /// ## What it does
    /// Reports the `gpus` service key.
    ///
    /// ## Why
    /// `docker stack deploy` rejects `gpus`; swarm assigns GPUs only as generic resources
    /// that nodes advertise.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   trainer:
    ///     gpus: all
    /// ```
    ///
    /// ## Fix
    /// Reserve GPUs with `deploy.resources.reservations.generic_resources` (for example
    /// `discrete_resource_spec: {kind: NVIDIA-GPU, value: 1}`) and advertise them on the
    /// nodes; a site profile with GPU nodes lets swarmc do the translation.
    pub static GPUS_UNSUPPORTED = ("SW317", "gpus-unsupported", Error);
}
