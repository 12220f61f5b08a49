//! The browser side of xAPI reporting (issue 17): when a pack names an LRS,
//! each reply, each scenario and the pack as a whole become statements
//! (`lms::xapi`), queued in browser storage (`lms::queue`, one queue per
//! LRS) and sent one at a time, oldest first, with `PUT ?statementId=` so a
//! statement sent twice is stored once.
//!
//! A failure never loses a statement: offline, a time-out, a 5xx or 429
//! retry with back-off; a refused key (401/403) waits the longest delay;
//! each shows its message to the trainee until a statement gets through.
//! The `online` event and every new statement try again at once; a page
//! opened later (any pack naming the same LRS) sends what an earlier one left.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::classroom::Pack;
use crate::engine::Conversation;
use crate::lms::queue::{key_for, Outcome, Queue, TIMEOUT_MS};
use crate::lms::report::{standing, Finished, ReplyReport};
use crate::lms::xapi::{statement_id, Actor, Attempt, LrsConfig, DEFAULT_BASE, XAPI_VERSION};
use crate::lms::LmsError;
use crate::progress::SessionRecord;
use crate::storage;

/// The LRS a pack names, its queue, and what the page shows about it.
pub struct XapiLink {
    pack: Pack,
    url: String,
    authorization: String,
    key: String,
    registration: String,
    started_ms: f64,
    /// Set while a flush is running (one at a time per page).
    sending: bool,
    /// The timer for the next try after a failure (dropping it cancels it).
    timer: Option<gloo_timers::callback::Timeout>,
    /// The queue when browser storage refuses it (only as long as the page lives).
    memory: RefCell<Queue>,
    notice: RwSignal<Option<LmsError>>,
    waiting: RwSignal<usize>,
}

pub type XapiHandle = Rc<RefCell<XapiLink>>;

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// A new attempt's registration: a UUID from the time and a random number.
fn registration(pack_id: &str) -> String {
    let now = js_sys::Date::now().to_string();
    let random = js_sys::Math::random().to_string();
    statement_id(&["registration", pack_id, &now, &random])
}

/// The page's origin and path: the home page of the trainee's account.
fn home_page() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| {
            href.split(['#', '?'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_else(|| DEFAULT_BASE.to_string())
}

impl XapiLink {
    fn attempt(&self, trainee: &str) -> Attempt {
        let name = trainee.trim();
        Attempt {
            actor: Actor {
                name: name.to_string(),
                home_page: home_page(),
                account: name.to_string(),
            },
            registration: self.registration.clone(),
            pack_id: self.pack.id(),
            pack_name: self.pack.name.clone(),
            base: self
                .pack
                .lrs
                .as_ref()
                .and_then(|l| l.activity_base.clone())
                .unwrap_or_else(|| DEFAULT_BASE.to_string()),
        }
    }

    fn load(&self) -> Queue {
        let loaded = storage::load::<Queue>(&self.key);
        if loaded.writable {
            loaded.value
        } else {
            self.memory.borrow().clone()
        }
    }

    /// Write the queue (merged with other tabs' copies); a storage that
    /// refuses is shown, and the queue then lives in the page.
    fn store(&self, queue: &mut Queue) {
        if storage::save_now(&self.key, queue).is_err() {
            // Kept in this page at least, and said so.
            *self.memory.borrow_mut() = queue.clone();
            self.notice.set(Some(LmsError::QueueNotKept));
        }
        self.waiting.set(queue.waiting.len());
    }
}

/// The pack's LRS, if it names one; its queue is flushed at once (what an
/// earlier visit left) and whenever the network returns.
pub fn connect(pack: &Pack, notice: RwSignal<Option<LmsError>>) -> Option<XapiHandle> {
    let lrs: &LrsConfig = pack.lrs.as_ref()?;
    let url = match lrs.statements_url() {
        Ok(url) => url,
        Err(e) => {
            notice.set(Some(e));
            return None;
        }
    };
    let link = Rc::new(RefCell::new(XapiLink {
        key: key_for(&url),
        authorization: lrs.authorization(),
        url,
        registration: registration(&pack.id()),
        pack: pack.clone(),
        started_ms: js_sys::Date::now(),
        sending: false,
        timer: None,
        memory: RefCell::new(Queue::default()),
        notice,
        waiting: RwSignal::new(0),
    }));
    if let Some(window) = web_sys::window() {
        let weak = Rc::downgrade(&link);
        let closure = Closure::<dyn FnMut()>::new(move || {
            if let Some(link) = weak.upgrade() {
                {
                    let l = link.borrow();
                    let mut queue = l.load();
                    queue.online(js_sys::Date::now());
                    l.store(&mut queue);
                }
                flush(link);
            }
        });
        let _ = window.add_event_listener_with_callback("online", closure.as_ref().unchecked_ref());
        closure.forget();
    }
    flush(link.clone());
    Some(link)
}

/// Queue statements, then try to send.
fn enqueue(link: &XapiHandle, statements: Vec<Value>) {
    {
        let l = link.borrow();
        let mut queue = l.load();
        let now = js_sys::Date::now();
        for statement in statements {
            queue.push(statement, now);
        }
        l.store(&mut queue);
    }
    flush(link.clone());
}

/// After each reply: `answered`.
pub fn reply(
    link: &XapiHandle,
    trainee: &str,
    position: usize,
    conversation: &Conversation,
    latency_ms: f64,
) {
    let Some(exchange) = conversation.exchanges.last() else {
        return;
    };
    let statement = {
        let l = link.borrow();
        l.attempt(trainee).answered(
            position,
            &ReplyReport {
                scenario: &conversation.scenario,
                turn: &exchange.turn,
                number: conversation.exchanges.len(),
                reply: &exchange.reply,
                assessment: &exchange.assessment,
                latency_ms,
                at_ms: js_sys::Date::now(),
                pass: &l.pack.pass,
            },
        )
    };
    enqueue(link, vec![statement]);
}

/// After each scenario: `completed`, and `passed`/`failed` when the pack sets marks;
/// after the last one, the same for the pack.
pub fn scenario_finished(
    link: &XapiHandle,
    trainee: &str,
    position: usize,
    record: &SessionRecord,
    all: &[SessionRecord],
) {
    let statements = {
        let l = link.borrow();
        let attempt = l.attempt(trainee);
        let now = js_sys::Date::now();
        let mut out = attempt.scenario_done(
            position,
            &record.scenario,
            &record.scores,
            record.overall,
            &l.pack.pass,
            record.finished_ms - record.started_ms,
            now,
        );
        let total = l.pack.scenarios.len();
        if all.len() >= total {
            let done: Vec<Finished> = all
                .iter()
                .map(|r| Finished {
                    scores: r.scores,
                    overall: r.overall,
                })
                .collect();
            let s = standing(&l.pack.pass, &done, total);
            out.extend(attempt.pack_done(&s, now - l.started_ms, now));
        }
        out
    };
    enqueue(link, statements);
}

/// Send what is due, oldest first, until the queue is empty or a try fails
/// (then a timer for the back-off). One flush at a time per page.
fn flush(link: XapiHandle) {
    {
        let mut l = link.borrow_mut();
        if l.sending {
            return;
        }
        l.sending = true;
        l.timer = None;
    }
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            let (due, url, authorization) = {
                let l = link.borrow();
                let queue = l.load();
                l.waiting.set(queue.waiting.len());
                match queue.due(js_sys::Date::now()) {
                    Some(q) => (q.clone(), l.url.clone(), l.authorization.clone()),
                    None => {
                        drop(l);
                        schedule(&link, queue.wake_at());
                        break;
                    }
                }
            };
            let outcome = send(&url, &authorization, &due.id, &due.statement).await;
            let l = link.borrow();
            // Read again: another tab may have sent or queued meanwhile.
            let mut queue = l.load();
            let error = queue.answered(&due.id, outcome, js_sys::Date::now());
            l.store(&mut queue);
            let failed = error.is_some();
            if failed || l.notice.get_untracked() != Some(LmsError::QueueNotKept) {
                l.notice.set(error);
            }
            drop(l);
            if failed {
                schedule(&link, queue.wake_at());
                break;
            }
        }
        link.borrow_mut().sending = false;
    });
}

/// Try again at `at` (ms since the epoch).
fn schedule(link: &XapiHandle, at: Option<f64>) {
    let Some(at) = at else {
        return;
    };
    let delay = (at - js_sys::Date::now()).clamp(0.0, 600_000.0) as u32;
    let weak = Rc::downgrade(link);
    let timer = gloo_timers::callback::Timeout::new(delay.max(50), move || {
        if let Some(link) = weak.upgrade() {
            flush(link);
        }
    });
    link.borrow_mut().timer = Some(timer);
}

/// `PUT statements?statementId=…` with the key, the xAPI version and a time-out.
async fn send(url: &str, authorization: &str, id: &str, statement: &Value) -> Outcome {
    let Some(window) = web_sys::window() else {
        return Outcome::Offline;
    };
    let window: JsValue = window.into();
    let online = get(&window, "navigator")
        .and_then(|n| get(&n, "onLine"))
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    if !online {
        return Outcome::Offline;
    }
    let headers = Object::new();
    set(&headers, "Authorization", &authorization.into());
    set(&headers, "X-Experience-API-Version", &XAPI_VERSION.into());
    set(&headers, "Content-Type", &"application/json".into());
    let init = Object::new();
    set(&init, "method", &"PUT".into());
    set(&init, "headers", &headers);
    set(&init, "body", &statement.to_string().into());
    set(&init, "cache", &"no-store".into());
    // AbortSignal.timeout: the fetch rejects with a TimeoutError.
    if let Some(timeout) = get(&window, "AbortSignal")
        .and_then(|s| get(&s, "timeout").map(|f| (s, f)))
        .and_then(|(s, f)| f.dyn_into::<Function>().ok().map(|f| (s, f)))
        .and_then(|(s, f)| f.call1(&s, &JsValue::from(TIMEOUT_MS)).ok())
    {
        set(&init, "signal", &timeout);
    }
    let target = format!(
        "{url}?statementId={}",
        String::from(js_sys::encode_uri_component(id))
    );
    let Some(fetch) = get(&window, "fetch").and_then(|f| f.dyn_into::<Function>().ok()) else {
        return Outcome::Offline;
    };
    let promise = match fetch.call2(&window, &target.into(), &init) {
        Ok(p) => p,
        Err(_) => return Outcome::Offline,
    };
    match JsFuture::from(js_sys::Promise::from(promise)).await {
        Ok(response) => match response.dyn_into::<web_sys::Response>() {
            Ok(r) => Outcome::of_status(r.status()),
            Err(_) => Outcome::Offline,
        },
        Err(error) => {
            let name = get(&error, "name")
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            if name == "TimeoutError" || name == "AbortError" {
                Outcome::Timeout
            } else {
                // A network failure (or an LRS that sends no CORS headers: the
                // browser hides which): kept and retried.
                Outcome::Offline
            }
        }
    }
}

/// What the pack page shows: the LRS's message and how many statements wait.
#[component]
pub fn XapiStatus(link: XapiHandle) -> impl IntoView {
    let lang = crate::ui::use_lang();
    let (notice, waiting) = {
        let l = link.borrow();
        (l.notice, l.waiting)
    };
    view! {
        {move || notice.get().map(|e| view! { <p role="alert" class="pack-error xapi-notice">{move || lang.text(&e.message())}</p> })}
        <p class="hint xapi-waiting" aria-live="polite" data-waiting=move || waiting.get().to_string()>
            {move || match waiting.get() {
                0 => String::new(),
                n => format!("{} {n}", lang.tr("等待发送到 LRS 的学习记录：", "Statements waiting for the LRS:")),
            }}
        </p>
    }
}
