//! "Did you mean" suggestions for misspelled keys, names and tags.

/// The candidate closest to `written`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(written: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let written_lower = written.to_ascii_lowercase();
    candidates
        .iter()
        .map(|&c| {
            (
                strsim::jaro_winkler(&written_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|&(score, _)| score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_spellings_only() {
        let keys = ["image", "environment", "entrypoint", "restart"];
        assert_eq!(did_you_mean("enviroment", &keys), Some("environment"));
        assert_eq!(did_you_mean("imgae", &keys), Some("image"));
        assert_eq!(did_you_mean("RESTART", &keys), Some("restart"));
        assert_eq!(did_you_mean("zzz", &keys), None);
    }
}
