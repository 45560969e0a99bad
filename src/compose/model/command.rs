//! `command` and `entrypoint`, which compose accepts as one string (run through a shell
//! split) or as a list (run as written). The form is kept because it changes meaning.
//!
//! The words of a list are kept without a span each: they are only ever read together,
//! and the command's span locates them. A list can be as long as the file (`[a, a, ...]`
//! is a word per three bytes), and a word's span and interpolation origins would double
//! what the model holds for it.

use super::Text;
use crate::spanned::Spanned;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `command: npm start`: split into words by the engine; `""` clears the image's
    /// command.
    Shell(Spanned<Text>),
    /// `command: ["npm", "start"]`: the arguments as written; `[]` clears it.
    Exec(Vec<Text>),
}
