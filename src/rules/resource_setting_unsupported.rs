declare_rule! {
    /// ## What it does
    /// Reports CPU and memory settings that swarm services cannot express: `cpu_shares`,
    /// `cpu_quota`, `cpu_period`, `cpu_rt_period`, `cpu_rt_runtime`, `cpu_count`,
    /// `cpu_percent`, `cpuset`, `memswap_limit`, `mem_swappiness`, `oom_kill_disable` and
    /// `blkio_config`. They are left out of the stack.
    ///
    /// ## Why
    /// `docker stack deploy` rejects several of them outright and ignores the rest, so the
    /// service would run without the limit the compose file promised.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   legacy:
    ///     cpu_shares: 512
    /// ```
    ///
    /// ## Fix
    /// Express the intent with `deploy.resources.limits.cpus` and
    /// `deploy.resources.reservations`, which swarm enforces and schedules by.
    pub static RESOURCE_SETTING_UNSUPPORTED = ("SW304", "resource-setting-unsupported", Warning);
}
