declare_rule! {
    /// ## What it does
    /// Reports a service setting that swarm services do not support and that is left out of
    /// the stack, such as `security_opt`, `cgroup_parent`, `domainname`, `group_add`,
    /// `dns_opt`, `storage_opt`, `annotations` or lifecycle hooks.
    ///
    /// ## Why
    /// Docker ignores these keys in a stack (or rejects them), so the service would run
    /// differently from what the compose file says.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     security_opt: ["no-new-privileges:true"]
    /// ```
    ///
    /// ## Fix
    /// Remove the key, or achieve the effect another way (for example in the image).
    pub static SETTING_DROPPED = ("SW332", "setting-dropped", Warning);
}
