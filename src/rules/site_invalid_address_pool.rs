declare_rule! {
    /// ## What it does
    /// Reports an address pool in a site profile that `docker swarm init` would refuse:
    /// a mask length outside 16 to 29, or one shorter than a pool subnet's own prefix.
    ///
    /// ## Why
    /// The profile describes a swarm that cannot have been initialised that way, so the
    /// subnets swarmc plans from it would not be the ones docker allocates.
    ///
    /// ## Example
    /// ```yaml
    /// network:
    ///   address_pool:
    ///     subnets: [172.30.0.0/16]
    ///     mask_length: 12
    /// ```
    ///
    /// ## Fix
    /// Write the values the swarm was initialised with (`docker info` shows the
    /// default address pool and its mask length).
    pub static SITE_INVALID_ADDRESS_POOL = ("SW409", "site-invalid-address-pool", Error);
}
