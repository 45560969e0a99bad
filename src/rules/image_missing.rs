declare_rule! {
    /// ## What it does
    /// Reports a service that has `build` but no `image`.
    ///
    /// ## Why
    /// Without an image name no node can pull anything: docker fails with `invalid image
    /// reference for service app: no image specified`. A site profile that names a registry
    /// lets swarmc choose the name (`<registry>/<project>_<service>:<tag>`).
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     build: ./app
    /// ```
    ///
    /// ## Fix
    /// Add `image:` with a registry every node can pull from, build and push it; or give
    /// the site profile a `registry`.
    pub static IMAGE_MISSING = ("SW311", "image-missing", Error);
}
