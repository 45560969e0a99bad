declare_rule! {
    /// ## What it does
    /// Warns when a directory holds more than one of the default compose file names (or
    /// more than one override file name), so that only the first is read.
    ///
    /// ## Why
    /// `compose.yaml` wins over `docker-compose.yml`, which is easy to forget: edits to
    /// the file that is not read have no effect, and `docker compose` makes the same
    /// choice, so the project deploys without them.
    ///
    /// ## Example
    /// A directory with both `compose.yaml` and a leftover `docker-compose.yml`.
    ///
    /// ## Fix
    /// Delete or rename the file that should not be read, or name the files with `-f`.
    pub static SEVERAL_COMPOSE_FILES = ("SW006", "several-compose-files", Warning);
}
