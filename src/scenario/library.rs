//! The whole built-in library, for the native build (`dojo`, the tests): every
//! `scenarios/*.json` is embedded by `build.rs`, so adding a file needs no
//! code change. The browser does not embed the bodies: it starts from the
//! catalogue index (`catalogue.rs`) and loads a body when it is opened.

use std::collections::BTreeMap;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::OnceLock;

use super::{load, Problem, Scenario};

#[cfg(not(target_arch = "wasm32"))]
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
        library.sort();
        library
    }

    /// Catalogue order: by customer type, difficulty, id.
    pub fn sort(&mut self) {
        self.scenarios.sort_by(|a, b| {
            (a.archetype, a.difficulty, &a.id).cmp(&(b.archetype, b.difficulty, &b.id))
        });
    }

    pub fn get(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }
}

/// (file name, contents) of every built-in scenario file (native build only).
#[cfg(not(target_arch = "wasm32"))]
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    BUILTIN_FILES
}

/// The built-in library, loaded once (native build only).
#[cfg(not(target_arch = "wasm32"))]
pub fn builtin() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::from_files(BUILTIN_FILES.iter().copied()))
}
