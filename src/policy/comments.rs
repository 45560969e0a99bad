//! Finds the comments in a YAML text. The parser swarmc builds its trees from does not
//! report comments, and suppressions only need to know where each comment is, so this
//! is a small line scanner rather than a second parser: it follows quoted scalars
//! (which may span lines and contain `#`) and block scalars (`|`, `>`), whose lines are
//! text, not comments.

/// One `#` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Comment {
    /// Byte offset of the `#`.
    pub(crate) start: usize,
    /// Byte offset of the end of the comment (the end of its line, before `\r\n`).
    pub(crate) end: usize,
    /// 1-based line.
    pub(crate) line: usize,
    /// Whether only whitespace precedes the comment on its line.
    pub(crate) own_line: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Plain,
    DoubleQuoted,
    SingleQuoted,
    /// Inside a block scalar whose lines are indented more than this.
    Block(usize),
}

/// Every comment of `text`, in order.
pub(crate) fn comments(text: &str) -> Vec<Comment> {
    let mut found = Vec::new();
    let mut state = State::Plain;
    let mut line_start = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let start = line_start;
        line_start += raw.len() + 1;
        if let State::Block(parent) = state {
            if line.trim().is_empty() || indentation(line) > parent {
                continue;
            }
            state = State::Plain;
        }
        let comment_at = scan_line(line, &mut state);
        if let Some(at) = comment_at {
            found.push(Comment {
                start: start + at,
                end: start + line.len(),
                line: index + 1,
                own_line: line[..at].trim().is_empty(),
            });
        }
        if state == State::Plain {
            let content = &line[..comment_at.unwrap_or(line.len())];
            if let Some(parent) = block_scalar_parent(content) {
                state = State::Block(parent);
            }
        }
    }
    found
}

/// Advances `state` over one line and returns the byte offset of the comment it ends
/// with, if any.
fn scan_line(line: &str, state: &mut State) -> Option<usize> {
    let mut previous: Option<char> = None;
    let mut previous_visible: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match *state {
            State::DoubleQuoted => match c {
                '\\' => {
                    chars.next();
                }
                '"' => *state = State::Plain,
                _ => {}
            },
            State::SingleQuoted => {
                if c == '\'' {
                    if chars.peek().is_some_and(|&(_, next)| next == '\'') {
                        chars.next();
                    } else {
                        *state = State::Plain;
                    }
                }
            }
            State::Plain | State::Block(_) => match c {
                '#' if previous.is_none_or(|p| p == ' ' || p == '\t') => return Some(at),
                '"' | '\'' if opens_scalar(previous, previous_visible) => {
                    *state = if c == '"' {
                        State::DoubleQuoted
                    } else {
                        State::SingleQuoted
                    };
                }
                _ => {}
            },
        }
        previous = Some(c);
        if !c.is_whitespace() {
            previous_visible = Some(c);
        }
    }
    None
}

/// Whether a quote after these characters starts a quoted scalar (rather than being a
/// character inside a plain one, as in `it's`).
fn opens_scalar(previous: Option<char>, previous_visible: Option<char>) -> bool {
    match previous {
        None | Some(' ' | '\t') => matches!(
            previous_visible,
            None | Some(':' | '-' | '[' | '{' | ',' | '?')
        ),
        Some('[' | '{' | ',') => true,
        _ => false,
    }
}

/// When a line (without its comment) ends with a block scalar indicator, the
/// indentation that the scalar's lines must exceed: the column of the key it belongs
/// to, or of the `-` of the list item it is.
fn block_scalar_parent(content: &str) -> Option<usize> {
    let mut tokens = content.split_whitespace().rev();
    if !tokens.next().is_some_and(is_block_indicator) {
        return None;
    }
    // The indicator must start the value: after a key, a `-`, a `?`, a tag or an
    // anchor, or alone on its line; `a: b >` is the plain scalar `b >`.
    match tokens.next() {
        None => {}
        Some(t) if t.ends_with(':') || t == "-" || t == "?" || t.starts_with(['!', '&']) => {}
        Some(_) => return None,
    }
    let mut column = indentation(content);
    let mut parent = column;
    let mut after = &content[column..];
    while let Some(item) = after.strip_prefix('-') {
        if !item.starts_with([' ', '\t']) {
            break;
        }
        parent = column;
        column += 1 + (item.len() - item.trim_start().len());
        after = item.trim_start();
    }
    if after.starts_with(['|', '>']) {
        Some(parent)
    } else {
        Some(column)
    }
}

/// `|` or `>` with an optional chomping indicator and indentation digit, in either order.
fn is_block_indicator(token: &str) -> bool {
    let Some(rest) = token.strip_prefix(['|', '>']) else {
        return false;
    };
    let chomping = rest.chars().filter(|&c| c == '+' || c == '-').count();
    let digits = rest.chars().filter(|&c| ('1'..='9').contains(&c)).count();
    chomping <= 1 && digits <= 1 && chomping + digits == rest.chars().count()
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, bool, &str)> {
        comments(text)
            .into_iter()
            .map(|c| (c.line, c.own_line, &text[c.start..c.end]))
            .collect()
    }

    #[test]
    fn finds_trailing_and_own_line_comments() {
        let text = "# top\nservices:  # trailing\n  web: {}\r\n  # inside\n";
        assert_eq!(
            lines(text),
            [
                (1, true, "# top"),
                (2, false, "# trailing"),
                (4, true, "# inside")
            ]
        );
    }

    #[test]
    fn a_hash_inside_a_value_is_not_a_comment() {
        let text = "a: b#c\nd: \"x # y\" # real\ne: 'it''s # no' # real\nf: it's # real\n";
        assert_eq!(
            lines(text),
            [
                (2, false, "# real"),
                (3, false, "# real"),
                (4, false, "# real")
            ]
        );
    }

    #[test]
    fn quoted_scalars_may_span_lines() {
        let text = "a: \"one\n  # not a comment\n  two\" # real\nb: 'x\n  # no'\n";
        assert_eq!(lines(text), [(3, false, "# real")]);
    }

    #[test]
    fn block_scalar_lines_are_text() {
        let text = "\
a: |
  # shell comment
  echo hi

  # still text
b: 1 # real
- key: >-
    # text
  other: 2 # real
- |
  # text
- x # real
";
        assert_eq!(
            lines(text),
            [
                (6, false, "# real"),
                (9, false, "# real"),
                (12, false, "# real")
            ]
        );
    }

    #[test]
    fn a_block_indicator_needs_to_be_its_own_token() {
        let text = "a: x|\n# real\nb: c >\n  # real\nc: !!str |2-\n   # text\n";
        assert_eq!(lines(text), [(2, true, "# real"), (4, true, "# real")]);
    }
}
