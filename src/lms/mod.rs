//! Reporting into an organisation's LMS or LRS (issue 17): SCORM 1.2 and
//! SCORM 2004 (4th edition) packages and runtime data, and xAPI statements.
//! Pure data and text, no browser: the UI's adapter only finds the LMS API,
//! makes the calls this module lists and sends what it builds.
//!
//! - [`manifest`]: `imsmanifest.xml` for either version;
//! - [`package`]: the SCORM zip (the app's files, the pack, the manifest);
//! - [`duration`]: SCORM's time spans and time stamps;
//! - [`report`]: what to set in the LMS for one reply, for the score and status, at exit;
//! - [`session`]: one visit inside an LMS, as a state machine the adapter drives;
//! - [`suspend`]: compact suspend data that fits each version's limit;
//! - [`xapi`]: xAPI statements with deterministic ids;
//! - [`queue`]: the offline queue of statements and its back-off;
//! - [`error`]: every refusal, with a bilingual message.

pub mod duration;
pub mod error;
pub mod manifest;
pub mod package;
pub mod queue;
pub mod report;
pub mod session;
pub mod suspend;
pub mod xapi;

pub use error::LmsError;

/// The two SCORM versions a pack can be exported for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scorm {
    /// SCORM 1.2: the `API` object, `cmi.core.*`, 4,096 characters of suspend data.
    V12,
    /// SCORM 2004 4th edition: the `API_1484_11` object, `cmi.*`, 64,000 characters.
    V2004,
}

impl Scorm {
    /// `1.2` or `2004` (also `2004-4`, `2004 4th edition`), as typed on the command line.
    pub fn parse(text: &str) -> Result<Scorm, LmsError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "1.2" | "12" | "scorm12" | "scorm-1.2" => Ok(Scorm::V12),
            "2004" | "2004-4" | "2004 4th edition" | "scorm2004" | "scorm-2004" => Ok(Scorm::V2004),
            _ => Err(LmsError::UnknownVersion(text.to_string())),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Scorm::V12 => "SCORM 1.2",
            Scorm::V2004 => "SCORM 2004 4th Edition",
        }
    }

    /// The name of the JavaScript object the LMS exposes.
    pub fn api_name(self) -> &'static str {
        match self {
            Scorm::V12 => "API",
            Scorm::V2004 => "API_1484_11",
        }
    }

    /// The most suspend data the LMS must keep, in characters (UTF-16 code
    /// units, as the LMS's JavaScript counts them).
    pub fn suspend_limit(self) -> usize {
        match self {
            Scorm::V12 => 4_096,
            Scorm::V2004 => 64_000,
        }
    }
}

/// Length as JavaScript (and so a browser-side LMS runtime) counts it: UTF-16 code units.
pub fn js_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The marker that ends a value cut to fit a limit.
pub const CUT_MARKER: char = '…';

/// `text` cut to at most `limit` UTF-16 units, ending in [`CUT_MARKER`]
/// when it was cut (never splitting a character).
pub fn truncate(text: &str, limit: usize) -> String {
    if js_len(text) <= limit {
        return text.to_string();
    }
    let room = limit.saturating_sub(CUT_MARKER.len_utf16());
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() > room {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    if limit >= CUT_MARKER.len_utf16() {
        out.push(CUT_MARKER);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_utf16_and_marks_the_cut() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(js_len(&truncate(&"同".repeat(300), 255)), 255);
        assert!(truncate(&"同".repeat(300), 255).ends_with(CUT_MARKER));
        // A character outside the BMP takes two units and is never split.
        let emoji = "😀".repeat(10);
        let cut = truncate(&emoji, 6);
        assert_eq!(cut, "😀😀…");
        assert!(js_len(&cut) <= 6);
    }

    #[test]
    fn versions_parse() {
        assert_eq!(Scorm::parse("1.2").unwrap(), Scorm::V12);
        assert_eq!(Scorm::parse(" 2004 ").unwrap(), Scorm::V2004);
        let e = Scorm::parse("2.0").unwrap_err();
        assert!(e.message().en.contains("2.0"));
        assert!(e.message().zh.contains("2.0"));
    }
}
