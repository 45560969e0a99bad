declare_rule! {
    /// ## What it does
    /// Reports a named generic resource, such as a GPU UUID, listed twice in a site
    /// profile, on one node or on two.
    ///
    /// ## Why
    /// A GPU is one device on one machine. Listing it twice makes the profile promise
    /// more GPUs than exist, and on a node the engine refuses the duplicate.
    ///
    /// ## Example
    /// ```yaml
    /// generic_resources:
    ///   NVIDIA-GPU: [GPU-1a2b3c4d-0000-0000-0000-000000000001, GPU-1a2b3c4d-0000-0000-0000-000000000001]
    /// ```
    ///
    /// ## Fix
    /// Copy the UUIDs from `nvidia-smi -L` on each node.
    pub static SITE_DUPLICATE_RESOURCE = ("SW407", "site-duplicate-resource", Error);
}
