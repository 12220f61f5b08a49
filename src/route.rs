//! The app's screens and their URLs. Pure, so the parsing is tested natively;
//! `ui::router` connects it to the browser's location.
//!
//! Served over http(s), a screen is a real path (`/play/angry-late-cake?beginner=1`).
//! Opened from disk (the single-file build), the same path travels in the
//! fragment (`dojo.html#/play/angry-late-cake`), because a `file://` page may
//! not push a new path onto its history.

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
                .map(|&(_, v)| v.to_string())
        };
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] | ["index.html"] => Screen::Catalogue,
            ["progress"] => Screen::Progress,
            ["classroom"] => Screen::Classroom,
            ["classroom", "dashboard"] => Screen::Dashboard,
            ["classroom", "projector", id] => Screen::Projector { id: decode(id) },
            ["classroom", "pair", id] => Screen::Pair { id: decode(id) },
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
            Screen::Projector { id } => format!("/classroom/projector/{id}"),
            Screen::Pair { id } => format!("/classroom/pair/{id}"),
            Screen::Pack { code } => format!("/pack?p={code}"),
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
                format!("/play/{id}{query}")
            }
        }
    }
}

/// Undo percent-encoding of a path segment (scenario ids are plain, but a
/// pasted link may arrive encoded).
fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(value) = u8::from_str_radix(&segment[i + 1..i + 3], 16) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
