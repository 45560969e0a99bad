declare_rule! {
    /// ## What it does
    /// Reports `build` on a service that also names an `image`: the stack keeps `image` and
    /// leaves `build` out.
    ///
    /// ## Why
    /// `docker stack deploy` never builds; every node pulls the image by name. The image
    /// must be built and pushed to a registry the nodes can reach before the stack is
    /// deployed, or nodes run whatever old image they find.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/team/app:1.4
    ///     build: ./app
    /// ```
    ///
    /// ## Fix
    /// Build and push the image (`docker compose build && docker compose push`) before
    /// deploying.
    pub static BUILD_IGNORED = ("SW310", "build-ignored", Warning);
}
