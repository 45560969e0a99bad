declare_rule! {
    /// ## What it does
    /// Reports a secret or config whose `file` does not exist or cannot be read.
    ///
    /// ## Why
    /// `docker stack deploy` reads the file to create the swarm object and stops with
    /// `open ...: no such file or directory`; swarmc also needs its content to name the
    /// object after it, so that a changed file rolls out on the next deploy.
    ///
    /// ## Example
    /// ```yaml
    /// secrets:
    ///   db_password:
    ///     file: ./secrets/db_password.txt
    /// ```
    ///
    /// ## Fix
    /// Create the file, correct the path, or declare the secret `external: true` and
    /// create it with `docker secret create`.
    pub static SECRET_FILE_MISSING = ("SW386", "secret-file-missing", Error);
}
