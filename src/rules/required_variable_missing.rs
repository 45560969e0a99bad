declare_rule! {
    /// ## What it does
    /// Reports a `${NAME?message}` or `${NAME:?message}` expression whose variable is not
    /// set (or, with the colon, is empty), with the message the file gives.
    ///
    /// ## Why
    /// The file's author marked the variable as required; compose stops with this
    /// message, and deploying without the value would start services that cannot work.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     environment:
    ///       POSTGRES_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD in .env}
    /// ```
    ///
    /// ## Fix
    /// Set the variable in the environment, in the site profile's `env` or in the
    /// project's `.env` file (or the files given with `--env-file`).
    pub static REQUIRED_VARIABLE_MISSING = ("SW202", "required-variable-missing", Error);
}
