declare_rule! {
    /// ## What it does
    /// Reports a GPU request (`runtime: nvidia`, `gpus`, or a `gpu` device reservation)
    /// that swarmc wrote as a reservation of the generic resource the site's GPU nodes
    /// advertise.
    ///
    /// ## Why
    /// Swarm has no `runtime`, `gpus` or device reservations; it hands GPUs to tasks only
    /// as generic resources (`deploy.resources.reservations.generic_resources`) of a kind
    /// that nodes advertise in `daemon.json`. The count is the one asked for; `all` (and
    /// a request without a count) becomes the largest number of GPUs a single eligible
    /// node advertises, so such a task runs only on the nodes with the most GPUs. Device
    /// ids become their count: swarm chooses which GPUs a task gets.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   detector:
    ///     runtime: nvidia
    ///     gpus: 1
    /// ```
    /// becomes, on a site whose GPU nodes advertise `NVIDIA-GPU`,
    /// `generic_resources: [{discrete_resource_spec: {kind: NVIDIA-GPU, value: 1}}]`.
    ///
    /// ## Fix
    /// Nothing to do; the GPU nodes need `nvidia` as their default runtime, which
    /// `swarmc plan` describes.
    pub static GPU_TRANSLATED = ("SW350", "gpu-translated", Info);
}
