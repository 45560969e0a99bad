declare_rule! {
    /// ## What it does
    /// Reports JSON from the docker CLI that `swarmc site import` or `swarmc check
    /// --state` cannot read: a file that is not JSON, is cut short, or has a shape that
    /// no docker release prints for that command (a missing field, a value of the wrong
    /// type, an unknown role, architecture or resource kind).
    ///
    /// ## Why
    /// A site profile guessed from output swarmc does not understand would predict
    /// placements on a cluster that does not exist. The import stops instead, and
    /// points at the offending place in the file.
    ///
    /// ## Example
    /// ```console
    /// $ docker node ls > nodes.json       # a table, not JSON
    /// $ swarmc site import --nodes nodes.json
    /// ```
    ///
    /// ## Fix
    /// Give each flag the output of the command it names, unchanged:
    /// `docker node inspect $(docker node ls -q) > nodes.json`, `docker info --format
    /// '{{json .}}'`, `docker network inspect $(docker network ls -q --filter scope=swarm)`,
    /// `docker secret ls --format '{{json .}}'`; or let swarmc run them with `--docker`.
    pub static DOCKER_OUTPUT_UNRECOGNIZED = ("SW050", "docker-output-unrecognized", Error);
}
