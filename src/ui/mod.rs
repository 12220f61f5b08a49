//! The Leptos layer: renders the core's state and wires events. No scoring,
//! branching or storage logic lives here.

mod classes;
mod components;
pub mod library;
pub mod lms;
mod pages;
pub mod router;
mod scorm_export;
pub mod xapi;

use leptos::prelude::*;

use crate::i18n::{Lang, Text};
use crate::progress::{self, Keep, Store, Unfinished};
use crate::route::Screen;
use crate::storage;

use pages::classroom::{ClassroomHub, PackPage, Pair, Projector};
use pages::dashboard::Dashboard;
use pages::{
    catalogue::Catalogue, not_found::NotFound, play::PlayPage, progress::ProgressPage,
    rush::RushPage,
};
use router::{provide_navigator, Link};

/// The interface language, shared by every screen.
#[derive(Clone, Copy)]
pub struct UiLang(pub RwSignal<Lang>);

impl UiLang {
    /// Pick the string for the current language (reactive).
    pub fn tr(&self, zh: &'static str, en: &'static str) -> &'static str {
        match self.0.get() {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn text(&self, text: &Text) -> String {
        text.get(self.0.get()).to_string()
    }
}

/// A message about storage for the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub message: Text,
    /// Storage is full: offer export and pruning.
    pub full: bool,
}

/// The trainees' stored progress, and whether it can be written.
#[derive(Clone, Copy)]
pub struct Progress {
    /// Profiles and finished sessions (`progress::KEY`).
    pub store: RwSignal<Store>,
    /// Unfinished sessions, each under its own key.
    pub unfinished: RwSignal<Vec<Unfinished>>,
    pub writable: StoredValue<bool>,
    /// A message about storage (damaged data, no storage, storage full).
    pub notice: RwSignal<Option<Notice>>,
    /// Whether the browser granted persistent storage (`None`: not asked or no such request).
    pub persisted: RwSignal<Option<bool>>,
}

impl Progress {
    /// Change the store and persist it (merged with what other tabs wrote).
    pub fn update(&self, change: impl FnOnce(&mut Store)) {
        self.store.update(change);
        self.persist(|| {});
    }

    /// Read-merge-write the history under the cross-tab lock; `then` runs
    /// once it is safely written.
    pub fn persist(&self, then: impl FnOnce() + 'static) {
        if !self.writable.get_value() {
            return;
        }
        let this = *self;
        // Stored findings are shortened and expanded through the rules (a
        // first visit starts before they are loaded).
        if !crate::scorer::RuleSet::builtin_loaded() {
            library::when_rules(move || this.persist(then));
            return;
        }
        storage::save(
            progress::KEY,
            move || this.store.get_untracked(),
            move |result| match result {
                Ok((merged, saved)) => {
                    // Only when another tab added something: a needless set
                    // would redraw every screen that reads the store.
                    if this.store.with_untracked(|s| *s != merged) {
                        this.store.set(merged);
                    }
                    if let Some(message) = saved.message() {
                        this.notice.set(Some(Notice {
                            message,
                            full: false,
                        }));
                    } else if this.notice.get_untracked().is_some_and(|n| n.full) {
                        this.notice.set(None);
                    }
                    then();
                }
                Err(error) => this.report(error),
            },
        );
    }

    fn report(&self, error: storage::SaveError) {
        self.notice.set(Some(Notice {
            message: error.message(),
            full: matches!(error, storage::SaveError::Full),
        }));
    }

    /// Keep what a reply left (see `progress::after_reply`): a finished
    /// session goes into the history, and only once that is written is its
    /// unfinished copy removed; an unfinished one is written under its own key.
    pub fn keep(&self, keep: Keep) {
        self.store.update(|store| {
            self.unfinished.update(|list| keep.apply(store, list));
        });
        if !self.writable.get_value() {
            return;
        }
        let key = format!("{}{}", progress::UNFINISHED_PREFIX, keep.id());
        match keep {
            Keep::Finished { .. } => self.persist(move || storage::remove(&key)),
            Keep::Nothing { .. } => storage::remove(&key),
            Keep::Unfinished(mut unfinished) => {
                if let Err(error) = storage::save_now(&key, &mut unfinished) {
                    self.report(error);
                }
            }
        }
    }

    /// The unfinished session of `scenario` the active trainee can resume.
    pub fn resumable(&self, scenario: &str) -> Option<Unfinished> {
        self.unfinished.with(|list| {
            self.store
                .with(|s| progress::resumable(list, s, scenario).cloned())
        })
    }
}

/// The unfinished sessions under their own keys (and v2's, moved there);
/// the ones finished meanwhile are removed.
fn load_unfinished(store: &Store, writable: bool) -> Vec<Unfinished> {
    let mut list: Vec<Unfinished> = storage::entries(progress::UNFINISHED_PREFIX)
        .into_iter()
        .filter_map(|(_, raw)| <Unfinished as storage::Versioned>::from_json(&raw).ok())
        .collect();
    if writable {
        if let Some(raw) = storage::raw(progress::KEY) {
            if crate::persist::version_of(&raw).is_some_and(|v| v < progress::STORE_VERSION) {
                for mut u in progress::legacy_unfinished(&raw) {
                    if storage::save_now(&u.key(), &mut u).is_ok() {
                        list.push(u);
                    }
                }
            }
        }
        for u in progress::stale(&list, store) {
            storage::remove(&u.key());
        }
    }
    let stale: Vec<String> = progress::stale(&list, store)
        .iter()
        .map(|u| u.id())
        .collect();
    list.retain(|u| !stale.contains(&u.id()));
    list
}

/// Mount the app. Stored findings keep only their rule id and get their
/// words back from the rules when read, so when anything is stored the rules
/// are loaded first (inline in the single-file edition, from the worker's
/// cache once installed); a first visit, with nothing stored, mounts at once
/// and loads the rules after the first paint. If the rules cannot be loaded,
/// the stored data is left untouched and the page says why.
pub fn start() {
    let stored = storage::raw(progress::KEY).is_some()
        || !storage::entries(progress::UNFINISHED_PREFIX).is_empty();
    if !stored {
        leptos::mount::mount_to_body(App);
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        match library::ensure_rules().await {
            Ok(()) => leptos::mount::mount_to_body(App),
            Err(why) => {
                leptos::mount::mount_to_body(move || view! { <RulesMissing why=why.clone()/> })
            }
        }
    });
}

/// The page when stored progress cannot be read because the rules did not load.
#[component]
fn RulesMissing(
    /// Why the rules could not be read.
    why: String,
) -> impl IntoView {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    view! {
        <main id="main">
            <section class="notice" role="alert">
                <h1>"评分规则无法载入 · The scoring rules could not be loaded"</h1>
                <p>"你的练习记录没有改动。请联网后重新载入页面。"</p>
                <p>"Your stored progress is untouched. Reload the page when you are online."</p>
                <p><code>{why}</code></p>
            </section>
        </main>
    }
}

pub fn use_lang() -> UiLang {
    expect_context::<UiLang>()
}

pub fn use_progress() -> Progress {
    expect_context::<Progress>()
}

#[component]
pub fn App() -> impl IntoView {
    let loaded = storage::load::<Store>(progress::KEY);
    // Read before the history is first rewritten at the current version.
    let unfinished = load_unfinished(&loaded.value, loaded.writable);
    let lang = RwSignal::new(loaded.value.lang.unwrap_or_default());
    let progress = Progress {
        store: RwSignal::new(loaded.value),
        unfinished: RwSignal::new(unfinished),
        writable: StoredValue::new(loaded.writable),
        notice: RwSignal::new(loaded.problem.map(|problem| Notice {
            message: problem.message(),
            full: false,
        })),
        persisted: RwSignal::new(None),
    };
    provide_context(UiLang(lang));
    provide_context(progress);
    if loaded.writable {
        // Migrate now (v2 → v3), so no older copy lingers. (A first visit has
        // nothing to migrate: its rules are loaded after the first paint.)
        if storage::raw(progress::KEY).is_some() {
            progress.persist(|| {});
        }
        // Clearing site data, or the browser under pressure, would wipe progress.
        storage::request_persistence(move |granted| progress.persisted.set(granted));
    }
    // Another tab wrote the history: save again. That merges what it wrote
    // in here, and writes back whatever its write lacked (two tabs that
    // finished at the same moment), so neither is lost.
    storage::on_write(progress::KEY, move |key, _| {
        if key == progress::KEY {
            progress.persist(|| {});
        }
    });
    storage::on_write(progress::UNFINISHED_PREFIX, move |key, value| {
        let id = key
            .trim_start_matches(progress::UNFINISHED_PREFIX)
            .to_string();
        // Read through the rules (see `start`), once they are loaded.
        library::when_rules(move || {
            let theirs =
                value.and_then(|raw| <Unfinished as storage::Versioned>::from_json(&raw).ok());
            progress.unfinished.update(|list| {
                list.retain(|u| u.id() != id);
                list.extend(theirs);
            });
        });
    });

    // Keep the document's language and title in step with the switch.
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", lang.html_tag());
            }
            document.set_title(match lang {
                Lang::Zh => "客服陪练场 · Service Dojo",
                Lang::En => "Service Dojo · 客服陪练场",
            });
        }
    });
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }

    let navigator = provide_navigator();
    library::warm_up_when_idle();
    classes::KeptClasses::provide();
    pages::my_scenarios::KeptLibrary::provide();
    components::guideline_viewer::GuidelineViewer::provide();
    view! {
        <Header/>
        <StorageNotice/>
        <components::durability::ExportReminder/>
        <main id="main" tabindex="-1">
            {move || match navigator.screen.get() {
                Screen::Catalogue => view! { <Catalogue/> }.into_any(),
                Screen::Play { id, assessment, beginner } => {
                    view! { <PlayPage id=id assessment=assessment beginner=beginner/> }.into_any()
                }
                Screen::Progress => view! { <ProgressPage/> }.into_any(),
                Screen::Classroom => view! { <ClassroomHub/> }.into_any(),
                Screen::Pack { code } => view! { <PackPage code=code/> }.into_any(),
                Screen::Dashboard => view! { <Dashboard/> }.into_any(),
                Screen::Projector { id } => view! { <Projector id=id/> }.into_any(),
                Screen::Pair { id } => view! { <Pair id=id/> }.into_any(),
                Screen::Rush { ids } => view! { <RushPage ids=ids/> }.into_any(),
                Screen::Editor { id } => view! { <pages::editor::EditorPage id=id/> }.into_any(),
                Screen::MyScenarios => view! { <pages::my_scenarios::MyScenariosPage/> }.into_any(),
                Screen::Policy => view! { <pages::policy::PolicyPage/> }.into_any(),
                Screen::NotFound => view! { <NotFound/> }.into_any(),
            }}
        </main>
        <components::guideline_viewer::GuidelineDialog/>
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let switch = move |_| {
        let next = lang.0.get_untracked().other();
        lang.0.set(next);
        progress.update(|store| store.set_lang(next, js_sys::Date::now()));
    };
    view! {
        <a class="skip-link" href="#main">{move || lang.tr("跳到正文", "Skip to content")}</a>
        <header class="site-header">
            <Link href="/" class="brand">
                <span class="brand-mark" aria-hidden="true">"道"</span>
                <span class="brand-name">{move || lang.tr("客服陪练场", "Service Dojo")}</span>
            </Link>
            <nav aria-label=move || lang.tr("主导航", "Main")>
                <Link href="/">{move || lang.tr("场景", "Scenarios")}</Link>
                <Link href="/rush">{move || lang.tr("高峰时段", "Rush hour")}</Link>
                <Link href="/progress">{move || lang.tr("我的进度", "My progress")}</Link>
                <Link href="/classroom">{move || lang.tr("课堂", "Classroom")}</Link>
                <Link href="/my-scenarios">{move || lang.tr("我的场景", "My scenarios")}</Link>
                <Link href="/editor">{move || lang.tr("编写场景", "Write a scenario")}</Link>
            </nav>
            <button
                class="lang-switch"
                on:click=switch
                lang=move || lang.0.get().other().html_tag()
                aria-label=move || lang.tr("Switch to English", "切换到中文")
            >
                {move || lang.tr("English", "中文")}
            </button>
        </header>
    }
}

#[component]
fn StorageNotice() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let export = move |_| components::durability::export(progress);
    let prune = move |_| {
        progress.store.update(|s| {
            s.prune(20);
        });
        progress.persist(|| {});
    };
    move || {
        progress.notice.get().map(|notice| {
            let message = notice.message.clone();
            view! {
                <div class="notice" role="alert">
                    <p>{move || lang.text(&message)}</p>
                    <div class="notice-actions">
                        {notice.full.then(|| view! {
                            <button on:click=export>{move || lang.tr("导出备份", "Export a backup")}</button>
                            <button on:click=prune>{move || lang.tr("精简旧对话记录", "Prune old transcripts")}</button>
                            <components::durability::RemoveBackups/>
                        })}
                        <button on:click=move |_| progress.notice.set(None)>
                            {move || lang.tr("知道了", "Dismiss")}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
