declare_rule! {
    /// ## What it does
    /// Reports a docker CLI command that `swarmc site import --docker` or `swarmc
    /// check --docker` ran and that failed: the CLI is not installed, cannot reach the
    /// engine, or the engine is not a swarm manager.
    ///
    /// ## Why
    /// Only a manager knows the swarm's nodes, services, tasks, networks and secrets;
    /// an import or a prediction from anything less would describe a different
    /// cluster, so nothing is imported or predicted.
    ///
    /// ## Example
    /// ```console
    /// $ DOCKER_HOST=ssh://worker-1 swarmc site import --docker
    /// ```
    ///
    /// ## Fix
    /// Point the docker CLI at a manager (`DOCKER_HOST`, `DOCKER_CONTEXT`, `--context`,
    /// `--host`) and check that `docker node ls` works there.
    pub static DOCKER_COMMAND_FAILED = ("SW051", "docker-command-failed", Error);
}
