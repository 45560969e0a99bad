declare_rule! {
    /// ## What it does
    /// Reports a `$NAME` or `${NAME}` whose variable is not set anywhere; the value
    /// becomes an empty string, as in compose.
    ///
    /// ## Why
    /// An unset variable is most often a typo or a missing `.env` entry, and the empty
    /// string it leaves behind fails later in a less obvious way: an image without a
    /// tag, a published port of `:80`, an empty password.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: registry.example.com/web:${TAG}   # TAG is set nowhere
    /// ```
    ///
    /// ## Fix
    /// Set the variable, or state the fallback in the file: `${TAG:-latest}`, or
    /// `${TAG:-}` when an empty value is intended.
    pub static VARIABLE_NOT_SET = ("SW203", "variable-not-set", Warning);
}
