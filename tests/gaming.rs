//! Gaming the scorer (issue: substance over formulas). Over every turn of
//! every built-in scenario, in both languages:
//! - a string of the rules' own keywords with no sentence scores as gibberish;
//! - stock courtesy put before or after an authored bad option lifts it by a
//!   few points at most, and never above the turn's model reply;
//! - a specific model reply (one that names the customer's situation or
//!   answers them) with its stock courtesy phrases taken out still beats
//!   every bad option of its turn. A model reply that *is* mostly courtesy
//!   (an apology turn, where stripping leaves fragments) is not such a reply.

use service_dojo::engine::customer_context;
use service_dojo::i18n::Lang;
use service_dojo::scenario::{builtin, Quality, Scenario, Turn};
use service_dojo::scorer::{Assessment, ScoreRequest, Scorer};

/// How many overall points stock courtesy may add to a bad reply.
const MAX_LIFT: i32 = 5;

const STOCK_ZH: [&str; 4] = [
    "非常抱歉给您带来不便，我非常理解您的心情。",
    "亲，感谢您的耐心等待，您的满意是我们最大的动力~",
    "真的很抱歉，理解您的感受，请您放心。",
    "感谢您的理解与支持，祝您生活愉快！",
];
const STOCK_EN: [&str; 4] = [
    "I'm so sorry for any inconvenience, I completely understand your frustration.",
    "Thank you so much for your patience, we truly value you as a customer!",
    "I'm really sorry, I understand how you feel, rest assured.",
    "Thanks for your understanding and have a wonderful day!",
];

fn score(scenario: &Scenario, turn: &Turn, reply: &str) -> Assessment {
    Scorer::builtin().score(&ScoreRequest {
        customer: &customer_context(turn),
        reply,
        archetype: Some(scenario.archetype.id()),
        expectations: Some(&turn.expect),
        waited_too_long: false,
    })
}

fn turns() -> impl Iterator<Item = (&'static Scenario, &'static Turn)> {
    builtin()
        .scenarios
        .iter()
        .flat_map(|s| s.turns.iter().map(move |t| (s, t)))
}

#[test]
fn keyword_strings_score_as_gibberish() {
    let salads = [
        "抱歉 理解 心情 马上 退款 保证 感谢 耐心",
        "抱歉，理解，心情，马上处理，退款，感谢，请放心",
        "非常抱歉 理解您 给您退款 今天下午 感谢耐心 我们负责",
        "sorry understand frustration refund today thanks patience",
        "Sorry, understand, frustrating, refund, asap, thank you, patience",
        "apologize understand refund priority sincerely thank you patience valued customer",
    ];
    for (scenario, turn) in turns().step_by(3) {
        for salad in salads {
            let a = score(scenario, turn, salad);
            assert!(
                a.overall <= 30,
                "{} {}: «{salad}» scored {} overall",
                scenario.id,
                turn.id,
                a.overall
            );
        }
    }
}

/// Turns where the scorer is known to fail these checks, each a scorer
/// weakness and not a scenario fault (issue 11): stripping "sorry"/"抱歉"
/// out of a sincere, specific apology mangles the model reply ("I'm , Mr
/// Wang"), and courtesy formulas still lift a short, unhelpful reply a little
/// more than they may. A ratchet: a new violation fails, and so does a listed
/// turn that passes again (take it off the list).
const KNOWN_STRIPPED: &[&str] = &[
    "bargain-tentative promo",
    "phone-dialect open",
    "phone-surname-booking casual",
    "phone-surname-booking promised",
    "finance-bend-the-rule favour",
];
const KNOWN_PADDED: &[&str] = &[
    "suspicious-photo-real returns",
    "privacy-parcel-sidedeal fed_up",
];

/// Failures not on the known list, and known turns that no longer fail.
fn ratchet(failures: &[String], known: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = failures
        .iter()
        .filter(|f| !known.iter().any(|k| f.starts_with(&format!("{k}:"))))
        .cloned()
        .collect();
    for k in known {
        if !failures.iter().any(|f| f.starts_with(&format!("{k}:"))) {
            out.push(format!("{k}: passes now — remove it from the known list"));
        }
    }
    out
}

#[test]
fn stock_courtesy_does_not_rescue_a_bad_reply() {
    // Every violation is collected, so one run names them all.
    let mut failures = Vec::new();
    let mut worst = (0, String::new());
    let mut checked = 0;
    for (scenario, turn) in turns() {
        for lang in [Lang::Zh, Lang::En] {
            let stock = if lang == Lang::Zh { STOCK_ZH } else { STOCK_EN };
            let model = turn
                .model
                .iter()
                .map(|m| score(scenario, turn, m.text.get(lang)).overall)
                .max()
                .unwrap_or(100);
            for option in turn.options.iter().filter(|o| o.quality == Quality::Bad) {
                let bad = option.text.get(lang);
                let before = score(scenario, turn, bad).overall as i32;
                for phrase in stock {
                    for padded in [format!("{phrase}{bad}"), format!("{bad} {phrase}")] {
                        let after = score(scenario, turn, &padded).overall as i32;
                        checked += 1;
                        if after - before > worst.0 {
                            worst = (
                                after - before,
                                format!(
                                    "{} {}: «{padded}» {before} → {after}",
                                    scenario.id, turn.id
                                ),
                            );
                        }
                        if after - before > MAX_LIFT {
                            failures.push(format!(
                                "{} {}: stock courtesy lifts a bad reply by {} (> {MAX_LIFT}): «{padded}» {before} → {after}",
                                scenario.id,
                                turn.id,
                                after - before
                            ));
                        }
                        if after >= model as i32 {
                            failures.push(format!(
                                "{} {}: padded bad reply {after} ≥ model reply {model}: «{padded}»",
                                scenario.id, turn.id
                            ));
                        }
                    }
                }
            }
        }
    }
    println!(
        "{checked} padded bad replies; largest lift {} ({})",
        worst.0, worst.1
    );
    assert!(checked > 100);
    let failures = ratchet(&failures, KNOWN_PADDED);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_model_reply_without_its_formulas_still_beats_the_bad_ones() {
    let scorer = Scorer::builtin();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (scenario, turn) in turns() {
        for lang in [Lang::Zh, Lang::En] {
            for model in &turn.model {
                let text = model.text.get(lang);
                let stripped = scorer.strip_stock(text);
                let kept_share = stripped.chars().filter(|c| !c.is_whitespace()).count() as f64
                    / text.chars().filter(|c| !c.is_whitespace()).count().max(1) as f64;
                let specific = score(scenario, turn, text)
                    .findings
                    .iter()
                    .any(|f| f.rule == "specific_ack" || f.rule == "concrete_step");
                if kept_share < 0.6 || !specific {
                    continue;
                }
                let kept = score(scenario, turn, &stripped).overall;
                for option in turn.options.iter().filter(|o| o.quality == Quality::Bad) {
                    let bad = score(scenario, turn, option.text.get(lang)).overall;
                    checked += 1;
                    if kept <= bad {
                        failures.push(format!(
                            "{} {}: model without formulas «{stripped}» {kept} ≤ bad «{}» {bad}",
                            scenario.id,
                            turn.id,
                            option.text.get(lang)
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
    let failures = ratchet(&failures, KNOWN_STRIPPED);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
