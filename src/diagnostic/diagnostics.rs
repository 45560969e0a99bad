//! The sink that stages push into, and the one place that decides the order in which a
//! run's diagnostics are shown.
//!
//! The sink keeps at most [`KEPT_PER_RULE`] diagnostics of each rule and counts the
//! rest, each by its severity: reports show 100 of a rule at most, and a hostile file
//! (fifty services publishing the same range) would otherwise hold millions of them
//! until the report dropped them. The counts still decide the exit status and the
//! summary, and the report says how many it does not show.
//!
//! A counted diagnostic is counted at the place it starts, so that a suppression
//! comment, which the policy reads only once every file is read, still silences it:
//! the memory this takes grows with the places in the input, not with the diagnostics.

use std::collections::{BTreeMap, HashMap};

use super::{Diagnostic, Severity};
use crate::rules::Rule;
use crate::source::{SourceId, Span};

/// The most diagnostics of one rule the sink holds; the rest are only counted. Ten
/// times what a report shows, so that grouping and sorting by place still choose among
/// many more than are shown.
pub const KEPT_PER_RULE: usize = 1_000;

#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// How many diagnostics of each rule were pushed and kept, by rule code.
    kept: HashMap<&'static str, usize>,
    /// The diagnostics pushed past [`KEPT_PER_RULE`], per rule, in the order their
    /// rules first overflowed.
    hidden: Vec<Hidden>,
}

/// The diagnostics of one rule pushed past [`KEPT_PER_RULE`]: how many there are of
/// each severity, in all and at each place one starts.
#[derive(Debug, Clone)]
pub struct Hidden {
    rule: &'static Rule,
    /// Counts by severity: info, warning, error.
    counts: [usize; 3],
    /// By where the primary label starts (`None`: unlocated).
    places: BTreeMap<Option<(SourceId, u32)>, Place>,
    /// How many places were seen, to order them.
    seen: usize,
}

/// The counted diagnostics that start at one place.
#[derive(Debug, Clone)]
struct Place {
    /// Where the first of them ends.
    end: u32,
    /// When the place was first seen, among the places of its rule.
    order: usize,
    counts: [usize; 3],
}

impl Hidden {
    fn new(rule: &'static Rule) -> Hidden {
        Hidden {
            rule,
            counts: [0; 3],
            places: BTreeMap::new(),
            seen: 0,
        }
    }

    pub fn rule(&self) -> &'static Rule {
        self.rule
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    fn count(&self, severity: Severity) -> usize {
        self.counts[severity_index(severity)]
    }

    /// Where the first of them that is still counted starts, if it has a place.
    pub fn first(&self) -> Option<Span> {
        let (key, place) = self.places.iter().min_by_key(|(_, place)| place.order)?;
        let (source, start) = (*key)?;
        Some(Span {
            source,
            start,
            end: place.end,
        })
    }

    fn add(&mut self, at: Option<Span>, counts: [usize; 3]) {
        let key = at.map(|span| (span.source, span.start));
        let seen = &mut self.seen;
        let place = self.places.entry(key).or_insert_with(|| {
            *seen += 1;
            Place {
                end: at.map_or(0, |span| span.end),
                order: *seen - 1,
                counts: [0; 3],
            }
        });
        for (i, n) in counts.into_iter().enumerate() {
            place.counts[i] += n;
            self.counts[i] += n;
        }
    }
}

fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Keeps `diagnostic`, or only counts it when its rule has [`KEPT_PER_RULE`] kept.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        let kept = self.kept.entry(diagnostic.rule.code).or_default();
        if *kept < KEPT_PER_RULE {
            *kept += 1;
            self.items.push(diagnostic);
            return;
        }
        let mut counts = [0; 3];
        counts[severity_index(diagnostic.severity)] = 1;
        let at = diagnostic.primary.as_ref().map(|label| label.span);
        self.hidden_of(diagnostic.rule).add(at, counts);
    }

    /// The counted diagnostics of `rule`, made empty when there are none yet.
    fn hidden_of(&mut self, rule: &'static Rule) -> &mut Hidden {
        let index = match self.hidden.iter().position(|h| h.rule.code == rule.code) {
            Some(index) => index,
            None => {
                self.hidden.push(Hidden::new(rule));
                self.hidden.len() - 1
            }
        };
        &mut self.hidden[index]
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for diagnostic in other.items {
            self.push(diagnostic);
        }
        for other in other.hidden {
            let hidden = self.hidden_of(other.rule);
            let mut places: Vec<_> = other.places.into_iter().collect();
            places.sort_by_key(|(_, place)| place.order);
            for (key, place) in places {
                let at = key.map(|(source, start)| Span {
                    source,
                    start,
                    end: place.end,
                });
                hidden.add(at, place.counts);
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
            || self.hidden.iter().any(|h| h.count(Severity::Error) > 0)
    }

    /// How many diagnostics of `severity` there are, kept and counted alike.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
            + self.hidden.iter().map(|h| h.count(severity)).sum::<usize>()
    }

    /// The most severe diagnostic there is, kept or counted.
    pub fn max_severity(&self) -> Option<Severity> {
        let kept = self.items.iter().map(|d| d.severity);
        let hidden = self.hidden.iter().flat_map(|h| {
            [Severity::Info, Severity::Warning, Severity::Error]
                .into_iter()
                .filter(|s| h.count(*s) > 0)
        });
        kept.chain(hidden).max()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.hidden.is_empty()
    }

    /// How many diagnostics are kept (the ones [`Diagnostics::iter`] gives).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, Diagnostic> {
        self.items.iter_mut()
    }

    /// The diagnostics only counted, one entry per rule.
    pub fn hidden(&self) -> &[Hidden] {
        &self.hidden
    }

    /// Keeps the diagnostics, kept and counted, of the rules `keep` accepts.
    pub fn retain_rules(&mut self, mut keep: impl FnMut(&Rule) -> bool) {
        self.items.retain(|d| keep(d.rule));
        self.hidden.retain(|h| keep(h.rule));
    }

    /// Keeps the kept diagnostics `keep` accepts, and every counted one.
    pub fn retain_kept(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// Keeps the counted diagnostics `keep` accepts by their rule and where they start
    /// (the span of the first of them at that place), and every unlocated one.
    pub fn retain_counted(&mut self, mut keep: impl FnMut(&Rule, Span) -> bool) {
        for hidden in &mut self.hidden {
            let rule = hidden.rule;
            let mut dropped = [0; 3];
            hidden.places.retain(|key, place| {
                let Some((source, start)) = *key else {
                    return true;
                };
                let at = Span {
                    source,
                    start,
                    end: place.end,
                };
                let kept = keep(rule, at);
                if !kept {
                    for (d, n) in dropped.iter_mut().zip(place.counts) {
                        *d += n;
                    }
                }
                kept
            });
            for (count, d) in hidden.counts.iter_mut().zip(dropped) {
                *count -= d;
            }
        }
        self.hidden.retain(|h| h.total() > 0);
    }

    /// Gives every diagnostic of a rule the severity `severity_of` says, if it says one.
    pub fn regrade(&mut self, severity_of: impl Fn(&Rule) -> Option<Severity>) {
        for diagnostic in &mut self.items {
            if let Some(severity) = severity_of(diagnostic.rule) {
                diagnostic.severity = severity;
            }
        }
        for hidden in &mut self.hidden {
            if let Some(severity) = severity_of(hidden.rule) {
                let regraded = |counts: &mut [usize; 3]| {
                    let total = counts.iter().sum();
                    *counts = [0; 3];
                    counts[severity_index(severity)] = total;
                };
                regraded(&mut hidden.counts);
                for place in hidden.places.values_mut() {
                    regraded(&mut place.counts);
                }
            }
        }
    }

    /// Takes the kept diagnostics out, leaving the counted ones and the counts, so that
    /// pushing them back (changed, merged) counts each rule from where it was.
    pub fn take_items(&mut self) -> Vec<Diagnostic> {
        self.kept.clear();
        std::mem::take(&mut self.items)
    }

    /// Puts diagnostics in the order users read them: by file (in the order files were
    /// read), then position, then code; unlocated ones last. Identical diagnostics (the
    /// same rule, message and place, as a YAML alias used twice produces) are kept once.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.primary.is_none(),
                    d.primary
                        .as_ref()
                        .map(|l| (l.span.source, l.span.start, l.span.end)),
                    d.rule.code,
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
        self.items.dedup_by(|a, b| {
            a.rule.code == b.rule.code && a.primary == b.primary && a.message == b.message
        });
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    #[test]
    fn keeps_a_bounded_number_per_rule_and_counts_the_rest_by_severity() {
        let mut diagnostics = Diagnostics::new();
        for _ in 0..KEPT_PER_RULE * 3 {
            diagnostics.push(Diagnostic::new(&rules::DUPLICATE_KEY, "m"));
        }
        diagnostics.push(Diagnostic::new(&rules::UNKNOWN_KEY, "u"));
        assert_eq!(diagnostics.len(), KEPT_PER_RULE + 1);
        assert_eq!(diagnostics.count(Severity::Error), KEPT_PER_RULE * 3 + 1);

        diagnostics.regrade(|rule| (rule == &rules::DUPLICATE_KEY).then_some(Severity::Warning));
        assert_eq!(diagnostics.count(Severity::Warning), KEPT_PER_RULE * 3);
        assert_eq!(diagnostics.max_severity(), Some(Severity::Error));

        let mut other = Diagnostics::new();
        other.extend(diagnostics);
        assert_eq!(other.count(Severity::Warning), KEPT_PER_RULE * 3);

        other.retain_rules(|rule| rule != &rules::DUPLICATE_KEY);
        assert_eq!(other.count(Severity::Warning), 0);
        assert!(other.hidden().is_empty());
        assert_eq!(other.len(), 1);
    }
}
