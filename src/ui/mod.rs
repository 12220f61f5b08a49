//! The Leptos layer: renders the core's state and wires events. No scoring,
//! branching or storage logic lives here.

mod components;
pub mod library;
mod pages;
pub mod router;

use leptos::prelude::*;

use crate::i18n::{Lang, Text};
use crate::progress::Store;
use crate::route::Screen;
use crate::storage;

use pages::classroom::{ClassroomHub, Dashboard, PackPage, Pair, Projector};
use pages::{catalogue::Catalogue, not_found::NotFound, play::PlayPage, progress::ProgressPage};
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
    pub store: RwSignal<Store>,
    pub writable: StoredValue<bool>,
    /// A message about storage (damaged data, no storage, storage full).
    pub notice: RwSignal<Option<Notice>>,
}

impl Progress {
    /// Change the store and persist it (merged with what other tabs wrote).
    pub fn update(&self, change: impl FnOnce(&mut Store)) {
        self.store.update(change);
        self.persist();
    }

    pub fn persist(&self) {
        if !self.writable.get_value() {
            return;
        }
        let mut store = self.store.get_untracked();
        match storage::save(&mut store) {
            Ok(()) => {
                self.store.set(store);
                if self.notice.get_untracked().is_some_and(|n| n.full) {
                    self.notice.set(None);
                }
            }
            Err(error) => self.notice.set(Some(Notice {
                message: error.message(),
                full: matches!(error, storage::SaveError::Full),
            })),
        }
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
    let loaded = storage::load();
    let lang = RwSignal::new(loaded.store.lang.unwrap_or_default());
    let progress = Progress {
        store: RwSignal::new(loaded.store),
        writable: StoredValue::new(loaded.writable),
        notice: RwSignal::new(loaded.notice.map(|message| Notice {
            message,
            full: false,
        })),
    };
    provide_context(UiLang(lang));
    provide_context(progress);
    // A session finished in another tab shows up here too.
    storage::on_other_tab_write(move |other| {
        progress.store.update(|store| store.merge(&other));
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
    view! {
        <Header/>
        <StorageNotice/>
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
                // main routes /rush but has no page for it yet (merged from main).
                Screen::Rush { .. } => view! { <NotFound/> }.into_any(),
                Screen::NotFound => view! { <NotFound/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    let progress = use_progress();
    let switch = move |_| {
        let next = lang.0.get_untracked().other();
        lang.0.set(next);
        progress.update(|store| store.lang = Some(next));
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
                <Link href="/progress">{move || lang.tr("我的进度", "My progress")}</Link>
                <Link href="/classroom">{move || lang.tr("课堂", "Classroom")}</Link>
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
    let export = move |_| {
        let file = progress.store.with_untracked(|s| s.export_profile());
        storage::download("service-dojo-profile.json", &file);
    };
    let prune = move |_| {
        progress.store.update(|s| {
            s.prune(20);
        });
        progress.persist();
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
