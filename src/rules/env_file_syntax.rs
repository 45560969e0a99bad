declare_rule! {
    /// ## What it does
    /// Reports a line of an env file (`.env`, `--env-file`, a service's `env_file`) that
    /// compose cannot read: a variable name with a space or another character that
    /// names cannot hold, a missing name, or a quoted value that is never closed.
    ///
    /// ## Why
    /// Compose refuses the whole file, and the variables it should have set would be
    /// missing from every value that uses them.
    ///
    /// ## Example
    /// ```sh
    /// DB HOST=db            # a space in the name
    /// GREETING="hello       # the quote is never closed
    /// ```
    ///
    /// ## Fix
    /// Write one `NAME=value` per line; names hold letters, digits and `_ . - [ ]`.
    /// Close every quote; a quoted value may span lines.
    pub static ENV_FILE_SYNTAX = ("SW204", "env-file-syntax", Error);
}
