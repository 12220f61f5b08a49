//! `/editor`: write a scenario without writing JSON (issue 15, item 2).
//!
//! The drafts list (new from the blank template, open, delete), and a draft
//! open for editing: the parts (the scenario, each turn, each ending), the
//! conversation map, the form of the part chosen with its live checks
//! beside each field, and the actions: test-play from the start or from the
//! turn being edited (nothing saved), export as a `.json` file, publish into
//! My scenarios (only a scenario the validator accepts). Every change is
//! kept in browser storage at once (`authoring::Drafts`), so a reload loses
//! nothing. The decisions are in `crate::authoring`.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use crate::authoring::checks::{scorer_checks, Severity};
use crate::authoring::draft::{self, playable};
use crate::authoring::{blank, export, file_name, Drafts, DRAFTS_KEY};
use crate::engine::Conversation as Dialogue;
use crate::i18n::Text;
use crate::my_scenarios::{MyScenarios, STORAGE_KEY as MY_SCENARIOS_KEY};
use crate::progress::{Mode, Unfinished};
use crate::scenario::{EndingKind, Scenario};
use crate::scorer::{RuleSet, Scorer};
use crate::storage;
use crate::ui::components::editor::ending::EndingForm;
use crate::ui::components::editor::map::ConversationMap;
use crate::ui::components::editor::overview::Overview;
use crate::ui::components::editor::turn::TurnForm;
use crate::ui::components::editor::{Editing, Selection};
use crate::ui::pages::play::{Conversation, Setup};
use crate::ui::use_lang;

/// How long the scorer waits for a pause in typing before judging again.
const GRADE_DEBOUNCE_MS: u32 = 500;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Keep the drafts: read-merge-write under the cross-tab lock; the merged
/// value comes back into the page.
fn save(drafts: RwSignal<Drafts>, notice: RwSignal<Option<Text>>) {
    storage::save(
        DRAFTS_KEY,
        move || drafts.get_untracked(),
        move |result| match result {
            Ok((merged, _)) => {
                let _ = drafts.try_set(merged);
            }
            Err(e) => {
                let _ = notice.try_set(Some(e.message()));
            }
        },
    );
}

#[component]
pub fn EditorPage(
    /// `?id=`: open the draft of this scenario (or a draft of it from My scenarios).
    id: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let ready = RwSignal::new(RuleSet::builtin_loaded());
    let failed = RwSignal::new(None::<String>);
    if !ready.get_untracked() {
        wasm_bindgen_futures::spawn_local(async move {
            match crate::ui::library::ensure_rules().await {
                Ok(()) => {
                    let _ = ready.try_set(true);
                }
                Err(why) => {
                    let _ = failed.try_set(Some(why));
                }
            }
        });
    }
    move || {
        if ready.get() {
            view! { <Editor id=id.clone()/> }.into_any()
        } else {
            view! {
                <p role="status">
                    {move || match failed.get() {
                        Some(why) => format!("{} {why}", lang.tr("无法加载评分规则：", "The scorer's rules could not be loaded:")),
                        None => lang.tr("正在加载……", "Loading…").to_string(),
                    }}
                </p>
            }
            .into_any()
        }
    }
}

#[component]
fn Editor(id: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let loaded = storage::load::<Drafts>(DRAFTS_KEY);
    let notice = RwSignal::new(loaded.problem.map(|p| p.message()));
    let drafts = RwSignal::new(loaded.value);
    let current = RwSignal::new(None::<String>);
    // Another tab changed the drafts: take its copy in (the merge keeps both).
    storage::on_write(DRAFTS_KEY, move |key, _| {
        if key == DRAFTS_KEY {
            let theirs = storage::load::<Drafts>(DRAFTS_KEY).value;
            let _ = drafts.try_update(|d| {
                use crate::persist::Versioned;
                d.merge(&theirs)
            });
        }
    });
    if let Some(id) = id {
        let existing = drafts.with_untracked(|d| {
            d.drafts
                .iter()
                .filter(|x| x.scenario.id == id)
                .max_by(|a, b| a.updated_ms.total_cmp(&b.updated_ms))
                .map(|x| x.key.clone())
        });
        match existing {
            Some(key) => current.set(Some(key)),
            None => {
                let mine = storage::load::<MyScenarios>(MY_SCENARIOS_KEY)
                    .value
                    .get(&id);
                if let Some(scenario) = mine {
                    let key = drafts.with_untracked(|d| d.fresh_key(now_ms()));
                    drafts.update(|d| d.put(&key, &scenario, now_ms()));
                    save(drafts, notice);
                    current.set(Some(key));
                } else {
                    notice.set(Some(Text::new(
                        format!("没有找到“{id}”的草稿或我的场景。"),
                        format!("There is no draft or My scenario named \"{id}\"."),
                    )));
                }
            }
        }
    }
    view! {
        <div class="editor">
            {move || notice.get().map(|n| view! {
                <div class="notice" role="alert">
                    <p>{move || lang.text(&n)}</p>
                    <button type="button" on:click=move |_| notice.set(None)>{move || lang.tr("知道了", "Dismiss")}</button>
                </div>
            })}
            {move || match current.get() {
                None => view! { <DraftList drafts=drafts current=current notice=notice/> }.into_any(),
                Some(key) => view! { <DraftEditor key=key drafts=drafts current=current notice=notice/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn DraftList(
    drafts: RwSignal<Drafts>,
    current: RwSignal<Option<String>>,
    notice: RwSignal<Option<Text>>,
) -> impl IntoView {
    let lang = use_lang();
    let new_draft = move |_| {
        let now = now_ms();
        let key = drafts.with_untracked(|d| d.fresh_key(now));
        let taken =
            |id: &str| drafts.with_untracked(|d| d.drafts.iter().any(|x| x.scenario.id == id));
        let id = if taken("my-scenario") {
            (2..)
                .map(|n| format!("my-scenario-{n}"))
                .find(|id| !taken(id))
                .unwrap_or_default()
        } else {
            "my-scenario".into()
        };
        drafts.update(|d| d.put(&key, &blank(&id), now));
        save(drafts, notice);
        current.set(Some(key));
    };
    let list = move || {
        let mut list = drafts.get().drafts;
        list.sort_by(|a, b| b.updated_ms.total_cmp(&a.updated_ms));
        list.into_iter()
            .map(|d| {
                let key = d.key.clone();
                let remove_key = d.key.clone();
                let title = d.scenario.title.clone();
                let id = d.scenario.id.clone();
                let name = id.clone();
                let remove = move |_| {
                    let question = lang.tr("确定删除这个草稿吗？不能撤销。", "Delete this draft? This cannot be undone.");
                    let sure = web_sys::window()
                        .and_then(|w| w.confirm_with_message(question).ok())
                        .unwrap_or(false);
                    if sure {
                        drafts.update(|d| d.remove(&remove_key));
                        save(drafts, notice);
                    }
                };
                view! {
                    <li class="draft">
                        <span class="draft-title">{move || { let t = lang.text(&title); if t.is_empty() { lang.tr("（未命名）", "(untitled)").to_string() } else { t } }}</span>
                        " " <code>{id}</code>
                        <button type="button" class="primary small" on:click=move |_| current.set(Some(key.clone()))
                            aria-label=move || format!("{} {name}", lang.tr("打开草稿", "Open draft"))>
                            {move || lang.tr("打开", "Open")}
                        </button>
                        <button type="button" class="secondary small" on:click=remove>{move || lang.tr("删除", "Delete")}</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section aria-labelledby="drafts-title">
            <h1 id="drafts-title">{move || lang.tr("编写场景", "Write a scenario")}</h1>
            <p>{move || lang.tr("用表格编写你自己的难缠顾客：不用写 JSON。草稿随时自动保存在这个浏览器里。", "Write your own difficult customer with forms, no JSON needed. Drafts are saved in this browser as you type.")}</p>
            <button type="button" class="primary" on:click=new_draft>{move || lang.tr("从空白模板新建", "New scenario from the blank template")}</button>
            <h2>{move || lang.tr("我的草稿", "My drafts")}</h2>
            {move || drafts.with(|d| d.drafts.is_empty()).then(|| view! { <p>{move || lang.tr("还没有草稿。", "No drafts yet.")}</p> })}
            <ul class="drafts">{list}</ul>
        </section>
    }
}

/// A test-play of the draft as it is now: a copy (later edits do not change
/// the conversation under way), from the start or from a turn.
#[derive(Clone)]
struct Trial {
    scenario: &'static Scenario,
    from: Option<String>,
    beginner: bool,
}

#[component]
fn DraftEditor(
    key: String,
    drafts: RwSignal<Drafts>,
    current: RwSignal<Option<String>>,
    notice: RwSignal<Option<Text>>,
) -> impl IntoView {
    let lang = use_lang();
    let initial = drafts
        .with_untracked(|d| d.get(&key).map(|x| x.scenario.clone()))
        .unwrap_or_else(|| blank("my-scenario"));
    let scenario = RwSignal::new(initial);
    let editing = Editing::provide(scenario);
    let trial = RwSignal::new(None::<Trial>);
    let beginner = RwSignal::new(true);
    let message = RwSignal::new(None::<Text>);

    // Kept at every change; judged by the scorer after a pause.
    let grade_timer = StoredValue::new_local(None::<Timeout>);
    let key_saved = key.clone();
    Effect::new(move |first: Option<()>| {
        let s = scenario.get();
        if first.is_some() {
            drafts.update(|d| d.put(&key_saved, &s, now_ms()));
            save(drafts, notice);
        }
        let timeout = Timeout::new(
            if first.is_some() {
                GRADE_DEBOUNCE_MS
            } else {
                0
            },
            move || {
                let judged = scenario.try_with_untracked(|s| scorer_checks(s, Scorer::builtin()));
                if let Some(judged) = judged {
                    let _ = editing.grades.try_set(judged);
                }
            },
        );
        grade_timer.set_value(Some(timeout));
    });
    on_cleanup(move || grade_timer.set_value(None));

    let counts = move || {
        let (errors, translations) = editing
            .checks
            .with(|c| (c.count(Severity::Error), c.count(Severity::Translation)));
        let warnings = editing
            .grades
            .with(|g| g.iter().filter(|c| c.severity == Severity::Warning).count());
        (errors, translations, warnings)
    };

    let start_trial = move |from: Option<String>| {
        let s = scenario.get_untracked();
        if !playable(&s) {
            message.set(Some(Text::new(
                "还不能试玩：每一轮都要有台词，每个去向都要通往存在的轮次或结局。",
                "Not playable yet: every turn needs a line, and every way on must lead to an existing turn or ending.",
            )));
            return;
        }
        message.set(None);
        trial.set(Some(Trial {
            scenario: Box::leak(Box::new(s)),
            from,
            beginner: beginner.get_untracked(),
        }));
    };
    let test_from_turn = move || match editing.selected.get() {
        Selection::Turn(id) => Some(id),
        _ => None,
    };

    let do_export = move |_| {
        let s = scenario.get_untracked();
        storage::download(&file_name(&s), &export(&s));
        message.set(Some(if editing.checks.with_untracked(|c| c.publishable()) {
            Text::new(
                format!("已导出 {}。", file_name(&s)),
                format!("Exported {}.", file_name(&s)),
            )
        } else {
            Text::new(
                format!("已导出 {}，但它还有问题：改完之前 dojo validate 不会接受它。", file_name(&s)),
                format!("Exported {}, but it still has problems: dojo validate will refuse it until they are fixed.", file_name(&s)),
            )
        }));
    };
    let do_publish = move |_| {
        if !editing.checks.with_untracked(|c| c.publishable()) {
            message.set(Some(Text::new(
                "还有问题（包括缺少的翻译）：全部改好后才能发布。",
                "There are still problems (missing translations included): fix them all to publish.",
            )));
            return;
        }
        let s = scenario.get_untracked();
        let id = s.id.clone();
        // Through My scenarios' own adapter: the library page and the
        // catalogue see it at once, and a built-in id is refused there.
        message.set(Some(match crate::ui::pages::my_scenarios::publish(s) {
            Ok(()) => Text::new(
                format!("已发布到“我的场景”：{id}"),
                format!("Published to My scenarios: {id}"),
            ),
            Err(why) => why,
        }));
    };

    let add_turn = move |_| {
        let mut id = String::new();
        editing.apply(|s| {
            id = draft::add_turn(s);
            Ok(())
        });
        editing.selected.set(Selection::Turn(id));
    };
    let add_ending = move |kind: EndingKind| {
        let mut id = String::new();
        editing.apply(|s| {
            id = draft::add_ending(s, kind);
            Ok(())
        });
        editing.selected.set(Selection::Ending(id));
    };

    // The parts list: rebuilt when the ids change, not on every keystroke.
    let ids = Memo::new(move |_| {
        scenario.with(|s| {
            (
                s.turns.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
                s.endings.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
            )
        })
    });
    let part = move |label: String, selection: Selection, problems: String| {
        let is = selection.clone();
        let count = move || {
            editing.checks.with(|c| {
                c.under(&problems)
                    .filter(|x| x.severity != Severity::Grade)
                    .count()
            }) + editing.grades.with(|g| {
                g.iter()
                    .filter(|x| {
                        x.severity == Severity::Warning
                            && (x.path == problems || x.path.starts_with(&format!("{problems}/")))
                    })
                    .count()
            })
        };
        view! {
            <li>
                <button type="button" class="part" aria-current=move || (editing.selected.get() == is).then_some("true")
                    on:click=move |_| editing.selected.set(selection.clone())>
                    {label}
                    {move || { let n = count(); (n > 0).then(|| view! { <span class="part-count">{format!(" ⚠{n}")}</span> }) }}
                </button>
            </li>
        }
    };
    let parts = move || {
        let (turns, endings) = ids.get();
        let mut items = vec![part(
            lang.tr("场景概况", "The scenario").to_string(),
            Selection::Overview,
            "/__overview".into(),
        )
        .into_any()];
        for (t, id) in turns.into_iter().enumerate() {
            items.push(
                part(
                    format!("{} {id}", lang.tr("轮次", "Turn")),
                    Selection::Turn(id),
                    format!("/turns/{t}"),
                )
                .into_any(),
            );
        }
        for (e, id) in endings.into_iter().enumerate() {
            items.push(
                part(
                    format!("{} {id}", lang.tr("结局", "Ending")),
                    Selection::Ending(id),
                    format!("/endings/{e}"),
                )
                .into_any(),
            );
        }
        items
    };

    let panel = move || match editing.selected.get() {
        Selection::Overview => view! { <Overview/> }.into_any(),
        Selection::Turn(id) => view! { <TurnForm id=id/> }.into_any(),
        Selection::Ending(id) => view! { <EndingForm id=id/> }.into_any(),
    };

    let editor_view = move || {
        view! {
            <header class="editor-header">
                <h1>{move || { let t = scenario.with(|s| lang.text(&s.title)); if t.is_empty() { lang.tr("新场景", "New scenario").to_string() } else { t } }}</h1>
                <p class="editor-status" role="status" aria-live="polite">
                    {move || {
                        let (errors, translations, warnings) = counts();
                        if errors + translations + warnings == 0 {
                            lang.tr("✓ 没有问题，可以发布。", "✓ No problems: ready to publish.").to_string()
                        } else {
                            format!(
                                "{} {errors} · {} {translations} · {} {warnings}",
                                lang.tr("问题", "Problems"),
                                lang.tr("缺翻译", "missing translations"),
                                lang.tr("评分提醒", "scorer warnings"),
                            )
                        }
                    }}
                </p>
                <div class="button-row editor-actions">
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || beginner.get() on:change=move |ev| beginner.set(event_target_checked(&ev))/>
                        {move || lang.tr("试玩时从选项中选择", "Test-play by choosing options")}
                    </label>
                    <button type="button" class="primary" on:click=move |_| start_trial(None)>{move || lang.tr("从头试玩", "Test-play from the start")}</button>
                    {move || test_from_turn().map(|id| view! {
                        <button type="button" class="secondary" on:click=move |_| start_trial(Some(id.clone()))>{move || lang.tr("从这一轮试玩", "Test-play from this turn")}</button>
                    })}
                    <button type="button" class="secondary" on:click=do_export>{move || lang.tr("导出 .json 文件", "Export as a .json file")}</button>
                    <button type="button" class="secondary" on:click=do_publish>{move || lang.tr("发布到“我的场景”", "Publish to My scenarios")}</button>
                    <button type="button" class="secondary" on:click=move |_| current.set(None)>{move || lang.tr("返回草稿列表", "Back to my drafts")}</button>
                </div>
                {move || message.get().map(|m| view! { <p class="editor-message" role="status">{move || lang.text(&m)}</p> })}
                {move || editing.refused.get().map(|m| view! { <p class="editor-message warning" role="alert">{move || lang.text(&m)}</p> })}
            </header>
            <div class="editor-body">
                <div class="editor-side">
                    <nav class="parts" aria-label=move || lang.tr("场景的各个部分", "Parts of the scenario")>
                        <ul>{parts}</ul>
                        <div class="button-row">
                            <button type="button" class="secondary small" on:click=add_turn>{move || lang.tr("添加轮次", "Add a turn")}</button>
                            <button type="button" class="secondary small" on:click=move |_| add_ending(EndingKind::Resolved)>{move || lang.tr("添加结局：解决", "Add an ending: resolved")}</button>
                            <button type="button" class="secondary small" on:click=move |_| add_ending(EndingKind::Escalated)>{move || lang.tr("添加结局：升级", "Add an ending: escalated")}</button>
                            <button type="button" class="secondary small" on:click=move |_| add_ending(EndingKind::Left)>{move || lang.tr("添加结局：顾客走了", "Add an ending: customer left")}</button>
                        </div>
                    </nav>
                    <ConversationMap/>
                </div>
                <div class="editor-main">{panel}</div>
            </div>
        }
    };

    move || match trial.get() {
        None => editor_view().into_any(),
        Some(t) => {
            let resume = t.from.as_ref().and_then(|from| {
                let turn = t.scenario.turn(from)?;
                let started = now_ms();
                Some(Unfinished {
                    profile: String::new(),
                    mode: Mode::Practice,
                    beginner: t.beginner,
                    started_ms: started,
                    updated_ms: started,
                    conversation: Dialogue::at_turn(t.scenario, turn, started as u64, &[]),
                })
            });
            let setup = Setup {
                mode: Mode::Practice,
                beginner: t.beginner,
            };
            let again = t.clone();
            view! {
                <div class="trial">
                    <p class="trial-banner" role="status">
                        {move || lang.tr("试玩草稿：不会保存到进度。", "Test-playing the draft: nothing is saved to your progress.")}
                        <button type="button" class="primary" on:click=move |_| trial.set(None)>{move || lang.tr("回到编辑器", "Back to the editor")}</button>
                    </p>
                    <Conversation scenario=t.scenario setup=setup resume=resume trial=true
                        on_restart=move || trial.set(Some(again.clone()))/>
                </div>
            }
            .into_any()
        }
    }
}
