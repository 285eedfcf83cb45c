//! Schema step 7 → 8: the records of the national tables 技术业务用房信息 and
//! 办公用房建设项目信息 (DOMAIN §3.1).
//!
//! - `buildings.main_unit_uuid` / `main_unit_name`: a building's 主要使用单位 as recorded —
//!   one of the file's units by UUID (with its name when chosen, shown if the unit is gone),
//!   or a free text; both empty: the unit with the most 技术业务用房 in the building.
//! - `construction_projects`: 办公用房建设项目, one row each. 主要使用单位 is kept the same way
//!   (a UUID, not a foreign key: deleting and restoring a unit must not lose it, and a UUID
//!   stays the same when county files are merged into a provincial one).
//!
//! Only `ALTER TABLE … ADD COLUMN` (nullable or defaulted) and `CREATE TABLE`, so an older
//! file reads "not recorded" and nothing another program added is rebuilt.

/// The step's SQL.
pub(super) const V_PROJECTS: &str = r#"
ALTER TABLE buildings ADD COLUMN main_unit_uuid TEXT;
ALTER TABLE buildings ADD COLUMN main_unit_name TEXT NOT NULL DEFAULT '';
CREATE TABLE construction_projects (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    approver TEXT NOT NULL DEFAULT '',
    builder TEXT NOT NULL DEFAULT '',
    main_unit_uuid TEXT,
    main_unit_name TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    scale_m2 DOUBLE CHECK (scale_m2 IS NULL OR scale_m2 >= 0),
    investment_wan_yuan DOUBLE CHECK (investment_wan_yuan IS NULL OR investment_wan_yuan >= 0),
    approval_no TEXT NOT NULL DEFAULT '',
    year INTEGER,
    status TEXT NOT NULL DEFAULT 'approved',
    note TEXT NOT NULL DEFAULT ''
);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
    VALUES ('construction_projects', 'attributes', 'construction_projects', '办公用房建设项目 office construction projects');
"#;
