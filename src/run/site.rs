//! `swarmc site`: checking a profile, importing one from a running swarm, and writing
//! the default one.

use std::path::{Path, PathBuf};

use super::docs::schema_text;
use super::ending::{Ending, Output, Shown, finish, nothing_written, print_stdout, write_output};
use super::error::RunError;
use super::files::{guard_outputs, named_inputs, start, written_files};
use super::host::{current_dir, machine_facts, read_stdin, whole_process_environment};
use super::report::{Report, ReportStream};
use super::settings::{read_settings, verdict};
use super::{FAILURE, OK};
use crate::cli::{SchemaName, SiteCheckArgs, SiteDefaultArgs, SiteImportArgs};
use crate::compile::CompileOptions;
use crate::diagnostic::Diagnostics;
use crate::fs::{RealFs, STDIN, resolve};
use crate::report;
use crate::site::{default_site_text, load_site};
use crate::source::{SourceKind, Sources};

/// `swarmc site check`: a site profile, alone or against a project's services.
pub(super) fn site_check_command(
    args: &SiteCheckArgs,
    stream: ReportStream,
) -> Result<u8, RunError> {
    let working_dir = current_dir();
    let written = written_files(None, &args.report);
    let mut inputs = named_inputs(None, &args.report, &working_dir);
    inputs.push(resolve(&working_dir, &args.file));
    let settings = start(&written, &inputs, &args.report, stream, &working_dir)?;
    let path = resolve(&working_dir, &args.file);
    let fs = RealFs::default();
    let (mut sources, mut diagnostics) = if args.files.is_empty() {
        let mut sources = Sources::with_base(working_dir.clone());
        let mut diagnostics = Diagnostics::new();
        let _ = load_site(&fs, &mut sources, &path, &mut diagnostics);
        (sources, diagnostics)
    } else {
        // The project is read only to learn its services: what is wrong with it is for
        // `lint` and `compile` to say; problems with the files themselves are kept.
        let options = CompileOptions {
            files: args.files.clone(),
            working_dir: working_dir.clone(),
            output_dir: working_dir.clone(),
            site: Some(path),
            machine: machine_facts(),
            ..CompileOptions::default()
        };
        let mut analysis =
            crate::compile::analyze(&options, &[], &fs, &whole_process_environment());
        analysis
            .diagnostics
            .retain_rules(|rule| rule.code.starts_with("SW4") || rule.code.starts_with("SW0"));
        (analysis.sources, analysis.diagnostics)
    };
    inputs.extend(fs.touched());
    guard_outputs(&written, &inputs)?;
    let policy = settings.apply(&mut diagnostics, &mut sources);
    let status = verdict(&diagnostics, &policy, args.report.exit_zero);
    let summary = report::summary(&diagnostics);
    let outcome = (!summary.is_empty()).then_some(summary);
    let report = Report::new(&args.report, stream, &policy);
    Ok(finish(
        &report,
        &diagnostics,
        &sources,
        Ending::new(status, outcome),
    ))
}

/// `swarmc site import`: reads the docker CLI's JSON (from files, or by running the
/// CLI), and writes the measured profile, refreshing `--into` when given.
pub(super) fn site_import_command(
    args: &SiteImportArgs,
    stream: ReportStream,
) -> Result<u8, RunError> {
    use crate::site::import::{self, Inputs};
    let working_dir = current_dir();
    let settings = read_settings(&args.report, stream, &working_dir)?;
    let mut sources = Sources::with_base(working_dir.clone());
    let mut diagnostics = Diagnostics::new();
    let mut inputs = Inputs::default();
    if args.docker {
        crate::docker_cli::run_all(
            &args.docker_flags.to_args(),
            &mut sources,
            &mut inputs,
            &mut diagnostics,
        );
    } else {
        let files = [
            &args.nodes,
            &args.info,
            &args.networks,
            &args.secrets,
            &args.configs,
        ];
        let reads_stdin = files
            .iter()
            .filter(|f| f.as_deref() == Some(Path::new(STDIN)))
            .count();
        if reads_stdin > 1 {
            return Err(RunError::Usage {
                message: "only one input can be read from standard input".to_owned(),
                help: None,
            });
        }
        let stdin = if reads_stdin == 1 {
            Some(read_stdin()?)
        } else {
            None
        };
        let mut fs = RealFs::default();
        fs.stdin = stdin;
        let mut read = |file: &Option<PathBuf>| {
            let file = file.as_ref()?;
            let path = if file.as_path() == Path::new(STDIN) {
                file.clone()
            } else {
                resolve(&working_dir, file)
            };
            crate::read::read_source(
                &fs,
                &mut sources,
                &path,
                SourceKind::DockerOutput,
                None,
                &mut diagnostics,
            )
        };
        inputs.nodes = read(&args.nodes);
        inputs.info = read(&args.info);
        inputs.networks = read(&args.networks);
        inputs.secrets = read(&args.secrets);
        inputs.configs = read(&args.configs);
    }
    let existing = args.into.as_ref().and_then(|into| {
        let path = resolve(&working_dir, into);
        load_site(&RealFs::default(), &mut sources, &path, &mut diagnostics)
    });
    let mut imported = None;
    if !diagnostics.has_errors() {
        imported = import::import(&sources, &inputs, &mut diagnostics);
    }
    let mut changes = Vec::new();
    if let Some(site) = &existing
        && let Some(measured) = imported.take()
    {
        let (refreshed, found) = import::refresh(site, measured);
        imported = Some(refreshed);
        changes = found;
    }
    let policy = settings.apply(&mut diagnostics, &mut sources);
    let mut status = verdict(&diagnostics, &policy, args.report.exit_zero);
    let summary = report::summary(&diagnostics);
    let target =
        (args.output.as_ref().or(args.into.as_ref())).map(|path| resolve(&working_dir, path));
    let mut text = None;
    let mut shown = String::new();
    let outcome = match &imported {
        Some(imported) if !diagnostics.has_errors() => {
            text = Some(import::render(imported, existing.as_ref()));
            for change in &changes {
                shown.push_str(&format!("changed: {}\n", change.0));
            }
            let nodes = imported.nodes.len();
            let mut line = format!("imported {nodes} node{}", if nodes == 1 { "" } else { "s" });
            if existing.is_some() {
                let n = changes.len();
                line.push_str(&format!("; {n} change{}", if n == 1 { "" } else { "s" }));
            }
            if !summary.is_empty() {
                line.push_str(&format!("; {summary}"));
            }
            Some(line)
        }
        _ => {
            if status == OK && !args.report.exit_zero {
                status = FAILURE;
            }
            Some(nothing_written("import", &summary, false))
        }
    };
    let mut ending = Ending::new(status, outcome);
    if let Some(text) = &text {
        ending.outputs.push(Output {
            path: target.as_deref(),
            text,
        });
    }
    if !shown.is_empty() {
        ending.shown.push(Shown::Stderr(shown));
    }
    let report = Report::new(&args.report, stream, &policy);
    Ok(finish(&report, &diagnostics, &sources, ending))
}

/// The file the default site profile names as its schema, beside it.
const SITE_SCHEMA_FILE: &str = "site.schema.json";

/// `swarmc site default`: the default profile on standard output, or in a file with
/// its schema beside it, where the profile's `$schema` comment points.
pub(super) fn site_default_command(args: &SiteDefaultArgs) -> Result<u8, RunError> {
    let text = default_site_text(&machine_facts());
    let Some(path) = args.output.as_ref().filter(|p| *p != Path::new(STDIN)) else {
        print_stdout(text.as_bytes())?;
        return Ok(OK);
    };
    let schema = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(SITE_SCHEMA_FILE),
        _ => PathBuf::from(SITE_SCHEMA_FILE),
    };
    for (file, bytes) in [(&schema, schema_text(SchemaName::Site)), (path, text)] {
        write_output(file, bytes.as_bytes())?;
    }
    Ok(OK)
}
