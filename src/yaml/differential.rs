//! Holds the fast front end to the reference: for one text, the events each hands the
//! tree builder, and the trees and diagnostics [`super::parse_fast`] and
//! [`super::parse_reference`] return, must be the same wherever the fast one does not
//! decline. The unit tests run it over every fixture, the fuzz seeds, the corpus and
//! generated files; `fuzz/fuzz_targets/yaml_differential.rs` over whatever libFuzzer makes.

use std::borrow::Cow;

use super::parse::{Sink, feed_reference};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{SourceKind, Sources};

/// One event as the builder reads it: a collection's start by its first byte, an end
/// by its closing bracket (block collections have none).
#[derive(Debug, PartialEq)]
enum Recorded {
    Scalar(
        String,
        bool,
        usize,
        Option<(String, String)>,
        (usize, usize),
    ),
    SeqStart(usize, Option<(String, String)>, usize),
    MapStart(usize, Option<(String, String)>, usize),
    SeqEnd(Option<usize>),
    MapEnd(Option<usize>),
    Alias(usize, (usize, usize)),
}

#[derive(Default)]
struct Recorder(Vec<Recorded>);

fn owned(tag: Option<(&str, &str)>) -> Option<(String, String)> {
    tag.map(|(h, s)| (h.to_owned(), s.to_owned()))
}

fn closing(range: (usize, usize)) -> Option<usize> {
    (range.0 != range.1).then_some(range.1)
}

impl Sink for Recorder {
    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        quoted: bool,
        anchor: usize,
        tag: Option<(&str, &str)>,
        range: (usize, usize),
    ) -> Result<(), Box<Diagnostic>> {
        let event = Recorded::Scalar(text.into_owned(), quoted, anchor, owned(tag), range);
        self.0.push(event);
        Ok(())
    }
    fn seq_start(
        &mut self,
        anchor: usize,
        tag: Option<(&str, &str)>,
        range: (usize, usize),
    ) -> Result<(), Box<Diagnostic>> {
        self.0.push(Recorded::SeqStart(anchor, owned(tag), range.0));
        Ok(())
    }
    fn map_start(
        &mut self,
        anchor: usize,
        tag: Option<(&str, &str)>,
        range: (usize, usize),
    ) -> Result<(), Box<Diagnostic>> {
        self.0.push(Recorded::MapStart(anchor, owned(tag), range.0));
        Ok(())
    }
    fn seq_end(&mut self, range: (usize, usize)) {
        self.0.push(Recorded::SeqEnd(closing(range)));
    }
    fn map_end(&mut self, range: (usize, usize)) {
        self.0.push(Recorded::MapEnd(closing(range)));
    }
    fn alias(&mut self, id: usize, range: (usize, usize)) -> Result<(), Box<Diagnostic>> {
        self.0.push(Recorded::Alias(id, range));
        Ok(())
    }
}

/// Compares the two front ends on `text`: `Ok(true)` where the fast one took the text
/// and agrees with the reference, `Ok(false)` where it declined, `Err` with the first
/// difference otherwise.
pub fn differential(text: &str) -> Result<bool, String> {
    let mut sources = Sources::new();
    let id = sources.add("t.yaml", None, SourceKind::Compose, text.to_owned());
    let file = sources.get(id);
    let mut fast = Recorder::default();
    if super::fast::feed(text, &mut fast).is_err() {
        return Ok(false);
    }
    let mut reference = Recorder::default();
    if feed_reference(file, &mut reference).is_err() {
        return Err("the fast front end took a text the reference refuses".to_owned());
    }
    if let Some(i) =
        (0..fast.0.len().max(reference.0.len())).find(|&i| fast.0.get(i) != reference.0.get(i))
    {
        return Err(format!(
            "event {i}: fast {:?}, reference {:?}",
            fast.0.get(i),
            reference.0.get(i)
        ));
    }
    let mut fast_found = Diagnostics::new();
    // The builder may still refuse the document (an alias of an anchor not yet
    // complete, too much to expand): the fast front end then declines, and the
    // reference is what counts.
    let Some(fast_docs) = super::parse_fast(file, id, &mut fast_found) else {
        return Ok(false);
    };
    let mut reference_found = Diagnostics::new();
    let reference_docs = super::parse_reference(file, id, &mut reference_found);
    if fast_docs != reference_docs {
        return Err(format!(
            "trees differ: fast {fast_docs:?}, reference {reference_docs:?}"
        ));
    }
    let fast_found = format!("{:?}", fast_found.iter().collect::<Vec<_>>());
    let reference_found = format!("{:?}", reference_found.iter().collect::<Vec<_>>());
    if fast_found != reference_found {
        return Err(format!(
            "diagnostics differ: fast {fast_found}, reference {reference_found}"
        ));
    }
    Ok(true)
}
