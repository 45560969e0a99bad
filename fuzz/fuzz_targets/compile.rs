//! The whole pipeline on one compose file held in memory, with a `.env` and an
//! `extends`/`include` target beside it: read, parse, load, lower, translate, emit,
//! and the rendering of every diagnostic. Nothing may panic.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use swarmc::compile::{CompileOptions, compile};
use swarmc::fs::MemoryFs;

fuzz_target!(|data: &[u8]| {
    let mut fs = MemoryFs::new();
    fs.insert("/p/compose.yaml", data.to_vec());
    fs.insert("/p/.env", b"TAG=1.25\nPASSWORD=hunter2\n".to_vec());
    fs.insert(
        "/p/base.yaml",
        b"services:\n  base:\n    image: nginx\n    environment: [A=1]\n".to_vec(),
    );
    let options = CompileOptions {
        files: vec![PathBuf::from("compose.yaml")],
        working_dir: PathBuf::from("/p"),
        output_dir: PathBuf::from("/p"),
        ..CompileOptions::default()
    };
    let compilation = compile(&options, &fs, &[]);
    let _ = swarmc::report::concise(&compilation.diagnostics, &compilation.sources);
    let _ = swarmc::report::json(&compilation.diagnostics, &compilation.sources);
    let options = swarmc::report::HumanOptions {
        color: false,
        width: 100,
    };
    let _ = swarmc::report::human(&compilation.diagnostics, &compilation.sources, options);
});
