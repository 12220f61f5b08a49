//! Every section cited by a rule or a scenario opens a real guideline
//! passage: a citation that names no known section would be a dead link in
//! the app (and usually a typo in the data).

use service_dojo::guidelines::{cite, Guidelines};

fn sections_in(value: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{path}/{key}");
                match (key.as_str(), v) {
                    ("section", serde_json::Value::String(s)) => out.push((here, s.clone())),
                    _ => sections_in(v, &here, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                sections_in(v, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_cited_section_resolves_to_a_passage() {
    let guidelines = Guidelines::builtin();
    let mut files: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
        .unwrap()
        .chain(std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("schema.json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in files {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let mut cited = Vec::new();
        sections_in(&json, "", &mut cited);
        for (path, citation) in cited {
            count += 1;
            let references = cite(&citation);
            if references.is_empty() {
                failures.push(format!(
                    "{}{path}: \"{citation}\" names no section",
                    file.display()
                ));
            }
            for reference in references {
                if guidelines.resolve(&reference).is_none() {
                    failures.push(format!(
                        "{}{path}: \"{reference}\" (in \"{citation}\") is not a known section",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(count > 100, "only {count} citations found");
    assert!(
        failures.is_empty(),
        "{} dead citations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
