declare_rule! {
    /// ## What it does
    /// Reports the `ports` entry that takes a stack past 10,000 published ports, all
    /// services together: each port of a published range counts, and so does each
    /// container port of a range left unpublished (swarm publishes it on a port of its
    /// choosing).
    ///
    /// ## Why
    /// docker expands a range into one port per number when it creates the service, and
    /// the routing mesh then listens on each of them on every node. `"1-65535"` asks for
    /// every port there is: a mistake, or a file built to exhaust the machine that
    /// compiles or deploys it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     ports: ["1-65535"]
    /// ```
    ///
    /// ## Fix
    /// Publish the ports the service serves on; a service that needs every port of its
    /// node runs with `network_mode: host`.
    pub static TOO_MANY_PORTS = ("SW034", "too-many-ports", Error);
}
