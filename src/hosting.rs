//! Where the app lives, and what a link to it may carry. Pure, tested
//! natively; `ui::router` applies it to the browser's location.
//!
//! The app is one page in one folder (`https://host/any/folder/`), so it runs
//! on any static host with no single-page-app fallback (GitHub Pages, an
//! intranet folder, a USB stick): every screen travels in the fragment
//! (`…/folder/#/play/angry-late-cake`), which the server never sees. An older
//! path link (`/play/x`, `/pack#p=…`) still opens where a server or the
//! service worker answers it with the page: `index.html` then sets the
//! document's base to the app's folder (the same rule as [`split_path`], in
//! JavaScript) and the router rewrites the address to the fragment form.

/// The first path segments of the app's screens (see `route::Screen::parse`).
pub const ROUTE_SEGMENTS: [&str; 9] = [
    "play",
    "progress",
    "classroom",
    "pack",
    "rush",
    "editor",
    "my-scenarios",
    "policy",
    "not-found",
];

/// Split a location's path into the app's folder and a screen path:
/// `/sub/play/x` → (`/sub/`, `Some("/play/x")`); `/sub/` → (`/sub/`, `None`).
/// The screen starts at the first segment that names one.
pub fn split_path(pathname: &str) -> (String, Option<String>) {
    let mut start = 0;
    for segment in pathname.split('/') {
        let end = start + segment.len();
        if ROUTE_SEGMENTS.contains(&segment) && start > 0 {
            return (
                pathname[..start].to_string(),
                Some(pathname[start - 1..].to_string()),
            );
        }
        start = end + 1;
    }
    (pathname.to_string(), None)
}

/// Whether a link to this place can only be opened on this computer: a file
/// on its disk, or a loopback or unspecified address.
pub fn is_local(protocol: &str, hostname: &str) -> bool {
    let host = hostname
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    protocol == "file:"
        || host.is_empty()
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "::1"
        || host == "0.0.0.0"
        || host == "::"
}

/// The link to share for a screen path: the app's page with the screen in
/// the fragment (`https://host/folder/#/pack?p=…`).
pub fn share_link(page: &str, screen_path: &str) -> String {
    let page = page.split('#').next().unwrap_or(page);
    let page = page.split('?').next().unwrap_or(page);
    format!("{page}#{screen_path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_splits_at_the_first_screen_segment() {
        let split = |p: &str| split_path(p);
        assert_eq!(split("/"), ("/".into(), None));
        assert_eq!(split("/index.html"), ("/index.html".into(), None));
        assert_eq!(split("/play/x"), ("/".into(), Some("/play/x".into())));
        assert_eq!(
            split("/sub/dojo/play/x"),
            ("/sub/dojo/".into(), Some("/play/x".into()))
        );
        assert_eq!(
            split("/sub/classroom/pair/play"),
            ("/sub/".into(), Some("/classroom/pair/play".into()))
        );
        assert_eq!(split("/sub/pack"), ("/sub/".into(), Some("/pack".into())));
        assert_eq!(split("/sub/"), ("/sub/".into(), None));
        assert_eq!(split("/playground/"), ("/playground/".into(), None));
        assert_eq!(
            split("/a/é/progress"),
            ("/a/é/".into(), Some("/progress".into()))
        );
    }

    #[test]
    fn every_screen_path_and_both_javascript_copies_of_the_rule_agree() {
        use crate::route::Screen;
        let screens = [
            Screen::Catalogue,
            Screen::Progress,
            Screen::Classroom,
            Screen::Dashboard,
            Screen::NotFound,
            Screen::Pack { code: "x".into() },
            Screen::Play {
                id: "x".into(),
                assessment: false,
                beginner: false,
            },
            Screen::Projector { id: "x".into() },
            Screen::Pair { id: "x".into() },
            Screen::Rush {
                ids: vec!["x".into()],
            },
            Screen::Editor { id: None },
            Screen::MyScenarios,
            Screen::Policy,
        ];
        for screen in screens {
            let path = screen.path();
            let pathname = path.split('?').next().unwrap();
            let (base, route) = split_path(pathname);
            if screen == Screen::Catalogue {
                assert_eq!((base.as_str(), route), ("/", None));
            } else {
                assert_eq!(route.as_deref(), Some(pathname), "{path}");
            }
        }
        // index.html (the base folder) and the service worker (its own pages)
        // repeat the list in JavaScript.
        let alternation = format!("({})", ROUTE_SEGMENTS.join("|"));
        for (file, text) in [
            ("index.html", include_str!("../index.html")),
            (
                "tools/service-worker.mjs",
                include_str!("../tools/service-worker.mjs"),
            ),
        ] {
            assert!(
                text.contains(&alternation),
                "{file} must list {alternation}"
            );
        }
    }

    #[test]
    fn links_that_only_work_here_are_recognised() {
        assert!(is_local("http:", "127.0.0.1"));
        assert!(is_local("http:", "127.1.2.3"));
        assert!(is_local("http:", "localhost"));
        assert!(is_local("http:", "[::1]"));
        assert!(is_local("file:", ""));
        assert!(!is_local("https:", "training.example.com"));
        assert!(!is_local("http:", "192.168.1.20"));
    }

    #[test]
    fn the_share_link_puts_the_screen_in_the_fragment_of_the_page() {
        assert_eq!(
            share_link("https://h/sub/?x=1#/classroom", "/pack?p=abc"),
            "https://h/sub/#/pack?p=abc"
        );
        assert_eq!(
            share_link("file:///media/usb/service-dojo.html", "/pack?p=abc"),
            "file:///media/usb/service-dojo.html#/pack?p=abc"
        );
    }
}
