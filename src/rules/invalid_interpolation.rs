declare_rule! {
    /// ## What it does
    /// Reports a `${` that does not start a valid interpolation expression, in a
    /// compose file or an env file.
    ///
    /// ## Why
    /// Compose refuses the whole file ("invalid interpolation format"). A `$` that is
    /// meant literally, as in a shell command or a password, must be written `$$`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: "nginx:${TAG }"             # a space after the name
    ///     command: sh -c 'echo ${HOME/x/y}'  # shell syntax compose does not know
    /// ```
    ///
    /// ## Fix
    /// Use one of the forms compose knows: `${NAME}`, `${NAME:-default}`,
    /// `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`, `${NAME:+alternative}`
    /// or `${NAME+alternative}`. Write `$$` where the container should see a `$`.
    pub static INVALID_INTERPOLATION = ("SW201", "invalid-interpolation", Error);
}
