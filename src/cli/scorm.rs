//! `dojo scorm PACK.json --version 1.2|2004 -o pack.zip [--app DIR]`: a
//! SCORM package of an exercise pack, with the built app (default `dist/`,
//! what `trunk build --release` writes) inside. The pack is read and checked
//! like a pack file opened in the app; the zip is made by `lms::package`,
//! the same code the browser uses.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::classroom::{Pack, MAX_PACK_BYTES};
use crate::lms::package::{build, AppFile, MAX_PACKAGE_BYTES};
use crate::lms::{LmsError, Scorm};
use crate::scenario::builtin;

const USAGE: &str =
    "usage: dojo scorm PACK.json --version 1.2|2004 -o PACKAGE.zip [--app DIR (default dist)]";

fn usage(err: &mut dyn Write) -> ExitCode {
    let _ = writeln!(err, "{USAGE}");
    ExitCode::from(2)
}

/// Every file under `dir`, with paths relative to it (`/`-separated), in a
/// stable order; refuses to read more than the package limit.
pub fn read_app(dir: &Path) -> Result<Vec<AppFile>, String> {
    let mut files = Vec::new();
    let mut total = 0usize;
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", folder.display()))?;
            let path = entry.path();
            let kind = entry
                .file_type()
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if kind.is_dir() {
                stack.push(path);
                continue;
            }
            if !kind.is_file() {
                // Symbolic links and the like: not part of a build.
                continue;
            }
            let relative = path
                .strip_prefix(dir)
                .map_err(|_| format!("{}: outside {}", path.display(), dir.display()))?;
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let name = parts.join("/");
            if !crate::lms::package::wanted(&name) {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            total += bytes.len();
            if total > MAX_PACKAGE_BYTES {
                return Err(LmsError::PackageTooLarge {
                    size: total,
                    limit: MAX_PACKAGE_BYTES,
                }
                .message()
                .en);
            }
            files.push(AppFile { path: name, bytes });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Exit 0 with the package written, 1 when the pack, the app or the output
/// fails (with the reason), 2 on bad usage.
pub fn scorm(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let (mut pack_path, mut version, mut output, mut app) = (None, None, None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--version" => match rest.next().map(|v| Scorm::parse(v)) {
                Some(Ok(v)) => version = Some(v),
                Some(Err(e)) => {
                    let _ = writeln!(err, "dojo scorm: {}", e.message().en);
                    return ExitCode::from(2);
                }
                None => return usage(err),
            },
            "-o" | "--output" => match rest.next() {
                Some(o) => output = Some(PathBuf::from(o)),
                None => return usage(err),
            },
            "--app" => match rest.next() {
                Some(a) => app = Some(PathBuf::from(a)),
                None => return usage(err),
            },
            file if !file.starts_with('-') && pack_path.is_none() => {
                pack_path = Some(PathBuf::from(file))
            }
            _ => return usage(err),
        }
    }
    let (Some(pack_path), Some(version), Some(output)) = (pack_path, version, output) else {
        return usage(err);
    };
    let app = app.unwrap_or_else(|| PathBuf::from("dist"));
    let fail = |err: &mut dyn Write, message: String| {
        let _ = writeln!(err, "dojo scorm: {message}");
        ExitCode::FAILURE
    };

    // The pack, bounded before it is read, then checked as the app checks a pack file.
    match std::fs::metadata(&pack_path) {
        Ok(m) if m.len() as usize > MAX_PACK_BYTES => {
            return fail(
                err,
                format!(
                    "{}: {}",
                    pack_path.display(),
                    crate::classroom::ClassroomError::TooLarge {
                        what: crate::classroom::Input::PackFile,
                        size: m.len() as usize,
                        limit: MAX_PACK_BYTES,
                    }
                    .message()
                    .en
                ),
            )
        }
        Ok(_) => {}
        Err(e) => return fail(err, format!("{}: {e}", pack_path.display())),
    }
    let text = match std::fs::read_to_string(&pack_path) {
        Ok(text) => text,
        Err(e) => return fail(err, format!("{}: {e}", pack_path.display())),
    };
    let pack = match Pack::parse(&text, builtin()) {
        Ok(pack) => pack,
        Err(e) => return fail(err, format!("{}: {}", pack_path.display(), e.message().en)),
    };
    let files = match read_app(&app) {
        Ok(files) => files,
        Err(e) => return fail(err, format!("the app ({}): {e}", app.display())),
    };
    let zip = match build(version, &pack, &files) {
        Ok(zip) => zip,
        Err(e) => {
            return fail(
                err,
                format!("the app ({}): {}", app.display(), e.message().en),
            )
        }
    };
    if let Err(e) = std::fs::write(&output, &zip) {
        return fail(err, format!("{}: {e}", output.display()));
    }
    let _ = writeln!(
        out,
        "{}: {} package of “{}” ({} scenarios, {} app files), {} bytes",
        output.display(),
        version.name(),
        pack.name,
        pack.scenarios.len(),
        files.len(),
        zip.len()
    );
    ExitCode::SUCCESS
}
