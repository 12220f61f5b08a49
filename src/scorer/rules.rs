//! The scorer's rules as data: phrase lists, weights, expectations and the
//! cues that infer expectations from a customer's words. The built-in set is
//! `rules/rules.json`; a trainer can add a company policy there (a phrase rule
//! with its own points and guideline section) without touching code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// The four competencies, plus the overall score that combines them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Competency {
    Empathy,
    Patience,
    EmotionControl,
    Integrity,
    Overall,
}

impl Competency {
    /// The four scored competencies, in the order the product shows them.
    pub const FOUR: [Competency; 4] = [
        Competency::Empathy,
        Competency::Patience,
        Competency::EmotionControl,
        Competency::Integrity,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Competency::Empathy => "empathy",
            Competency::Patience => "patience",
            Competency::EmotionControl => "emotion_control",
            Competency::Integrity => "integrity",
            Competency::Overall => "overall",
        }
    }

    pub fn parse(id: &str) -> Option<Competency> {
        [Competency::Overall]
            .into_iter()
            .chain(Competency::FOUR)
            .find(|c| c.id() == id)
    }

    pub fn name(self) -> Text {
        match self {
            Competency::Empathy => Text::new("同理心", "Empathy"),
            Competency::Patience => Text::new("耐心", "Patience"),
            Competency::EmotionControl => Text::new("情绪控制", "Emotion control"),
            Competency::Integrity => Text::new("诚信", "Integrity"),
            Competency::Overall => Text::new("总分", "Overall"),
        }
    }
}

/// What a negation in front of a phrase does to it ("我不能保证" vs "我保证").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenNegated {
    /// The phrase does not count ("不理解" is not understanding).
    #[default]
    Ignore,
    /// The phrase counts anyway (the negation is part of its meaning).
    Keep,
    /// The phrase counts as another rule ("不能保证" is an honest limit).
    Becomes(String),
}

fn one() -> u32 {
    1
}

/// Where in the reply a phrase must stand to count: phrases such as "到底"
/// or "have you ever" are harmless in a statement and hostile in a question
/// thrown back at the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// The sentence ends in a question mark (or the question particle 吗).
    Question,
    /// The sentence ends in an exclamation mark.
    Exclaim,
    /// The sentence speaks to the customer without the polite 您 (你, 你们, "you").
    CasualYou,
    /// The sentence holds no courtesy marker (您, 请, "please", "could you").
    NoPolite,
    /// The clause holds no negation ("进货价才80" but not "进货价不方便透露").
    Affirmed,
    /// The sentence names an amount (digits, a currency sign, 三十万, 五千).
    Amount,
    /// The phrase closes its clause (only sentence particles such as 吧 or 了 may follow).
    ClauseEnd,
    /// The phrase opens its clause.
    ClauseStart,
    /// The sentence names nothing official (a plan, a shop-wide sale, a
    /// membership: `official` in rules.json). A discount quoted from the
    /// shop's own offer is not an unauthorised one.
    NotOfficial,
}

/// A list of phrases and what finding one of them in a reply is worth.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseRule {
    pub id: String,
    /// Rules in different layers match independently, so that a form of
    /// address (您) still counts inside a longer phrase (理解您).
    #[serde(default)]
    pub layer: Option<String>,
    pub points: BTreeMap<Competency, i32>,
    pub section: String,
    /// Tags say which expectations a match satisfies (or violates).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Phrases are matched after normalisation (simplified, half-width,
    /// lower case). Latin phrases match whole words; a trailing `*` matches
    /// any word ending ("frustrat*").
    pub phrases: Vec<String>,
    #[serde(default)]
    pub negated: WhenNegated,
    /// How many matches count; more add nothing (repeating 抱歉 earns once).
    #[serde(default = "one")]
    pub max_hits: u32,
    /// Contexts that must all hold where the phrase is found (see [`Context`]).
    #[serde(default)]
    pub requires: Vec<Context>,
    pub message: Text,
    #[serde(default)]
    pub suggestion: Option<Text>,
    /// A courtesy formula ("理解您的心情", "sorry for any inconvenience"): worth
    /// something only when the reply also does something for the customer.
    #[serde(default)]
    pub stock: bool,
    /// Examples beside the rule, checked by the test suite: replies in which
    /// the rule must fire, and replies in which it must not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fires: Vec<Example>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub silent: Vec<Example>,
}

/// A reply (and the customer's message it answers) that a rule's test uses.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    #[serde(default)]
    pub customer: String,
    pub reply: String,
}

/// A structural check with its weights (the logic lives in the scorer).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorSpec {
    #[serde(default)]
    pub points: BTreeMap<Competency, i32>,
    pub section: String,
    pub message: Text,
    #[serde(default)]
    pub suggestion: Option<Text>,
    /// Thresholds, named per detector.
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
    /// Word lists, named per detector (e.g. the third-party words of `leaks_details`).
    #[serde(default)]
    pub words: BTreeMap<String, Vec<String>>,
    /// Examples, as for phrase rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fires: Vec<Example>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub silent: Vec<Example>,
}

impl DetectorSpec {
    pub fn param(&self, name: &str, default: f64) -> f64 {
        self.params.get(name).copied().unwrap_or(default)
    }

    pub fn words(&self, name: &str) -> &[String] {
        self.words.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Something a good reply must do at a given moment (from a scenario turn or
/// inferred from the customer's words).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectationSpec {
    pub competency: Competency,
    pub met: i32,
    pub missed: i32,
    /// Tags of findings (or built-in signals) that fulfil it.
    pub satisfied_by: Vec<String>,
    /// Tags of findings that break it even when it is otherwise fulfilled.
    #[serde(default)]
    pub violated_by: Vec<String>,
    pub section: String,
    pub label: Text,
    pub met_message: Text,
    pub missed_message: Text,
    #[serde(default)]
    pub suggestion: Option<Text>,
}

/// Words in a customer's message that call for certain expectations.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueSpec {
    pub expect: Vec<String>,
    pub phrases: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverallSpec {
    /// Weights of the four competencies in the overall score.
    pub weights: BTreeMap<Competency, f64>,
    /// Share of the overall score taken by the weakest competency, so that one
    /// disastrous competency cannot hide behind three good ones.
    pub weakest_share: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegationSpec {
    pub zh: Vec<String>,
    pub en: Vec<String>,
    /// How many characters may stand between a negation and its phrase.
    pub zh_gap: usize,
    pub en_gap: usize,
    /// Words that start like a negation but are none ("非常", "不好意思", "no problem").
    #[serde(default)]
    pub not_negations: Vec<String>,
    /// The reach of a negation in front of a phrase that it turns into another
    /// rule (a promise into an honest limit, a side deal into a refusal): an
    /// agent taking back a bad offer often says more before reaching the words
    /// ("we're not allowed to add customers on WeChat or take payments privately").
    #[serde(default = "zh_gap_far")]
    pub zh_gap_far: usize,
    #[serde(default = "en_gap_far")]
    pub en_gap_far: usize,
    /// Words that negate what comes before them in the same clause, for such
    /// rules only: "私下转账是不允许的", "paying you privately isn't allowed".
    #[serde(default)]
    pub post: Vec<String>,
}

fn zh_gap_far() -> usize {
    10
}

fn en_gap_far() -> usize {
    60
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Bumped whenever the meaning of a field changes.
    pub version: u32,
    pub base: BTreeMap<Competency, i32>,
    pub overall: OverallSpec,
    pub negation: NegationSpec,
    pub rules: Vec<PhraseRule>,
    pub detectors: BTreeMap<String, DetectorSpec>,
    pub expectations: BTreeMap<String, ExpectationSpec>,
    pub cues: Vec<CueSpec>,
    /// Expectations every turn of an archetype carries when no scenario says otherwise.
    pub archetypes: BTreeMap<String, Vec<String>>,
    /// Phrases that carry no content ("嗯", "好的呢", "um").
    pub filler: Vec<String>,
    /// Words too common to show that a reply is on the customer's topic.
    pub stopwords: Vec<String>,
    /// Tags that show a reply engages with the customer's request even when it
    /// shares no word with it (a privacy refusal, a clarifying question, a remedy).
    #[serde(default)]
    pub responsive_tags: Vec<String>,
    /// Words that make a sentence about the shop's official offers (see [`Context::NotOfficial`]).
    #[serde(default)]
    pub official: Vec<String>,
    /// How many length units one Latin word counts for (a Han character counts
    /// one): an English word carries about as much as one and a half characters.
    #[serde(default = "latin_word_units")]
    pub latin_word_units: f64,
    /// Phrase lists for reading what a reply did (see `scorer::acts`), kept
    /// in their own file, `rules/acts.json`.
    #[serde(default, skip_serializing)]
    pub acts: super::acts::ActSpec,
}

fn latin_word_units() -> f64 {
    1.5
}

/// Tags the scorer computes itself (not from phrase rules).
pub const SIGNAL_TAGS: [&str; 11] = [
    "calm",
    "specific",
    "remedy",
    "time",
    "clarify",
    "apology",
    "detailed",
    "question",
    "courteous",
    "leak",
    "answers",
];

static BUILTIN_RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();

impl RuleSet {
    /// The built-in rules (`rules/rules.json` with `rules/acts.json`), parsed
    /// once but not compiled: enough to validate a scenario, whose checks need
    /// rule ids and act lists, not matchers. Native builds embed the files.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn builtin() -> &'static RuleSet {
        BUILTIN_RULES.get_or_init(|| {
            RuleSet::from_files(
                include_str!("../../rules/rules.json"),
                include_str!("../../rules/acts.json"),
            )
            .expect("rules/*.json are checked by the test suite")
        })
    }

    /// The built-in rules. The browser does not embed them: `ui::library`
    /// loads `rules/*.json` beside the app (inlined in the single-file
    /// edition) in idle time after the first paint, and always before a
    /// scenario is validated or a reply scored.
    #[cfg(target_arch = "wasm32")]
    pub fn builtin() -> &'static RuleSet {
        BUILTIN_RULES
            .get()
            .expect("ui::library loads the rules before anything scores or validates")
    }

    /// Whether the built-in rules are loaded (always, natively).
    pub fn builtin_loaded() -> bool {
        BUILTIN_RULES.get().is_some() || cfg!(not(target_arch = "wasm32"))
    }

    /// Install the built-in rules read from their files (the browser's loader).
    pub fn install_builtin(rules: RuleSet) {
        let _ = BUILTIN_RULES.set(rules);
    }

    /// The rule set from the texts of `rules.json` and `acts.json`.
    pub fn from_files(rules: &str, acts: &str) -> Result<RuleSet, String> {
        let mut set = RuleSet::from_json(rules)?;
        set.acts = serde_json::from_str(acts).map_err(|e| format!("acts: {e}"))?;
        Ok(set)
    }

    pub fn from_json(json: &str) -> Result<RuleSet, String> {
        let rules: RuleSet = serde_json::from_str(json).map_err(|e| format!("rules: {e}"))?;
        rules.check()?;
        Ok(rules)
    }

    /// Consistency checks that serde cannot express.
    pub fn check(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        for detector in super::detectors::Detector::ALL {
            if !self.detectors.contains_key(detector.id()) {
                problems.push(format!("detectors: missing \"{}\"", detector.id()));
            }
        }
        for name in self.detectors.keys() {
            if super::detectors::Detector::parse(name).is_none() {
                problems.push(format!("detectors: unknown \"{name}\""));
            }
        }
        let mut ids = std::collections::BTreeSet::new();
        let mut tags: std::collections::BTreeSet<&str> = SIGNAL_TAGS.into_iter().collect();
        let mut phrases = BTreeMap::new();
        for (index, rule) in self.rules.iter().enumerate() {
            if !ids.insert(rule.id.as_str()) {
                problems.push(format!("rules/{index}: duplicate id \"{}\"", rule.id));
            }
            tags.extend(rule.tags.iter().map(String::as_str));
            if !crate::scenario::is_section(&rule.section) {
                problems.push(format!("rules/{index}: bad section \"{}\"", rule.section));
            }
            // (phrase, whether it came from a family): a family may overlap a
            // phrase of its own rule (harmless), never another rule's.
            let mut expanded = Vec::new();
            for family in &rule.phrases {
                match super::pattern::expand(family) {
                    Ok(forms) => {
                        let from_family = forms.len() > 1;
                        expanded.extend(forms.into_iter().map(|f| (f, from_family)));
                    }
                    Err(e) => problems.push(format!(
                        "rules/{index}: phrase \"{family}\": {}",
                        e.message().en
                    )),
                }
            }
            for (phrase, from_family) in &expanded {
                let key = (rule.layer.clone(), crate::text::normalize(phrase));
                if key.1.trim().is_empty() {
                    problems.push(format!("rules/{index}: empty phrase"));
                }
                let literal = !from_family;
                if let Some((other, other_literal)) =
                    phrases.insert(key, (rule.id.clone(), literal))
                {
                    if other == rule.id && !(literal && other_literal) {
                        continue;
                    }
                    problems.push(format!(
                        "rules/{index}: phrase \"{phrase}\" is also in rule \"{other}\""
                    ));
                }
            }
        }
        for (index, rule) in self.rules.iter().enumerate() {
            if let WhenNegated::Becomes(target) = &rule.negated {
                if !ids.contains(target.as_str()) {
                    problems.push(format!(
                        "rules/{index}: negated becomes unknown rule \"{target}\""
                    ));
                }
            }
        }
        for tag in &self.responsive_tags {
            if !tags.contains(tag.as_str()) {
                problems.push(format!("responsive_tags: no rule has tag \"{tag}\""));
            }
        }
        if !(0.5..=4.0).contains(&self.latin_word_units) {
            problems.push("latin_word_units: expected between 0.5 and 4".to_string());
        }
        for (name, spec) in &self.detectors {
            if !crate::scenario::is_section(&spec.section) {
                problems.push(format!(
                    "detectors/{name}: bad section \"{}\"",
                    spec.section
                ));
            }
        }
        for (id, expectation) in &self.expectations {
            for tag in expectation
                .satisfied_by
                .iter()
                .chain(&expectation.violated_by)
            {
                if !tags.contains(tag.as_str()) {
                    problems.push(format!("expectations/{id}: no rule has tag \"{tag}\""));
                }
            }
        }
        let known = |id: &String| self.expectations.contains_key(id);
        for (index, cue) in self.cues.iter().enumerate() {
            for id in cue.expect.iter().filter(|id| !known(id)) {
                problems.push(format!("cues/{index}: unknown expectation \"{id}\""));
            }
        }
        for (archetype, list) in &self.archetypes {
            for id in list.iter().filter(|id| !known(id)) {
                problems.push(format!(
                    "archetypes/{archetype}: unknown expectation \"{id}\""
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }

    /// A detector's weights and thresholds (present: `check` makes sure).
    pub fn detector(&self, detector: super::detectors::Detector) -> &DetectorSpec {
        &self.detectors[detector.id()]
    }

    pub fn has_rule(&self, id: &str) -> bool {
        self.rules.iter().any(|r| r.id == id) || self.detectors.contains_key(id)
    }
}
