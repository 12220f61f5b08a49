//! Embeds every `scenarios/*.json` (except the schema) in the build, so the
//! app plays them without a server and a new file needs no code change.
//! Valid JSON is embedded minified (a fifth smaller); a file that does not
//! parse is embedded as it is, so its error keeps the right line and column.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "json")
            && p.file_name().is_some_and(|n| n != "schema.json")
    });
    files.sort();
    let mut code = String::from("/// (file name, contents) of each built-in scenario.\npub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let embedded = serde_json::from_str::<serde_json::Value>(&source)
            .ok()
            .and_then(|value| serde_json::to_string(&value).ok())
            .unwrap_or(source);
        code.push_str(&format!("    ({name:?}, {embedded:?}),\n"));
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_scenarios.rs");
    std::fs::write(out, code).unwrap();
}
