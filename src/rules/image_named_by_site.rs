declare_rule! {
    /// ## What it does
    /// Reports a service with `build` and no `image` to which swarmc gave an image name
    /// in the site's registry: `REGISTRY[/NAMESPACE]/PROJECT_SERVICE:TAG`, with the
    /// project name normalised as compose does; and a service with `build` whose `image`
    /// names no registry host, which swarmc names in the site's registry as
    /// `REGISTRY[/NAMESPACE]/IMAGE` rather than leave it to be pushed to Docker Hub.
    ///
    /// ## Why
    /// `docker stack deploy` never builds; every node pulls the image by name. The image
    /// exists in the registry only once someone has built and pushed it under that name.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     build: ./api
    /// ```
    /// with `registry: { address: registry.lab:5000, tag: "1.2" }` in project `shop`
    /// runs `registry.lab:5000/shop_api:1.2`, and with `image: shop/api:1.2` next to
    /// `build`, `registry.lab:5000/shop/api:1.2`.
    ///
    /// ## Fix
    /// Build and push the image before deploying (`swarmc plan` gives the commands), or
    /// name it yourself with `image:`.
    pub static IMAGE_NAMED_BY_SITE = ("SW356", "image-named-by-site", Warning);
}
