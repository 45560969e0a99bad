declare_rule! {
    /// ## What it does
    /// Reports an option of a short-syntax volume (`vol:/data:bogus`) that is none of
    /// `ro`, `rw`, `nocopy`, `z`, `Z`, a propagation or a consistency. swarmc leaves it
    /// out, as compose does.
    ///
    /// ## Why
    /// compose-go ignores options it does not know, so the project runs without them
    /// under `docker compose`; refusing it would refuse a project compose accepts. A
    /// misspelt `ro` is still worth a look: the volume is mounted read-write.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     volumes: ["data:/var/lib/postgresql/data:r0"]
    /// ```
    ///
    /// ## Fix
    /// Correct the option (`ro`), or remove it.
    pub static VOLUME_OPTION_IGNORED = ("SW339", "volume-option-ignored", Warning);
}
