//! The commands that document swarmc from what the binary holds: `rule`, `schema`,
//! `man` and `completions`.

use clap::CommandFactory;

use super::OK;
use super::ending::print_stdout;
use super::error::RunError;
use crate::cli::{Cli, CompletionsArgs, DocsFormat, ManArgs, RuleArgs, SchemaArgs, SchemaName};
use crate::policy;
use crate::report;
use crate::rules;

/// `swarmc rule`: one rule's documentation (or what replaced a retired one), or a list
/// of rules (every rule, or those under a code prefix).
pub(super) fn rule_command(args: &RuleArgs) -> Result<u8, RunError> {
    let written = args.rule.as_deref().filter(|_| !args.all);
    let list = |rules: &[&rules::Rule]| match args.output_format {
        DocsFormat::Text => report::rules_text(rules),
        DocsFormat::Json => json_text(&report::rules_json(rules)),
    };
    let text = match written {
        None => list(rules::ALL),
        Some(written) => match rules::find(written) {
            Some(rule) => match args.output_format {
                DocsFormat::Text => report::rule_text(rule),
                DocsFormat::Json => json_text(&report::rule_json(rule)),
            },
            None => match rules::find_retired(written) {
                Some(retired) => match args.output_format {
                    DocsFormat::Text => report::retired_text(retired),
                    DocsFormat::Json => json_text(&report::retired_json(retired)),
                },
                None => {
                    let under: Vec<&rules::Rule> = rules::ALL
                        .iter()
                        .copied()
                        .filter(|r| is_code_prefix(written, r.code))
                        .collect();
                    if under.is_empty() {
                        return Err(RunError::UnknownRule {
                            written: written.to_owned(),
                            suggestion: policy::closest_rule(written),
                        });
                    }
                    list(&under)
                }
            },
        },
    };
    print_stdout(text.as_bytes())?;
    Ok(OK)
}

/// Whether `prefix` (`SW30`, `sw6`) begins the code `code`.
fn is_code_prefix(prefix: &str, code: &str) -> bool {
    prefix.len() >= 2
        && code
            .get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

pub(super) fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// `swarmc schema NAME`: every schema in `schemas/`, as the binary holds it, so that an
/// installed swarmc gives what the repository has.
pub(super) fn schema_command(args: &SchemaArgs) -> Result<u8, RunError> {
    print_stdout(schema_text(args.name).as_bytes())?;
    Ok(OK)
}

pub(super) fn schema_text(name: SchemaName) -> String {
    match name {
        SchemaName::Stack => crate::swarm::stack_schema(),
        SchemaName::Site => json_text(&crate::site::site_schema()),
        SchemaName::Config => crate::policy::config_schema(),
        SchemaName::Prediction => crate::check::prediction_schema(),
        SchemaName::Changes => crate::changes::changes_schema(),
    }
}

/// `swarmc completions SHELL`.
pub(super) fn completions_command(args: &CompletionsArgs) -> Result<u8, RunError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "swarmc", &mut script);
    print_stdout(&script)?;
    Ok(OK)
}

/// `swarmc man`: the main page on standard output, or every page, one per subcommand
/// (`swarmc-compile.1`, `swarmc-site-check.1`, ...), written to `--dir`.
pub(super) fn man_command(args: &ManArgs) -> Result<u8, RunError> {
    // `swarmc help` needs no page, and the main page must not refer to one.
    let command = Cli::command().disable_help_subcommand(true);
    let Some(dir) = &args.dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut page)
            .map_err(|_| RunError::ManualUnrendered)?;
        print_stdout(&page)?;
        return Ok(OK);
    };
    std::fs::create_dir_all(dir)
        .and_then(|()| clap_mangen::generate_to(Cli::command(), dir))
        .map_err(|error| RunError::ManualUnwritable {
            dir: dir.clone(),
            error,
        })?;
    Ok(OK)
}
