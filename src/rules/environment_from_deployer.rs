declare_rule! {
    /// ## What it does
    /// Reports an `environment` entry without a value (`- HOME`, `API_TOKEN:`) that only
    /// the environment of the process running swarmc sets. swarmc writes it without a
    /// value, and `docker stack deploy` fills it from the environment it runs in.
    ///
    /// ## Why
    /// The shell compiling the stack is not the one deploying it: writing its value
    /// would put a secret into a committed file, make `HOME: /root` part of the service,
    /// and make `compile --check` differ from machine to machine. Values from `.env`,
    /// `--env-file` or the site profile belong to the project and are written.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     environment:
    ///       - AWS_SECRET_ACCESS_KEY
    /// ```
    ///
    /// ## Fix
    /// Nothing, when the deployer sets the variable. To fix the value in the stack, set
    /// it in `.env`, an `--env-file` or the site profile's `env`; for a secret, use a
    /// swarm secret.
    pub static ENVIRONMENT_FROM_DEPLOYER = ("SW340", "environment-from-deployer", Info);
}
