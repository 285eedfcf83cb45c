//! PostgreSQL + PostGIS: publish a file's inventory into a schema QGIS and provincial GIS read
//! (发布到 PostGIS, `officeplan publish`), and pull a published schema back into a file
//! (从 PostGIS 拉取, `officeplan pull`).
//!
//! Geometry travels as EWKB written by our own blob code ([`crate::store::blob`]) in binary
//! COPY rather than through a geometry crate: one encoder for the GeoPackage and the
//! server, and no second `libsqlite3-sys` (geozero's GeoPackage support brings sqlx's).

mod copy_line;
pub mod file_rows;
pub mod publish;
pub mod pull;
pub mod server;
pub mod tables;

pub use copy_line::{CopyLine, row_hash};
pub use publish::{
    DEFAULT_SCHEMA, PublishMark, PublishOptions, PublishOutcome, TableChange, publish,
    publish_file, record_publish,
};
pub use pull::{PullOptions, PullOutcome, pull, pull_project};
pub use server::{PgError, PgFields, PgTarget};
