//! Files in and out: DXF floor plans, GeoJSON rooms, 编制 workbooks, printed plans (SVG, PNG, PDF), the
//! sample's human-readable sources.

pub mod dxf;
pub mod excel;
pub mod export;
pub mod geojson;
pub mod output;
pub mod postgis;
pub mod rank_rows;
pub mod removal;
pub mod report;
pub mod sample;
pub mod site_anchor;
pub mod submission;

use std::path::PathBuf;

/// One problem in an input file, located by file and place (feature, row, line).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct InputProblem {
    /// Where in the file, e.g. `feature 12 (room 301)` or `row 5`.
    pub place: String,
    pub message: String,
}

/// An input file that was refused, with every problem found in it. Nothing was written.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{}", render_input_error(path, problems))]
pub struct InputError {
    pub path: PathBuf,
    pub problems: Vec<InputProblem>,
}

impl InputError {
    /// An error with one problem.
    pub fn single(
        path: impl Into<PathBuf>,
        place: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            problems: vec![InputProblem {
                place: place.into(),
                message: message.into(),
            }],
        }
    }
}

/// How many problems a message lists before it says "and N more".
const LISTED_PROBLEMS: usize = 12;

fn render_input_error(path: &std::path::Path, problems: &[InputProblem]) -> String {
    // An empty path would start the message with its colon.
    let mut out = if path.as_os_str().is_empty() {
        crate::t!("input.refused_unnamed", count = problems.len())
    } else {
        crate::t!(
            "input.refused",
            path = path.display(),
            count = problems.len()
        )
    }
    .into_owned();
    for p in problems.iter().take(LISTED_PROBLEMS) {
        out.push_str(&format!("\n  {}: {}", p.place, p.message));
    }
    if problems.len() > LISTED_PROBLEMS {
        out.push_str(&format!(
            "\n  {}",
            crate::t!("input.more", count = problems.len() - LISTED_PROBLEMS)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A refusal of no file at all (an empty path) does not start with the colon that
    /// follows a file's name.
    #[test]
    fn an_error_of_no_file_starts_with_words() {
        let message = InputError::single("", "文档", "os error 2").to_string();
        let head = crate::t!("input.refused_unnamed", count = 1);
        assert!(message.starts_with(head.as_ref()), "{message}");
        assert!(message.starts_with(char::is_alphanumeric), "{message}");
        let message = InputError::single("6F.dxf", "文档", "os error 2").to_string();
        assert!(message.starts_with("6F.dxf"), "{message}");
    }
}
