//! The fast YAML front end against saphyr-parser: wherever the fast one takes a text,
//! the events, trees, spans and diagnostics must be the reference's.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(difference) = swarmc::yaml::differential(text) {
        panic!("{difference}");
    }
});
