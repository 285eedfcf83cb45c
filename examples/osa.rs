//! The Office Space Allocation benchmark, timed: `cargo run --release --example osa --
//! ../shared/osa/nott1d.txt [--time-limit S] [--json]`. The same library call as
//! `officeplan osa` ([`officeplan::optimize::osa::run`]).

use std::time::Duration;

fn main() -> anyhow::Result<()> {
    let mut instance = None;
    let mut limit = 60.0_f64;
    let mut json = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--time-limit" => {
                let value = args.next().unwrap_or_default();
                limit = value.parse().map_err(|_| {
                    anyhow::anyhow!("--time-limit: not a number of seconds: {value}")
                })?;
            }
            _ => instance = Some(std::path::PathBuf::from(arg)),
        }
    }
    let Some(instance) = instance else {
        anyhow::bail!("usage: osa INSTANCE [--time-limit S] [--json]");
    };
    let limit = Duration::try_from_secs_f64(limit.max(0.0)).unwrap_or(Duration::MAX);
    let report = officeplan::optimize::osa::run(&instance, limit)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{}: objective {:?}, {:?}, gap {:?}, {:.1} s ({} entities, {} rooms; {} columns, {} rows)",
            report.instance,
            report.objective,
            report.status,
            report.gap,
            report.seconds,
            report.entities,
            report.rooms,
            report.columns,
            report.rows
        );
    }
    Ok(())
}
