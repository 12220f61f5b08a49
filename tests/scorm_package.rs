//! `dojo scorm`: the package it writes is opened as an LMS would open it,
//! and every element and attribute SCORM requires of the manifest is checked
//! by name, with its namespace. (The SCORM XSDs are not shipped with the
//! project and cannot be fetched offline, so this test stands in for
//! schema validation: it names what the schemas require of this manifest.)

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use service_dojo::classroom::Pack;
use service_dojo::cli::scorm;
use service_dojo::progress::Mode;
use service_dojo::scenario::builtin;
use service_dojo::scorer::Competency;

const CP_12: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const ADLCP_12: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const CP_2004: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const ADLCP_2004: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A fresh folder under the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dojo-scorm-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A stand-in for `dist/`: a relative build's files, and the precompressed
/// copies a static host gets (which do not belong in a package).
fn fake_app(dir: &PathBuf, index: &str) {
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    std::fs::write(dir.join("index.html"), index).unwrap();
    std::fs::write(
        dir.join("service-dojo-1a2b.js"),
        "export function initSync(){}\n".repeat(50),
    )
    .unwrap();
    std::fs::write(
        dir.join("service-dojo-1a2b_bg.wasm"),
        [0u8, 97, 115, 109, 1, 0, 0, 0].repeat(100),
    )
    .unwrap();
    std::fs::write(dir.join("service-dojo-1a2b_bg.wasm.br"), b"br").unwrap();
    std::fs::write(dir.join("index.html.gz"), b"gz").unwrap();
    std::fs::write(dir.join("icon-192.png"), [137u8, 80, 78, 71]).unwrap();
    std::fs::write(dir.join("scenarios").join("angry-late-cake.json"), "{}").unwrap();
}

const RELATIVE_INDEX: &str = r#"<!DOCTYPE html><html><head><link rel="manifest" href="manifest.webmanifest"><script type="module" src="./service-dojo-1a2b.js"></script></head><body></body></html>"#;

fn pack() -> Pack {
    let ids: Vec<String> = builtin()
        .scenarios
        .iter()
        .take(3)
        .map(|s| s.id.clone())
        .collect();
    let pass: BTreeMap<Competency, u8> = Competency::FOUR.iter().map(|&c| (c, 65)).collect();
    Pack::new("第一周 & <投诉>", ids, Mode::Assessment, false, None, pass)
}

fn run(args: &[&str]) -> (ExitCode, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = scorm(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// Every entry of the zip, by name.
fn unzip(path: &PathBuf) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entries = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        entries.insert(entry.name().expect("entry name").to_string(), bytes);
    }
    entries
}

/// An xs:ID / NCName: starts with a letter or `_`, then letters, digits, `.-_`.
fn is_ncname(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The child element `name` in namespace `ns`: the test fails naming it when absent.
fn child<'a, 'i>(parent: roxmltree::Node<'a, 'i>, name: &str, ns: &str) -> roxmltree::Node<'a, 'i> {
    parent
        .children()
        .find(|n| {
            n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(ns)
        })
        .unwrap_or_else(|| {
            panic!(
                "<{name}> in the namespace {ns}, under <{}>",
                parent.tag_name().name()
            )
        })
}

fn check_package(version: &str, cp: &str, adlcp: &str, scorm_type: &str, schema_version: &str) {
    let dir = scratch(&format!("v{version}"));
    let app = dir.join("dist");
    fake_app(&app, RELATIVE_INDEX);
    let pack = pack();
    let pack_file = dir.join("pack.json");
    std::fs::write(&pack_file, pack.to_json()).unwrap();
    let zip_path = dir.join("pack.zip");
    let (code, out, err) = run(&[
        pack_file.to_str().unwrap(),
        "--version",
        version,
        "-o",
        zip_path.to_str().unwrap(),
        "--app",
        app.to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert!(out.contains("package of"), "{out}");

    let entries = unzip(&zip_path);
    let names: BTreeSet<&str> = entries.keys().map(String::as_str).collect();
    // The manifest at the root, the pack, the app; no precompressed copies.
    for required in [
        "imsmanifest.xml",
        "pack.json",
        "index.html",
        "service-dojo-1a2b.js",
        "service-dojo-1a2b_bg.wasm",
        "icon-192.png",
        "scenarios/angry-late-cake.json",
    ] {
        assert!(
            names.contains(required),
            "{required} missing from {names:?}"
        );
    }
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".br") || n.ends_with(".gz")),
        "{names:?}"
    );
    assert_eq!(entries["index.html"], RELATIVE_INDEX.as_bytes());
    let packed = Pack::parse(
        std::str::from_utf8(&entries["pack.json"]).unwrap(),
        builtin(),
    )
    .unwrap();
    assert_eq!(packed, pack);

    let xml = std::str::from_utf8(&entries["imsmanifest.xml"]).unwrap();
    let doc = roxmltree::Document::parse(xml).expect("the manifest is well-formed XML");
    let root = doc.root_element();
    let el = |parent, name| child(parent, name, cp);
    // <manifest identifier> in the right namespace, with adlcp declared and schema locations.
    assert_eq!(root.tag_name().name(), "manifest");
    assert_eq!(root.tag_name().namespace(), Some(cp));
    assert!(is_ncname(root.attribute("identifier").unwrap()));
    assert_eq!(root.lookup_namespace_uri(Some("adlcp")), Some(adlcp));
    let locations = root
        .attribute((XSI, "schemaLocation"))
        .expect("xsi:schemaLocation");
    assert!(
        locations.contains(cp) && locations.contains(adlcp),
        "{locations}"
    );
    // <metadata><schema>ADL SCORM</schema><schemaversion>…</schemaversion>
    let metadata = el(root, "metadata");
    assert_eq!(el(metadata, "schema").text(), Some("ADL SCORM"));
    assert_eq!(el(metadata, "schemaversion").text(), Some(schema_version));
    // <organizations default> names an <organization identifier> with a <title>.
    let organizations = el(root, "organizations");
    let default = organizations
        .attribute("default")
        .expect("organizations@default");
    let organization = el(organizations, "organization");
    assert_eq!(organization.attribute("identifier"), Some(default));
    assert!(is_ncname(default));
    assert_eq!(el(organization, "title").text(), Some(pack.name.as_str()));
    // <item identifier identifierref> with a <title>, launching the pack.
    let item = el(organization, "item");
    assert!(is_ncname(
        item.attribute("identifier").expect("item@identifier")
    ));
    let reference = item.attribute("identifierref").expect("item@identifierref");
    assert_eq!(el(item, "title").text(), Some(pack.name.as_str()));
    let parameters = item.attribute("parameters").expect("item@parameters");
    let code = parameters.strip_prefix("#/pack?p=").expect(parameters);
    assert_eq!(
        Pack::parse(code, builtin()).unwrap(),
        pack,
        "the launch parameters carry the pack"
    );
    // <resources><resource identifier type="webcontent" adlcp:scormtype|scormType="sco" href>
    let resources = el(root, "resources");
    let resource = el(resources, "resource");
    assert_eq!(
        resource.attribute("identifier"),
        Some(reference),
        "the item points at the resource"
    );
    assert_eq!(resource.attribute("type"), Some("webcontent"));
    assert_eq!(
        resource.attribute((adlcp, scorm_type)),
        Some("sco"),
        "adlcp:{scorm_type}"
    );
    let other = if scorm_type == "scormtype" {
        "scormType"
    } else {
        "scormtype"
    };
    assert_eq!(
        resource.attribute((adlcp, other)),
        None,
        "not adlcp:{other}"
    );
    let launch = resource.attribute("href").expect("resource@href");
    assert_eq!(launch, "index.html");
    // <file href> for every file of the package but the manifest, and only those.
    let listed: BTreeSet<&str> = resource
        .children()
        .filter(|n| {
            n.is_element() && n.tag_name().name() == "file" && n.tag_name().namespace() == Some(cp)
        })
        .map(|f| f.attribute("href").expect("file@href"))
        .collect();
    let packaged: BTreeSet<&str> = names
        .iter()
        .copied()
        .filter(|n| *n != "imsmanifest.xml")
        .collect();
    assert_eq!(listed, packaged);
    assert!(listed.contains(launch));

    // The same input gives the same bytes (fixed dates, sorted files).
    let again = dir.join("again.zip");
    let (code, _, _) = run(&[
        pack_file.to_str().unwrap(),
        "--version",
        version,
        "-o",
        again.to_str().unwrap(),
        "--app",
        app.to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&zip_path).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn scorm_12_package_has_every_required_manifest_element() {
    check_package("1.2", CP_12, ADLCP_12, "scormtype", "1.2");
}

#[test]
fn scorm_2004_package_has_every_required_manifest_element() {
    check_package("2004", CP_2004, ADLCP_2004, "scormType", "2004 4th Edition");
}

#[test]
fn bad_input_gets_a_clear_message() {
    let dir = scratch("bad");
    let app = dir.join("dist");
    fake_app(&app, RELATIVE_INDEX);
    let pack_file = dir.join("pack.json");
    std::fs::write(&pack_file, pack().to_json()).unwrap();
    let p = pack_file.to_str().unwrap();
    let out = dir.join("out.zip");
    let o = out.to_str().unwrap();
    let a = app.to_str().unwrap();

    let (code, _, err) = run(&[p, "--version", "3", "-o", o, "--app", a]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("use 1.2 or 2004"), "{err}");
    let (code, _, err) = run(&[p, "-o", o]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("usage"), "{err}");

    // An app built for the site root would not load from the LMS's folder.
    let root_app = dir.join("root-dist");
    fake_app(
        &root_app,
        r#"<script type="module" src="/service-dojo-1a2b.js"></script>"#,
    );
    let (code, _, err) = run(&[
        p,
        "--version",
        "1.2",
        "-o",
        o,
        "--app",
        root_app.to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains("--public-url ./"), "{err}");
    assert!(!out.exists(), "nothing written on failure");

    // No app at all, an app without index.html.
    let (code, _, err) = run(&[
        p,
        "--version",
        "1.2",
        "-o",
        o,
        "--app",
        dir.join("nope").to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains("nope"), "{err}");
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, _, err) = run(&[
        p,
        "--version",
        "2004",
        "-o",
        o,
        "--app",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains("no index.html"), "{err}");

    // A pack naming a scenario this version lacks, and a file that is no pack.
    let mut unknown = pack();
    unknown.scenarios.push("no-such-scenario".into());
    std::fs::write(&pack_file, unknown.to_json()).unwrap();
    let (code, _, err) = run(&[p, "--version", "1.2", "-o", o, "--app", a]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains("no-such-scenario"), "{err}");
    std::fs::write(&pack_file, "{not json").unwrap();
    let (code, _, err) = run(&[p, "--version", "1.2", "-o", o, "--app", a]);
    assert_eq!(code, ExitCode::FAILURE);
    assert!(err.contains("line 1"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
