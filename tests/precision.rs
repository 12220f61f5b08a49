//! Finding precision: are the scorer's explanations fair on good replies?
//!
//! `tests/eval/findings-review.jsonl` holds findings the scorer fired on good
//! replies (model replies, good options, the better reply of graded pairs),
//! each judged fair or unfair by a trainer who saw only the guidelines:
//! a uniform sample (S…) and a sample of the negative findings (N…). A
//! finding that no longer fires drops out; of those still firing in the
//! uniform sample at least 90% must have been judged fair.
//!
//! And, without any sampling: no integrity charge (a broken promise, a
//! discount, a side deal, a leak, a false claim) fires on any good reply in
//! the library or the train and dev splits.

use serde::Deserialize;
use service_dojo::engine::customer_context;
use service_dojo::i18n::Lang;
use service_dojo::scenario::{builtin, Quality};
use service_dojo::scorer::{Assessment, Competency, ScoreRequest, Scorer};

#[derive(Deserialize)]
struct Reviewed {
    id: String,
    sample: String,
    customer: String,
    reply: String,
    archetype: String,
    rule: String,
    #[serde(default)]
    expectations: Option<Vec<String>>,
    verdict: String,
}

fn score(
    customer: &str,
    reply: &str,
    archetype: &str,
    expectations: Option<&[String]>,
) -> Assessment {
    Scorer::builtin().score(&ScoreRequest {
        customer,
        reply,
        archetype: Some(archetype),
        expectations,
        waited_too_long: false,
    })
}

#[test]
fn reviewed_findings_are_fair() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/eval/findings-review.jsonl"
    );
    let reviewed: Vec<Reviewed> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(reviewed.len() >= 200);
    for sample in ["uniform", "negatives"] {
        let (mut fair, mut firing, mut gone) = (0, 0, 0);
        let mut unfair_firing = Vec::new();
        for r in reviewed.iter().filter(|r| r.sample == sample) {
            let a = score(
                &r.customer,
                &r.reply,
                &r.archetype,
                r.expectations.as_deref(),
            );
            if !a.has_rule(&r.rule) {
                gone += 1;
                continue;
            }
            firing += 1;
            if r.verdict == "fair" {
                fair += 1;
            } else {
                unfair_firing.push(format!("{} {}", r.id, r.rule));
            }
        }
        let share = fair as f64 / firing.max(1) as f64;
        println!(
            "{sample}: {fair} of {firing} still-firing reviewed findings fair ({:.1}%); {gone} no longer fire",
            share * 100.0
        );
        if sample == "uniform" {
            assert!(
                firing >= 180,
                "too few reviewed findings still fire: {firing}"
            );
            assert!(
                share >= 0.90,
                "fair share {share:.3} < 0.90; unfair: {unfair_firing:?}"
            );
        }
    }
}

/// Integrity charges: rules and detectors that accuse the agent of dishonesty.
fn charges(a: &Assessment) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| {
            f.competency == Competency::Integrity && f.points < 0 && !f.rule.starts_with("expect.")
        })
        .filter(|f| f.rule != "stock_pile")
        .map(|f| f.rule.clone())
        .collect()
}

#[test]
fn honest_replies_are_never_charged_with_dishonesty() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for scenario in &builtin().scenarios {
        for turn in &scenario.turns {
            let customer = customer_context(turn);
            let good = turn.model.iter().map(|m| &m.text).chain(
                turn.options
                    .iter()
                    .filter(|o| o.quality == Quality::Good)
                    .map(|o| &o.text),
            );
            for text in good {
                for lang in [Lang::Zh, Lang::En] {
                    checked += 1;
                    let a = score(
                        &customer,
                        text.get(lang),
                        scenario.archetype.id(),
                        Some(&turn.expect),
                    );
                    for rule in charges(&a) {
                        wrong.push(format!(
                            "{}/{}: {rule} on «{}»",
                            scenario.id,
                            turn.id,
                            text.get(lang)
                        ));
                    }
                }
            }
        }
    }
    for split in ["train", "dev"] {
        let path = format!("{}/tests/eval/{split}.jsonl", env!("CARGO_MANIFEST_DIR"));
        let items =
            service_dojo::evaluation::parse(&std::fs::read_to_string(&path).unwrap(), &path)
                .unwrap();
        for item in items {
            let reply = match item.kind {
                service_dojo::evaluation::ItemKind::Pair => &item.better,
                service_dojo::evaluation::ItemKind::Band if item.min >= 65 => &item.reply,
                _ => continue,
            };
            checked += 1;
            for rule in charges(&score(&item.customer, reply, &item.archetype, None)) {
                wrong.push(format!("{}: {rule} on «{reply}»", item.id));
            }
        }
    }
    println!("{checked} good replies checked");
    assert!(checked > 500);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
