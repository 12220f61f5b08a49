//! Act extraction against the tuning half (tests/eval/acts-train.jsonl),
//! reading rules/rules.json and rules/acts.json at run time, so a change to
//! the phrase lists is measured without rebuilding:
//!
//!     cargo run --release --example acts_eval [FILE.jsonl] [--wrong]
//!
//! Tune on acts-train only: acts-test is the held-out half (tests/acts.rs).

use service_dojo::evaluation::acts;
use service_dojo::scorer::{RuleSet, Scorer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = env!("CARGO_MANIFEST_DIR");
    let file = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| format!("{root}/tests/eval/acts-train.jsonl"));
    let mut rules =
        RuleSet::from_json(&std::fs::read_to_string(format!("{root}/rules/rules.json")).unwrap())
            .expect("rules.json");
    rules.acts =
        serde_json::from_str(&std::fs::read_to_string(format!("{root}/rules/acts.json")).unwrap())
            .expect("acts.json");
    let scorer = Scorer::new(rules);
    let replies = acts::parse(&std::fs::read_to_string(&file).unwrap(), &file).unwrap();
    let (counts, mistakes) = acts::measure(&scorer, &replies);
    println!(
        "{file}: {} replies\n{}",
        replies.len(),
        acts::report(&counts)
    );
    if args.iter().any(|a| a == "--wrong") {
        for m in mistakes {
            println!("  {m}");
        }
    }
}
