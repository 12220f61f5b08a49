//! The browser side of LMS reporting (issue 17): finds the LMS's SCORM API
//! by the standard discovery (this window and up to seven parents, then the
//! opener and its parents), initialises, makes the calls `lms::session`
//! lists, commits after each reply and each scenario, and terminates once
//! when the page is left. Outside an LMS `connect` finds nothing and the
//! pack plays exactly as before.
//!
//! Every failed call becomes a message for the trainee (`LmsError::LmsCall`,
//! with the LMS's own error code and text); the app's own copy of the results
//! (progress store, results file) is kept whatever the LMS answers.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::classroom::Pack;
use crate::engine::Conversation;
use crate::lms::report::{elements, Set as Value};
use crate::lms::session::{LmsSession, Resume};
use crate::lms::{LmsError, Scorm};
use crate::progress::{SessionRecord, Unfinished};
use crate::scenario::Library;

/// How many parents the discovery climbs (the ADL algorithm's limit).
const MAX_PARENTS: usize = 7;

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    // A window of another origin throws on access: that ends the search there.
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// `name` on `window` or one of its parents.
fn climb(window: JsValue, name: &str) -> Option<JsValue> {
    let mut win = window;
    for _ in 0..=MAX_PARENTS {
        if let Some(api) = get(&win, name).filter(|a| a.is_object()) {
            return Some(api);
        }
        let parent = get(&win, "parent")?;
        if Object::is(&parent, &win) {
            return None;
        }
        win = parent;
    }
    None
}

/// The LMS API, 2004 first: this window's ancestors, then the opener's.
fn discover() -> Option<(JsValue, Scorm)> {
    let window: JsValue = web_sys::window()?.into();
    let opener = get(&window, "opener");
    for start in [Some(window), opener].into_iter().flatten() {
        for version in [Scorm::V2004, Scorm::V12] {
            if let Some(api) = climb(start.clone(), version.api_name()) {
                return Some((api, version));
            }
        }
    }
    None
}

/// The method names of each version's API.
struct Calls {
    initialize: &'static str,
    get: &'static str,
    set: &'static str,
    commit: &'static str,
    terminate: &'static str,
    last_error: &'static str,
    error_string: &'static str,
}

fn calls(version: Scorm) -> Calls {
    match version {
        Scorm::V12 => Calls {
            initialize: "LMSInitialize",
            get: "LMSGetValue",
            set: "LMSSetValue",
            commit: "LMSCommit",
            terminate: "LMSFinish",
            last_error: "LMSGetLastError",
            error_string: "LMSGetErrorString",
        },
        Scorm::V2004 => Calls {
            initialize: "Initialize",
            get: "GetValue",
            set: "SetValue",
            commit: "Commit",
            terminate: "Terminate",
            last_error: "GetLastError",
            error_string: "GetErrorString",
        },
    }
}

/// A connection to the LMS for one visit of a pack.
pub struct LmsLink {
    api: JsValue,
    pub version: Scorm,
    session: LmsSession,
    finished: bool,
}

/// What `connect` found: the link, where to resume, and any message to show.
pub struct Connected {
    pub link: Rc<RefCell<LmsLink>>,
    pub resume: Resume,
    pub learner_name: String,
    pub notice: Option<LmsError>,
}

impl LmsLink {
    fn call(&self, name: &str, args: &[&str]) -> Option<String> {
        let function: Function = get(&self.api, name)?.dyn_into().ok()?;
        let result = match args {
            [] => function.call0(&self.api),
            [a] => function.call1(&self.api, &JsValue::from_str(a)),
            [a, b] => function.call2(&self.api, &JsValue::from_str(a), &JsValue::from_str(b)),
            _ => return None,
        }
        .ok()?;
        Some(
            result
                .as_string()
                .unwrap_or_else(|| result.as_bool().map(|b| b.to_string()).unwrap_or_default()),
        )
    }

    /// The LMS's error for the last call, as a message.
    fn error(&self, call: String) -> LmsError {
        let c = calls(self.version);
        let code = self.call(c.last_error, &[]).unwrap_or_default();
        let text = self.call(c.error_string, &[&code]).unwrap_or_default();
        LmsError::LmsCall { call, code, text }
    }

    fn ok(result: Option<String>) -> bool {
        result.as_deref().is_some_and(|r| r == "true")
    }

    fn get_value(&self, element: &str) -> String {
        self.call(calls(self.version).get, &[element])
            .unwrap_or_default()
    }

    /// Set every value (all are tried), then commit; the first failure is returned.
    fn apply(&self, sets: &[Value]) -> Option<LmsError> {
        let c = calls(self.version);
        let mut first = None;
        for s in sets {
            if !LmsLink::ok(self.call(c.set, &[&s.element, &s.value])) && first.is_none() {
                first = Some(self.error(format!("{}({})", c.set, s.element)));
            }
        }
        if !LmsLink::ok(self.call(c.commit, &[""])) && first.is_none() {
            first = Some(self.error(c.commit.to_string()));
        }
        first
    }

    /// After each reply of the pack.
    pub fn reply(&mut self, conversation: &Conversation, latency_ms: f64) -> Option<LmsError> {
        let (sets, error) = self
            .session
            .reply(conversation, latency_ms, js_sys::Date::now());
        self.apply(&sets).or(error)
    }

    /// After each scenario of the pack.
    pub fn scenario_finished(&mut self, record: &SessionRecord) -> Option<LmsError> {
        let (sets, error) = self.session.scenario_finished(record);
        self.apply(&sets).or(error)
    }

    /// The finished scenarios kept by the LMS, for the results file of a resumed visit.
    pub fn done_records(&self, pack: &Pack, library: &Library) -> Vec<SessionRecord> {
        self.session.done_records(library, pack.mode, pack.beginner)
    }

    /// Session time, exit mode and suspend data, commit, terminate: once.
    pub fn finish(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
        let _ = self.apply(&self.session.exit(js_sys::Date::now()));
        let _ = self.call(calls(self.version).terminate, &[""]);
    }
}

/// Find the LMS and start the visit; `None` outside an LMS. A refused
/// initialisation comes back as the notice with no link.
pub fn connect(pack: &Pack) -> Option<Result<Connected, LmsError>> {
    let (api, version) = discover()?;
    let mut link = LmsLink {
        api,
        version,
        session: LmsSession::new(version, pack, js_sys::Date::now()),
        finished: false,
    };
    let c = calls(version);
    if !LmsLink::ok(link.call(c.initialize, &[""])) {
        return Some(Err(link.error(c.initialize.to_string())));
    }
    let [entry, suspend, count] = link.session.reads();
    let (entry, suspend, count) = (
        link.get_value(entry),
        link.get_value(suspend),
        link.get_value(count),
    );
    let (resume, mut notice) = match link.session.resume(&entry, &suspend, &count) {
        Ok(resume) => (resume, None),
        Err(e) => (
            Resume {
                position: 0,
                conversation: None,
            },
            Some(e),
        ),
    };
    let learner_name = link.get_value(elements(version).learner_name);
    if let Some(e) = link.apply(&link.session.start()) {
        notice.get_or_insert(e);
    }
    let link = Rc::new(RefCell::new(link));
    // Terminate when the page is left (pagehide also fires where unload is not).
    if let Some(window) = web_sys::window() {
        let on_leave = link.clone();
        let closure = Closure::<dyn FnMut()>::new(move || on_leave.borrow_mut().finish());
        let _ =
            window.add_event_listener_with_callback("pagehide", closure.as_ref().unchecked_ref());
        closure.forget();
    }
    Some(Ok(Connected {
        link,
        resume,
        learner_name,
        notice,
    }))
}

// The pack page's side (`ui::pages::classroom::PackPage`): kept here so the
// page itself only gains a few lines.

pub type LmsHandle = std::rc::Rc<std::cell::RefCell<LmsLink>>;

/// The pack page's signals that an LMS visit sets.
pub struct LmsState {
    pub lms: StoredValue<Option<LmsHandle>, LocalStorage>,
    pub lms_resume: StoredValue<Option<Unfinished>>,
    pub lms_notice: RwSignal<Option<LmsError>>,
    pub briefed_from_lms: RwSignal<Option<usize>>,
    pub trainee: RwSignal<String>,
    pub started: RwSignal<bool>,
    pub index: RwSignal<usize>,
    pub records: RwSignal<Vec<SessionRecord>>,
}

/// Inside an LMS, start the visit: the learner's name from the LMS, and a
/// return visit picks up at the scenario and turn the LMS kept.
pub fn connect_lms(pack: &Pack, library: &Library, s: LmsState) {
    match crate::ui::lms::connect(pack) {
        None => {}
        Some(Err(e)) => s.lms_notice.set(Some(e)),
        Some(Ok(c)) => {
            s.lms_notice.set(c.notice);
            if s.trainee.get_untracked().trim().is_empty() {
                s.trainee.set(c.learner_name.clone());
            }
            if c.resume.position > 0 || c.resume.conversation.is_some() {
                s.records.set(c.link.borrow().done_records(pack, library));
                s.index.set(c.resume.position);
                if let Some(conversation) = c.resume.conversation {
                    let now = js_sys::Date::now();
                    s.briefed_from_lms.set(Some(c.resume.position));
                    s.lms_resume.set_value(Some(Unfinished {
                        profile: String::new(),
                        mode: pack.mode,
                        beginner: pack.beginner,
                        started_ms: now,
                        updated_ms: now,
                        conversation,
                    }));
                }
                if s.trainee.get_untracked().trim().is_empty() {
                    s.trainee.set("LMS".into());
                }
                s.started.set(true);
            }
            s.lms.set_value(Some(c.link));
        }
    }
}

/// Report to the LMS, if there is one; a failure is shown, never fatal.
pub fn lms_report(
    lms: StoredValue<Option<LmsHandle>, LocalStorage>,
    notice: RwSignal<Option<LmsError>>,
    report: impl FnOnce(&mut LmsLink) -> Option<LmsError>,
) {
    let Some(link) = lms.with_value(|l| l.clone()) else {
        return;
    };
    let error = report(&mut link.borrow_mut());
    if error.is_some() {
        notice.set(error);
    }
}

