//! Classroom mode without a server: exercise packs shared as a file or a link,
//! results files (with a checksum) handed back to the trainer, and the class
//! dashboard's figures. Pure data and arithmetic, tested natively.
//!
//! - [`pack`]: the trainer's exercise, as a file or a link code;
//! - [`results`]: one trainee's results, checksummed and checked against the
//!   pack and the library on import (ranges, scenario, turn and ending ids, counts);
//! - [`class`]: the dashboard — many results, same-named trainees told apart,
//!   duplicates kept out, class figures, CSV export;
//! - [`saved`]: the trainer's named classes, kept between visits (versioned,
//!   merged across tabs, salvaged when damaged);
//! - [`deflate`]: the bounded compression of results codes;
//! - [`csv`]: CSV cells safe to open in a spreadsheet (no formula injection);
//! - [`error`]: every way an input can be refused, with a bilingual message.
//!
//! Every input is bounded before it is parsed (see the `MAX_*` limits), so a
//! huge file or code is refused at once with a message saying the limit.

pub mod class;
pub mod csv;
pub mod deflate;
pub mod error;
pub mod pack;
pub mod results;
pub mod rush_round;
pub mod saved;

pub use class::{Class, Frequent, Rejected, Spread};
pub use error::{ClassroomError, Input};
pub use pack::Pack;
pub use results::{Mark, Results, Verdict};
pub use saved::{Classes, ClassesNotice, SavedClass, Stored};

pub const PACK_FORMAT: &str = "service-dojo-pack";
pub const RESULTS_FORMAT: &str = "service-dojo-results";
/// The newest pack version this app reads: 2 added the rush-hour round, the
/// trainer's own scenarios and a company policy (a pack with none of them is
/// still written as version 1 and reads as before).
pub const CLASSROOM_VERSION: u32 = 2;
/// The version of the results format: 2 added the generated results id,
/// 3 the verdict (passed or not) as the trainee saw it, 4 the rush round.
pub const RESULTS_VERSION: u32 = 4;

/// A pack file: a name, scenario ids and marks are a few KB; the trainer's
/// own scenarios (20–60 KB each, at most [`MAX_PACK_CUSTOM`]) and a policy
/// make the rest.
pub const MAX_PACK_BYTES: usize = 800_000;
/// The trainer's own scenarios one pack may carry.
pub const MAX_PACK_CUSTOM: usize = 10;
/// A share link, and so the pack code inside it: longer links are cut by
/// some browsers, chat tools and mail programs.
pub const MAX_LINK_CHARS: usize = 32_000;
/// A results file (a pack of every built-in scenario is a few hundred KB).
pub const MAX_RESULTS_BYTES: usize = 2_000_000;
/// A results code. Codes are deflated now (a typical one is a tenth of
/// this), but an old uncompressed code of a large file is base64 of up to
/// [`MAX_RESULTS_BYTES`], so a third longer.
pub const MAX_RESULTS_CODE_CHARS: usize = 2_700_000;
/// A pack's or a trainee's name.
pub const MAX_NAME_CHARS: usize = 100;
/// Scenarios in one pack.
pub const MAX_PACK_SCENARIOS: usize = 50;
/// Replies in one session of a results file.
pub const MAX_EXCHANGES: usize = 200;
/// The longest reply time limit a pack may set (one hour).
pub const MAX_REPLY_SECONDS: u32 = 3_600;

/// Refuse a file by its size alone, before it is read (a 50 MB file is not
/// read into memory to learn that it is too large).
pub fn check_file_size(what: Input, size: usize) -> Result<(), ClassroomError> {
    let limit = match what {
        Input::PackFile => MAX_PACK_BYTES,
        Input::PackCode => MAX_LINK_CHARS,
        Input::ResultsFile => MAX_RESULTS_BYTES,
        Input::ResultsCode => MAX_RESULTS_CODE_CHARS,
    };
    if size > limit {
        return Err(ClassroomError::TooLarge { what, size, limit });
    }
    Ok(())
}

/// A turn as the trainer knows it: by the customer's (first authored) line,
/// not its internal id.
pub fn turn_line(
    library: &crate::scenario::Library,
    scenario: &str,
    turn: &str,
) -> Option<crate::i18n::Text> {
    library.get(scenario)?.turn(turn)?.line.first().cloned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The text of a file or code, without surrounding white space or a
/// byte-order mark (editors on Windows like to add one).
fn clean(text: &str) -> &str {
    text.trim().trim_start_matches('\u{FEFF}').trim_start()
}
