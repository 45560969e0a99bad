//! Top-level keys that are not part of a stack: the project `name` and `models`.
//!
//! Input: `name: shop`, `models: {llm: {model: ai/smollm2}}`.
//! Output: neither; `name` is a note (the stack name is given to `docker stack deploy`),
//! `models` a warning (swarm has no model runner).

use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::swarm;

use super::Cx;

pub(super) fn top_level(cx: &mut Cx<'_>, _stack: &mut swarm::Stack) {
    let project = cx.project();
    if let Some(name) = &project.name {
        // `-p` or `COMPOSE_PROJECT_NAME` win over the written name.
        let stack_name = project.stack_name(cx.input.project_dir);
        cx.report(
            Diagnostic::new(
                &rules::PROJECT_NAME_DROPPED,
                format!("project name `{}` is not part of a stack", name.value),
            )
            .at_value(name)
            .label("left out")
            .help(format!(
                "give the name when deploying: `docker stack deploy -c <stack file> {stack_name}`"
            )),
        );
    }
    if let Some(key) = project.keys.get("models") {
        cx.report(
            Diagnostic::new(&rules::SETTING_DROPPED, "`models` is not part of a stack")
                .at(key)
                .label("left out")
                .help("run the models outside the stack and give the services their address in `environment`"),
        );
    }
}
