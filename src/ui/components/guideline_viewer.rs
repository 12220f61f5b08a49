//! The guidelines inside the product: every cited section (`02 §3.5`) is a
//! button that opens the passage it comes from — the source text, with an
//! English summary in the product's words — so "why" is one click away.
//!
//! Section names come from the embedded index (`guidelines::Guidelines`), in
//! the UI language. The passages are most of the bytes, so they are fetched
//! once, when a trainee first opens one (`guidelines/passages.json` beside the
//! app); the single-file edition carries them inline in a
//! `<script type="application/json" id="dojo-passages">` block instead.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::guidelines::{Guidelines, Passages};
use crate::i18n::Lang;
use crate::ui::use_lang;

/// The open section, and the passages once loaded.
#[derive(Clone, Copy)]
pub struct GuidelineViewer {
    open: RwSignal<Option<String>>,
    passages: RwSignal<Option<Result<Passages, String>>>,
}

impl GuidelineViewer {
    pub fn provide() -> GuidelineViewer {
        let viewer = GuidelineViewer {
            open: RwSignal::new(None),
            passages: RwSignal::new(None),
        };
        provide_context(viewer);
        viewer
    }

    /// Open a section by its canonical id, loading the passages if needed.
    pub fn show(self, id: String) {
        self.open.set(Some(id));
        if self
            .passages
            .with_untracked(|p| p.as_ref().is_some_and(|r| r.is_ok()))
        {
            return;
        }
        let passages = self.passages;
        leptos::task::spawn_local(async move {
            let _ = passages.try_set(Some(load_passages().await));
        });
    }
}

/// Where the app's own files are: beside the manifest (works in a subfolder).
fn app_base() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let link = document.query_selector("link[rel=manifest]").ok()??;
    let href = js_sys::Reflect::get(&link, &"href".into())
        .ok()?
        .as_string()?;
    Some(href[..=href.rfind('/')?].to_string())
}

async fn load_passages() -> Result<Passages, String> {
    let window = web_sys::window().ok_or("no window")?;
    // The single-file edition: inline, nothing to fetch from file://.
    if let Some(inline) = window
        .document()
        .and_then(|d| d.get_element_by_id("dojo-passages"))
        .and_then(|e| e.text_content())
    {
        return Passages::from_json(&inline);
    }
    let url = format!(
        "{}guidelines/passages.json",
        app_base().unwrap_or_else(|| "/".into())
    );
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|_| "offline".to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| "no body")?)
        .await
        .map_err(|_| "no body".to_string())?;
    Passages::from_json(&text.as_string().unwrap_or_default())
}

/// A citation as buttons, one per section it names, each labelled with the
/// section number and its name in the UI language. References that name no
/// known section stay plain text.
#[component]
pub fn SectionLinks(
    /// The citation as authored, e.g. `02 §3.5, §7.6`.
    citation: String,
) -> impl IntoView {
    let lang = use_lang();
    let viewer = use_context::<GuidelineViewer>();
    let sections = Guidelines::builtin().sections_of(&citation);
    if sections.is_empty() || viewer.is_none() {
        return view! { <span class="finding-section">{citation}</span> }.into_any();
    }
    let viewer = viewer.expect("checked above");
    view! {
        <span class="section-links">
            {sections
                .into_iter()
                .map(|section| {
                    let id = section.id.clone();
                    let title = section.title.clone();
                    let label = id.clone();
                    view! {
                        <button
                            type="button"
                            class="section-link"
                            aria-haspopup="dialog"
                            title=move || lang.text(&title)
                            on:click=move |_| viewer.show(id.clone())
                        >
                            {label} " · " {let t = section.title.clone(); move || lang.text(&t)}
                        </button>
                    }
                })
                .collect_view()}
        </span>
    }
    .into_any()
}

/// The dialog showing the open section; mounted once, at the app's root.
#[component]
pub fn GuidelineDialog() -> impl IntoView {
    let lang = use_lang();
    let viewer = expect_context::<GuidelineViewer>();
    let dialog: NodeRef<leptos::html::Dialog> = NodeRef::new();
    // Open as a modal (focus moves in, Esc closes, the page behind is inert)
    // whenever a section is chosen; closing returns focus to the button.
    Effect::new(move |_| {
        let open = viewer.open.with(|o| o.is_some());
        if let Some(el) = dialog.get() {
            if open && !el.open() {
                let _ = el.show_modal();
            } else if !open && el.open() {
                el.close();
            }
        }
    });
    let body = move || {
        let id = viewer.open.get()?;
        let section = Guidelines::builtin().resolve(&id)?.clone();
        let lang_now = lang.0.get();
        let content = viewer.passages.with(|p| match p {
            None => view! { <p>{lang.tr("正在载入原文…", "Loading the passage…")}</p> }.into_any(),
            Some(Err(_)) => view! {
                <p role="alert">{lang.tr("原文暂时无法载入（离线且尚未缓存？）。请稍后再试。", "The passage could not be loaded (offline before it was cached?). Please try again later.")}</p>
            }.into_any(),
            Some(Ok(all)) => match all.passages.get(&section.id) {
                None => view! { <p>{lang.tr("这一节没有原文。", "No passage for this section.")}</p> }.into_any(),
                Some(p) => {
                    let summary = (lang_now == Lang::En).then(|| {
                        let s = p.summary.en.clone();
                        view! { <p class="guideline-summary"><strong>"In short: "</strong>{s}</p> }
                    });
                    let source = p.source.clone();
                    let paragraphs: Vec<String> = p.passage.split("\n\n").map(str::to_string).collect();
                    view! {
                        {summary}
                        <blockquote class="guideline-passage" lang="zh">
                            {paragraphs.into_iter().map(|t| view! { <p>{t}</p> }).collect_view()}
                        </blockquote>
                        <p class="guideline-source">{lang.tr("出处：", "Source: ")}{source}</p>
                    }.into_any()
                }
            },
        });
        Some(view! {
            <h2 id="guideline-title">{section.id.clone()} " · " {section.title.get(lang_now).to_string()}</h2>
            {content}
        })
    };
    view! {
        <dialog
            class="guideline-dialog"
            node_ref=dialog
            aria-labelledby="guideline-title"
            on:close=move |_| viewer.open.set(None)
        >
            {body}
            <form method="dialog">
                <button class="primary" type="submit">{move || lang.tr("关闭", "Close")}</button>
            </form>
        </dialog>
    }
}
