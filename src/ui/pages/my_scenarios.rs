//! `/my-scenarios`: the trainer's own scenario library in this browser —
//! new from a blank template, duplicate a built-in one, import files (one or
//! many, a folder), export one or all, delete with confirmation. The rules
//! (versions, merge, import checks) are the core's (`my_scenarios`);
//! `storage` reads, writes and backs up. Also the adapter the editor
//! publishes through ([`publish`]) and the active company policy.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Text;
use crate::my_scenarios::{
    blank, duplicate, free_id, import, Imported, MyScenarios, Refused, MAX_FILES,
    MAX_SCENARIO_BYTES, STORAGE_KEY,
};
use crate::persist::LoadProblem;
use crate::scenario::{catalogue, Problem, Scenario};
use crate::storage;
use crate::ui::library::{load_body, when_rules};
use crate::ui::router::Link;
use crate::ui::use_lang;

/// The library as this tab knows it, shared by every screen.
#[derive(Clone, Copy)]
pub struct KeptLibrary {
    pub library: RwSignal<MyScenarios>,
    /// What the trainer must know (damaged data backed up, storage full…).
    pub notice: RwSignal<Option<Text>>,
    /// True once read from storage (after the rules, which validation needs).
    pub loaded: RwSignal<bool>,
    writable: StoredValue<bool>,
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Make the active company policy the one kept here (the pack player sets
/// its own pack's while a pack is played).
pub fn restore_policy() {
    let Some(kept) = use_context::<KeptLibrary>() else {
        return;
    };
    if !kept.loaded.get_untracked() {
        return;
    }
    let policy = kept
        .library
        .with_untracked(|l| l.policy().and_then(Result::ok));
    crate::scorer::policy::set_active(policy);
}

impl KeptLibrary {
    /// Read the library once the rules are loaded; take in other tabs' writes.
    pub fn provide() {
        let kept = KeptLibrary {
            library: RwSignal::new(MyScenarios::default()),
            notice: RwSignal::new(None),
            loaded: RwSignal::new(false),
            writable: StoredValue::new(false),
        };
        provide_context(kept);
        when_rules(move || {
            let loaded = storage::load::<MyScenarios>(STORAGE_KEY);
            kept.writable.set_value(loaded.writable);
            kept.notice
                .set(loaded.problem.as_ref().map(describe_problem));
            kept.library.set(loaded.value);
            kept.loaded.set(true);
            restore_policy_of(kept);
            storage::on_key_write(STORAGE_KEY, move || {
                let fresh = storage::load::<MyScenarios>(STORAGE_KEY).value;
                kept.library
                    .update(|l| crate::persist::Versioned::merge(l, &fresh));
                restore_policy_of(kept);
            });
        });
    }

    /// Change the library, then read-merge-write it.
    pub fn update(&self, change: impl FnOnce(&mut MyScenarios)) {
        self.library.update(change);
        restore_policy_of(*self);
        if !self.writable.get_value() {
            self.notice.set(Some(Text::new(
                "这些更改只保存在本页面中（浏览器存储不可用或数据来自更新的版本）。请导出备份。",
                "These changes stay in this page only (storage is unavailable or holds data from a newer version). Export a copy.",
            )));
            return;
        }
        let kept = *self;
        storage::save(
            STORAGE_KEY,
            move || kept.library.get_untracked(),
            move |result| match result {
                Ok((merged, saved)) => {
                    if kept.library.with_untracked(|l| *l != merged) {
                        kept.library.set(merged);
                    }
                    if let Some(message) = saved.message() {
                        kept.notice.set(Some(message));
                    }
                }
                Err(error) => kept.notice.set(Some(error.message())),
            },
        );
    }
}

fn restore_policy_of(kept: KeptLibrary) {
    let policy = kept
        .library
        .with_untracked(|l| l.policy().and_then(Result::ok));
    crate::scorer::policy::set_active(policy);
}

fn describe_problem(problem: &LoadProblem) -> Text {
    let m = problem.message();
    Text::new(
        format!("我的场景：{}", m.zh),
        format!("My scenarios: {}", m.en),
    )
}

pub fn use_library() -> KeptLibrary {
    expect_context::<KeptLibrary>()
}

/// Add or replace a scenario in My scenarios (the editor's "publish"). The
/// scenario must pass the shared validator.
pub fn publish(scenario: Scenario) -> Result<(), Text> {
    let Some(kept) = use_context::<KeptLibrary>() else {
        return Err(Text::new(
            "“我的场景”尚未载入。",
            "My scenarios are not loaded yet.",
        ));
    };
    if !kept.loaded.get_untracked() {
        return Err(Text::new(
            "“我的场景”尚未载入，请稍候再试。",
            "My scenarios are not loaded yet; try again in a moment.",
        ));
    }
    if catalogue().get(&scenario.id).is_some() {
        return Err(Refused::BuiltinId(scenario.id.clone()).message());
    }
    let json = serde_json::to_string(&scenario).unwrap_or_default();
    crate::my_scenarios::read_file(&crate::my_scenarios::file_name(&scenario.id), &json)
        .map_err(|e| e.message())?;
    kept.update(|l| l.put(&scenario, now()));
    Ok(())
}

/// One of My scenarios by id, checked by the shared validator: `None` when
/// there is no such id (or the library is not loaded yet).
pub fn custom_scenario(id: &str) -> Option<Result<Scenario, Vec<Problem>>> {
    let kept = use_context::<KeptLibrary>()?;
    kept.library.with_untracked(|l| l.load(id))
}

/// Every playable scenario of My scenarios (for the catalogue and the pack builder).
pub fn playable() -> Vec<Scenario> {
    let Some(kept) = use_context::<KeptLibrary>() else {
        return Vec::new();
    };
    if !kept.loaded.get() {
        return Vec::new();
    }
    kept.library
        .with(|l| l.all().into_iter().filter_map(|(_, r)| r.ok()).collect())
}

/// The files of an `<input type="file">`, read (each bounded before it is read).
fn read_chosen(
    ev: &leptos::ev::Event,
    done: impl FnOnce(Vec<(String, Result<String, Refused>)>) + 'static,
) {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(list) = input.files() else { return };
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    input.set_value("");
    leptos::task::spawn_local(async move {
        let mut out = Vec::new();
        for file in files.into_iter().take(MAX_FILES + 1) {
            let name = file.name();
            if !name.to_ascii_lowercase().ends_with(".json") {
                continue;
            }
            let size = file.size() as usize;
            if size > MAX_SCENARIO_BYTES {
                out.push((
                    name,
                    Err(Refused::TooLarge {
                        size,
                        limit: MAX_SCENARIO_BYTES,
                    }),
                ));
                continue;
            }
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            out.push((name, Ok(text)));
        }
        done(out);
    });
}

/// `/my-scenarios`.
#[component]
pub fn MyScenariosPage() -> impl IntoView {
    let lang = use_lang();
    let kept = use_library();
    let report = RwSignal::new(None::<Imported>);
    let added = RwSignal::new(Vec::<String>::new());
    let confirm_delete = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<Text>);
    let chosen_builtin = RwSignal::new(
        catalogue()
            .scenarios
            .first()
            .map(|e| e.id.clone())
            .unwrap_or_default(),
    );

    let taken = move |id: &str| {
        catalogue().get(id).is_some() || kept.library.with_untracked(|l| l.contains(id))
    };
    let new_blank = move |_| {
        let scenario = blank(&free_id("my-scenario", &taken));
        let id = scenario.id.clone();
        kept.update(|l| l.put(&scenario, now()));
        status.set(Some(Text::new(
            format!("已新建空白场景“{id}”。"),
            format!("New blank scenario “{id}” created."),
        )));
    };
    let duplicate_builtin = move |_| {
        let Some(entry) = catalogue().get(&chosen_builtin.get_untracked()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match load_body(entry).await {
                Ok(original) => {
                    let copy = duplicate(original, &taken);
                    let id = copy.id.clone();
                    kept.update(|l| l.put(&copy, now()));
                    status.set(Some(Text::new(
                        format!("已复制为“{id}”，可以编辑或直接练习。"),
                        format!("Duplicated as “{id}”: edit it or play it as it is."),
                    )));
                }
                Err(problems) => status.set(Some(Text::new(
                    format!(
                        "无法复制：{}",
                        problems.first().map(|p| p.to_string()).unwrap_or_default()
                    ),
                    format!(
                        "Could not duplicate: {}",
                        problems.first().map(|p| p.to_string()).unwrap_or_default()
                    ),
                ))),
            }
        });
    };
    let on_import = move |ev: leptos::ev::Event| {
        read_chosen(&ev, move |files| {
            let mut readable = Vec::new();
            let mut refused = Vec::new();
            for (name, text) in files {
                match text {
                    Ok(text) if crate::policy::is_policy(&text) => refused.push((
                        name,
                        Refused::Problems(vec![Problem {
                            file: String::new(),
                            path: "/format".into(),
                            message: "this is a company policy file: import it on the Company policy page".into(),
                            issue: None,
                        }]),
                    )),
                    Ok(text) => readable.push((name, text)),
                    Err(why) => refused.push((name, why)),
                }
            }
            let mut result = kept
                .library
                .with_untracked(|l| import(&readable, l, &|id| catalogue().get(id).is_some()));
            result.refused.extend(refused);
            let ready = result.ready.clone();
            added.set(ready.iter().map(|s| s.id.clone()).collect());
            if !ready.is_empty() {
                kept.update(|l| {
                    for s in &ready {
                        l.put(s, now());
                    }
                });
            }
            report.set(Some(result));
        })
    };
    let replace = move |scenario: Scenario, yes: bool| {
        let id = scenario.id.clone();
        if yes {
            kept.update(|l| l.put(&scenario, now()));
            added.update(|a| a.push(id.clone()));
        }
        report.update(|r| {
            if let Some(r) = r {
                r.conflicts.retain(|s| s.id != id);
            }
        });
    };
    // A folder picker: `webkitdirectory` is not a standard attribute, so it is set on the element.
    let folder = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = folder.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });
    let export_all = move |_| {
        for (name, text) in kept.library.with_untracked(|l| l.export_all()) {
            storage::download(&name, &text);
        }
    };

    view! {
        <section class="my-scenarios">
            <h1>{move || lang.tr("我的场景", "My scenarios")}</h1>
            <p>{move || lang.tr(
                "你自己的场景保存在这个浏览器里，和内置场景一样练习、计分、放进练习包。文件格式与 scenarios/*.json 相同，可用 dojo validate 检查。",
                "Your own scenarios, kept in this browser: played, scored and put in packs just like the built-in ones. The files are the scenarios/*.json format that dojo validate checks.",
            )}</p>
            {move || kept.notice.get().map(|n| view! { <p class="notice" role="alert">{move || lang.text(&n)}</p> })}
            <p class="status" role="status" aria-live="polite">{move || status.get().map(|s| lang.text(&s))}</p>
            <div class="my-actions">
                <button class="primary" on:click=new_blank disabled=move || !kept.loaded.get()>{move || lang.tr("新建空白场景", "New blank scenario")}</button>
                <label class="field inline">
                    {move || lang.tr("复制内置场景", "Duplicate a built-in scenario")}
                    <select on:change=move |ev| chosen_builtin.set(event_target_value(&ev)) prop:value=move || chosen_builtin.get()>
                        {catalogue().scenarios.iter().map(|e| {
                            let id = e.id.clone();
                            let title = e.title.clone();
                            view! { <option value=id>{move || lang.text(&title)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button class="secondary duplicate" on:click=duplicate_builtin disabled=move || !kept.loaded.get()>{move || lang.tr("复制", "Duplicate")}</button>
            </div>
            <div class="my-actions">
                <label class="file-button">{move || lang.tr("导入场景文件（可多选）", "Import scenario files (one or many)")}
                    <input type="file" class="import-files" multiple accept=".json,application/json" on:change=on_import/>
                </label>
                <label class="file-button">{move || lang.tr("导入整个文件夹", "Import a folder")}
                    <input type="file" class="import-folder" multiple node_ref=folder on:change=on_import/>
                </label>
                <button class="secondary" on:click=export_all disabled=move || kept.library.with(|l| l.is_empty())>{move || lang.tr("全部导出", "Export all")}</button>
                <Link href="/policy">{move || lang.tr("公司政策 →", "Company policy →")}</Link>
            </div>
            {move || report.get().map(|r| view! { <ImportReport report=r added=added on_replace=Callback::new(move |(s, yes): (Scenario, bool)| replace(s, yes))/> })}
            <h2>{move || lang.tr("场景列表", "Your scenarios")}</h2>
            {move || {
                if !kept.loaded.get() {
                    return view! { <p role="status">{move || lang.tr("正在载入…", "Loading…")}</p> }.into_any();
                }
                let all = kept.library.with(|l| l.all());
                if all.is_empty() {
                    return view! { <p class="hint">{move || lang.tr("还没有自己的场景：新建、复制或导入一个。", "No scenarios of your own yet: create, duplicate or import one.")}</p> }.into_any();
                }
                view! {
                    <ul class="my-list">
                        {all.into_iter().map(|(id, loaded)| {
                            let title = match &loaded {
                                Ok(s) => s.title.clone(),
                                Err(_) => Text::new(id.clone(), id.clone()),
                            };
                            let problems: Vec<String> = loaded.as_ref().err().map(|p| p.iter().take(5).map(|p| p.to_string()).collect()).unwrap_or_default();
                            let playable = loaded.is_ok();
                            let id_export = id.clone();
                            let id_delete = id.clone();
                            let id_confirm = id.clone();
                            let id_yes = id.clone();
                            let title_confirm = title.clone();
                            view! {
                                <li class="my-item" data-id=id.clone()>
                                    <span class="my-title">{move || lang.text(&title)}</span>
                                    " "
                                    <code class="my-id">{id.clone()}</code>
                                    {(!problems.is_empty()).then(|| view! {
                                        <ul class="my-problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                                    })}
                                    <span class="my-item-actions">
                                        {playable.then(|| view! { <Link href=format!("/play/{id}") class="small-link">{move || lang.tr("练习", "Play")}</Link> })}
                                        " "
                                        <Link href=format!("/editor?id={id}") class="small-link">{move || lang.tr("编辑", "Edit")}</Link>
                                        " "
                                        <button class="link-button" on:click=move |_| {
                                            if let Some((name, text)) = kept.library.with_untracked(|l| l.export(&id_export)) {
                                                storage::download(&name, &text);
                                            }
                                        }>{move || lang.tr("导出", "Export")}</button>
                                        " "
                                        <button class="link-button danger" on:click=move |_| confirm_delete.set(Some(id_delete.clone()))>{move || lang.tr("删除", "Delete")}</button>
                                    </span>
                                    {move || (confirm_delete.get().as_deref() == Some(id_confirm.as_str())).then(|| {
                                        let id_yes = id_yes.clone();
                                        let title_confirm = title_confirm.clone();
                                        view! {
                                            <div class="confirm" role="alertdialog" aria-label=move || lang.tr("确认删除", "Confirm deletion")>
                                                <p>{move || match lang.0.get() {
                                                    crate::i18n::Lang::Zh => format!("删除“{}”？此操作不能撤销（可以先导出）。", title_confirm.zh),
                                                    crate::i18n::Lang::En => format!("Delete “{}”? This cannot be undone (export it first to keep a copy).", title_confirm.en),
                                                }}</p>
                                                <button class="danger confirm-delete" on:click=move |_| {
                                                    let id = id_yes.clone();
                                                    kept.update(|l| { l.remove(&id, now()); });
                                                    confirm_delete.set(None);
                                                }>{move || lang.tr("删除", "Delete")}</button>
                                                " "
                                                <button class="secondary" on:click=move |_| confirm_delete.set(None)>{move || lang.tr("取消", "Cancel")}</button>
                                            </div>
                                        }
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// What an import did: kept, refused (each file with its problem), and the
/// ids already in the library (replaced only if the trainer says so).
#[component]
fn ImportReport(
    report: Imported,
    added: RwSignal<Vec<String>>,
    on_replace: Callback<(Scenario, bool)>,
) -> impl IntoView {
    let lang = use_lang();
    let refused = report.refused.clone();
    let conflicts = report.conflicts.clone();
    view! {
        <section class="import-report" aria-labelledby="import-report-title">
            <h2 id="import-report-title">{move || lang.tr("导入结果", "Import")}</h2>
            <p class="import-added" role="status">{move || {
                let n = added.get().len();
                match lang.0.get() {
                    crate::i18n::Lang::Zh => format!("已导入 {n} 个场景。"),
                    crate::i18n::Lang::En => format!("{n} scenario(s) imported."),
                }
            }}</p>
            {(!refused.is_empty()).then(|| view! {
                <div role="alert">
                    <p>{move || lang.tr("以下文件未导入：", "These files were not imported:")}</p>
                    <ul class="import-refused">
                        {refused.into_iter().map(|(name, why)| {
                            let message = why.message();
                            view! { <li><strong>{name}</strong>": "{move || lang.text(&message)}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {(!conflicts.is_empty()).then(|| view! {
                <ul class="import-conflicts">
                    {conflicts.into_iter().map(|scenario| {
                        let id = scenario.id.clone();
                        let data_id = id.clone();
                        let keep = scenario.clone();
                        view! {
                            <li class="conflict" data-id=data_id>
                                {move || match lang.0.get() {
                                    crate::i18n::Lang::Zh => format!("“{id}”已在我的场景中。要用导入的文件替换它吗？"),
                                    crate::i18n::Lang::En => format!("“{id}” is already in My scenarios. Replace it with the imported file?"),
                                }}
                                " "
                                <button class="danger replace" on:click=move |_| on_replace.run((scenario.clone(), true))>{move || lang.tr("替换", "Replace")}</button>
                                " "
                                <button class="secondary keep" on:click=move |_| on_replace.run((keep.clone(), false))>{move || lang.tr("保留原来的", "Keep mine")}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// The trainer's playable scenarios as catalogue cards (nothing when there are none).
#[component]
pub fn MyScenarioCards() -> impl IntoView {
    let lang = use_lang();
    move || {
        let list = playable();
        (!list.is_empty()).then(|| {
            view! {
                <section class="library my-cards" aria-labelledby="my-cards-title">
                    <h2 id="my-cards-title">{move || lang.tr("我的场景", "My scenarios")}</h2>
                    <ul class="cards">
                        {list.into_iter().map(|s| {
                            let title = s.title.clone();
                            let brief = s.brief.clone();
                            let archetype = s.archetype;
                            view! {
                                <li>
                                    <article class="card my-card" data-archetype=archetype.id()>
                                        <header>
                                            <span class="card-archetype">{move || lang.text(&archetype.name())}</span>
                                            <span class="card-mine">{move || lang.tr("我的", "Mine")}</span>
                                        </header>
                                        <h3><Link href=format!("/play/{}", s.id)>{move || lang.text(&title)}</Link></h3>
                                        <p class="card-brief">{move || lang.text(&brief)}</p>
                                    </article>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}
