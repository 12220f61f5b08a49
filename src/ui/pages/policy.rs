//! `/policy`: the company policy the scorer takes into account — written
//! with a form (one line at a time) or as a file, checked by the shared
//! policy validator, kept with My scenarios, tried on a reply.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{Lang, Text};
use crate::policy::{load, Item, Kind, Policy, PolicyProblem, MAX_POLICY_BYTES};
use crate::scorer::policy::with_policy;
use crate::scorer::{Assessment, Competency, ScoreRequest, Scorer};
use crate::storage;
use crate::ui::pages::my_scenarios::use_library;
use crate::ui::use_lang;

fn now() -> f64 {
    js_sys::Date::now()
}

fn problems_text(problems: &[PolicyProblem], lang: Lang) -> Vec<String> {
    problems
        .iter()
        .map(|p| {
            let m = p.message.get(lang);
            if p.path.is_empty() {
                m.to_string()
            } else {
                format!("{}: {m}", p.path)
            }
        })
        .collect()
}

/// `/policy`.
#[component]
pub fn PolicyPage() -> impl IntoView {
    let lang = use_lang();
    let kept = use_library();
    let text = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<PolicyProblem>::new());
    let status = RwSignal::new(None::<Text>);
    let confirm_remove = RwSignal::new(false);
    // Start from what is kept, once the library is read.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !kept.loaded.get() {
            return done.unwrap_or(false);
        }
        let kept_json = kept.library.with_untracked(|l| {
            l.policy
                .as_ref()
                .filter(|k| !k.policy.is_null())
                .and_then(|k| serde_json::to_string_pretty(&k.policy).ok())
        });
        if let Some(json) = kept_json {
            text.set(json);
        }
        true
    });
    let save = move |_| {
        let source = text.get_untracked();
        match load("policy.json", &source) {
            Ok(policy) => {
                problems.set(Vec::new());
                kept.update(|l| l.set_policy(Some(&policy), now()));
                text.set(policy.to_json());
                status.set(Some(Text::new(
                    "政策已保存：从现在起，评分会考虑它。",
                    "Policy saved: scoring takes it into account from now on.",
                )));
            }
            Err(list) => {
                problems.set(list);
                status.set(Some(Text::new(
                    "政策有错误，未保存。",
                    "The policy has problems and was not saved.",
                )));
            }
        }
    };
    let start_example = move |_| {
        text.set(Policy::example().to_json());
        problems.set(Vec::new());
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        let size = file.size() as usize;
        if size > MAX_POLICY_BYTES {
            problems.set(vec![PolicyProblem {
                file: file.name(),
                path: String::new(),
                message: Text::new(
                    format!("文件太大（{} KB），政策文件的上限是 {} KB，未读取。", size / 1000, MAX_POLICY_BYTES / 1000),
                    format!("The file is too large ({} KB; a policy file may have {} KB) and was not read.", size / 1000, MAX_POLICY_BYTES / 1000),
                ),
            }]);
            return;
        }
        leptos::task::spawn_local(async move {
            let content = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            match load(&file.name(), &content) {
                Ok(policy) => {
                    problems.set(Vec::new());
                    text.set(policy.to_json());
                    status.set(Some(Text::new(
                        "已读入政策文件，检查无误。点“检查并保存”使用它。",
                        "Policy file read and checked. Press “Check and save” to use it.",
                    )));
                }
                Err(list) => {
                    problems.set(list);
                    status.set(Some(Text::new(
                        "政策文件有错误，未使用。",
                        "The policy file has problems and was not used.",
                    )));
                }
            }
        });
    };
    let export = move |_| {
        if let Some(Ok(policy)) = kept.library.with_untracked(|l| l.policy()) {
            storage::download("policy.json", &policy.to_json());
        }
    };
    let active = move || {
        if !kept.loaded.get() {
            return None;
        }
        kept.library.with(|l| l.policy())
    };

    view! {
        <section class="policy-page">
            <h1>{move || lang.tr("公司政策", "Company policy")}</h1>
            <p>{move || lang.tr(
                "写下本店真实的优惠和规则、可以告诉顾客的事实、公司禁止或希望的说法。评分以内置规则为基础，再加上这些：说明真实优惠算诚实，自己编造优惠仍然扣分。",
                "Write down your shop's real offers and rules, the facts trainees may state, and the phrases the company forbids or wants. Scoring keeps the built-in rules and adds these: quoting a real offer is honest, inventing one still costs points.",
            )}</p>
            {move || kept.notice.get().map(|n| view! { <p class="notice" role="alert">{move || lang.text(&n)}</p> })}
            <p class="policy-active" role="status" aria-live="polite">{move || match active() {
                None => lang.tr("当前没有公司政策：只用内置规则评分。", "No company policy: scoring uses the built-in rules only.").to_string(),
                Some(Ok(p)) => match lang.0.get() {
                    Lang::Zh => format!("当前政策：{}（{} 条）", p.name.zh, p.items().count()),
                    Lang::En => format!("Active policy: {} ({} lines)", p.name.en, p.items().count()),
                },
                Some(Err(_)) => lang.tr("保存的政策已无法通过检查，暂不使用（已保留）。", "The kept policy no longer passes the checks and is not used (it is kept).").to_string(),
            }}</p>
            {move || active().and_then(Result::ok).map(|p| view! { <PolicyList policy=p/> })}
            <AddItem text=text problems=problems/>
            <section class="policy-file" aria-labelledby="policy-file-title">
                <h2 id="policy-file-title">{move || lang.tr("政策文件", "The policy file")}</h2>
                <div class="my-actions">
                    <button class="secondary start-example" on:click=start_example>{move || lang.tr("从示例开始", "Start from the example")}</button>
                    <label class="file-button">{move || lang.tr("导入政策文件", "Import a policy file")}
                        <input type="file" class="import-policy" accept=".json,application/json" on:change=on_file/>
                    </label>
                    <button class="secondary" on:click=export disabled=move || !matches!(active(), Some(Ok(_)))>{move || lang.tr("导出", "Export")}</button>
                    <button class="secondary danger" on:click=move |_| confirm_remove.set(true) disabled=move || active().is_none()>{move || lang.tr("删除政策", "Remove the policy")}</button>
                </div>
                {move || confirm_remove.get().then(|| view! {
                    <div class="confirm" role="alertdialog" aria-label=move || lang.tr("确认删除政策", "Confirm removing the policy")>
                        <p>{move || lang.tr("删除公司政策？评分将只用内置规则。", "Remove the company policy? Scoring will use the built-in rules only.")}</p>
                        <button class="danger confirm-remove" on:click=move |_| { kept.update(|l| l.set_policy(None, now())); confirm_remove.set(false); }>{move || lang.tr("删除", "Remove")}</button>
                        " "
                        <button class="secondary" on:click=move |_| confirm_remove.set(false)>{move || lang.tr("取消", "Cancel")}</button>
                    </div>
                })}
                <label class="field">{move || lang.tr("政策（JSON，格式见 policies/schema.json）", "Policy (JSON, format in policies/schema.json)")}
                    <textarea class="policy-json" rows="14" spellcheck="false" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                <button class="primary save-policy" on:click=save>{move || lang.tr("检查并保存", "Check and save")}</button>
                <p class="status" role="status" aria-live="polite">{move || status.get().map(|s| lang.text(&s))}</p>
                {move || {
                    let list = problems.get();
                    (!list.is_empty()).then(|| view! {
                        <div role="alert">
                            <ul class="policy-problems">
                                {move || problems_text(&problems.get(), lang.0.get()).into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                            </ul>
                        </div>
                    })
                }}
            </section>
            <TryReply text=text/>
        </section>
    }
}

/// The active policy, line by line.
#[component]
fn PolicyList(policy: Policy) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="policy-list">
            {Kind::ALL.into_iter().filter(|&k| !policy.list(k).is_empty()).map(|kind| {
                let items = policy.list(kind).clone();
                view! {
                    <h2>{move || lang.text(&kind.name())}</h2>
                    <ul>
                        {items.into_iter().map(|item| {
                            let line = item.line.clone();
                            let phrases = item.phrases.join(" / ");
                            let points = item.points;
                            view! { <li><span>{move || lang.text(&line)}</span>" "<small class="policy-phrases">{format!("「{phrases}」 {points:+}")}</small></li> }
                        }).collect_view()}
                    </ul>
                }
            }).collect_view()}
        </div>
    }
}

/// A form for one policy line, added to the policy text (saved with the rest).
#[component]
fn AddItem(text: RwSignal<String>, problems: RwSignal<Vec<PolicyProblem>>) -> impl IntoView {
    let lang = use_lang();
    let kind = RwSignal::new(Kind::Offer);
    let id = RwSignal::new(String::new());
    let line_zh = RwSignal::new(String::new());
    let line_en = RwSignal::new(String::new());
    let phrases = RwSignal::new(String::new());
    let points = RwSignal::new("4".to_string());
    let message_zh = RwSignal::new(String::new());
    let message_en = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = text.get_untracked();
        let mut policy = if current.trim().is_empty() {
            Policy::new(Text::new("本店政策", "Our shop's policy"))
        } else {
            match serde_json::from_str::<Policy>(&current) {
                Ok(p) => p,
                Err(_) => {
                    problems.set(vec![PolicyProblem {
                        file: String::new(),
                        path: String::new(),
                        message: Text::new(
                            "下面的政策文本无法读取，请先改正它再添加。",
                            "The policy text below cannot be read: fix it before adding a line.",
                        ),
                    }]);
                    return;
                }
            }
        };
        let item = Item {
            id: id.get_untracked().trim().to_string(),
            line: Text::new(
                line_zh.get_untracked().trim(),
                line_en.get_untracked().trim(),
            ),
            phrases: phrases
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
            points: points.get_untracked().trim().parse().unwrap_or(0),
            competency: Competency::Integrity,
            message: Text::new(
                message_zh.get_untracked().trim(),
                message_en.get_untracked().trim(),
            ),
        };
        policy.list_mut(kind.get_untracked()).push(item);
        // Checked at once, so a problem shows beside the form.
        let json = policy.to_json();
        problems.set(load("policy.json", &json).err().unwrap_or_default());
        text.set(json);
    };
    let kind_value = move || match kind.get() {
        Kind::Offer => "offers",
        Kind::Fact => "facts",
        Kind::Forbidden => "forbidden",
        Kind::Wanted => "wanted",
    };
    view! {
        <form class="policy-add" on:submit=add>
            <h2>{move || lang.tr("添加一条政策", "Add a policy line")}</h2>
            <label class="field">{move || lang.tr("类型", "Kind")}
                <select class="add-kind" prop:value=kind_value on:change=move |ev| {
                    let k = match event_target_value(&ev).as_str() {
                        "facts" => Kind::Fact,
                        "forbidden" => Kind::Forbidden,
                        "wanted" => Kind::Wanted,
                        _ => Kind::Offer,
                    };
                    points.set(match k { Kind::Forbidden => "-10", Kind::Wanted => "3", _ => "4" }.to_string());
                    kind.set(k);
                }>
                    {Kind::ALL.into_iter().map(|k| {
                        let value = k.field();
                        view! { <option value=value>{move || lang.text(&k.name())}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">{move || lang.tr("编号（小写字母、数字、-）", "Id (lower-case letters, digits, -)")}
                <input type="text" class="add-id" prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/>
            </label>
            <label class="field">{move || lang.tr("政策原文（中文）", "The policy line (Chinese)")}
                <input type="text" class="add-line-zh" prop:value=move || line_zh.get() on:input=move |ev| line_zh.set(event_target_value(&ev))/>
            </label>
            <label class="field">{move || lang.tr("政策原文（英文）", "The policy line (English)")}
                <input type="text" class="add-line-en" prop:value=move || line_en.get() on:input=move |ev| line_en.set(event_target_value(&ev))/>
            </label>
            <label class="field">{move || lang.tr("说法（每行一个）", "Phrases (one per line)")}
                <textarea class="add-phrases" rows="3" prop:value=move || phrases.get() on:input=move |ev| phrases.set(event_target_value(&ev))></textarea>
            </label>
            <label class="field">{move || lang.tr("分值", "Points")}
                <input type="number" class="add-points" min="-40" max="10" prop:value=move || points.get() on:input=move |ev| points.set(event_target_value(&ev))/>
            </label>
            <label class="field">{move || lang.tr("给学员的说明（中文）", "Message to the trainee (Chinese)")}
                <input type="text" class="add-message-zh" prop:value=move || message_zh.get() on:input=move |ev| message_zh.set(event_target_value(&ev))/>
            </label>
            <label class="field">{move || lang.tr("给学员的说明（英文）", "Message to the trainee (English)")}
                <input type="text" class="add-message-en" prop:value=move || message_en.get() on:input=move |ev| message_en.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="secondary add-item">{move || lang.tr("加入政策文本", "Add to the policy text")}</button>
        </form>
    }
}

/// Score a reply with and without the policy in the text box.
#[component]
fn TryReply(text: RwSignal<String>) -> impl IntoView {
    let lang = use_lang();
    let customer = RwSignal::new("能便宜点吗？ Can I get a discount?".to_string());
    let reply = RwSignal::new(String::new());
    let result =
        RwSignal::new(None::<(Assessment, Option<Assessment>, Option<Vec<PolicyProblem>>)>);
    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let customer = customer.get_untracked();
        let reply = reply.get_untracked();
        crate::ui::library::when_rules(move || {
            let request = ScoreRequest {
                customer: &customer,
                reply: &reply,
                archetype: Some("bargainer"),
                expectations: None,
                waited_too_long: false,
            };
            let plain = with_policy(None, || Scorer::builtin().score(&request));
            let (with, problems) = match load("policy.json", &text.get_untracked()) {
                Ok(policy) => (
                    Some(with_policy(Some(&policy), || {
                        Scorer::builtin().score(&request)
                    })),
                    None,
                ),
                Err(p) => (None, Some(p)),
            };
            result.set(Some((plain, with, problems)));
        });
    };
    let findings = move |a: &Assessment| {
        a.findings
            .iter()
            .filter(|f| f.points != 0)
            .map(|f| {
                let message = f.message.clone();
                let points = f.points;
                let rule = f.rule.clone();
                view! { <li data-rule=rule>{format!("{points:+} ")}{move || lang.text(&message)}</li> }
            })
            .collect_view()
    };
    view! {
        <form class="policy-try" on:submit=run>
            <h2>{move || lang.tr("试一句回复", "Try a reply")}</h2>
            <label class="field">{move || lang.tr("顾客说", "The customer says")}
                <input type="text" class="try-customer" prop:value=move || customer.get() on:input=move |ev| customer.set(event_target_value(&ev))/>
            </label>
            <label class="field">{move || lang.tr("你的回复", "Your reply")}
                <textarea class="try-reply" rows="2" prop:value=move || reply.get() on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
            </label>
            <button type="submit" class="primary try-score">{move || lang.tr("评分", "Score it")}</button>
            <div class="try-result" aria-live="polite">
                {move || result.get().map(|(plain, with, problems)| view! {
                    <div class="try-with">
                        <h3>{move || lang.tr("按公司政策", "With the company policy")}</h3>
                        {match with {
                            Some(a) => view! {
                                <p class="try-overall">{move || lang.tr("总分", "Overall")}" "<strong class="overall-with">{a.overall}</strong>" · "{move || lang.tr("诚信", "Integrity")}" "<strong class="integrity-with">{a.scores.get(Competency::Integrity)}</strong></p>
                                <ul class="try-findings">{findings(&a)}</ul>
                            }.into_any(),
                            None => view! { <p class="notice">{move || lang.tr("政策文本有错误，无法使用：", "The policy text has problems and cannot be used: ")}{problems_text(problems.as_deref().unwrap_or_default(), lang.0.get_untracked()).join("; ")}</p> }.into_any(),
                        }}
                    </div>
                    <div class="try-plain">
                        <h3>{move || lang.tr("只用内置规则", "Built-in rules only")}</h3>
                        <p class="try-overall">{move || lang.tr("总分", "Overall")}" "<strong class="overall-plain">{plain.overall}</strong>" · "{move || lang.tr("诚信", "Integrity")}" "<strong class="integrity-plain">{plain.scores.get(Competency::Integrity)}</strong></p>
                        <ul class="try-findings">{findings(&plain)}</ul>
                    </div>
                })}
            </div>
        </form>
    }
}
