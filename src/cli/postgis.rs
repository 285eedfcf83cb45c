//! `officeplan publish FILE --pg CONNSTR` and `officeplan pull FILE --pg CONNSTR`.

use std::path::PathBuf;

use crate::io::postgis::{self, PgTarget, PublishOptions, PullOptions};

/// `officeplan publish`.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    #[arg(help = crate::t!("cli_help.project_file").into_owned())]
    pub file: PathBuf,
    #[arg(help = crate::t!("postgis.cli.pg").into_owned(), long, value_name = "CONNSTR")]
    pub pg: String,
    #[arg(help = crate::t!("postgis.cli.schema").into_owned(), long, default_value = postgis::DEFAULT_SCHEMA)]
    pub schema: String,
    #[arg(help = crate::t!("postgis.cli.with_persons").into_owned(), long)]
    pub with_persons: bool,
    #[arg(help = crate::t!("cli_help.print_one_json_object_instead_of").into_owned(), long)]
    pub json: bool,
}

/// `officeplan pull`.
#[derive(Debug, clap::Args)]
pub struct PullArgs {
    #[arg(help = crate::t!("postgis.cli.pull_file").into_owned())]
    pub file: PathBuf,
    #[arg(help = crate::t!("postgis.cli.pg").into_owned(), long, value_name = "CONNSTR")]
    pub pg: String,
    #[arg(help = crate::t!("postgis.cli.schema").into_owned(), long, default_value = postgis::DEFAULT_SCHEMA)]
    pub schema: String,
    #[arg(help = crate::t!("postgis.cli.force").into_owned(), long)]
    pub force: bool,
    #[arg(help = crate::t!("cli_help.print_one_json_object_instead_of").into_owned(), long)]
    pub json: bool,
}

pub fn publish(args: &PublishArgs) -> anyhow::Result<()> {
    let options = PublishOptions {
        target: PgTarget::parse(&args.pg)?,
        schema: args.schema.clone(),
        with_persons: args.with_persons,
    };
    let mut workspace = super::open_workspace(&args.file)?;
    let started = std::time::Instant::now();
    let outcome = postgis::publish(&mut workspace, &options, &mut |_| true)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
        return Ok(());
    }
    println!(
        "{}",
        crate::t!(
            "postgis.published",
            server = outcome.server,
            schema = outcome.schema,
            changes = outcome.changes(),
            seconds = format!("{:.1}", started.elapsed().as_secs_f64())
        )
    );
    for line in outcome.lines() {
        println!("  {line}");
    }
    if let Some(since) = outcome.logged_since_last {
        println!("{}", crate::t!("postgis.logged_since", lines = since));
    }
    Ok(())
}

pub fn pull(args: &PullArgs) -> anyhow::Result<()> {
    let options = PullOptions {
        target: PgTarget::parse(&args.pg)?,
        schema: args.schema.clone(),
        force: args.force,
    };
    let outcome = postgis::pull(&args.file, &options, &mut |_| true)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
        return Ok(());
    }
    println!("{}", outcome.summary());
    Ok(())
}
