//! A throw-away PostgreSQL + PostGIS cluster for tests and benchmarks: `initdb` in a temporary
//! directory (as the `postgres` system user when running as root, which CI does: PostgreSQL
//! refuses to run as root), `pg_ctl start` on 127.0.0.1 at a free port with its socket in the
//! same directory, and `pg_ctl stop` when the last handle is dropped (also on a panic).
//!
//! Missing binaries are an error that names scripts/setup.sh: a test that needs the server
//! fails rather than passing without it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, Weak};

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

const SETUP: &str = "PostgreSQL 15 with PostGIS is needed: run scripts/setup.sh (it installs \
                     postgresql-15-postgis-3), or set OFFICEPLAN_PG_BIN to PostgreSQL's bin folder";

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// PostgreSQL's bin folder: `OFFICEPLAN_PG_BIN`, else the newest /usr/lib/postgresql/*/bin.
fn bin_dir() -> Result<PathBuf, String> {
    if let Ok(dir) = std::env::var("OFFICEPLAN_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| SETUP.to_owned())?
        .filter_map(|e| {
            let e = e.ok()?;
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            Some((v, e.path().join("bin")))
        })
        .filter(|(_, p)| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, p)| p)
        .ok_or_else(|| SETUP.to_owned())
}

impl PgCluster {
    /// Starts a new cluster; `Err` says why (and what to install).
    pub fn start() -> Result<Self, String> {
        let bin = bin_dir()?;
        let sharedir = Command::new(bin.join("pg_config"))
            .arg("--sharedir")
            .output()
            .map_err(|e| format!("pg_config: {e}. {SETUP}"))?;
        let sharedir = PathBuf::from(String::from_utf8_lossy(&sharedir.stdout).trim());
        if !sharedir.join("extension/postgis.control").exists() {
            return Err(format!(
                "PostGIS is not installed for {} ({} has no postgis.control). {SETUP}",
                bin.display(),
                sharedir.join("extension").display()
            ));
        }
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("officeplan-pg-")
            .tempdir()
            .map_err(|e| format!("temporary directory: {e}"))?;
        if as_postgres {
            run(Command::new("chown").arg("postgres:").arg(dir.path()))?;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let cluster = Self {
            dir,
            bin,
            port,
            as_postgres,
        };
        let data = cluster.data();
        run(cluster.command("initdb").args([
            "-D",
            &data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ]))?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            cluster.dir.path().display()
        );
        let log = cluster.dir.path().join("server.log");
        let started = run(cluster.command("pg_ctl").args([
            "-D",
            &data,
            "-l",
            &log.to_string_lossy(),
            "-w",
            "-t",
            "60",
            "-o",
            &options,
            "start",
        ]));
        if let Err(e) = started {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(format!("{e}\nserver log:\n{log}"));
        }
        Ok(cluster)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A libpq connection string for `dbname`.
    pub fn connstr(&self, dbname: &str) -> String {
        format!(
            "host=127.0.0.1 port={} dbname={dbname} user=postgres",
            self.port
        )
    }

    /// GDAL's name for the database (`PG:…`).
    pub fn ogr_name(&self, dbname: &str, schema: &str) -> String {
        format!(
            "PG:host=127.0.0.1 port={} dbname={dbname} user=postgres schemas={schema}",
            self.port
        )
    }

    /// Creates a database; `postgis`: with the extension.
    pub fn create_database(&self, name: &str, postgis: bool) -> String {
        let mut admin =
            postgres::Client::connect(&self.connstr("postgres"), postgres::NoTls).expect("connect");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        let connstr = self.connstr(name);
        if postgis {
            let mut client = postgres::Client::connect(&connstr, postgres::NoTls).expect("connect");
            client
                .batch_execute("CREATE EXTENSION postgis")
                .expect("create extension postgis");
        }
        connstr
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data();
        let _stopped = self
            .command("pg_ctl")
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("{command:?}: {e}. {SETUP}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The cluster the tests of this binary share: started by the first test that asks, stopped
/// when the last one that holds it ends. Fails the test (naming scripts/setup.sh) when
/// PostgreSQL or PostGIS is missing.
pub fn shared() -> Arc<PgCluster> {
    static SHARED: Mutex<Weak<PgCluster>> = Mutex::new(Weak::new());
    let mut slot = SHARED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(cluster) = slot.upgrade() {
        return cluster;
    }
    let cluster = Arc::new(PgCluster::start().unwrap_or_else(|e| panic!("{e}")));
    *slot = Arc::downgrade(&cluster);
    cluster
}
