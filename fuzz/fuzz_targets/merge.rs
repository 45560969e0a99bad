//! Merging override files: the input is split into a compose file and an override file
//! at the first line `---8<---`, and the project of both is compiled in memory.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use swarmc::compile::{CompileOptions, compile};
use swarmc::fs::MemoryFs;

const CUT: &[u8] = b"\n---8<---\n";

fuzz_target!(|data: &[u8]| {
    let (base, over) = match data.windows(CUT.len()).position(|w| w == CUT) {
        Some(at) => (&data[..at + 1], &data[at + CUT.len()..]),
        None => (data, &b""[..]),
    };
    let mut fs = MemoryFs::new();
    fs.insert("/p/compose.yaml", base.to_vec());
    fs.insert("/p/compose.override.yaml", over.to_vec());
    let options = CompileOptions {
        files: vec![
            PathBuf::from("compose.yaml"),
            PathBuf::from("compose.override.yaml"),
        ],
        working_dir: PathBuf::from("/p"),
        output_dir: PathBuf::from("/p"),
        ..CompileOptions::default()
    };
    let _ = compile(&options, &fs, &[]);
});
