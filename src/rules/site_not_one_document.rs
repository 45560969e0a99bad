declare_rule! {
    /// ## What it does
    /// Reports a site profile that is empty or holds more than one YAML document.
    ///
    /// ## Why
    /// A profile describes one cluster. An empty file is usually a failed template; a
    /// second document after `---` would be ignored by some tools and read by others.
    ///
    /// ## Example
    /// ```yaml
    /// nodes: [{ hostname: a, role: manager, cpus: 4, memory: 8GiB }]
    /// ---
    /// nodes: [{ hostname: b, role: manager, cpus: 4, memory: 8GiB }]
    /// ```
    ///
    /// ## Fix
    /// Keep one document per profile; write one profile per cluster. `swarmc site
    /// default` prints a starting point.
    pub static SITE_NOT_ONE_DOCUMENT = ("SW402", "site-not-one-document", Error);
}
