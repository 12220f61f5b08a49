//! `imsmanifest.xml` for a pack: one organisation with one item, launching
//! one SCO (the app) whose resource lists every file of the package.
//!
//! SCORM 1.2 uses IMS Content Packaging 1.1.2 (`imscp_rootv1p1p2`) and ADL's
//! `adlcp_rootv1p2`, where the attribute is `adlcp:scormtype`; SCORM 2004 4th
//! edition uses `imscp_v1p1` with `adlcp_v1p3`, `adlseq_v1p3`, `adlnav_v1p3`
//! and `imsss`, where it is `adlcp:scormType` and the schema version is
//! `2004 4th Edition`. No mastery score (1.2) or minimum normalized measure
//! (2004) is declared: the pack passes on four competencies at once, which
//! the app decides and reports itself; an LMS given one threshold on the raw
//! score would overrule that verdict.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::Scorm;

/// Characters escaped in a file's `href` (a URI reference): what a file
/// name may contain but a URI may not.
const HREF: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// What the manifest says about the package.
#[derive(Clone, Debug, PartialEq)]
pub struct ManifestSpec<'a> {
    pub version: Scorm,
    /// The pack's content id (hex): makes the identifiers of two packs differ.
    pub pack_id: &'a str,
    /// The pack's name: the title the LMS shows.
    pub title: &'a str,
    /// The page the LMS launches (`index.html`).
    pub launch: &'a str,
    /// Appended to the launch URL by the LMS (`#/pack?p=…`, the pack as a code).
    pub parameters: &'a str,
    /// Every file of the package except the manifest, as paths in the zip.
    pub files: &'a [String],
}

/// Text escaped for an XML attribute or element.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than written.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A file path as the `href` of a `<file>` or `<resource>`.
pub fn href(path: &str) -> String {
    utf8_percent_encode(path, HREF).to_string()
}

pub fn manifest(spec: &ManifestSpec) -> String {
    let id = format!("service-dojo-{}", spec.pack_id);
    let title = xml_escape(spec.title);
    let launch = xml_escape(&href(spec.launch));
    let parameters = xml_escape(spec.parameters);
    let files: String = spec
        .files
        .iter()
        .map(|f| format!("      <file href=\"{}\"/>\n", xml_escape(&href(f))))
        .collect();
    match spec.version {
        Scorm::V12 => format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="{id}-org">
    <organization identifier="{id}-org">
      <title>{title}</title>
      <item identifier="{id}-item" identifierref="{id}-sco" isvisible="true" parameters="{parameters}">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{id}-sco" type="webcontent" adlcp:scormtype="sco" href="{launch}">
{files}    </resource>
  </resources>
</manifest>
"#
        ),
        Scorm::V2004 => format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="{id}-org">
    <organization identifier="{id}-org">
      <title>{title}</title>
      <item identifier="{id}-item" identifierref="{id}-sco" isvisible="true" parameters="{parameters}">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{id}-sco" type="webcontent" adlcp:scormType="sco" href="{launch}">
{files}    </resource>
  </resources>
</manifest>
"#
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_titles_and_hrefs() {
        assert_eq!(
            xml_escape("A & <B> \"c\" 'd'"),
            "A &amp; &lt;B&gt; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(xml_escape("a\u{1}b"), "ab");
        assert_eq!(href("my file#1.html"), "my%20file%231.html");
        assert_eq!(
            href("scenarios/angry-late-cake.json"),
            "scenarios/angry-late-cake.json"
        );
        assert_eq!(href("练习.json"), "%E7%BB%83%E4%B9%A0.json");
    }

    #[test]
    fn each_version_names_its_own_schema_and_attribute() {
        let files = vec!["index.html".to_string(), "pack.json".to_string()];
        let spec = |version| ManifestSpec {
            version,
            pack_id: "abc123",
            title: "新人 & 练习",
            launch: "index.html",
            parameters: "#/pack?p=xy",
            files: &files,
        };
        let v12 = manifest(&spec(Scorm::V12));
        assert!(v12.contains("<schemaversion>1.2</schemaversion>"));
        assert!(v12.contains("adlcp:scormtype=\"sco\""));
        assert!(!v12.contains("scormType"));
        assert!(v12.contains("新人 &amp; 练习"));
        let v2004 = manifest(&spec(Scorm::V2004));
        assert!(v2004.contains("<schemaversion>2004 4th Edition</schemaversion>"));
        assert!(v2004.contains("adlcp:scormType=\"sco\""));
        assert!(v2004.contains("<file href=\"pack.json\"/>"));
    }
}
