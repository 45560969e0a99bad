declare_rule! {
    /// ## What it does
    /// Reports an `image` that is not a valid image reference: an empty tag (`postgres:`),
    /// upper-case letters in the repository, spaces, or a malformed digest.
    ///
    /// ## Why
    /// `docker stack deploy` refuses the whole stack with `invalid image reference for
    /// service db: invalid reference format`, without saying where. It usually means a
    /// variable in the image name was not set when compiling.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:${PG_VERSION}   # PG_VERSION is not set
    /// ```
    ///
    /// ## Fix
    /// Set the variable (in the shell, `.env`, `--env-file` or the site profile) or write
    /// the reference out: `[registry/]repository[:tag][@sha256:digest]`, repository in
    /// lower case.
    pub static INVALID_IMAGE_REFERENCE = ("SW300", "invalid-image-reference", Error);
}
