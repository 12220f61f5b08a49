//! Data files in the browser. The app starts with the catalogue index only
//! (`scenario::catalogue`); the rest is loaded when needed:
//!
//! - the scorer's rules (`rules/rules.json`, `rules/acts.json`): in idle time
//!   after the first paint, where they are also compiled into the scorer, so
//!   neither the first paint nor the first reply waits for them;
//! - a scenario's body (`scenarios/<file>`): when it is opened, checked by the
//!   same validator as `dojo validate` (a broken one gets a clear message).
//!
//! Each file is read from a `<script type="application/json"
//! data-file="<path>">` element when the page carries one (the single-file
//! edition inlines them, since a `file://` page cannot fetch), otherwise
//! fetched from beside the app (and cached by the service worker).

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::scenario::{catalogue, load, Entry, Library, Problem, Scenario};
use crate::scorer::{RuleSet, ScoreRequest, Scorer};
use crate::ui::pages::not_found::NotFound;
use crate::ui::use_lang;

/// A body once loaded: the scenario, or why it cannot be played.
type Loaded = Result<&'static Scenario, Vec<Problem>>;

thread_local! {
    static LOADED: RefCell<HashMap<&'static str, Loaded>> = RefCell::new(HashMap::new());
    static FULL: RefCell<Option<&'static Library>> = const { RefCell::new(None) };
}

fn cached(entry: &Entry) -> Option<Loaded> {
    LOADED.with(|l| l.borrow().get(entry.file).cloned())
}

fn inline_source(path: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let selector = format!("script[type=\"application/json\"][data-file=\"{path}\"]");
    document.query_selector(&selector).ok()??.text_content()
}

async fn fetch_source(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let describe = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "network error".into())
    };
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(describe)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    text.as_string().ok_or_else(|| "not text".into())
}

/// A data file of the app, inlined or fetched (`path` relative to the app).
async fn read(path: &str) -> Result<String, String> {
    match inline_source(path) {
        Some(source) => Ok(source),
        None => fetch_source(path).await,
    }
}

/// Load the built-in rules once (parsed, not compiled). Several callers may
/// wait at once; each reads the files, the first to finish installs them.
pub async fn ensure_rules() -> Result<(), String> {
    if RuleSet::builtin_loaded() {
        return Ok(());
    }
    let rules = read("rules/rules.json").await?;
    let acts = read("rules/acts.json").await?;
    if !RuleSet::builtin_loaded() {
        RuleSet::install_builtin(RuleSet::from_files(&rules, &acts)?);
    }
    Ok(())
}

/// Load (once) and check the body of one catalogue entry.
pub async fn load_body(entry: &'static Entry) -> Loaded {
    if let Some(done) = cached(entry) {
        return done;
    }
    let source = match ensure_rules().await {
        Ok(()) => read(&format!("scenarios/{}", entry.file)).await,
        Err(why) => Err(format!("the scorer's rules: {why}")),
    };
    let loaded: Loaded = match source {
        Ok(source) => match load(entry.file, &source) {
            Ok(scenario) if scenario.id == entry.id => Ok(&*Box::leak(Box::new(scenario))),
            Ok(scenario) => Err(vec![Problem {
                file: entry.file.into(),
                path: "/id".into(),
                message: format!(
                    "id \"{}\" does not match the catalogue's \"{}\"",
                    scenario.id, entry.id
                ),
                issue: None,
            }]),
            Err(problems) => Err(problems),
        },
        Err(why) => Err(vec![Problem {
            file: entry.file.into(),
            path: String::new(),
            message: format!("could not be loaded ({why})"),
            issue: None,
        }]),
    };
    // A failed fetch may succeed later (back online): only keep what was read.
    let keep = !matches!(&loaded, Err(p) if p.len() == 1 && p[0].path.is_empty());
    if keep {
        LOADED.with(|l| l.borrow_mut().insert(entry.file, loaded.clone()));
    }
    loaded
}

/// Every built-in body (the classroom's pack player and dashboard check
/// results against whole scenarios): loaded once, in catalogue order.
pub async fn load_library() -> &'static Library {
    if let Some(full) = FULL.with(|f| *f.borrow()) {
        return full;
    }
    let mut library = Library::default();
    for entry in &catalogue().scenarios {
        match load_body(entry).await {
            Ok(scenario) => library.scenarios.push(scenario.clone()),
            Err(problems) => library.problems.extend(problems),
        }
    }
    library.sort();
    let full: &'static Library = Box::leak(Box::new(library));
    if full.problems.iter().all(|p| !p.path.is_empty()) {
        FULL.with(|f| *f.borrow_mut() = Some(full));
    }
    full
}

#[derive(Clone)]
enum State<T: Clone> {
    Loading,
    Ready(T),
    Failed(Vec<Problem>),
}

fn loading_view() -> AnyView {
    let lang = use_lang();
    view! { <p class="loading" role="status">{move || lang.tr("正在载入场景…", "Loading the scenario…")}</p> }.into_any()
}

fn failed_view(problems: Vec<Problem>) -> AnyView {
    let lang = use_lang();
    view! {
        <section class="notice" role="alert">
            <h1>{move || lang.tr("这个场景暂时无法打开", "This scenario cannot be opened")}</h1>
            <p>{move || lang.tr(
                "场景文件无法读取或有错误（如果离线，请联网后重试）：",
                "Its file could not be read or has errors (if you are offline, try again when online):",
            )}</p>
            <ul>{problems.iter().map(|p| view! { <li><code>{p.to_string()}</code></li> }).collect_view()}</ul>
        </section>
    }
    .into_any()
}

/// Render a scenario once its body is loaded: a status line meanwhile, the
/// not-found page for an unknown id, a clear message for a broken body.
pub fn with_scenario<V: IntoView + 'static>(
    id: &str,
    render: impl Fn(&'static Scenario) -> V + Send + Sync + 'static,
) -> AnyView {
    let Some(entry) = catalogue().get(id) else {
        return with_my_scenario(id, render);
    };
    let state = RwSignal::new(match cached(entry) {
        Some(Ok(s)) => State::Ready(s),
        Some(Err(p)) => State::Failed(p),
        None => State::Loading,
    });
    if matches!(state.get_untracked(), State::Loading) {
        wasm_bindgen_futures::spawn_local(async move {
            let next = match load_body(entry).await {
                Ok(s) => State::Ready(s),
                Err(p) => State::Failed(p),
            };
            state.try_set(next);
        });
    }
    (move || match state.get() {
        State::Loading => loading_view(),
        State::Ready(s) => render(s).into_any(),
        State::Failed(p) => failed_view(p),
    })
    .into_any()
}

/// One of the trainer's own scenarios (My scenarios), once the library is
/// read: played exactly like a built-in one. Read untracked, so saving the
/// library while it is played does not restart the conversation.
fn with_my_scenario<V: IntoView + 'static>(
    id: &str,
    render: impl Fn(&'static Scenario) -> V + Send + Sync + 'static,
) -> AnyView {
    let Some(kept) = use_context::<crate::ui::pages::my_scenarios::KeptLibrary>() else {
        return view! { <NotFound/> }.into_any();
    };
    let id = id.to_string();
    (move || {
        if !kept.loaded.get() {
            return loading_view();
        }
        match crate::ui::pages::my_scenarios::custom_scenario(&id) {
            Some(Ok(s)) => render(&*Box::leak(Box::new(s))).into_any(),
            Some(Err(p)) => failed_view(p),
            None => view! { <NotFound/> }.into_any(),
        }
    })
    .into_any()
}

/// Render several scenarios once all their bodies are loaded (rush hour),
/// in the order given; ids the catalogue does not list are left out (the
/// page says when too few remain). One body that fails gets the message.
pub fn with_scenarios<V: IntoView + 'static>(
    ids: Vec<String>,
    render: impl Fn(Vec<&'static Scenario>) -> V + Send + Sync + 'static,
) -> AnyView {
    let entries: Vec<&'static Entry> = ids.iter().filter_map(|id| catalogue().get(id)).collect();
    let ready = || -> Option<Result<Vec<&'static Scenario>, Vec<Problem>>> {
        let mut out = Vec::new();
        for entry in &entries {
            match cached(entry)? {
                Ok(s) => out.push(s),
                Err(p) => return Some(Err(p)),
            }
        }
        Some(Ok(out))
    };
    let state = RwSignal::new(match ready() {
        Some(Ok(list)) => State::Ready(list),
        Some(Err(p)) => State::Failed(p),
        None => State::Loading,
    });
    if matches!(state.get_untracked(), State::Loading) {
        wasm_bindgen_futures::spawn_local(async move {
            let mut list = Vec::new();
            for entry in entries {
                match load_body(entry).await {
                    Ok(s) => list.push(s),
                    Err(p) => {
                        state.try_set(State::Failed(p));
                        return;
                    }
                }
            }
            state.try_set(State::Ready(list));
        });
    }
    (move || match state.get() {
        State::Loading => loading_view(),
        State::Ready(list) => render(list).into_any(),
        State::Failed(p) => failed_view(p),
    })
    .into_any()
}

/// Run `then` once the built-in rules are loaded: now if they are, else
/// after loading them (stored findings get their words back from the rules,
/// so reading or writing stored progress waits for them). If they cannot be
/// loaded, `then` does not run: nothing stored is read or written half-way.
pub fn when_rules(then: impl FnOnce() + 'static) {
    if RuleSet::builtin_loaded() {
        then();
    } else {
        wasm_bindgen_futures::spawn_local(async move {
            if ensure_rules().await.is_ok() {
                then();
            }
        });
    }
}

/// Render with the whole built-in library loaded (classroom screens).
pub fn with_library<V: IntoView + 'static>(
    render: impl Fn(&'static Library) -> V + Send + Sync + 'static,
) -> AnyView {
    let state = RwSignal::new(match FULL.with(|f| *f.borrow()) {
        Some(l) => State::Ready(l),
        None => State::Loading,
    });
    if matches!(state.get_untracked(), State::Loading) {
        wasm_bindgen_futures::spawn_local(async move {
            state.try_set(State::Ready(load_library().await));
        });
    }
    (move || match state.get() {
        State::Loading => loading_view(),
        State::Ready(l) => render(l).into_any(),
        State::Failed(p) => failed_view(p),
    })
    .into_any()
}

/// Load the rules and compile the scorer (and the text tables it reads) when
/// the browser is idle after the first paint, so neither the first paint nor
/// the first reply waits for them.
pub fn warm_up_when_idle() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let warm = wasm_bindgen::closure::Closure::once_into_js(|| {
        wasm_bindgen_futures::spawn_local(async {
            if ensure_rules().await.is_err() {
                // Said when a scenario is opened (with the reason).
                return;
            }
            let _ = Scorer::builtin().score(&ScoreRequest {
                customer: "您好",
                reply: "好的，我来帮您查一下。",
                archetype: None,
                expectations: None,
                waited_too_long: false,
            });
        });
    });
    let idle = window.clone();
    let after_paint = wasm_bindgen::closure::Closure::once_into_js(move || {
        let function: &js_sys::Function = warm.unchecked_ref();
        if idle.request_idle_callback(function).is_err() {
            let _ = idle.set_timeout_with_callback(function);
        }
    });
    let _ = window.request_animation_frame(after_paint.unchecked_ref());
}
