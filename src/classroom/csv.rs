//! CSV that spreadsheets open safely and correctly.
//!
//! A cell starting with `=`, `+`, `-`, `@`, a tab, a carriage return (or a
//! NUL) is a formula to Excel, LibreOffice and Google Sheets: a trainee named
//! `=HYPERLINK("http://evil","点我")` would put a live link in the trainer's
//! sheet. As OWASP advises, such a cell gets a leading single quote (shown as
//! text, not evaluated) and is wrapped in double quotes. The same is done when
//! only spaces come before such a character, and for the full-width forms
//! (＝＋－＠) that an input method may turn into formulas; the quote is
//! harmless where it was not needed.

/// Characters that make a cell a formula when they come first.
const TRIGGERS: [char; 11] = ['=', '+', '-', '@', '\t', '\r', '\0', '＝', '＋', '－', '＠'];

/// Whether a cell would be read as a formula.
pub fn is_formula_like(cell: &str) -> bool {
    if cell.starts_with(TRIGGERS) {
        return true;
    }
    cell.trim_start_matches([' ', '\u{3000}', '\n'])
        .starts_with(TRIGGERS)
}

/// One cell: neutralised if formula-like, quoted if it holds a separator,
/// a quote or a line break (RFC 4180).
pub fn cell(field: &str) -> String {
    if is_formula_like(field) {
        format!("\"'{}\"", field.replace('"', "\"\""))
    } else if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// One row, CRLF-terminated (what Excel expects).
pub fn row(fields: &[String]) -> String {
    let cells: Vec<String> = fields.iter().map(|f| cell(f)).collect();
    format!("{}\r\n", cells.join(","))
}
