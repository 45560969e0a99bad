declare_rule! {
    /// ## What it does
    /// Reports a service's `deploy.mode`, `deploy.replicas` or reservations that the site
    /// profile (`services.NAME.mode`, `replicas`, `reservations`) set, replacing what the
    /// compose file says.
    ///
    /// ## Why
    /// How many tasks a service runs and what each reserves depend on the cluster; the
    /// site profile decides it for this site, and its value wins over the compose file's.
    ///
    /// ## Example
    /// ```yaml
    /// # site profile
    /// services:
    ///   thumbnailer:
    ///     mode: global
    /// ```
    ///
    /// ## Fix
    /// Nothing to do; change the site profile to change the decision.
    pub static SETTING_FROM_SITE = ("SW353", "setting-from-site", Info);
}
