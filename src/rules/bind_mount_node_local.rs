declare_rule! {
    /// ## What it does
    /// Reports a bind mount whose host path exists only on the node that has it. Paths
    /// every node has its own of (the docker socket, `/etc/localtime`, `/proc`, `/sys`,
    /// `/dev`) and services that can run on one node only are not reported.
    ///
    /// ## Why
    /// A task can be scheduled on any node; if the path is missing there the task fails to
    /// start (`invalid mount config`), and if it exists its content differs from node to
    /// node. XNAT's archive and build paths, for example, must be mounted at the same place
    /// on every node.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     volumes: ["./site:/usr/share/nginx/html"]
    /// ```
    ///
    /// ## Fix
    /// Mount the path on every node (NFS) and declare it shared in the site profile, pin
    /// the service to the node that has it, or ship the content in the image, a config or a
    /// volume.
    pub static BIND_MOUNT_NODE_LOCAL = ("SW322", "bind-mount-node-local", Warning);
}
