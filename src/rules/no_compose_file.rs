declare_rule! {
    /// ## What it does
    /// Reports that no `-f` file was given, `COMPOSE_FILE` is unset and no default
    /// compose file exists in the working directory or any directory above it.
    ///
    /// ## Why
    /// Without a compose file there is no project to compile. Like `docker compose`,
    /// swarmc looks for `compose.yaml`, `compose.yml`, `docker-compose.yml` and
    /// `docker-compose.yaml`, in that order, from the working directory (or
    /// `--project-directory`) upwards.
    ///
    /// ## Example
    /// ```text
    /// $ cd /tmp && swarmc compile
    /// ```
    ///
    /// ## Fix
    /// Run swarmc in the project's directory, name the file with `-f`, or create
    /// `compose.yaml`.
    pub static NO_COMPOSE_FILE = ("SW005", "no-compose-file", Error);
}
