declare_rule! {
    /// ## What it does
    /// Reports a YAML document that nests deeper than 64 levels or whose aliases would
    /// expand to more than a million nodes.
    ///
    /// ## Why
    /// A few lines of aliases can expand exponentially (the "billion laughs" document)
    /// and exhaust the memory of the machine running swarmc. swarmc measures the
    /// expansion before performing it and refuses the document in milliseconds.
    ///
    /// ## Example
    /// ```yaml
    /// a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
    /// b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    /// c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
    /// # ... nine levels more
    /// ```
    ///
    /// ## Fix
    /// Write the data out, or reuse anchors less deeply.
    pub static YAML_TOO_COMPLEX = ("SW103", "yaml-too-complex", Error);
}
