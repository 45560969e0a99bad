declare_rule! {
    /// ## What it does
    /// Reports a mount of type `cluster` or `image`, which swarmc cannot write into a
    /// stack.
    ///
    /// ## Why
    /// Docker's stack format has no `image` key for image mounts, and a `cluster` mount
    /// needs a CSI volume plugin installed on every node and a cluster volume
    /// specification (`x-cluster-spec`) that a compose file does not carry.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     volumes:
    ///       - type: image
    ///         source: example/assets:1.0
    ///         target: /assets
    /// ```
    ///
    /// ## Fix
    /// Copy the content into the service's image or into a named volume, or create the
    /// cluster volume ahead and mount it as an external volume.
    pub static MOUNT_TYPE_UNSUPPORTED = ("SW381", "mount-type-unsupported", Error);
}
