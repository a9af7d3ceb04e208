//! Tenant strings (policy names, UPNs, group names) and file names are data, not terminal or
//! workflow commands: in human and line-oriented formats their control characters are shown
//! escaped (`\x1b`, `\n`), so a name can neither drive the terminal nor start a line of its
//! own (`::error ...::` in a GitHub Actions log, a forged `path:line:col:` for an editor).
//! Machine formats (JSON, SARIF, evidence) keep the exact values.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character is shown escaped: C0 and C1 controls, DEL, and the bidirectional
/// overrides that make text read differently from what it is.
fn is_hostile(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The longest text a human format shows whole: a policy named with 500 MB must not make
/// 500 MB of terminal output per finding. JSON and SARIF keep every character.
pub const SHOWN_CHARS: usize = 4096;

/// `text` with its control characters escaped and cut after [`SHOWN_CHARS`] characters;
/// borrowed when it is neither.
pub fn printable(text: &str) -> Cow<'_, str> {
    let long = text.len() > SHOWN_CHARS && text.chars().nth(SHOWN_CHARS).is_some();
    if !long && !text.chars().any(is_hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4 * SHOWN_CHARS) + 8);
    for (shown, c) in text.chars().enumerate() {
        if shown == SHOWN_CHARS {
            let rest = text.chars().count() - SHOWN_CHARS;
            let _ = write!(
                out,
                "… ({rest} more characters; --format json shows them all)"
            );
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hostile(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_hostile(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_and_text_is_kept() {
        assert!(matches!(printable("Require MFA"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1b}]0;owned\u{7}b\nc\r\u{0}"),
            "a\\x1b]0;owned\\x07b\\nc\\r\\x00"
        );
        assert_eq!(printable("x\u{202e}y\u{85}"), "x\\u{202e}y\\x85");
        assert_eq!(printable("Zoë ☂"), "Zoë ☂");
    }

    #[test]
    fn a_huge_text_is_cut_and_says_how_much_is_left() {
        let name = "é".repeat(SHOWN_CHARS + 10);
        let shown = printable(&name);
        assert!(shown.starts_with(&"é".repeat(SHOWN_CHARS)));
        assert!(shown.ends_with("… (10 more characters; --format json shows them all)"));
        assert!(matches!(
            printable(&"a".repeat(SHOWN_CHARS)),
            Cow::Borrowed(_)
        ));
    }
}
