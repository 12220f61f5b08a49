//! The built-in scenarios, embedded at build time by `build.rs` from
//! `scenarios/*.json`: adding a file needs no code change.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::{load, Problem, Scenario};

include!(concat!(env!("OUT_DIR"), "/builtin_scenarios.rs"));

/// The scenarios that loaded, and the problems of those that did not: a broken
/// file is shown to the user as a message, never as a blank page.
#[derive(Debug, Default)]
pub struct Library {
    pub scenarios: Vec<Scenario>,
    pub problems: Vec<Problem>,
}

impl Library {
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Library {
        let mut library = Library::default();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (name, source) in files {
            match load(name, source) {
                Ok(scenario) => {
                    if let Some(first) = seen.insert(scenario.id.clone(), name.to_string()) {
                        library.problems.push(Problem {
                            file: name.to_string(),
                            path: "/id".to_string(),
                            message: format!("id \"{}\" is already used by {first}", scenario.id),
                            issue: None,
                        });
                    } else {
                        library.scenarios.push(scenario);
                    }
                }
                Err(problems) => library.problems.extend(problems),
            }
        }
        library.scenarios.sort_by(|a, b| {
            (a.archetype, a.difficulty, &a.id).cmp(&(b.archetype, b.difficulty, &b.id))
        });
        library
    }

    pub fn get(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }
}

/// The built-in library, loaded once.
pub fn builtin() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::from_files(BUILTIN_FILES.iter().copied()))
}
