//! A small router over `route::Screen`: real paths over http(s), the same
//! paths in the fragment when the page was opened from disk (a `file://` page
//! may not push a new path onto its history). The back button works in both.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::route::Screen;

/// The current screen, and how to move to another one.
#[derive(Clone, Copy)]
pub struct Navigator {
    pub screen: RwSignal<Screen>,
    from_disk: bool,
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

fn current_path(from_disk: bool) -> String {
    let Some(location) = location() else {
        return "/".into();
    };
    if from_disk {
        let hash = location.hash().unwrap_or_default();
        let path = hash.trim_start_matches('#');
        if path.is_empty() {
            "/".into()
        } else {
            path.to_string()
        }
    } else {
        let mut path = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        // A pack link over http carries the pack in the fragment: `/pack#p=<code>`.
        if let Some(code) = location.hash().unwrap_or_default().strip_prefix("#p=") {
            path.push(if path.contains('?') { '&' } else { '?' });
            path.push_str("p=");
            path.push_str(code);
        }
        path
    }
}

impl Navigator {
    /// A full link to a pack, to share: the pack travels in the fragment.
    pub fn pack_link(&self, code: &str) -> String {
        let Some(location) = location() else {
            return String::new();
        };
        let base = format!(
            "{}//{}{}",
            location.protocol().unwrap_or_default(),
            location.host().unwrap_or_default(),
            if self.from_disk {
                location.pathname().unwrap_or_default()
            } else {
                String::new()
            }
        );
        if self.from_disk {
            format!("{base}#/pack?p={code}")
        } else {
            format!("{base}/pack#p={code}")
        }
    }

    /// What to put in an `<a href>` for a path.
    pub fn href(&self, path: &str) -> String {
        if self.from_disk {
            format!("#{path}")
        } else {
            path.to_string()
        }
    }

    pub fn go(&self, path: &str) {
        if self.from_disk {
            if let Some(location) = location() {
                let _ = location.set_hash(path);
            }
        } else if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(path));
        }
        self.screen.set(Screen::parse(path));
        // A new screen starts at the top, with focus on its content for screen readers.
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            if let Some(main) = window.document().and_then(|d| d.get_element_by_id("main")) {
                if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                    let _ = main.focus();
                }
            }
        }
    }
}

/// Create the navigator, follow the back and forward buttons, and share it.
pub fn provide_navigator() -> Navigator {
    let from_disk = location().and_then(|l| l.protocol().ok()).as_deref() == Some("file:");
    let navigator = Navigator {
        screen: RwSignal::new(Screen::parse(&current_path(from_disk))),
        from_disk,
    };
    if let Some(window) = web_sys::window() {
        let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            navigator
                .screen
                .set(Screen::parse(&current_path(from_disk)));
        });
        let event = if from_disk { "hashchange" } else { "popstate" };
        let _ = window.add_event_listener_with_callback(event, on_change.as_ref().unchecked_ref());
        // Lives as long as the page.
        on_change.forget();
    }
    provide_context(navigator);
    navigator
}

pub fn use_navigator() -> Navigator {
    expect_context::<Navigator>()
}

/// An in-app link: a real `<a href>` (open in a new tab works), navigated
/// without a reload; marked `aria-current="page"` on its own screen.
#[component]
pub fn Link(
    /// The path to go to, e.g. `/play/angry-late-cake`.
    #[prop(into)]
    href: String,
    /// Extra classes for the anchor.
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    let navigator = use_navigator();
    let target = Screen::parse(&href);
    let shown = navigator.href(&href);
    let current = move || (navigator.screen.get() == target).then_some("page");
    let follow = move |ev: leptos::ev::MouseEvent| {
        if ev.button() == 0 && !ev.ctrl_key() && !ev.meta_key() && !ev.shift_key() && !ev.alt_key()
        {
            ev.prevent_default();
            navigator.go(&href);
        }
    };
    view! {
        <a href=shown class=class aria-current=current on:click=follow>
            {children()}
        </a>
    }
}
