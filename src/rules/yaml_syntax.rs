declare_rule! {
    /// ## What it does
    /// Reports text that is not valid YAML, at the place where the parser gave up.
    ///
    /// ## Why
    /// Neither swarmc nor docker can read the file. Docker reports the same problem
    /// without the file name and often with an imprecise line.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///    ports: ["80:80"]   # indented one space less than `image`
    /// ```
    ///
    /// ## Fix
    /// Correct the indentation, quoting or brackets at the marked place. Tabs are not
    /// allowed for indentation in YAML.
    pub static YAML_SYNTAX = ("SW101", "yaml-syntax", Error);
}
