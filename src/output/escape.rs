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

/// `text` with its control characters escaped; borrowed when there are none.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
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
}
