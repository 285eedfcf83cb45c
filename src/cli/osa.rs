//! `officeplan osa`: a public Office Space Allocation benchmark instance solved by the
//! optimizer's own model ([`crate::optimize::osa`]), its objective, status, gap and time.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use crate::optimize::Status;
use crate::optimize::osa::{self, Report};

#[derive(Debug, clap::Args)]
pub struct OsaArgs {
    #[arg(help = crate::t!("osa.help.instance").into_owned())]
    pub instance: PathBuf,
    #[arg(help = crate::t!("osa.help.time_limit").into_owned(), long, value_name = "S", default_value_t = 60.0)]
    pub time_limit: f64,
    #[arg(help = crate::t!("osa.help.json").into_owned(), long)]
    pub json: bool,
}

/// Solves the instance and prints the report.
pub fn run(args: &OsaArgs) -> anyhow::Result<()> {
    let limit = Duration::try_from_secs_f64(args.time_limit.max(0.0)).unwrap_or(Duration::MAX);
    let report = osa::run(&args.instance, limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
    } else {
        write!(out, "{}", summary(&report))?;
    }
    writeln!(out)?;
    Ok(())
}

/// The one-line summary in the current language.
fn summary(report: &Report) -> String {
    let status = match report.status {
        Status::Optimal => crate::t!("osa.status.optimal"),
        Status::Feasible => crate::t!("osa.status.feasible"),
        Status::Infeasible => crate::t!("osa.status.infeasible"),
        Status::Unknown => crate::t!("osa.status.unknown"),
    };
    let or_dash = |x: Option<f64>, digits: usize| {
        x.map_or_else(|| "—".to_owned(), |x| format!("{x:.digits$}"))
    };
    crate::t!(
        "osa.summary",
        instance = report.instance,
        objective = or_dash(report.objective, 2),
        status = status,
        gap = report
            .gap
            .map_or_else(|| "—".to_owned(), |g| format!("{:.2}%", g * 100.0)),
        seconds = format!("{:.1}", report.seconds),
        entities = report.entities,
        rooms = report.rooms,
        columns = report.columns,
        rows = report.rows
    )
    .into_owned()
}
