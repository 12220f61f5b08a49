//! `/classroom/dashboard`: the trainer's classes (kept between visits, named,
//! renamed, deleted after a confirmation), results imported many at once
//! (files or codes, refused files explained), the trainee × competency table
//! with each trainee's transcripts one click away, class figures and the CSV.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::classroom::{check_file_size, turn_line, Class, ClassroomError, Input, Rejected};
use crate::i18n::Lang;
use crate::scenario::Library;
use crate::scorer::Competency;
use crate::storage;
use crate::ui::classes::KeptClasses;
use crate::ui::library::with_library;
use crate::ui::pages::transcripts::{focus_later, Transcripts};
use crate::ui::use_lang;

/// A chosen file: its name and text, or why it was not read.
pub type Chosen = (String, Result<String, ClassroomError>);

/// Read every chosen file as text (each refused by its size before it is
/// read), then hand them over together.
pub fn read_files(ev: &leptos::ev::Event, what: Input, done: impl Fn(Vec<Chosen>) + 'static) {
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
        for file in files {
            let name = file.name();
            if let Err(e) = check_file_size(what, file.size() as usize) {
                out.push((name, Err(e)));
                continue;
            }
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .ok_or(ClassroomError::NotJson {
                    what,
                    line: 1,
                    column: 1,
                });
            out.push((name, text));
        }
        done(out);
    });
}

fn nonce() -> u64 {
    (js_sys::Math::random() * 4_294_967_296.0) as u64
}

#[component]
pub fn Dashboard() -> impl IntoView {
    // Results are checked against whole scenarios: load the bodies first.
    with_library(|library| view! { <DashboardScreen library=library/> })
}

#[component]
fn DashboardScreen(
    /// The built-in library, bodies loaded.
    library: &'static Library,
) -> impl IntoView {
    let lang = use_lang();
    let kept = KeptClasses::load();
    let chosen = RwSignal::new(Option::<String>::None);
    // The class on screen: the one chosen, else the first.
    let current = Memo::new(move |_| {
        let wanted = chosen.get();
        kept.classes.with(|c| {
            wanted
                .filter(|id| c.get(id).is_some())
                .or_else(|| c.classes.first().map(|c| c.id.clone()))
        })
    });
    // The class as shown, every kept result checked again.
    let class = Memo::new(move |_| {
        let id = current.get()?;
        kept.classes.with(|c| c.get(&id).map(|s| s.class(library)))
    });
    let refused = RwSignal::new(Vec::<Rejected>::new());
    let detail = RwSignal::new(Option::<(String, String)>::None);
    let confirming = RwSignal::new(false);
    let new_name = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    let rename_box: NodeRef<leptos::html::Input> = NodeRef::new();

    let select = move |id: String| {
        chosen.set(Some(id));
        refused.set(Vec::new());
        detail.set(None);
        confirming.set(false);
    };
    let create = move |name: String| {
        let mut id = String::new();
        kept.update(|c| id = c.add_class(&name, js_sys::Date::now(), nonce()));
        select(id);
    };
    // Import into the class on screen (a first import creates a class named
    // after the pack).
    let import = move |files: Vec<Chosen>| {
        let mut left_out: Vec<Rejected> = Vec::new();
        let mut readable = Vec::new();
        for (file, text) in files {
            match text {
                Ok(text) => readable.push((file, text)),
                Err(error) => left_out.push(Rejected { file, error }),
            }
        }
        if readable.is_empty() {
            refused.update(|r| r.extend(left_out));
            return;
        }
        let fresh = current.get_untracked().is_none();
        let id = match current.get_untracked() {
            Some(id) => id,
            None => {
                let mut id = String::new();
                let name = lang.tr("新班级", "New class");
                kept.update(|c| id = c.add_class(name, js_sys::Date::now(), nonce()));
                chosen.set(Some(id.clone()));
                id
            }
        };
        kept.update(|c| {
            if let Some(saved) = c.get_mut(&id) {
                left_out.extend(saved.import(&readable, library));
                if fresh {
                    if let Some(pack) = saved.class(library).pack {
                        saved.name = pack.name;
                    }
                }
            }
        });
        refused.update(|r| r.extend(left_out));
    };
    let add_files = move |ev: leptos::ev::Event| read_files(&ev, Input::ResultsFile, import);
    let code_label = move || lang.tr("（结果码）", "(code)").to_string();
    // A huge paste is refused by its length as it arrives, and the field is
    // emptied at once: laying out megabytes of text in a field is what froze
    // the page, not reading the code.
    let on_code_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Err(error) = check_file_size(Input::ResultsCode, value.trim().len()) {
            if let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                input.set_value("");
            }
            pasted.set(String::new());
            import(vec![(code_label(), Err(error))]);
        } else {
            pasted.set(value);
        }
    };
    let add_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = pasted.get_untracked();
        pasted.set(String::new());
        if !text.trim().is_empty() {
            import(vec![(code_label(), Ok(text))]);
        }
    };
    // A scenario the pack carries (the trainer's own) is named from the pack,
    // exactly as a built-in one is named from the library.
    let carried = move |id: &str, read: &dyn Fn(&crate::scenario::Scenario) -> Option<String>| {
        class.with(|c| {
            c.as_ref()
                .and_then(|c| c.pack.as_ref())
                .and_then(|p| p.custom.iter().find(|s| s.id == id))
                .and_then(read)
        })
    };
    let title_of = move |id: &str| {
        library
            .get(id)
            .map(|s| lang.text(&s.title))
            .or_else(|| carried(id, &|s| Some(lang.text(&s.title))))
            .unwrap_or_else(|| id.to_string())
    };
    let line_of = move |scenario: &str, turn: &str| {
        turn_line(library, scenario, turn)
            .map(|t| lang.text(&t))
            .or_else(|| {
                carried(scenario, &|s| {
                    s.turn(turn)?.line.first().map(|t| lang.text(t))
                })
            })
            .unwrap_or_else(|| turn.to_string())
    };

    let picker = move || {
        let list = kept.classes.with(|c| {
            c.classes
                .iter()
                .map(|s| (s.id.clone(), s.name.clone(), s.results.len()))
                .collect::<Vec<_>>()
        });
        let on = current.get();
        view! {
            <ul class="class-list">
                {list.into_iter().map(|(id, name, n)| {
                    let pressed = on.as_deref() == Some(id.as_str());
                    view! {
                        <li>
                            <button class="class-tab" aria-pressed=if pressed { "true" } else { "false" } on:click=move |_| select(id.clone())>
                                {name} " "
                                <span class="class-count">{move || match lang.0.get() { Lang::Zh => format!("（{n} 份结果）"), Lang::En => format!("({n} result{})", if n == 1 { "" } else { "s" }) }}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    };

    let class_head = move || {
        let id = current.get()?;
        let (name, count) = kept
            .classes
            .with(|c| c.get(&id).map(|s| (s.name.clone(), s.results.len())))?;
        let id_rename = id.clone();
        let id_delete = id.clone();
        let confirm_name = name.clone();
        Some(view! {
            <h2 id="class-title">{name.clone()}</h2>
            <div class="class-actions no-print">
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    let value = rename_box.get_untracked().map(|i| i.value()).unwrap_or_default();
                    let id = id_rename.clone();
                    kept.update(|c| { c.rename(&id, &value, js_sys::Date::now()); });
                }>
                    <label>{move || lang.tr("班级名称", "Class name")}
                        <input type="text" node_ref=rename_box prop:value=name.clone() maxlength="100"/>
                    </label>
                    <button type="submit" class="secondary">{move || lang.tr("重命名", "Rename")}</button>
                </form>
                {move || if confirming.get() {
                    let id = id_delete.clone();
                    let confirm_name = confirm_name.clone();
                    focus_later("confirm-cancel".into());
                    view! {
                        <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete-text">
                            <p id="confirm-delete-text">{move || match lang.0.get() {
                                Lang::Zh => format!("确定删除班级“{confirm_name}”及其 {count} 份结果吗？此操作无法撤销（学员手里的结果文件不受影响）。"),
                                Lang::En => format!("Delete the class “{confirm_name}” and its {count} result(s)? This cannot be undone (the trainees' results files are not affected)."),
                            }}</p>
                            <button class="danger" on:click=move |_| {
                                let id = id.clone();
                                kept.update(|c| { c.delete(&id); });
                                confirming.set(false);
                                chosen.set(None);
                                refused.set(Vec::new());
                                detail.set(None);
                                focus_later("classes-title".into());
                            }>{move || lang.tr("删除", "Delete")}</button>
                            <button id="confirm-cancel" class="secondary" on:click=move |_| confirming.set(false)>{move || lang.tr("取消", "Cancel")}</button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button class="secondary" on:click=move |_| confirming.set(true)>{move || lang.tr("删除这个班级…", "Delete this class…")}</button>
                    }.into_any()
                }}
            </div>
        })
    };

    let left_out = move || {
        let mut all = refused.get();
        // Kept results that no longer pass the checks (edited in storage, say).
        all.extend(class.with(|c| c.as_ref().map(|c| c.rejected.clone()).unwrap_or_default()));
        (!all.is_empty()).then(|| view! {
            <div class="notice" role="alert">
                <div>
                    <p>{move || lang.tr("以下文件未导入：", "These files were left out:")}</p>
                    <ul class="rejected">{all.into_iter().map(|r| view! { <li><code>{r.file.clone()}</code> ": " {move || lang.text(&r.reason())}</li> }).collect_view()}</ul>
                </div>
            </div>
        })
    };

    let body = move || {
        let Some(c) = class.get() else {
            return view! { <p class="hint">{move || lang.tr("还没有班级：导入结果即可新建一个（以练习包命名），或在上面新建。", "No class yet: import results to create one (named after the pack), or create one above.")}</p> }.into_any();
        };
        if let Some((identity, name)) = detail.get() {
            if let Some(results) = c.results.iter().find(|r| r.identity() == identity).cloned() {
                let back_to = format!("transcripts-{identity}");
                return view! {
                    <Transcripts results=results name=name library=library carried=c.pack.as_ref().map(|p| p.custom.clone()).unwrap_or_default() on_back=Callback::new(move |_| {
                        detail.set(None);
                        focus_later(back_to.clone());
                    })/>
                }
                .into_any();
            }
        }
        class_view(c, lang, title_of, line_of, detail).into_any()
    };

    view! {
        <section class="dashboard">
            <h1>{move || lang.tr("成绩看板", "Class dashboard")}</h1>
            {move || kept.notice.get().map(|notice| view! {
                <div class="notice" role="alert"><p>{move || lang.text(&notice.message())}</p></div>
            })}
            <section class="class-picker no-print" aria-labelledby="classes-title">
                <h2 id="classes-title" tabindex="-1">{move || lang.tr("班级", "Classes")}</h2>
                {picker}
                <form class="inline-form" on:submit=move |ev| {
                    ev.prevent_default();
                    let name = new_name.get_untracked();
                    if !name.trim().is_empty() {
                        create(name);
                        new_name.set(String::new());
                    }
                }>
                    <label>{move || lang.tr("新班级名称", "New class name")}
                        <input type="text" maxlength="100" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class="secondary">{move || lang.tr("新建班级", "Create the class")}</button>
                </form>
            </section>
            <section class="class-current" aria-labelledby="class-title">
                {class_head}
                <div class="debrief-actions no-print">
                    <label class="file-button">{move || lang.tr("导入结果文件（可多选）", "Import results files (several at once)")}
                        <input type="file" multiple accept=".json,application/json,.txt" on:change=add_files/>
                    </label>
                    <form class="inline-form" on:submit=add_code>
                        <label>{move || lang.tr("或粘贴结果码", "or paste a results code")}
                            <input type="text" prop:value=move || pasted.get() on:input=on_code_input/>
                        </label>
                        <button type="submit" class="secondary">{move || lang.tr("添加", "Add")}</button>
                    </form>
                </div>
                {left_out}
                {body}
            </section>
        </section>
    }
}

/// The table, the class figures and the exports of one class.
fn class_view(
    c: Class,
    lang: crate::ui::UiLang,
    title_of: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
    line_of: impl Fn(&str, &str) -> String + Copy + Send + Sync + 'static,
    detail: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let Some(pack) = c.pack.clone() else {
        return view! { <p class="hint">{move || lang.tr("这个班级还没有导入结果。", "No results imported into this class yet.")}</p> }.into_any();
    };
    let csv = c.to_csv();
    let rows = c
        .results
        .iter()
        .map(|r| {
            let verdict = r.judge();
            let name = c.display_name(r);
            let identity = r.identity().to_string();
            let open_name = name.clone();
            let button_name = name.clone();
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    {verdict.competencies.values().map(|m| {
                        let m = *m;
                        view! {
                            <td class:fail=!m.passed>
                                {m.score} " "
                                <span class="pass-word">{move || if m.passed { lang.tr("✔ 通过", "✔ pass") } else { lang.tr("✖ 未通过", "✖ fail") }}</span>
                            </td>
                        }
                    }).collect_view()}
                    <td class:fail=!verdict.passed>{move || if verdict.passed { lang.tr("✔ 通过", "✔ passed") } else { lang.tr("✖ 未通过", "✖ not passed") }}</td>
                    <td class="no-print">
                        <button class="link-button" id=format!("transcripts-{identity}") on:click=move |_| detail.set(Some((identity.clone(), open_name.clone())))>
                            {move || lang.tr("对话记录", "Transcripts")}
                            <span class="visually-hidden">{move || format!(" — {button_name}")}</span>
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let spreads = Competency::FOUR.iter().filter_map(|&comp| {
        let s = c.spread(comp)?;
        let mark = pack.pass.get(&comp).copied().unwrap_or(0);
        Some(view! {
            <li class="spread">
                <span class="spread-name">{move || lang.text(&comp.name())}</span>
                <svg viewBox="0 0 100 10" class="spread-bar" role="img"
                    aria-label=move || format!("{}: {} {:.0}, {} {}–{}, σ {:.1}", lang.text(&comp.name()), lang.tr("平均", "mean"), s.mean, lang.tr("范围", "range"), s.min, s.max, s.std_dev)>
                    <rect x="0" y="3" width="100" height="4" class="spread-track"/>
                    <rect x=s.min y="2" width=(s.max - s.min).max(1) height="6" class="spread-range"/>
                    <line x1=mark x2=mark y1="0" y2="10" class="spread-mark"/>
                    <circle cx=s.mean cy="5" r="2.2" class="spread-mean"/>
                </svg>
                <span class="spread-figures">{format!("{:.0} ({}–{}, σ {:.1})", s.mean, s.min, s.max, s.std_dev)}</span>
            </li>
        })
    }).collect_view();
    let hardest = c
        .hardest_turns(5)
        .into_iter()
        .map(|(scenario, turn, mean, n)| {
            let scenario_id = scenario.clone();
            view! {
                <li>{move || title_of(&scenario_id)} " · " <q>{move || line_of(&scenario, &turn)}</q>
                    {move || match lang.0.get() { Lang::Zh => format!(" — 平均 {mean:.0}（{n} 句回复）"), Lang::En => format!(" — mean {mean:.0} ({n} repl{})", if n == 1 { "y" } else { "ies" }) }}
                </li>
            }
        })
        .collect_view();
    let frequent = c
        .frequent_findings(8)
        .into_iter()
        .map(|f| {
            let share = (f.share * 100.0).round();
            let message = f.message.clone();
            let (scenario, turn) = (f.scenario.clone(), f.turn.clone());
            view! {
                <li class="frequent">
                    <details>
                        <summary>
                            {move || {
                                let (title, line) = (title_of(&scenario), line_of(&scenario, &turn));
                                match lang.0.get() {
                                    Lang::Zh => format!("{share}% 的学员在{title}（顾客说“{line}”时）：{}", message.zh),
                                    Lang::En => format!("{share}% of trainees in {title} (when the customer says “{line}”): {}", message.en),
                                }
                            }}
                            " " <span class="finding-section">{f.section.clone()}</span>
                        </summary>
                        <ul>{f.replies.iter().map(|(who, reply)| view! { <li><strong>{who.clone()}</strong> ": " {reply.clone()}</li> }).collect_view()}</ul>
                    </details>
                </li>
            }
        })
        .collect_view();
    let count = c.results.len();
    view! {
        <p class="class-summary">
            {move || lang.tr("练习包：", "Pack: ")} {pack.name.clone()} " · "
            {move || match lang.0.get() { Lang::Zh => format!("{count} 名学员"), Lang::En => format!("{count} trainee{}", if count == 1 { "" } else { "s" }) }}
        </p>
        <table class="sessions class-table">
            <caption>{move || lang.tr("学员 × 能力（对照及格线）", "Trainee × competency (against the pass marks)")}</caption>
            <thead><tr>
                <th scope="col">{move || lang.tr("学员", "Trainee")}</th>
                {Competency::FOUR.iter().map(|&comp| { let mark = pack.pass.get(&comp).copied().unwrap_or(0); view! { <th scope="col">{move || format!("{} (≥{mark})", lang.text(&comp.name()))}</th> } }).collect_view()}
                <th scope="col">{move || lang.tr("结果", "Result")}</th>
                <th scope="col" class="no-print">{move || lang.tr("详情", "Details")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {crate::ui::pages::rush_pack::rush_table(&c, title_of)}
        <section aria-labelledby="spread-title">
            <h3 id="spread-title">{move || lang.tr("全班平均与分布（竖线为及格线）", "Class mean and spread (the line is the pass mark)")}</h3>
            <ul class="spreads">{spreads}</ul>
        </section>
        <section aria-labelledby="hardest-title">
            <h3 id="hardest-title">{move || lang.tr("最难的对话轮次", "Hardest turns")}</h3>
            <ol>{hardest}</ol>
        </section>
        <section aria-labelledby="frequent-title">
            <h3 id="frequent-title">{move || lang.tr("最常见的扣分点", "Most frequent point losses")}</h3>
            <ul class="frequent-list">{frequent}</ul>
        </section>
        <div class="debrief-actions no-print">
            <button class="secondary" on:click=move |_| storage::download_as("class-results.csv", &csv, "text/csv;charset=utf-8")>{move || lang.tr("导出 CSV(Excel)", "Export CSV (Excel)")}</button>
            <button class="secondary" on:click=move |_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>{move || lang.tr("打印班级报告", "Print the class report")}</button>
        </div>
    }
    .into_any()
}
