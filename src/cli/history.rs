//! `officeplan history`: the change log of a file, as the app's history panel shows it.

use std::io::Write as _;
use std::path::Path;

use crate::model::local_time;

/// One line of the log for JSON output: the stored code beside the translated text.
#[derive(serde::Serialize)]
struct Line<'a> {
    /// Local time, to the second.
    at: String,
    /// As stored: UTC, ISO 8601.
    at_utc: &'a str,
    user: &'a str,
    action: &'a str,
    what: String,
}

/// Prints the newest `limit` lines of the change log, newest first.
pub fn print(file: &Path, limit: usize, json: bool) -> anyhow::Result<()> {
    let entries = super::open_workspace(file)?.history(limit)?;
    let lines: Vec<Line<'_>> = entries
        .iter()
        .map(|e| Line {
            at: local_time(&e.at),
            at_utc: &e.at,
            user: &e.user,
            action: &e.action,
            what: crate::labels::change_line(e),
        })
        .collect();
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &lines)?;
        writeln!(out)?;
        return Ok(());
    }
    if lines.is_empty() {
        writeln!(out, "{}", crate::t!("history.empty"))?;
    }
    for l in &lines {
        writeln!(
            out,
            "{}",
            crate::t!("cli.history_line", at = l.at, user = l.user, what = l.what)
        )?;
    }
    Ok(())
}
