//! `officeplan publish` and `pull` against a real PostgreSQL + PostGIS that the tests start
//! themselves (tests/pg_cluster: initdb in a temporary directory, a free port on 127.0.0.1,
//! stopped afterwards). Without PostgreSQL or PostGIS these tests FAIL, naming
//! scripts/setup.sh: they never pass without a server.

mod common;
mod pg_cluster;
mod ui_support;

use std::path::Path;
use std::process::Command;

use officeplan::analysis::room_area;
use officeplan::io::postgis::{self, PgTarget, PublishOptions, PullOptions};
use officeplan::io::sample::{SampleSource, build_project};
use officeplan::model::{ChangeAction, Project};
use officeplan::store::CreateOptions;
use officeplan::workspace::{Edit, Workspace};

/// The bundled sample written to `dir/sample.gpkg`, opened, with the project it holds.
fn sample(dir: &Path) -> (Project, Workspace) {
    let project = build_project(&SampleSource::Embedded).expect("sample");
    let workspace = Workspace::create(&dir.join("sample.gpkg"), &project, CreateOptions::default())
        .expect("create the sample");
    (project, workspace)
}

fn options(connstr: &str) -> PublishOptions {
    PublishOptions {
        target: PgTarget::parse(connstr).expect("connstr"),
        schema: postgis::DEFAULT_SCHEMA.to_owned(),
        with_persons: false,
    }
}

fn client(connstr: &str) -> postgres::Client {
    postgres::Client::connect(connstr, postgres::NoTls).expect("connect")
}

/// Our total 使用面积: the one area code path over every room.
fn our_area(project: &Project) -> f64 {
    project.rooms.iter().map(|r| room_area(&r.polygon)).sum()
}

#[test]
fn publishing_the_sample_gives_our_room_count_and_area() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("publish_sample", true);
    let dir = tempfile::tempdir().expect("dir");
    let (project, mut workspace) = sample(dir.path());
    let outcome =
        postgis::publish(&mut workspace, &options(&connstr), &mut |_| true).expect("publish");
    let rooms = outcome
        .tables
        .iter()
        .find(|t| t.table == "rooms")
        .expect("rooms");
    assert_eq!(rooms.inserted as usize, project.rooms.len());
    assert_eq!((rooms.updated, rooms.deleted), (0, 0));

    let mut db = client(&connstr);
    let row = db
        .query_one(
            "SELECT count(*), SUM(ST_Area(geom)), SUM(usable_area_m2) FROM officeplan.rooms",
            &[],
        )
        .expect("query");
    let (count, st_area, usable): (i64, f64, f64) = (row.get(0), row.get(1), row.get(2));
    assert_eq!(count as usize, project.rooms.len());
    let ours = our_area(&project);
    assert!(
        (st_area - ours).abs() < 0.01,
        "ST_Area {st_area} vs ours {ours}"
    );
    assert!(
        (usable - ours).abs() < 0.01,
        "usable_area_m2 {usable} vs ours {ours}"
    );

    // The geographic copy: one per room of an anchored building, in EPSG:4490.
    let anchored = project
        .rooms
        .iter()
        .filter(|r| {
            project
                .floors
                .iter()
                .find(|f| f.uuid == r.floor)
                .and_then(|f| project.buildings.iter().find(|b| b.uuid == f.building))
                .is_some_and(|b| b.anchor_lon_lat.is_some())
        })
        .count();
    let row = db
        .query_one(
            "SELECT count(geom_4490), coalesce(max(ST_SRID(geom_4490)), 0) FROM officeplan.rooms",
            &[],
        )
        .expect("query");
    assert_eq!(row.get::<_, i64>(0) as usize, anchored);
    if anchored > 0 {
        assert_eq!(row.get::<_, i32>(1), 4490);
    }
    // GIST indexes on the geometry.
    let gist: i64 = db
        .query_one(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = 'officeplan' AND indexdef LIKE '%USING gist%'",
            &[],
        )
        .expect("indexes")
        .get(0);
    assert_eq!(gist, 4, "rooms and buildings, geom and geom_4490");
    // The publish is recorded on the server and in the file.
    let position: i64 = db
        .query_one(
            "SELECT change_log_position FROM officeplan.officeplan_publish ORDER BY id DESC LIMIT 1",
            &[],
        )
        .expect("record")
        .get(0);
    assert_eq!(position, outcome.change_log_position);
    let mark = workspace
        .postgis_mark(ChangeAction::PublishPostgis)
        .expect("mark")
        .expect("a publish mark in the file");
    assert!(mark.contains("\"schema\":\"officeplan\""), "{mark}");
}

#[test]
fn a_second_publish_after_one_edit_sends_exactly_one_change() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("publish_twice", true);
    let dir = tempfile::tempdir().expect("dir");
    let (project, mut workspace) = sample(dir.path());
    let options = options(&connstr);
    postgis::publish(&mut workspace, &options, &mut |_| true).expect("first publish");

    // Nothing changed: nothing is sent.
    let again = postgis::publish(&mut workspace, &options, &mut |_| true).expect("again");
    assert_eq!(again.changes(), 0, "{:?}", again.tables);

    let room = project.rooms.first().expect("a room");
    workspace
        .apply(Edit::RenameRoom {
            room: room.uuid,
            number: room.number.clone(),
            name: "档案室（改）".to_owned(),
        })
        .expect("rename");
    let second = postgis::publish(&mut workspace, &options, &mut |_| true).expect("second");
    assert_eq!(second.changes(), 1, "{:?}", second.tables);
    let rooms = second
        .tables
        .iter()
        .find(|t| t.table == "rooms")
        .expect("rooms");
    assert_eq!((rooms.inserted, rooms.updated, rooms.deleted), (0, 1, 0));
    // The rename and the previous publish's mark: two lines since the last publish.
    assert_eq!(second.logged_since_last, Some(2));
    let name: String = client(&connstr)
        .query_one(
            "SELECT name FROM officeplan.rooms WHERE uuid::text = $1",
            &[&room.uuid.to_string()],
        )
        .expect("room")
        .get(0);
    assert_eq!(name, "档案室（改）");
}

#[test]
fn a_deleted_building_is_deleted_on_the_server_in_the_same_publish() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("publish_delete", true);
    let dir = tempfile::tempdir().expect("dir");
    let (project, mut workspace) = sample(dir.path());
    let options = options(&connstr);
    postgis::publish(&mut workspace, &options, &mut |_| true).expect("first publish");
    let building = project.buildings.first().expect("a building");
    let floors: Vec<_> = project
        .floors
        .iter()
        .filter(|f| f.building == building.uuid)
        .map(|f| f.uuid)
        .collect();
    let rooms = project
        .rooms
        .iter()
        .filter(|r| floors.contains(&r.floor))
        .count();
    workspace
        .apply(Edit::DeleteBuilding {
            building: building.uuid,
        })
        .expect("delete");
    let outcome = postgis::publish(&mut workspace, &options, &mut |_| true).expect("publish");
    let deleted = |table: &str| {
        outcome
            .tables
            .iter()
            .find(|t| t.table == table)
            .map(|t| (t.deleted, t.inserted, t.updated))
    };
    assert_eq!(deleted("buildings"), Some((1, 0, 0)));
    assert_eq!(deleted("floors"), Some((floors.len() as u64, 0, 0)));
    assert_eq!(deleted("rooms"), Some((rooms as u64, 0, 0)));
    let left: i64 = client(&connstr)
        .query_one("SELECT count(*) FROM officeplan.rooms", &[])
        .expect("count")
        .get(0);
    assert_eq!(left as usize, project.rooms.len() - rooms);
}

#[test]
fn ogrinfo_lists_the_published_tables_with_their_geometry() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("publish_ogr", true);
    let dir = tempfile::tempdir().expect("dir");
    let (project, mut workspace) = sample(dir.path());
    let rooms = project.rooms.len();
    postgis::publish(&mut workspace, &options(&connstr), &mut |_| true).expect("publish");
    let name = cluster.ogr_name("publish_ogr", "officeplan");
    // GDAL lists the spatial tables with the type of each geometry column (geom, geom_4490).
    let text = ogrinfo(&["-ro", &name]);
    for layer in ["rooms (Polygon, Polygon)", "buildings (Polygon, Polygon)"] {
        assert!(text.contains(layer), "{layer} missing in:\n{text}");
    }
    // And, asked for every table, the attribute tables too.
    let text = ogrinfo(&["-ro", "-oo", "LIST_ALL_TABLES=YES", &name]);
    for table in [
        "units",
        "floors",
        "unit_counts",
        "room_units",
        "officeplan_publish",
    ] {
        assert!(text.contains(table), "{table} missing in:\n{text}");
    }
    // The rooms layer as QGIS sees it: the feature count and both geometry columns.
    let text = ogrinfo(&["-ro", "-so", &name, "rooms"]);
    assert!(text.contains(&format!("Feature Count: {rooms}")), "{text}");
    assert!(text.contains("Geometry Column 1 = geom"), "{text}");
    assert!(text.contains("Geometry Column 2 = geom_4490"), "{text}");
}

fn ogrinfo(args: &[&str]) -> String {
    let out = Command::new("ogrinfo")
        .args(args)
        .output()
        .expect("ogrinfo (gdal-bin, scripts/setup.sh)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "ogrinfo {args:?}: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn a_pull_into_a_new_file_gives_the_same_counts_and_areas() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("pull_back", true);
    let dir = tempfile::tempdir().expect("dir");
    let (project, mut workspace) = sample(dir.path());
    let mut options = options(&connstr);
    options.with_persons = true;
    postgis::publish(&mut workspace, &options, &mut |_| true).expect("publish");

    let target = dir.path().join("pulled.gpkg");
    let pull = PullOptions {
        target: options.target.clone(),
        schema: options.schema.clone(),
        force: false,
    };
    let outcome = postgis::pull(&target, &pull, &mut |_| true).expect("pull");
    assert_eq!(outcome.rooms, project.rooms.len());
    let pulled = Workspace::open(&target).expect("open the pulled file");
    let back = pulled.load_project().expect("load");
    assert_eq!(
        (
            back.sites.len(),
            back.buildings.len(),
            back.floors.len(),
            back.rooms.len(),
            back.units.len(),
            back.persons.len()
        ),
        (
            project.sites.len(),
            project.buildings.len(),
            project.floors.len(),
            project.rooms.len(),
            project.units.len(),
            project.persons.len()
        )
    );
    assert!((our_area(&back) - our_area(&project)).abs() < 0.01);
    assert_eq!(back.region, project.region);
    let occupied = |p: &Project| p.rooms.iter().map(|r| r.units.len()).sum::<usize>();
    assert_eq!(occupied(&back), occupied(&project));
    let posts = |p: &Project| p.units.iter().map(|u| u.approved_posts()).sum::<u32>();
    assert_eq!(posts(&back), posts(&project));
    // The file's history records the pull.
    let history = pulled.history(5).expect("history");
    assert!(
        history
            .iter()
            .any(|e| e.action == ChangeAction::PullPostgis.code()),
        "{history:?}"
    );
    // An existing file is refused without --force, and replaced with it.
    let refused = postgis::pull(&target, &pull, &mut |_| true).expect_err("exists");
    assert!(refused.to_string().contains("--force"), "{refused}");
    let forced = PullOptions {
        force: true,
        ..pull
    };
    postgis::pull(&target, &forced, &mut |_| true).expect("forced pull");
}

#[test]
fn without_with_persons_no_person_name_reaches_the_server() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("no_names", true);
    let dir = tempfile::tempdir().expect("dir");
    let (project, mut workspace) = sample(dir.path());
    assert!(!project.persons.is_empty(), "the sample has persons");
    let mut options = options(&connstr);
    options.with_persons = true;
    postgis::publish(&mut workspace, &options, &mut |_| true).expect("with persons");
    options.with_persons = false;
    let outcome = postgis::publish(&mut workspace, &options, &mut |_| true).expect("without");
    let persons = outcome
        .tables
        .iter()
        .find(|t| t.table == "persons")
        .expect("persons");
    assert_eq!(persons.deleted as usize, project.persons.len());
    assert_eq!(persons.rows, 0);

    // No published row of any table holds a person's name.
    let mut db = client(&connstr);
    let mut text = String::new();
    for table in [
        "regions",
        "sites",
        "buildings",
        "floors",
        "rooms",
        "units",
        "unit_counts",
        "room_units",
        "persons",
    ] {
        for row in db
            .query(&format!("SELECT t::text FROM officeplan.{table} t"), &[])
            .expect("rows")
        {
            text.push_str(&row.get::<_, String>(0));
        }
    }
    for person in &project.persons {
        assert!(
            !text.contains(&person.name),
            "{} is on the server",
            person.name
        );
    }
    // The counts are there: persons per unit and grade sum to the sample's persons.
    let counted: i64 = db
        .query_one(
            "SELECT sum(persons)::bigint FROM officeplan.unit_counts",
            &[],
        )
        .expect("counts")
        .get(0);
    assert_eq!(counted as usize, project.persons.len());
}

#[test]
fn a_database_without_postgis_is_refused_saying_what_to_do() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("plain", false);
    let dir = tempfile::tempdir().expect("dir");
    let (_, mut workspace) = sample(dir.path());
    let error = postgis::publish(&mut workspace, &options(&connstr), &mut |_| true)
        .expect_err("no postgis");
    let message = error.to_string();
    assert!(message.contains("CREATE EXTENSION postgis"), "{message}");
    assert!(
        message.contains(&format!("127.0.0.1:{}", cluster.port())),
        "{message}"
    );
}

#[test]
fn a_server_that_is_not_there_is_named_in_the_error() {
    // A port nobody listens on: bound and released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let dir = tempfile::tempdir().expect("dir");
    let (_, mut workspace) = sample(dir.path());
    let connstr = format!("host=127.0.0.1 port={port} dbname=gis user=planner");
    let error =
        postgis::publish(&mut workspace, &options(&connstr), &mut |_| true).expect_err("refused");
    let message = error.to_string();
    assert!(
        message.contains(&format!("planner@127.0.0.1:{port}/gis")),
        "{message}"
    );
    assert!(message.contains("listen_addresses"), "{message}");
    // Nothing was recorded in the file.
    assert_eq!(
        workspace
            .postgis_mark(ChangeAction::PublishPostgis)
            .expect("mark"),
        None
    );
}

#[test]
fn the_command_line_publishes_and_pulls() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("cli", true);
    let dir = tempfile::tempdir().expect("dir");
    let file = common::sample_file(dir.path());
    let file = file.to_str().expect("utf-8 path");
    let out = common::officeplan_ok(&["publish", file, "--pg", &connstr]);
    assert!(out.contains("rooms: "), "{out}");
    assert!(out.contains("Published to postgres@127.0.0.1:"), "{out}");
    // Again: nothing changed, nothing sent; the file gained one line (the first publish's mark).
    let out = common::officeplan_ok(&["publish", file, "--pg", &connstr, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let sent: u64 = json["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| {
            ["inserted", "updated", "deleted"]
                .iter()
                .map(|k| t[k].as_u64().unwrap_or(0))
                .sum::<u64>()
        })
        .sum();
    assert_eq!(sent, 0, "{out}");
    assert_eq!(json["logged_since_last"], 1, "{out}");

    let pulled = dir.path().join("pulled.gpkg");
    let pulled = pulled.to_str().expect("utf-8 path");
    let out = common::officeplan_ok(&["pull", pulled, "--pg", &connstr, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let rooms = build_project(&SampleSource::Embedded)
        .expect("sample")
        .rooms
        .len();
    assert_eq!(json["rooms"], rooms as u64);
    let refused = common::officeplan(&["pull", pulled, "--pg", &connstr]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
}

#[test]
fn the_publish_dialog_publishes_the_open_file_and_shows_what_it_sent() {
    use egui_kittest::kittest::Queryable as _;
    use ui_support::{click, type_into, wait_for_jobs};
    let _guard = ui_support::serial();
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("ui_publish", true);
    let (_dir, mut h) = ui_support::open_sample();
    click(&mut h, "文件");
    click(&mut h, "发布到 PostGIS…");
    h.run_steps(8);
    type_into(&mut h, "端口", &cluster.port().to_string());
    type_into(&mut h, "数据库", "ui_publish");
    type_into(&mut h, "用户名", "postgres");
    // The job shows a spinner until it ends: step, do not wait for the window to settle.
    h.get_by_label("发布").click();
    h.step();
    assert!(
        h.state()
            .job_labels()
            .contains(&"正在发布到 PostGIS…".to_owned())
    );
    wait_for_jobs(&mut h);
    let rooms = build_project(&SampleSource::Embedded)
        .expect("sample")
        .rooms
        .len();
    // The result: one line per table, rooms all new.
    h.get_by_label(&format!(
        "rooms：共 {rooms} 行，新增 {rooms}，更新 0，删除 0"
    ));
    // The open file records the publish (one undoable line), the server has the rooms.
    let mark = h
        .state()
        .workspace()
        .expect("open")
        .postgis_mark(ChangeAction::PublishPostgis)
        .expect("mark");
    assert!(mark.is_some());
    let count: i64 = client(&connstr)
        .query_one("SELECT count(*) FROM officeplan.rooms", &[])
        .expect("count")
        .get(0);
    assert_eq!(count as usize, rooms);
}

/// A provincial file (two generated counties merged, `officeplan merge`) publishes every
/// region with its parent, and each room under its own county's code — not the province's.
#[test]
fn a_provincial_file_publishes_each_room_under_its_county() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("province", true);
    let dir = tempfile::tempdir().expect("dir");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let mut rooms_of = Vec::new();
    for (seed, name, code, rooms) in [
        ("1", "甲县", "429001000000", "120"),
        ("2", "乙县", "429002000000", "80"),
    ] {
        let file = path(&format!("{code}.gpkg"));
        common::officeplan_ok(&[
            "generate", "--rooms", rooms, "--seed", seed, "--county", name, "--code", code, &file,
        ]);
        rooms_of.push((code, rooms.parse::<i64>().expect("count"), file));
    }
    let province = path("province.gpkg");
    let files: Vec<&str> = rooms_of.iter().map(|(_, _, f)| f.as_str()).collect();
    let mut args = vec!["merge", province.as_str()];
    args.extend(files);
    common::officeplan_ok(&args);
    common::officeplan_ok(&["publish", &province, "--pg", &connstr]);

    let mut db = client(&connstr);
    let regions = db
        .query(
            "SELECT code, parent_code FROM officeplan.regions ORDER BY code",
            &[],
        )
        .expect("regions");
    let regions: Vec<(String, String)> = regions.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(
        regions,
        [
            ("420000000000".to_owned(), String::new()),
            ("429001000000".to_owned(), "420000000000".to_owned()),
            ("429002000000".to_owned(), "420000000000".to_owned()),
        ],
        "the province and its two counties, each county under the province"
    );
    for (code, rooms, _) in &rooms_of {
        let n: i64 = db
            .query_one(
                "SELECT count(*) FROM officeplan.rooms WHERE region_code = $1",
                &[code],
            )
            .expect("count")
            .get(0);
        assert_eq!(n, *rooms, "rooms published under {code}");
    }
}

/// A provincial file pulled back keeps its counties: every region with its parent, each
/// compound and unit under its own county. Published again into the same schema, the pulled
/// file sends nothing: pull → publish round-trips, row for row.
#[test]
fn a_pulled_provincial_file_keeps_its_counties_and_publishes_back_unchanged() {
    let cluster = pg_cluster::shared();
    let connstr = cluster.create_database("province_pull", true);
    let dir = tempfile::tempdir().expect("dir");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let mut files = Vec::new();
    for (seed, name, code, rooms) in [
        ("3", "丙县", "429003000000", "90"),
        ("4", "丁县", "429004000000", "60"),
    ] {
        let file = path(&format!("{code}.gpkg"));
        common::officeplan_ok(&[
            "generate", "--rooms", rooms, "--seed", seed, "--county", name, "--code", code, &file,
        ]);
        files.push(file);
    }
    let province = path("province.gpkg");
    let mut args = vec!["merge", province.as_str()];
    args.extend(files.iter().map(String::as_str));
    common::officeplan_ok(&args);
    common::officeplan_ok(&["publish", &province, "--pg", &connstr, "--with-persons"]);

    let pulled = path("pulled.gpkg");
    let out = common::officeplan_ok(&["pull", &pulled, "--pg", &connstr, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        json["regions"], 3,
        "the province and its two counties: {out}"
    );

    // Each compound and unit under the county it had in the provincial file.
    let original = Workspace::open(Path::new(&province)).expect("province");
    let back = Workspace::open(Path::new(&pulled)).expect("pulled");
    let by_code = |w: &Workspace| {
        let regions = w.regions().expect("regions");
        let project = w.load_project().expect("load");
        let code = |region: Option<officeplan::model::Uuid>| match region {
            None => project.region.as_ref().map(|r| r.code.clone()),
            Some(u) => regions.iter().find(|r| r.uuid == u).map(|r| r.code.clone()),
        };
        let mut sites: Vec<(String, Option<String>)> = project
            .sites
            .iter()
            .map(|s| (s.uuid.to_string(), code(s.region)))
            .collect();
        sites.sort();
        let mut units: Vec<(String, Option<String>)> = project
            .units
            .iter()
            .map(|u| (u.uuid.to_string(), code(u.region)))
            .collect();
        units.sort();
        let mut regions: Vec<(String, String, String)> = regions
            .iter()
            .map(|r| (r.uuid.to_string(), r.code.clone(), r.parent_code.clone()))
            .collect();
        regions.sort();
        (project.region.map(|r| r.code), regions, sites, units)
    };
    let (own, regions, sites, units) = by_code(&back);
    assert_eq!(own.as_deref(), Some("420000000000"));
    assert_eq!(
        regions
            .iter()
            .map(|r| (r.1.as_str(), r.2.as_str()))
            .collect::<Vec<_>>()
            .len(),
        3
    );
    assert_eq!(
        (own.clone(), regions.clone(), sites.clone(), units.clone()),
        by_code(&original)
    );
    for code in ["429003000000", "429004000000"] {
        assert!(
            regions.iter().any(|r| r.1 == code && r.2 == "420000000000"),
            "{code} under the province: {regions:?}"
        );
        assert!(
            sites.iter().any(|s| s.1.as_deref() == Some(code)),
            "compounds under {code}"
        );
        assert!(
            units.iter().any(|u| u.1.as_deref() == Some(code)),
            "units under {code}"
        );
    }
    drop((original, back));

    // Published back into the same schema: not one row differs.
    let out = common::officeplan_ok(&[
        "publish",
        &pulled,
        "--pg",
        &connstr,
        "--with-persons",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    for table in json["tables"].as_array().expect("tables") {
        assert_eq!(
            (&table["inserted"], &table["updated"], &table["deleted"]),
            (&0.into(), &0.into(), &0.into()),
            "{table}"
        );
    }
}
