declare_rule! {
    /// ## What it does
    /// Reports a port in a site profile that swarm cannot use that way: a data-path port
    /// outside 1024 to 49151 or equal to one of swarm's own ports (2377, 7946), or a
    /// reserved port listed twice.
    ///
    /// ## Why
    /// `docker swarm init --data-path-port` refuses such ports, so the profile cannot
    /// describe a real swarm.
    ///
    /// ## Example
    /// ```yaml
    /// network:
    ///   data_path_port: 789
    /// ```
    ///
    /// ## Fix
    /// Write the port the swarm was initialised with; `4789` unless it was changed.
    pub static SITE_INVALID_PORT = ("SW410", "site-invalid-port", Error);
}
