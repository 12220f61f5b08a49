//! A small router over `route::Screen`: every screen travels in the fragment
//! (`…/folder/#/play/angry-late-cake`), over http(s) as from disk, so the app
//! works on any static host with no fallback, in any folder, and from a
//! `file://` page (which may not push a new path). An older path link
//! (`/play/x`, `/pack#p=…`) is rewritten to that form on arrival (see
//! `hosting`). The back button works everywhere.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::hosting;
use crate::route::Screen;

/// The current screen, and how to move to another one.
#[derive(Clone, Copy)]
pub struct Navigator {
    pub screen: RwSignal<Screen>,
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The screen path in the fragment (`#/play/x` → `/play/x`).
fn current_path() -> String {
    let hash = location().and_then(|l| l.hash().ok()).unwrap_or_default();
    let path = hash.trim_start_matches('#');
    if path.starts_with('/') {
        path.to_string()
    } else {
        "/".into()
    }
}

/// Over http(s), an older path link (`/sub/play/x?beginner=1`, `/pack#p=…`)
/// becomes `/sub/#/play/x?beginner=1` without a reload.
fn rewrite_path_link() {
    let Some(location) = location() else {
        return;
    };
    if location.protocol().ok().as_deref() == Some("file:") {
        return;
    }
    let pathname = location.pathname().unwrap_or_default();
    let (base, Some(mut route)) = hosting::split_path(&pathname) else {
        return;
    };
    route.push_str(&location.search().unwrap_or_default());
    if let Some(code) = location.hash().unwrap_or_default().strip_prefix("#p=") {
        route.push(if route.contains('?') { '&' } else { '?' });
        route.push_str("p=");
        route.push_str(code);
    }
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ =
            history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{base}#{route}")));
    }
}

impl Navigator {
    /// A full link to a pack, to share: the app's page, the pack in the fragment.
    pub fn pack_link(&self, code: &str) -> String {
        let page = location().and_then(|l| l.href().ok()).unwrap_or_default();
        hosting::share_link(&page, &format!("/pack?p={code}"))
    }

    /// Whether links to this page only open on this computer (127.0.0.1,
    /// localhost, a file on this disk): the trainer must be told.
    pub fn is_local(&self) -> bool {
        location().is_some_and(|l| {
            hosting::is_local(
                &l.protocol().unwrap_or_default(),
                &l.hostname().unwrap_or_default(),
            )
        })
    }

    /// What to put in an `<a href>` for a path.
    pub fn href(&self, path: &str) -> String {
        format!("#{path}")
    }

    pub fn go(&self, path: &str) {
        if let Some(location) = location() {
            let _ = location.set_hash(path);
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
    rewrite_path_link();
    let navigator = Navigator {
        screen: RwSignal::new(Screen::parse(&current_path())),
    };
    if let Some(window) = web_sys::window() {
        let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            // `go` already showed it; a second set would rebuild the screen.
            let next = Screen::parse(&current_path());
            if navigator.screen.get_untracked() != next {
                navigator.screen.set(next);
            }
        });
        let _ = window
            .add_event_listener_with_callback("hashchange", on_change.as_ref().unchecked_ref());
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
