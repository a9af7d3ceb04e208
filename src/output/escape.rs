//! Tenant strings (policy names, UPNs, group names) and file names are data, not terminal or
//! workflow commands: in human and line-oriented formats their control characters are shown
//! escaped (`\x1b`, `\n`), so a name can neither drive the terminal nor start a line of its
//! own (`::error ...::` in a GitHub Actions log, a forged `path:line:col:` for an editor).
//! Machine formats (JSON, SARIF, evidence) keep the exact values.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character is shown escaped: C0 and C1 controls, DEL, the bidirectional marks and
/// overrides that make text read differently from what it is, and the Unicode line and
/// paragraph separators that some viewers break lines at.
fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}'
        )
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` (a whole file, drawn under a finding) with every hostile character but its line
/// breaks and tabs replaced by a visible one of the same UTF-8 length, so that byte spans into
/// the file still point where they did.
pub fn defused(text: String) -> String {
    let is_drawn_raw = |c: char| matches!(c, '\n' | '\r' | '\t') || !is_hostile(c);
    if text.chars().all(is_drawn_raw) {
        return text;
    }
    text.chars()
        .map(|c| match c {
            c if is_drawn_raw(c) => c,
            c if c.len_utf8() == 1 => '?',
            c if c.len_utf8() == 2 => '\u{b7}',
            _ => '\u{fffd}',
        })
        .collect()
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
        assert_eq!(printable("a\u{2028}b\u{200f}"), "a\\u{2028}b\\u{200f}");
    }

    #[test]
    fn a_drawn_file_keeps_its_byte_offsets() {
        let text = "{\"n\": \"a\u{9b}2J\u{7f}\u{202e}z\u{1b}\"}\r\n\t{}".to_string();
        let drawn = defused(text.clone());
        assert_eq!(drawn.len(), text.len());
        assert_eq!(drawn, "{\"n\": \"a\u{b7}2J?\u{fffd}z?\"}\r\n\t{}");
        assert_eq!(defused("plain\n".to_string()), "plain\n");
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
