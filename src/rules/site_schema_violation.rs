declare_rule! {
    /// ## What it does
    /// Reports a value in a site profile that has the wrong type, is out of range, does
    /// not have the expected form, or is missing, as `schemas/site.schema.json` defines.
    ///
    /// ## Why
    /// swarmc compiles the project for the cluster the profile describes; a value it
    /// cannot read would silently describe a different cluster.
    ///
    /// ## Example
    /// ```yaml
    /// nodes:
    ///   - hostname: gpu-1
    ///     cpus: sixteen
    ///     memory: 64GiB
    /// ```
    ///
    /// ## Fix
    /// Write the value in the form the message asks for. Start the profile with
    /// `# yaml-language-server: $schema=../schemas/site.schema.json` so that an editor
    /// checks it as you type.
    pub static SITE_SCHEMA_VIOLATION = ("SW400", "site-schema-violation", Error);
}
