declare_rule! {
    /// ## What it does
    /// Reports the top-level `name`, which is not part of a stack.
    ///
    /// ## Why
    /// The stack name is given when deploying (`docker stack deploy -c stack.yml NAME`);
    /// docker's loader rejects a top-level `name`.
    ///
    /// ## Example
    /// ```yaml
    /// name: shop
    /// ```
    ///
    /// ## Fix
    /// Deploy with that name: `docker stack deploy -c stack.yml shop`.
    pub static PROJECT_NAME_DROPPED = ("SW323", "project-name-dropped", Info);
}
