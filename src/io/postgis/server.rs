//! The server a publish or pull talks to: the connection settings (host, port, database, user,
//! password — the password is never written to the project file), the connection, and errors
//! that name the server and say what to do.

use std::str::FromStr as _;

use crate::workspace::WorkspaceError;

/// Where to publish: PostgreSQL connection settings, from a libpq connection string
/// (`host=127.0.0.1 port=5432 dbname=gis user=planner password=…` or a `postgresql://` URL) or
/// from the dialog's fields.
#[derive(Clone)]
pub struct PgTarget {
    config: postgres::Config,
}

impl std::fmt::Debug for PgTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        f.write_str(&self.describe())
    }
}

/// The dialog's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PgFields {
    pub host: String,
    pub port: String,
    pub dbname: String,
    pub user: String,
    /// Kept in memory only: never written to the file or the app's settings.
    #[serde(skip)]
    pub password: String,
}

impl PgTarget {
    /// Parses a libpq connection string or URL.
    pub fn parse(connstr: &str) -> Result<Self, PgError> {
        postgres::Config::from_str(connstr)
            .map(|config| Self { config })
            .map_err(|e| PgError::BadConnstr {
                reason: e.to_string(),
            })
    }

    /// The settings from the dialog's fields (empty fields keep PostgreSQL's defaults).
    pub fn from_fields(fields: &PgFields) -> Result<Self, PgError> {
        let mut config = postgres::Config::new();
        let host = fields.host.trim();
        config.host(if host.is_empty() { "127.0.0.1" } else { host });
        let port = fields.port.trim();
        if !port.is_empty() {
            let port = port.parse::<u16>().map_err(|_| PgError::BadConnstr {
                reason: crate::t!("postgis.bad_port", port = port).into_owned(),
            })?;
            config.port(port);
        }
        if !fields.dbname.trim().is_empty() {
            config.dbname(fields.dbname.trim());
        }
        if !fields.user.trim().is_empty() {
            config.user(fields.user.trim());
        }
        if !fields.password.is_empty() {
            config.password(&fields.password);
        }
        Ok(Self { config })
    }

    /// `user@host:port/dbname`, for messages and the publish record (no password).
    pub fn describe(&self) -> String {
        let hosts: Vec<String> = self
            .config
            .get_hosts()
            .iter()
            .map(|h| match h {
                postgres::config::Host::Tcp(name) => name.clone(),
                #[cfg(unix)]
                postgres::config::Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        let host = if hosts.is_empty() {
            "localhost".to_owned()
        } else {
            hosts.join(",")
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let db = self.config.get_dbname().unwrap_or("");
        match self.config.get_user() {
            Some(user) => format!("{user}@{host}:{port}/{db}"),
            None => format!("{host}:{port}/{db}"),
        }
    }

    /// Connects (plain TCP or a Unix socket; no TLS) with a 10-second connect timeout.
    pub fn connect(&self) -> Result<postgres::Client, PgError> {
        let mut config = self.config.clone();
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        config.application_name("officeplan");
        config
            .connect(postgres::NoTls)
            .map_err(|e| PgError::from_connect(&self.describe(), &e))
    }
}

/// Why a publish or pull failed. Every message names the server and what to do.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("{}", crate::t!("postgis.error.bad_connstr", reason = reason))]
    BadConnstr { reason: String },
    #[error("{}", crate::t!("postgis.error.refused", server = server, reason = reason))]
    Refused { server: String, reason: String },
    #[error("{}", crate::t!("postgis.error.auth", server = server, reason = reason))]
    Auth { server: String, reason: String },
    #[error("{}", crate::t!("postgis.error.no_database", server = server, reason = reason))]
    NoDatabase { server: String, reason: String },
    #[error("{}", crate::t!("postgis.error.no_postgis", server = server))]
    NoPostgis { server: String },
    #[error("{}", crate::t!("postgis.error.no_tables", server = server, schema = schema))]
    NoTables { server: String, schema: String },
    #[error("{}", crate::t!("postgis.error.server", server = server, reason = reason))]
    Server { server: String, reason: String },
    #[error("{}", crate::t!("postgis.error.bad_row", server = server, table = table, row = row, reason = reason))]
    BadRow {
        server: String,
        table: String,
        row: String,
        reason: String,
    },
    #[error("{}", crate::t!("postgis.error.file_exists", path = path.display()))]
    FileExists { path: std::path::PathBuf },
    #[error("{}", crate::t!("postgis.error.bad_schema_name", name = name))]
    BadSchemaName { name: String },
    #[error("{}", crate::t!("postgis.cancelled"))]
    Cancelled,
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("{}", crate::t!("postgis.error.file", path = path.display(), reason = reason))]
    File {
        path: std::path::PathBuf,
        reason: String,
    },
}

impl PgError {
    fn from_connect(server: &str, e: &postgres::Error) -> Self {
        let reason = error_text(e);
        if let Some(db) = e.as_db_error() {
            use postgres::error::SqlState;
            let code = db.code();
            if *code == SqlState::INVALID_PASSWORD
                || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            {
                return Self::Auth {
                    server: server.to_owned(),
                    reason,
                };
            }
            if *code == SqlState::INVALID_CATALOG_NAME {
                return Self::NoDatabase {
                    server: server.to_owned(),
                    reason,
                };
            }
        }
        let io_kind = std::error::Error::source(e)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .map(std::io::Error::kind);
        match io_kind {
            Some(
                std::io::ErrorKind::ConnectionRefused
                | std::io::ErrorKind::TimedOut
                | std::io::ErrorKind::NotFound
                | std::io::ErrorKind::HostUnreachable
                | std::io::ErrorKind::NetworkUnreachable,
            ) => Self::Refused {
                server: server.to_owned(),
                reason,
            },
            _ if e.as_db_error().is_none() && reason.contains("password") => Self::Auth {
                server: server.to_owned(),
                reason,
            },
            _ if e.as_db_error().is_none() => Self::Refused {
                server: server.to_owned(),
                reason,
            },
            _ => Self::Server {
                server: server.to_owned(),
                reason,
            },
        }
    }

    /// A failure while talking to a connected server.
    pub(super) fn server(server: &str) -> impl Fn(postgres::Error) -> Self + '_ {
        move |e| Self::Server {
            server: server.to_owned(),
            reason: error_text(&e),
        }
    }
}

/// The server's own message (and its detail and hint) when there is one.
fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_owned();
            if let Some(detail) = db.detail() {
                text.push_str(" — ");
                text.push_str(detail);
            }
            if let Some(hint) = db.hint() {
                text.push_str(" — ");
                text.push_str(hint);
            }
            text
        }
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            text
        }
    }
}

/// A schema name a planner may give: letters, digits and `_`, not starting with a digit, at
/// most 63 bytes (PostgreSQL's identifier limit).
pub fn check_schema_name(name: &str) -> Result<(), PgError> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(PgError::BadSchemaName {
            name: name.to_owned(),
        })
    }
}

/// Whether the database has PostGIS; refuses with what to do when it has not.
pub(super) fn require_postgis(
    client: &mut impl postgres::GenericClient,
    server: &str,
) -> Result<(), PgError> {
    let rows = client
        .query("SELECT 1 FROM pg_extension WHERE extname = 'postgis'", &[])
        .map_err(PgError::server(server))?;
    if rows.is_empty() {
        Err(PgError::NoPostgis {
            server: server.to_owned(),
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_names_the_server_without_the_password() {
        let target =
            PgTarget::parse("host=10.0.0.5 port=5433 dbname=gis user=planner password=secret")
                .expect("parse");
        assert_eq!(target.describe(), "planner@10.0.0.5:5433/gis");
        assert!(!format!("{target:?}").contains("secret"));
    }

    #[test]
    fn schema_names_are_plain_identifiers() {
        assert!(check_schema_name("officeplan").is_ok());
        assert!(check_schema_name("county_2026").is_ok());
        assert!(check_schema_name("a;drop").is_err());
        assert!(check_schema_name("1st").is_err());
        assert!(check_schema_name("").is_err());
    }
}
