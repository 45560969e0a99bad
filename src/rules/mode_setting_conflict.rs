declare_rule! {
    /// ## What it does
    /// Reports a `deploy` setting that the service's mode cannot have: a number of
    /// replicas (`deploy.replicas` or `scale`) on a `global` or `global-job` service, or
    /// an `update_config` on a `replicated-job` or `global-job` service.
    ///
    /// ## Why
    /// `docker stack deploy` refuses replicas on a global service (`replicas can only be
    /// used with replicated or replicated-job mode`), and the swarm manager refuses an
    /// update policy for a job (`Jobs may not have an update config`), so the whole
    /// deploy fails, one service at a time.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   exporter:
    ///     image: prom/node-exporter:v1.8.1
    ///     deploy:
    ///       mode: global
    ///       replicas: 2
    /// ```
    ///
    /// ## Fix
    /// Remove the setting, or change the mode: a global service runs one task on every
    /// eligible node (limit the nodes with placement constraints), and a job runs once to
    /// completion.
    pub static MODE_SETTING_CONFLICT = ("SW338", "mode-setting-conflict", Error);
}
