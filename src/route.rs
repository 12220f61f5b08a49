//! The app's screens and their URLs. Pure, so the parsing is tested natively;
//! `ui::router` connects it to the browser's location.
//!
//! Served over http(s), a screen is a real path (`/play/angry-late-cake?beginner=1`).
//! Opened from disk (the single-file build), the same path travels in the
//! fragment (`dojo.html#/play/angry-late-cake`), because a `file://` page may
//! not push a new path onto its history.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// One screen of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    Catalogue,
    Play {
        id: String,
        assessment: bool,
        beginner: bool,
    },
    Progress,
    /// The trainer's page: build a pack; links to the dashboard, projector and pair modes.
    Classroom,
    /// A trainee opening a pack link; the pack travels as a code.
    Pack {
        code: String,
    },
    Dashboard,
    Projector {
        id: String,
    },
    Pair {
        id: String,
    },
    /// Several customers at once; `ids` chosen in the URL (`/rush?s=a,b,c`) or on the page.
    Rush {
        ids: Vec<String>,
    },
    /// The scenario editor: the drafts, or the draft of scenario `id`
    /// (a My scenarios id opens a draft of it).
    Editor {
        id: Option<String>,
    },
    /// The trainer's own scenarios in this browser.
    MyScenarios,
    /// The company policy the scorer takes into account.
    Policy,
    NotFound,
}

impl Screen {
    /// Parse a path with an optional query (`/play/x?mode=assessment&beginner=1`).
    pub fn parse(path_and_query: &str) -> Screen {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let query: Vec<(&str, &str)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
            .collect();
        let has = |key: &str, value: &str| query.iter().any(|&(k, v)| k == key && v == value);
        let get = |key: &str| {
            query
                .iter()
                .find(|&&(k, _)| k == key)
                .map(|&(_, v)| decode(v))
        };
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] | ["index.html"] => Screen::Catalogue,
            ["progress"] => Screen::Progress,
            ["classroom"] => Screen::Classroom,
            ["classroom", "dashboard"] => Screen::Dashboard,
            ["classroom", "projector", id] => Screen::Projector { id: decode(id) },
            ["classroom", "pair", id] => Screen::Pair { id: decode(id) },
            ["rush"] => Screen::Rush {
                ids: get("s")
                    .map(|s| {
                        s.split(',')
                            .filter(|id| !id.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            ["editor"] => Screen::Editor {
                id: get("id").filter(|id| !id.is_empty()),
            },
            ["my-scenarios"] => Screen::MyScenarios,
            ["policy"] => Screen::Policy,
            ["pack"] => Screen::Pack {
                code: get("p").unwrap_or_default(),
            },
            ["play", id] if !id.is_empty() => Screen::Play {
                id: decode(id),
                assessment: has("mode", "assessment"),
                beginner: has("beginner", "1"),
            },
            _ => Screen::NotFound,
        }
    }

    /// The path (and query) of this screen.
    pub fn path(&self) -> String {
        match self {
            Screen::Catalogue => "/".into(),
            Screen::Progress => "/progress".into(),
            Screen::NotFound => "/not-found".into(),
            Screen::Classroom => "/classroom".into(),
            Screen::Dashboard => "/classroom/dashboard".into(),
            Screen::Projector { id } => format!("/classroom/projector/{}", encode_segment(id)),
            Screen::Pair { id } => format!("/classroom/pair/{}", encode_segment(id)),
            Screen::Pack { code } => format!("/pack?p={}", encode_value(code)),
            Screen::MyScenarios => "/my-scenarios".into(),
            Screen::Policy => "/policy".into(),
            Screen::Editor { id: None } => "/editor".into(),
            Screen::Editor { id: Some(id) } => format!("/editor?id={}", encode_value(id)),
            Screen::Rush { ids } if ids.is_empty() => "/rush".into(),
            Screen::Rush { ids } => format!(
                "/rush?s={}",
                ids.iter()
                    .map(|id| encode_value(id))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Screen::Play {
                id,
                assessment,
                beginner,
            } => {
                let mut query = Vec::new();
                if *assessment {
                    query.push("mode=assessment");
                }
                if *beginner {
                    query.push("beginner=1");
                }
                let query = if query.is_empty() {
                    String::new()
                } else {
                    format!("?{}", query.join("&"))
                };
                format!("/play/{}{query}", encode_segment(id))
            }
        }
    }
}

/// Characters escaped in a path segment: everything that would end or split
/// it (`/ ? # %`), spaces, controls, and non-ASCII (as browsers do).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Characters escaped in a query value: those of a segment, plus `&`, `=`, `+`.
const QUERY_VALUE: &AsciiSet = &SEGMENT.add(b'&').add(b'=').add(b'+');

/// Undo percent-encoding (a pasted link may arrive encoded). Never panics:
/// a stray `%`, a `%` before a multi-byte character or an escape that does
/// not decode to UTF-8 is kept or replaced (U+FFFD), never sliced through.
fn decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

fn encode_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        for screen in [
            Screen::Catalogue,
            Screen::Progress,
            Screen::Classroom,
            Screen::Dashboard,
            Screen::Projector { id: "a".into() },
            Screen::Pair { id: "b".into() },
            Screen::Rush { ids: vec![] },
            Screen::Editor { id: None },
            Screen::Editor {
                id: Some("my-cake-shop".into()),
            },
            Screen::Rush {
                ids: vec!["angry-late-cake".into(), "chatter-retiree".into()],
            },
            Screen::Pack {
                code: "eyJ4Ijo".into(),
            },
            Screen::Play {
                id: "angry-late-cake".into(),
                assessment: true,
                beginner: true,
            },
            Screen::Play {
                id: "x".into(),
                assessment: false,
                beginner: false,
            },
        ] {
            assert_eq!(Screen::parse(&screen.path()), screen);
        }
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert_eq!(Screen::parse("/nope"), Screen::NotFound);
        assert_eq!(Screen::parse("/play/"), Screen::NotFound);
        assert_eq!(Screen::parse("/play/a/b"), Screen::NotFound);
        assert_eq!(Screen::parse(""), Screen::Catalogue);
        assert_eq!(Screen::parse("/index.html"), Screen::Catalogue);
    }

    #[test]
    fn malformed_escapes_do_not_panic() {
        // Issue 13 item 7: slicing inside "é" used to panic (and blank the app).
        for input in [
            "/play/%aé",
            "/play/%é",
            "/play/%",
            "/play/%%",
            "/play/%zz",
            "/play/a%e9b",
            "/classroom/pair/%aé",
            "/classroom/projector/%",
            "/pack?p=%aé",
            "/play/x?mode=%aé&beginner=%",
        ] {
            let _ = Screen::parse(input);
        }
        assert_eq!(
            Screen::parse("/play/%aé"),
            Screen::Play {
                id: "%aé".into(),
                assessment: false,
                beginner: false
            }
        );
        // An escape that is not UTF-8 becomes U+FFFD, it is not dropped silently.
        assert_eq!(
            Screen::parse("/play/a%e9b"),
            Screen::Play {
                id: "a\u{FFFD}b".into(),
                assessment: false,
                beginner: false
            }
        );
    }

    #[test]
    fn ids_with_reserved_characters_round_trip() {
        for id in ["a/b", "a?b", "a#b", "50%", "王芳", "a b", "%aé", "x&y=z"] {
            let screen = Screen::Play {
                id: id.into(),
                assessment: false,
                beginner: true,
            };
            let path = screen.path();
            assert!(path.is_ascii(), "{path}");
            assert_eq!(Screen::parse(&path), screen, "{path}");
            let pair = Screen::Pair { id: id.into() };
            assert_eq!(Screen::parse(&pair.path()), pair);
        }
        assert_eq!(Screen::parse("/play/%E7%8E%8B"), Screen::parse("/play/王"));
    }

    #[test]
    fn encoded_ids_are_decoded() {
        assert_eq!(
            Screen::parse("/play/angry%2Dcake"),
            Screen::Play {
                id: "angry-cake".into(),
                assessment: false,
                beginner: false
            }
        );
    }
}
#[cfg(test)]
mod pack_tests {
    use super::*;
    #[test]
    fn pack_code_is_read_from_the_query() {
        assert_eq!(
            Screen::parse("/pack?p=abc"),
            Screen::Pack { code: "abc".into() }
        );
    }
}
