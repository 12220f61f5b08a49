//! Calibration: graded replies written from the guidelines (tests/calibration/).
//! Pairs say which of two replies must score higher on a named competency;
//! bands pin clear cases to a score range. The scorer must agree with at least
//! 95% of the pairs and 95% of the bands.

use serde::Deserialize;
use service_dojo::scorer::{Assessment, Competency, ScoreRequest, Scorer};

#[derive(Deserialize)]
struct Pair {
    id: String,
    competency: String,
    archetype: String,
    customer: String,
    better: String,
    worse: String,
}

#[derive(Deserialize)]
struct Band {
    id: String,
    competency: String,
    archetype: String,
    customer: String,
    reply: String,
    min: u8,
    max: u8,
}

fn lines<T: for<'de> Deserialize<'de>>(source: &str) -> Vec<T> {
    source
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("line {}: {e}", n + 1)))
        .collect()
}

fn score(customer: &str, reply: &str, archetype: &str) -> Assessment {
    Scorer::builtin().score(&ScoreRequest {
        customer,
        reply,
        archetype: Some(archetype),
        ..Default::default()
    })
}

fn competency(id: &str) -> Competency {
    Competency::parse(id).unwrap_or_else(|| panic!("unknown competency {id}"))
}

#[test]
fn pairs_are_ordered_as_graded() {
    let pairs: Vec<Pair> = lines(include_str!("calibration/pairs.jsonl"));
    assert!(pairs.len() >= 100);
    let mut wrong = Vec::new();
    for pair in &pairs {
        let c = competency(&pair.competency);
        let better = score(&pair.customer, &pair.better, &pair.archetype).score(c);
        let worse = score(&pair.customer, &pair.worse, &pair.archetype).score(c);
        if better <= worse {
            wrong.push(format!(
                "{} {}: better {better} <= worse {worse}\n   + {}\n   - {}",
                pair.id, pair.competency, pair.better, pair.worse
            ));
        }
    }
    let accuracy = 1.0 - wrong.len() as f64 / pairs.len() as f64;
    println!(
        "pairwise accuracy {:.1}% ({} of {})",
        accuracy * 100.0,
        pairs.len() - wrong.len(),
        pairs.len()
    );
    for w in &wrong {
        println!("{w}");
    }
    assert!(
        accuracy >= 0.95,
        "pairwise accuracy {:.1}% is below 95%",
        accuracy * 100.0
    );
}

#[test]
fn bands_hold() {
    let bands: Vec<Band> = lines(include_str!("calibration/bands.jsonl"));
    assert!(bands.len() >= 50);
    let mut wrong = Vec::new();
    for band in &bands {
        let value =
            score(&band.customer, &band.reply, &band.archetype).score(competency(&band.competency));
        if value < band.min || value > band.max {
            wrong.push(format!(
                "{} {}: {value} not in {}..={}\n   {}",
                band.id, band.competency, band.min, band.max, band.reply
            ));
        }
    }
    let accuracy = 1.0 - wrong.len() as f64 / bands.len() as f64;
    println!(
        "band accuracy {:.1}% ({} of {})",
        accuracy * 100.0,
        bands.len() - wrong.len(),
        bands.len()
    );
    for w in &wrong {
        println!("{w}");
    }
    assert!(
        accuracy >= 0.95,
        "band accuracy {:.1}% is below 95%",
        accuracy * 100.0
    );
}
