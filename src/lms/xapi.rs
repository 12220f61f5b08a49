//! xAPI statements for an LRS: `answered` per reply, `completed` and
//! `passed`/`failed` per scenario and per pack. Built as JSON values here;
//! the browser adapter queues them ([`super::queue`]) and sends them.
//!
//! Statement ids are derived from the attempt (registration), the verb and
//! the place in the pack, never random: a statement sent twice (the answer
//! was lost, two tabs flushed the same queue) has the same id, and the LRS
//! keeps it once.
//!
//! Activities are IRIs under a base (`<base>/pack/<id>/scenario/<id>/turn/<id>`);
//! the base is the pack's `activity_base` if it sets one, else
//! [`DEFAULT_BASE`]. Extensions (competency scores, finding ids) are keyed
//! by IRIs under `<base>/ext/`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::duration::{duration_2004, timestamp_xapi};
use super::report::{passes, ReplyReport, Standing};
use super::{truncate, LmsError};
use crate::scorer::{Competency, Scores};

/// Where activity and extension IRIs live when the pack names no base of
/// its own. `.invalid` is reserved: it names nothing on the internet.
pub const DEFAULT_BASE: &str = "https://service-dojo.invalid/xapi";
/// The xAPI version header the adapter sends.
pub const XAPI_VERSION: &str = "1.0.3";
/// A reply longer than this is cut (with the marker) in `result.response`.
pub const RESPONSE_LIMIT: usize = 10_000;

/// The LRS a pack names: where statements go, and the key (HTTP Basic
/// credentials, `key:secret` in base64, as LRSs issue them). The key travels
/// inside the pack, so every trainee who has the pack has it: it should be
/// a key that may only write statements.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LrsConfig {
    /// The LRS's xAPI endpoint, e.g. `https://lrs.example.org/xAPI/`.
    pub endpoint: String,
    /// `Basic` credentials (base64 of `key:secret`), without the word `Basic`.
    pub key: String,
    /// The base of activity IRIs (default [`DEFAULT_BASE`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_base: Option<String>,
}

impl LrsConfig {
    /// The statements resource, checked to be an http(s) URL.
    pub fn statements_url(&self) -> Result<String, LmsError> {
        let endpoint = self.endpoint.trim();
        let lower = endpoint.to_ascii_lowercase();
        let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
            && endpoint.len() > "http://".len()
            && !endpoint
                .chars()
                .any(|c| c.is_whitespace() || c.is_control());
        if !ok {
            return Err(LmsError::BadEndpoint(self.endpoint.clone()));
        }
        Ok(format!("{}/statements", endpoint.trim_end_matches('/')))
    }

    /// The `Authorization` header's value.
    pub fn authorization(&self) -> String {
        let key = self.key.trim();
        if key.to_ascii_lowercase().starts_with("basic ") {
            key.to_string()
        } else {
            format!("Basic {key}")
        }
    }
}

/// Who the statements are about: an account (the LMS's learner id under
/// cmi5, or the trainee's name under the app's own address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub home_page: String,
    pub account: String,
}

impl Actor {
    pub fn to_json(&self) -> Value {
        json!({
            "objectType": "Agent",
            "name": self.name,
            "account": { "homePage": self.home_page, "name": self.account },
        })
    }
}

/// What every statement of one attempt at a pack shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub actor: Actor,
    /// A UUID for this attempt (cmi5's registration when launched by cmi5).
    pub registration: String,
    pub pack_id: String,
    pub pack_name: String,
    pub base: String,
}

/// The verbs used, with their ADL ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Answered,
    Completed,
    Passed,
    Failed,
}

impl Verb {
    pub fn id(self) -> &'static str {
        match self {
            Verb::Answered => "http://adlnet.gov/expapi/verbs/answered",
            Verb::Completed => "http://adlnet.gov/expapi/verbs/completed",
            Verb::Passed => "http://adlnet.gov/expapi/verbs/passed",
            Verb::Failed => "http://adlnet.gov/expapi/verbs/failed",
        }
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Verb::Answered => ("answered", "回答了"),
            Verb::Completed => ("completed", "完成了"),
            Verb::Passed => ("passed", "通过了"),
            Verb::Failed => ("failed", "未通过"),
        }
    }

    fn to_json(self) -> Value {
        let (en, zh) = self.words();
        json!({ "id": self.id(), "display": { "en-US": en, "zh-CN": zh } })
    }
}

/// A UUID (version 8, RFC 9562: application-defined) from SHA-256 of the parts.
pub fn statement_id(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let mut b: [u8; 16] = hasher.finalize()[..16].try_into().unwrap_or([0; 16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The extension IRIs under the base.
pub fn extension(base: &str, name: &str) -> String {
    format!("{}/ext/{name}", base.trim_end_matches('/'))
}

fn competencies(base: &str, scores: &Scores, overall: u8) -> (String, Value) {
    let mut map = serde_json::Map::new();
    for c in Competency::FOUR {
        map.insert(c.id().into(), json!(scores.get(c)));
    }
    map.insert("overall".into(), json!(overall));
    (extension(base, "competencies"), Value::Object(map))
}

impl Attempt {
    fn base(&self) -> &str {
        self.base.trim_end_matches('/')
    }

    pub fn pack_activity(&self) -> String {
        format!("{}/pack/{}", self.base(), self.pack_id)
    }

    pub fn scenario_activity(&self, scenario: &str) -> String {
        format!("{}/scenario/{}", self.pack_activity(), iri_part(scenario))
    }

    pub fn turn_activity(&self, scenario: &str, turn: &str) -> String {
        format!(
            "{}/turn/{}",
            self.scenario_activity(scenario),
            iri_part(turn)
        )
    }

    fn activity(id: String, kind: &str, name: &str) -> Value {
        json!({
            "objectType": "Activity",
            "id": id,
            "definition": { "type": kind, "name": { "en-US": name } },
        })
    }

    fn pack(&self) -> Value {
        Attempt::activity(
            self.pack_activity(),
            "http://adlnet.gov/expapi/activities/course",
            &self.pack_name,
        )
    }

    fn scenario(&self, scenario: &str) -> Value {
        Attempt::activity(
            self.scenario_activity(scenario),
            "http://adlnet.gov/expapi/activities/simulation",
            scenario,
        )
    }

    fn statement(
        &self,
        id: String,
        verb: Verb,
        object: Value,
        result: Value,
        context: Value,
        at_ms: f64,
    ) -> Value {
        json!({
            "id": id,
            "actor": self.actor.to_json(),
            "verb": verb.to_json(),
            "object": object,
            "result": result,
            "context": context,
            "timestamp": timestamp_xapi(at_ms),
        })
    }

    /// `answered`: one reply. The object is the turn (an interaction with
    /// a long-fill-in answer); the scenario and the turn are in
    /// `contextActivities` (parent and other), the pack is the grouping.
    pub fn answered(&self, position: usize, reply: &ReplyReport) -> Value {
        let a = reply.assessment;
        let turn = self.turn_activity(reply.scenario, reply.turn);
        let id = statement_id(&[
            &self.registration,
            "answered",
            &position.to_string(),
            reply.scenario,
            &reply.number.to_string(),
        ]);
        let object = json!({
            "objectType": "Activity",
            "id": turn,
            "definition": {
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "interactionType": "long-fill-in",
                "name": { "en-US": format!("{} / {}", reply.scenario, reply.turn) },
            },
        });
        let (key, value) = competencies(self.base(), &a.scores, a.overall);
        let findings: Vec<&str> = a.findings.iter().map(|f| f.rule.as_str()).collect();
        let mut result = json!({
            "response": truncate(reply.reply, RESPONSE_LIMIT),
            "score": { "scaled": a.overall as f64 / 100.0, "raw": a.overall, "min": 0, "max": 100 },
            "duration": duration_2004(reply.latency_ms),
            "extensions": { key: value, extension(self.base(), "findings"): findings },
        });
        if let Some(success) = passes(&a.scores, reply.pass) {
            result["success"] = json!(success);
        }
        let context = json!({
            "registration": self.registration,
            "contextActivities": {
                "parent": [self.scenario(reply.scenario)],
                "grouping": [self.pack()],
                "other": [{ "objectType": "Activity", "id": turn }],
            },
            "extensions": { extension(self.base(), "position"): position },
        });
        self.statement(id, Verb::Answered, object, result, context, reply.at_ms)
    }

    /// `completed`, then `passed` or `failed` (when the pack sets marks), for one scenario.
    pub fn scenario_done(
        &self,
        position: usize,
        scenario: &str,
        scores: &Scores,
        overall: u8,
        pass: &std::collections::BTreeMap<Competency, u8>,
        duration_ms: f64,
        at_ms: f64,
    ) -> Vec<Value> {
        let success = passes(scores, pass);
        let context = json!({
            "registration": self.registration,
            "contextActivities": { "parent": [self.pack()], "grouping": [self.pack()] },
            "extensions": { extension(self.base(), "position"): position },
        });
        let (key, value) = competencies(self.base(), scores, overall);
        let mut verbs = vec![Verb::Completed];
        verbs.extend(success.map(|s| if s { Verb::Passed } else { Verb::Failed }));
        verbs
            .into_iter()
            .map(|verb| {
                let mut result = json!({
                    "completion": true,
                    "score": { "scaled": overall as f64 / 100.0, "raw": overall, "min": 0, "max": 100 },
                    "duration": duration_2004(duration_ms),
                    "extensions": { key.clone(): value.clone() },
                });
                if let Some(s) = success {
                    result["success"] = json!(s);
                }
                let id = statement_id(&[&self.registration, verb.words().0, &position.to_string(), scenario]);
                self.statement(id, verb, self.scenario(scenario), result, context.clone(), at_ms)
            })
            .collect()
    }

    /// `completed` and `passed`/`failed` for the whole pack.
    pub fn pack_done(&self, standing: &Standing, duration_ms: f64, at_ms: f64) -> Vec<Value> {
        let context = json!({ "registration": self.registration });
        let (key, value) = competencies(self.base(), &standing.means, standing.raw);
        [Verb::Completed, if standing.passed { Verb::Passed } else { Verb::Failed }]
            .into_iter()
            .map(|verb| {
                let result = json!({
                    "completion": true,
                    "success": standing.passed,
                    "score": { "scaled": standing.raw as f64 / 100.0, "raw": standing.raw, "min": 0, "max": 100 },
                    "duration": duration_2004(duration_ms),
                    "extensions": { key.clone(): value.clone() },
                });
                let id = statement_id(&[&self.registration, verb.words().0, "pack"]);
                self.statement(id, verb, self.pack(), result, context.clone(), at_ms)
            })
            .collect()
    }
}

/// An id as a path segment of an IRI: unreserved characters kept, the rest percent-encoded.
fn iri_part(text: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const KEEP: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(text, KEEP).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scorer::{Assessment, Finding};
    use std::collections::BTreeMap;

    fn attempt() -> Attempt {
        Attempt {
            actor: Actor {
                name: "王芳".into(),
                home_page: "https://lms.example".into(),
                account: "wf01".into(),
            },
            registration: statement_id(&["reg"]),
            pack_id: "abc".into(),
            pack_name: "第一周".into(),
            base: DEFAULT_BASE.into(),
        }
    }

    #[test]
    fn ids_are_uuids_and_deterministic() {
        let a = statement_id(&["r", "answered", "1"]);
        assert_eq!(a, statement_id(&["r", "answered", "1"]));
        assert_ne!(a, statement_id(&["r", "answered", "2"]));
        // Parts are length-prefixed: "ab"+"c" differs from "a"+"bc".
        assert_ne!(statement_id(&["ab", "c"]), statement_id(&["a", "bc"]));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8", "version 8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "RFC variant");
    }

    #[test]
    fn an_answered_statement() {
        let assessment = Assessment {
            scores: Scores {
                empathy: 72,
                patience: 65,
                emotion_control: 80,
                integrity: 90,
            },
            overall: 76,
            findings: vec![Finding {
                competency: Competency::Empathy,
                rule: "cold_formula".into(),
                points: -10,
                span: None,
                message: Default::default(),
                section: "02 §3.10".into(),
                suggestion: None,
            }],
            expectations: vec![],
            acts: vec![],
        };
        let pass: BTreeMap<_, _> = [(Competency::Empathy, 80)].into();
        let reply = ReplyReport {
            scenario: "angry-late-cake",
            turn: "t 2",
            number: 1,
            reply: "非常抱歉",
            assessment: &assessment,
            latency_ms: 4_000.0,
            at_ms: 1_795_990_212_345.0,
            pass: &pass,
        };
        let s = attempt().answered(2, &reply);
        assert_eq!(s["verb"]["id"], Verb::Answered.id());
        assert_eq!(s["result"]["response"], "非常抱歉");
        assert_eq!(s["result"]["score"]["scaled"], 0.76);
        assert_eq!(s["result"]["success"], false);
        assert_eq!(s["result"]["duration"], "PT4S");
        let ext = &s["result"]["extensions"];
        assert_eq!(
            ext[extension(DEFAULT_BASE, "competencies")]["emotion_control"],
            80
        );
        assert_eq!(ext[extension(DEFAULT_BASE, "findings")][0], "cold_formula");
        let turn = format!("{DEFAULT_BASE}/pack/abc/scenario/angry-late-cake/turn/t%202");
        assert_eq!(s["object"]["id"], turn);
        let ctx = &s["context"]["contextActivities"];
        assert_eq!(
            ctx["parent"][0]["id"],
            format!("{DEFAULT_BASE}/pack/abc/scenario/angry-late-cake")
        );
        assert_eq!(ctx["other"][0]["id"], turn);
        assert_eq!(ctx["grouping"][0]["id"], format!("{DEFAULT_BASE}/pack/abc"));
        assert_eq!(s["timestamp"], "2026-11-29T22:10:12.345Z");
        assert_eq!(s["actor"]["account"]["name"], "wf01");
        // The same reply gives the same id; the next reply another.
        assert_eq!(attempt().answered(2, &reply)["id"], s["id"]);
        let next = ReplyReport {
            number: 2,
            ..reply.clone()
        };
        assert_ne!(attempt().answered(2, &next)["id"], s["id"]);
    }

    #[test]
    fn scenario_and_pack_verdicts() {
        let scores = Scores {
            empathy: 70,
            patience: 70,
            emotion_control: 70,
            integrity: 70,
        };
        let pass: BTreeMap<_, _> = [(Competency::Empathy, 60)].into();
        let s = attempt().scenario_done(1, "x", &scores, 70, &pass, 60_000.0, 0.0);
        let verbs: Vec<&str> = s
            .iter()
            .map(|s| s["verb"]["display"]["en-US"].as_str().unwrap())
            .collect();
        assert_eq!(verbs, ["completed", "passed"]);
        assert_ne!(s[0]["id"], s[1]["id"]);
        // No marks: completed only.
        assert_eq!(
            attempt()
                .scenario_done(1, "x", &scores, 70, &BTreeMap::new(), 0.0, 0.0)
                .len(),
            1
        );
        let standing = Standing {
            means: scores,
            raw: 55,
            passed: false,
            done: 2,
            total: 2,
        };
        let p = attempt().pack_done(&standing, 0.0, 0.0);
        assert_eq!(p[1]["verb"]["id"], Verb::Failed.id());
        assert_eq!(p[1]["result"]["score"]["raw"], 55);
        assert_eq!(p[0]["object"]["id"], format!("{DEFAULT_BASE}/pack/abc"));
    }

    #[test]
    fn endpoints_and_keys() {
        let lrs = |endpoint: &str| LrsConfig {
            endpoint: endpoint.into(),
            key: "a2V5OnNlY3JldA==".into(),
            activity_base: None,
        };
        assert_eq!(
            lrs("http://127.0.0.1:8100/xAPI/").statements_url().unwrap(),
            "http://127.0.0.1:8100/xAPI/statements"
        );
        assert_eq!(
            lrs("ftp://x").statements_url(),
            Err(LmsError::BadEndpoint("ftp://x".into()))
        );
        assert!(lrs("javascript:alert(1)").statements_url().is_err());
        assert_eq!(lrs("https://x").authorization(), "Basic a2V5OnNlY3JldA==");
    }
}
