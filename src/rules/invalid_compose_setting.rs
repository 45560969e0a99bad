declare_rule! {
    /// ## What it does
    /// Reports a `COMPOSE_*` switch in the process environment whose value is not a
    /// boolean, such as `COMPOSE_DISABLE_ENV_FILE=yes`.
    ///
    /// ## Why
    /// Compose reads these switches as Go booleans and stops on any other value; guessing
    /// what was meant would read, or skip, a `.env` compose would not.
    ///
    /// ## Example
    /// ```text
    /// COMPOSE_DISABLE_ENV_FILE=yes swarmc compile
    /// ```
    ///
    /// ## Fix
    /// Use `true`, `1`, `false` or `0` (or `t`, `f`, `TRUE`, `FALSE`, `True`, `False`).
    pub static INVALID_COMPOSE_SETTING = ("SW008", "invalid-compose-setting", Error);
}
