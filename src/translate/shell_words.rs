//! Splitting a command written as one string (`command: npm start --port 8080`) into
//! the words docker runs, as docker's stack loader does with go-shellwords: blanks
//! separate words, single quotes keep everything, double quotes keep everything but
//! `\"`, `\\`, `\$` and `` \` ``, and a backslash outside quotes keeps the next
//! character. Nothing is expanded: interpolation has already happened.

/// The words of `text`, or `None` when a quote is not closed.
pub(super) fn split(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        other => word.push(other),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            escaped @ ('"' | '\\' | '$' | '`') => word.push(escaped),
                            other => {
                                word.push('\\');
                                word.push(other);
                            }
                        },
                        other => word.push(other),
                    }
                }
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::split;

    fn words(text: &str) -> Vec<String> {
        split(text).unwrap_or_default()
    }

    #[test]
    fn blanks_separate_words_and_quotes_group_them() {
        assert_eq!(words("serve --port 8080"), ["serve", "--port", "8080"]);
        assert_eq!(words("  a\t b  "), ["a", "b"]);
        assert_eq!(
            words(r#"sh -c 'echo "$HOME"'"#),
            ["sh", "-c", r#"echo "$HOME""#]
        );
        assert_eq!(words(r#"echo "a b" c"#), ["echo", "a b", "c"]);
        assert_eq!(words(r#"echo "a\"b\n""#), ["echo", "a\"b\\n"]);
        assert_eq!(words(r"a\ b"), ["a b"]);
        assert_eq!(words(r#"x'y'"z""#), ["xyz"]);
        assert_eq!(words(r#"'' """#), ["", ""]);
        assert!(words("").is_empty());
    }

    #[test]
    fn an_unclosed_quote_is_not_a_command() {
        assert_eq!(split("echo 'oops"), None);
        assert_eq!(split("echo \"oops"), None);
    }
}
