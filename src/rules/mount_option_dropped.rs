declare_rule! {
    /// ## What it does
    /// Reports a mount option that swarm services cannot express: SELinux relabelling
    /// (`z`, `Z`, `bind.selinux`), `bind.create_host_path: true`, `bind.recursive`,
    /// `volume.labels`, `tmpfs.mode` and `consistency`. swarmc leaves it out of the stack.
    ///
    /// ## Why
    /// `docker stack deploy` accepts these keys and drops them without a word: a task's
    /// bind mount is never relabelled, a missing host path is never created (the task
    /// fails with `bind source path does not exist`), and a tmpfs mount gets the default
    /// mode.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     volumes: ["./site:/usr/share/nginx/html:z"]
    /// ```
    ///
    /// ## Fix
    /// Relabel the host path on every node ahead (`chcon -Rt container_file_t PATH`),
    /// create the host path on every node, or remove the option.
    pub static MOUNT_OPTION_DROPPED = ("SW380", "mount-option-dropped", Warning);
}
