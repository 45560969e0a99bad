declare_rule! {
    /// ## What it does
    /// Reports a value that is longer than 1 MiB once its variables are substituted, or
    /// a file whose substituted values add up to more than 64 MiB.
    ///
    /// ## Why
    /// A few bytes of `${VAR}${VAR}${VAR}` with a large variable, repeated through YAML
    /// aliases, can make gigabytes of text. swarmc stops substituting at the limit
    /// instead of exhausting the memory of the machine running it.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx
    ///     command: "${BLOB}${BLOB}${BLOB}${BLOB}"   # BLOB is 512 KiB
    /// ```
    ///
    /// ## Fix
    /// Keep large data out of variables: mount it as a config or secret file.
    pub static INTERPOLATED_VALUE_TOO_LONG = ("SW031", "interpolated-value-too-long", Error);
}
