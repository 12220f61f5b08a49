//! The trainer's exercise pack: shared as a file or as a code in a link.

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::deflate::{deflate, inflate, InflateError};
use super::error::{ClassroomError, Input};
use super::{
    clean, hex, CLASSROOM_VERSION, MAX_LINK_CHARS, MAX_NAME_CHARS, MAX_PACK_BYTES, MAX_PACK_CUSTOM,
    MAX_PACK_SCENARIOS, MAX_REPLY_SECONDS, PACK_FORMAT,
};
use crate::policy::Policy;
use crate::progress::Mode;
use crate::scenario::{Library, Scenario};
use crate::scorer::Competency;

/// A link code of the deflated JSON (`z.` cannot start a plain base64 code,
/// whose alphabet has no dot). Plain base64 codes of earlier versions are
/// still read.
const DEFLATED_PREFIX: &str = "z.";

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
    /// The trainer's own scenarios the pack plays (version 2): whole
    /// scenarios, checked by the shared validator when the pack is opened,
    /// so the trainee plays them without importing anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<Scenario>,
    /// The company policy the pack's replies are scored with (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
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
            custom: Vec::new(),
            policy: None,
        }
    }

    /// Carry the trainer's own scenarios (those the pack lists) and a policy.
    pub fn with_content(mut self, custom: Vec<Scenario>, policy: Option<Policy>) -> Pack {
        self.custom = custom
            .into_iter()
            .filter(|s| self.scenarios.contains(&s.id))
            .collect();
        self.policy = policy;
        // An older app would play a pack without its own scenarios or score
        // it without its policy: carrying either needs version 2, which
        // older apps refuse by its number.
        if !self.custom.is_empty() || self.policy.is_some() {
            self.version = self.version.max(2);
        }
        self
    }

    /// The library the pack plays: the built-in one and the pack's own scenarios.
    pub fn library(&self, builtin: &Library) -> Library {
        let mut library = Library {
            scenarios: builtin.scenarios.clone(),
            problems: Vec::new(),
        };
        library.scenarios.extend(
            self.custom
                .iter()
                .filter(|s| builtin.get(&s.id).is_none())
                .cloned(),
        );
        library
    }

    /// A short id derived from the content: results name the pack they belong to.
    pub fn id(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        hex(&Sha256::digest(json.as_bytes()))[..12].to_string()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The pack as URL-safe text, to travel in a link's fragment: the JSON
    /// deflated, then base64 (a pack carrying scenarios shrinks several times).
    pub fn to_code(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        format!(
            "{DEFLATED_PREFIX}{}",
            URL_SAFE_NO_PAD.encode(deflate(json.as_bytes()))
        )
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
            let (code, deflated) = match text.strip_prefix(DEFLATED_PREFIX) {
                Some(code) => (code, true),
                None => (text, false),
            };
            let mut bytes = URL_SAFE_NO_PAD
                .decode(code.trim_end_matches('='))
                .map_err(|_| ClassroomError::DamagedCode(Input::PackCode))?;
            if deflated {
                // Bounded: a small code cannot inflate past a pack file's limit.
                bytes = inflate(&bytes, MAX_PACK_BYTES).map_err(|e| match e {
                    InflateError::TooLarge => ClassroomError::PackInflatesTooLarge {
                        limit: MAX_PACK_BYTES,
                    },
                    InflateError::Damaged => ClassroomError::DamagedCode(Input::PackCode),
                })?;
            }
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
        self.check_content(library)?;
        let unknown: Vec<String> = self
            .scenarios
            .iter()
            .filter(|id| library.get(id).is_none() && !self.custom.iter().any(|s| &s.id == *id))
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

    /// The pack's own scenarios and policy pass the shared validators (the
    /// same code as `dojo validate`), none hides a built-in scenario, and
    /// none is there without being played.
    fn check_content(&self, library: &Library) -> Result<(), ClassroomError> {
        if self.custom.len() > MAX_PACK_CUSTOM {
            return Err(ClassroomError::TooManyCustom {
                count: self.custom.len(),
                limit: MAX_PACK_CUSTOM,
            });
        }
        let mut seen = std::collections::BTreeSet::new();
        for scenario in &self.custom {
            if library.get(&scenario.id).is_some() {
                return Err(ClassroomError::CustomHidesBuiltin(scenario.id.clone()));
            }
            if !seen.insert(&scenario.id) || !self.scenarios.contains(&scenario.id) {
                return Err(ClassroomError::CustomNotPlayed(scenario.id.clone()));
            }
            let json = serde_json::to_string(scenario).unwrap_or_default();
            let file = crate::my_scenarios::file_name(&scenario.id);
            if let Err(problems) = crate::my_scenarios::read_file(&file, &json) {
                return Err(ClassroomError::BadCustom {
                    id: scenario.id.clone(),
                    message: problems.message(),
                });
            }
        }
        if let Some(policy) = &self.policy {
            if let Err(problems) = crate::policy::load("policy.json", &policy.to_json()) {
                let list: Vec<String> = problems
                    .iter()
                    .take(3)
                    .map(|p| format!("{}: {}", p.path, p.message.en))
                    .collect();
                let list_zh: Vec<String> = problems
                    .iter()
                    .take(3)
                    .map(|p| format!("{}：{}", p.path, p.message.zh))
                    .collect();
                return Err(ClassroomError::BadPolicy(crate::i18n::Text::new(
                    list_zh.join("；"),
                    list.join("; "),
                )));
            }
        }
        Ok(())
    }
}
