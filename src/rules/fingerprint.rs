//! A finding's identity that survives a regenerated export: the rule, the subject, and the JSON
//! pointer without array indices (which move when files are reordered or entities are added).
//! SARIF's `partialFingerprints` carry it; baselines will too.

use super::Diagnostic;

/// `/value/3/conditions/users/excludeUsers/0` -> `/conditions/users/excludeUsers`.
pub fn logical_pointer(pointer: &str) -> String {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let mut kept = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let is_index = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
        // A Graph collection response wraps its items in `value`.
        let is_collection = i == 0 && segment.eq_ignore_ascii_case("value") && segments.len() > 1;
        if !is_index && !is_collection {
            kept.push(*segment);
        }
    }
    kept.iter().map(|s| format!("/{s}")).collect()
}

/// The identity a fingerprint is computed from, readable for baselines.
pub fn identity(diagnostic: &Diagnostic) -> String {
    format!(
        "{}|{}|{}",
        diagnostic.code,
        diagnostic.finding.subject,
        logical_pointer(&diagnostic.finding.primary.pointer).to_ascii_lowercase()
    )
}

/// A finding's fingerprint: the digest of its identity.
pub fn fingerprint(diagnostic: &Diagnostic) -> String {
    digest(&identity(diagnostic))
}

/// 64-bit FNV-1a of `text`, in hex: stable across runs, platforms and compiler versions,
/// unlike std's hasher.
pub fn digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_indices_and_the_collection_wrapper_are_dropped() {
        assert_eq!(
            logical_pointer("/value/3/conditions/users/excludeUsers/0"),
            "/conditions/users/excludeUsers"
        );
        assert_eq!(logical_pointer("/0/State"), "/State");
        assert_eq!(logical_pointer("/isEnabled"), "/isEnabled");
        assert_eq!(logical_pointer("/value"), "/value");
        assert_eq!(logical_pointer(""), "");
    }
}
