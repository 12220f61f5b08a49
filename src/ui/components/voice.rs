//! Voice for phone scenarios: the customer's lines are spoken with the
//! browser's speech synthesis (system voices, so it works offline), in the
//! line's language, with the mood as tone of voice (`engine::voice::Tone`).
//! "Listen first" hides a line's text until it has been heard once, as on a
//! real call. Where no voice for the language is installed the page says so
//! plainly and shows the text. Typed replies stay the input.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

use crate::engine::voice::{speech_lang, voice_speaks, Tone};
use crate::i18n::Lang;
use crate::scenario::Mood;
use crate::ui::use_lang;

/// Voices load asynchronously in some browsers: wait this long for the list
/// before deciding that none is installed.
const VOICES_WAIT_MS: u32 = 600;

/// The voice settings and state of one conversation.
#[derive(Clone, Copy)]
pub struct Voice {
    /// Speak the customer's lines.
    pub on: RwSignal<bool>,
    /// Hide a line's text until it has been heard.
    pub listen_first: RwSignal<bool>,
    /// Lines before this index (counting the customer's lines from 0) have
    /// been heard or shown in full.
    pub heard: RwSignal<usize>,
    /// `Some(false)`: no voice for the UI language is installed.
    pub available: RwSignal<Option<bool>>,
}

fn synth() -> Option<web_sys::SpeechSynthesis> {
    web_sys::window()?.speech_synthesis().ok()
}

/// Some voice of the browser speaks `lang`; `None` while the list is empty.
fn has_voice(lang: Lang) -> Option<bool> {
    let voices = synth()?.get_voices();
    if voices.length() == 0 {
        return None;
    }
    Some(voices.iter().any(|v| {
        let voice: web_sys::SpeechSynthesisVoice = v.unchecked_into();
        voice_speaks(&voice.lang(), lang)
    }))
}

impl Voice {
    pub fn new() -> Voice {
        // Asking once starts loading the list where it loads lazily.
        if let Some(s) = synth() {
            let _ = s.get_voices();
        }
        Voice {
            on: RwSignal::new(true),
            listen_first: RwSignal::new(false),
            heard: RwSignal::new(0),
            available: RwSignal::new(None),
        }
    }

    /// Whether line `index`'s text is hidden for now (listen first).
    pub fn hides(self, index: usize) -> bool {
        self.on.get()
            && self.listen_first.get()
            && self.available.get() != Some(false)
            && self.heard.get() <= index
    }

    fn mark_heard(self, index: usize) {
        let _ = self.heard.try_update(|h| *h = (*h).max(index + 1));
    }

    /// Speak line `index`; it counts as heard when done, or at once when it
    /// cannot be spoken (voice off, no voice installed).
    pub fn say(self, index: usize, text: String, lang: Lang, mood: Mood) {
        self.say_or_wait(index, text, lang, mood, true);
    }

    fn say_or_wait(self, index: usize, text: String, lang: Lang, mood: Mood, may_wait: bool) {
        // The retry below runs later: the screen may be gone by then (its
        // signals disposed), and reading them would panic and blank the app.
        let Some(on) = self.on.try_get_untracked() else {
            return;
        };
        if !on {
            self.mark_heard(index);
            return;
        }
        let Some(synth) = synth() else {
            let _ = self.available.try_set(Some(false));
            self.mark_heard(index);
            return;
        };
        match has_voice(lang) {
            None if may_wait => {
                Timeout::new(VOICES_WAIT_MS, move || {
                    self.say_or_wait(index, text, lang, mood, false)
                })
                .forget();
                return;
            }
            Some(true) => {}
            _ => {
                let _ = self.available.try_set(Some(false));
                self.mark_heard(index);
                return;
            }
        }
        let _ = self.available.try_set(Some(true));
        let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(&text) else {
            self.mark_heard(index);
            return;
        };
        let tone = Tone::for_mood(mood);
        utterance.set_lang(speech_lang(lang));
        utterance.set_rate(tone.rate);
        utterance.set_pitch(tone.pitch);
        utterance.set_volume(tone.volume);
        let on_end = Closure::once_into_js(move || self.mark_heard(index));
        let on_error = Closure::once_into_js(move || self.mark_heard(index));
        utterance.set_onend(Some(on_end.unchecked_ref()));
        utterance.set_onerror(Some(on_error.unchecked_ref()));
        // A new line interrupts the old one, as a caller would.
        synth.cancel();
        synth.speak(&utterance);
    }

    /// Stop speaking (leaving the page, switching voice off).
    pub fn stop(self) {
        if let Some(s) = synth() {
            s.cancel();
        }
    }
}

/// The voice switches for a phone scenario, and the plain notice when the
/// device has no voice for the language.
#[component]
pub fn VoiceControls(
    /// The conversation's voice.
    voice: Voice,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="voice-controls">
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || voice.on.get() on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    voice.on.set(on);
                    if !on { voice.stop(); voice.heard.set(usize::MAX); }
                }/>
                {move || lang.tr("朗读顾客的话（语音）", "Speak the customer's lines aloud")}
            </label>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || voice.listen_first.get() prop:disabled=move || !voice.on.get()
                    on:change=move |ev| voice.listen_first.set(event_target_checked(&ev))/>
                {move || lang.tr("先听后看（听完一遍再显示文字）", "Listen first (text appears once you have heard it)")}
            </label>
            {move || (voice.on.get() && voice.available.get() == Some(false)).then(|| view! {
                <p class="voice-missing" role="status">
                    {move || lang.tr(
                        "这台设备没有安装中文语音，顾客的话以文字显示。（可在系统设置里添加语音。）",
                        "This device has no English voice installed, so the customer's lines are shown as text. (Voices can be added in the system settings.)",
                    )}
                </p>
            })}
        </div>
    }
}
