//! The SCORM package: a zip holding `imsmanifest.xml` at its root, the
//! built app (launched at `index.html`) and the pack (`pack.json`). Made the
//! same way natively (`dojo scorm`) and in the browser: the caller supplies
//! the app's files as bytes, this module checks their paths and writes the
//! zip in memory.
//!
//! The LMS launches `index.html` with the item's `parameters` appended:
//! `#/pack?p=<code>`, the pack as in a share link, so the app opens the pack
//! exactly as a trainee's link would. `pack.json` carries the same pack for
//! a person (or a later app) reading the package.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::manifest::{manifest, ManifestSpec};
use super::{LmsError, Scorm};
use crate::classroom::Pack;

/// The page the LMS launches.
pub const LAUNCH: &str = "index.html";
/// The pack, inside the package.
pub const PACK_FILE: &str = "pack.json";
pub const MANIFEST_FILE: &str = "imsmanifest.xml";
/// Many LMSs refuse uploads past a few hundred MB; the app is a few MB, so
/// anything near this is a mistake (a wrong folder given as the app).
pub const MAX_PACKAGE_BYTES: usize = 200_000_000;

/// One file of the built app, by its path relative to the app's folder.
#[derive(Clone, Debug, PartialEq)]
pub struct AppFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Whether a file of the built app belongs in the package: not the
/// precompressed copies a static host serves (`.br`, `.gz` beside each
/// file: the LMS serves the plain one), not hidden files, and not a file
/// the package writes itself.
pub fn wanted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    !(name.starts_with('.')
        || path.ends_with(".br")
        || path.ends_with(".gz")
        || path == MANIFEST_FILE
        || path == PACK_FILE)
}

/// A relative path with `/` separators that stays inside the package.
pub fn check_path(path: &str) -> Result<(), LmsError> {
    let unsafe_path = path.is_empty()
        || path.starts_with('/')
        || path.contains('\\')
        || path.contains(':')
        || path
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..");
    if unsafe_path {
        return Err(LmsError::UnsafePath(path.to_string()));
    }
    Ok(())
}

/// The launch page must link to the app's files relatively: an LMS serves
/// the package from a folder of its own (`/pluginfile.php/…/index.html`),
/// where a link to `/app.js` reaches the LMS's own root.
pub fn check_relative(index_html: &str) -> Result<(), LmsError> {
    for attr in ["src=\"/", "href=\"/", "src='/", "href='/"] {
        for (at, _) in index_html.match_indices(attr) {
            // `//host/…` is another site, not this one's root; leave it be.
            if index_html[at + attr.len()..].starts_with('/') {
                continue;
            }
            let link: String = index_html[at..]
                .chars()
                .take_while(|c| *c != '>' && *c != ' ')
                .take(80)
                .collect();
            return Err(LmsError::RootBuild(link));
        }
    }
    Ok(())
}

/// What the LMS appends to the launch page: the pack, as in a share link.
pub fn launch_parameters(pack: &Pack) -> String {
    format!("#/pack?p={}", pack.to_code())
}

/// Already compressed formats are stored; deflating them again costs time for nothing.
fn method(path: &str) -> CompressionMethod {
    let lower = path.to_ascii_lowercase();
    if [".png", ".jpg", ".jpeg", ".webp", ".woff2", ".zip"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    }
}

/// The zip of a pack and the app's files, for one SCORM version. Files not
/// [`wanted`] are left out; the result is the same bytes for the same input.
pub fn build(version: Scorm, pack: &Pack, app: &[AppFile]) -> Result<Vec<u8>, LmsError> {
    let mut files: Vec<&AppFile> = app.iter().filter(|f| wanted(&f.path)).collect();
    for file in &files {
        check_path(&file.path)?;
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(pair) = files.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(LmsError::DuplicatePath(pair[0].path.clone()));
    }
    let Some(index) = files.iter().find(|f| f.path == LAUNCH) else {
        return Err(LmsError::NoLaunchPage);
    };
    check_relative(&String::from_utf8_lossy(&index.bytes))?;
    let size: usize = files.iter().map(|f| f.bytes.len()).sum();
    if size > MAX_PACKAGE_BYTES {
        return Err(LmsError::PackageTooLarge {
            size,
            limit: MAX_PACKAGE_BYTES,
        });
    }
    let pack_json = pack.to_json();
    let mut listed: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    listed.push(PACK_FILE.to_string());
    let parameters = launch_parameters(pack);
    let xml = manifest(&ManifestSpec {
        version,
        pack_id: &pack.id(),
        title: &pack.name,
        launch: LAUNCH,
        parameters: &parameters,
        files: &listed,
    });

    let zip_error = |e: zip::result::ZipError| LmsError::Zip(e.to_string());
    let io_error = |e: std::io::Error| LmsError::Zip(e.to_string());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = |path: &str| {
        SimpleFileOptions::default()
            .compression_method(method(path))
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644)
    };
    let mut add = |path: &str, bytes: &[u8]| -> Result<(), LmsError> {
        zip.start_file(path, options(path)).map_err(zip_error)?;
        zip.write_all(bytes).map_err(io_error)
    };
    add(MANIFEST_FILE, xml.as_bytes())?;
    add(PACK_FILE, pack_json.as_bytes())?;
    for file in files {
        add(&file.path, &file.bytes)?;
    }
    let bytes = zip.finish().map_err(zip_error)?.into_inner();
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_package() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "C:/x",
            "a\\b",
            "./a",
        ] {
            assert_eq!(
                check_path(bad),
                Err(LmsError::UnsafePath(bad.into())),
                "{bad}"
            );
        }
        for good in ["index.html", "scenarios/a.json", "guidelines/passages.json"] {
            assert!(check_path(good).is_ok(), "{good}");
        }
        assert!(!wanted("app.wasm.br"));
        assert!(!wanted("index.html.gz"));
        assert!(!wanted(".DS_Store"));
        assert!(!wanted("imsmanifest.xml"));
        assert!(wanted("app_bg.wasm"));
    }

    #[test]
    fn the_app_must_link_relatively() {
        assert!(check_relative(r#"<script type="module" src="./app.js"></script>"#).is_ok());
        assert!(check_relative(r#"<link rel="stylesheet" href="style-1.css">"#).is_ok());
        assert!(check_relative(r#"<script src="//cdn.example/x.js"></script>"#).is_ok());
        assert!(check_relative(
            r#"<script src="//cdn.example/x.js"></script><script src="/app.js">"#
        )
        .is_err());
        let e =
            check_relative(r#"<link rel="manifest" href="/manifest.webmanifest">"#).unwrap_err();
        assert!(matches!(&e, LmsError::RootBuild(link) if link.contains("/manifest.webmanifest")));
        assert!(e.message().en.contains("--public-url ./"));
    }
}
