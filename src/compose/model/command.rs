//! `command` and `entrypoint`, which compose accepts as one string (run through a shell
//! split) or as a list (run as written). The form is kept because it changes meaning.

use super::Text;
use crate::spanned::Spanned;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `command: npm start`: split into words by the engine; `""` clears the image's
    /// command.
    Shell(Spanned<Text>),
    /// `command: ["npm", "start"]`: the arguments as written; `[]` clears it.
    Exec(Vec<Spanned<Text>>),
}
