//! The trainer's exercise pack: shared as a file or as a code in a link.

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::{ClassroomError, Input};
use super::{
    clean, hex, CLASSROOM_VERSION, MAX_LINK_CHARS, MAX_NAME_CHARS, MAX_PACK_BYTES,
    MAX_PACK_SCENARIOS, MAX_REPLY_SECONDS, PACK_FORMAT,
};
use crate::progress::Mode;
use crate::scenario::Library;
use crate::scorer::Competency;

/// A trainer's exercise: which scenarios, in which order, under which rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    pub format: String,
    pub version: u32,
    pub name: String,
    pub scenarios: Vec<String>,
    pub mode: Mode,
    pub beginner: bool,
    /// Seconds allowed per reply (overrides the scenario's own timer).
    #[serde(default)]
    pub reply_seconds: Option<u32>,
    /// Pass mark per competency (0–100).
    pub pass: BTreeMap<Competency, u8>,
    /// A rush-hour round played after the scenarios (pack version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rush: Option<super::rush_round::RushRound>,
    /// The LRS that receives xAPI statements while the pack is played (issue 17).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lrs: Option<crate::lms::xapi::LrsConfig>,
}

/// Parse JSON into `T`: syntax errors give line and column, shape errors the
/// JSON pointer of the offending value (never serde's English text).
pub(super) fn from_json<T: serde::de::DeserializeOwned>(
    json: &str,
    what: Input,
) -> Result<T, ClassroomError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| ClassroomError::NotJson {
            what,
            line: e.line(),
            column: e.column(),
        })?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = String::new();
        for segment in e.path().iter() {
            use serde_path_to_error::Segment;
            path.push('/');
            match segment {
                Segment::Seq { index } => path.push_str(&index.to_string()),
                Segment::Map { key } => path.push_str(key),
                Segment::Enum { variant } => path.push_str(variant),
                Segment::Unknown => path.push('?'),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        ClassroomError::WrongShape { what, path }
    })
}

/// A name is present and not absurdly long.
pub(super) fn check_name(name: &str, what: Input) -> Result<(), ClassroomError> {
    if name.trim().is_empty() {
        return Err(ClassroomError::NameMissing(what));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ClassroomError::NameTooLong {
            what,
            limit: MAX_NAME_CHARS,
        });
    }
    Ok(())
}

impl Pack {
    pub fn new(
        name: &str,
        scenarios: Vec<String>,
        mode: Mode,
        beginner: bool,
        reply_seconds: Option<u32>,
        pass: BTreeMap<Competency, u8>,
    ) -> Pack {
        Pack {
            format: PACK_FORMAT.into(),
            // What a plain pack needs, so older apps still open it; a rush
            // round raises it (`rush_round::with_round`).
            version: 1,
            name: name.trim().to_string(),
            scenarios,
            mode,
            beginner,
            reply_seconds,
            pass,
            rush: None,
            lrs: None,
        }
    }

    /// A short id derived from the content: results name the pack they belong to.
    pub fn id(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        hex(&Sha256::digest(json.as_bytes()))[..12].to_string()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The pack as URL-safe text, to travel in a link's fragment.
    pub fn to_code(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_string(self).unwrap_or_default())
    }

    /// A share link must stay under [`MAX_LINK_CHARS`]; a longer one gets a
    /// message telling the trainer to share the file instead.
    pub fn check_link(link: &str) -> Result<(), ClassroomError> {
        let length = link.chars().count();
        if length > MAX_LINK_CHARS {
            return Err(ClassroomError::LinkTooLong {
                length,
                limit: MAX_LINK_CHARS,
            });
        }
        Ok(())
    }

    /// Read a pack from a file's text or a link code, checking it against the library.
    pub fn parse(text: &str, library: &Library) -> Result<Pack, ClassroomError> {
        let text = clean(text);
        let json = if text.starts_with('{') {
            if text.len() > MAX_PACK_BYTES {
                return Err(ClassroomError::TooLarge {
                    what: Input::PackFile,
                    size: text.len(),
                    limit: MAX_PACK_BYTES,
                });
            }
            text.to_string()
        } else {
            // A code is ASCII: bytes are characters (and counting is O(1)).
            let length = text.len();
            if length > MAX_LINK_CHARS {
                return Err(ClassroomError::TooLarge {
                    what: Input::PackCode,
                    size: length,
                    limit: MAX_LINK_CHARS,
                });
            }
            let bytes = URL_SAFE_NO_PAD
                .decode(text.trim_end_matches('='))
                .map_err(|_| ClassroomError::DamagedCode(Input::PackCode))?;
            String::from_utf8(bytes).map_err(|_| ClassroomError::DamagedCode(Input::PackCode))?
        };
        let what = if text.starts_with('{') {
            Input::PackFile
        } else {
            Input::PackCode
        };
        let pack: Pack = from_json(&json, what)?;
        if pack.format != PACK_FORMAT {
            return Err(ClassroomError::NotOurs(what));
        }
        if pack.version > CLASSROOM_VERSION {
            return Err(ClassroomError::NewerVersion {
                what,
                version: pack.version,
            });
        }
        pack.check(library, what)?;
        Ok(pack)
    }

    /// The content rules every pack obeys (also checked for the pack inside a
    /// results file).
    pub(super) fn check(&self, library: &Library, what: Input) -> Result<(), ClassroomError> {
        check_name(&self.name, what)?;
        if self.scenarios.is_empty() && self.rush.is_none() {
            return Err(ClassroomError::NoScenarios);
        }
        if self.scenarios.len() > MAX_PACK_SCENARIOS {
            return Err(ClassroomError::TooManyScenarios {
                count: self.scenarios.len(),
                limit: MAX_PACK_SCENARIOS,
            });
        }
        let unknown: Vec<String> = self
            .scenarios
            .iter()
            .filter(|id| library.get(id).is_none())
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(ClassroomError::UnknownScenarios(unknown));
        }
        if let Some(round) = &self.rush {
            round.check(self.version, library)?;
        }
        if let Some((&competency, &value)) = self.pass.iter().find(|(_, &v)| v > 100) {
            return Err(ClassroomError::PassMarkOutOfRange { competency, value });
        }
        if let Some(seconds) = self.reply_seconds {
            if seconds == 0 || seconds > MAX_REPLY_SECONDS {
                return Err(ClassroomError::ReplySecondsOutOfRange {
                    seconds,
                    limit: MAX_REPLY_SECONDS,
                });
            }
        }
        Ok(())
    }
}
