//! 文件 → 发布到 PostGIS… and 文件 → 从 PostGIS 拉取…: the connection's fields (host, port,
//! database, user, password — the password stays in memory, never in the file), the schema,
//! and for a publish whether persons' names go too, for a pull the new file's path. It runs
//! nothing itself: 发布 / 拉取 come back as a [`PostgisAction`] for the app to run as a job,
//! whose result the dialog then shows.

use std::path::PathBuf;

use crate::io::postgis::{DEFAULT_SCHEMA, PgFields, PgTarget, PublishOptions, PullOptions};

/// Which way the dialog works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostgisMode {
    Publish,
    Pull,
}

/// What the planner chose.
#[derive(Clone, Debug)]
pub enum PostgisAction {
    Publish(PublishOptions),
    Pull {
        path: PathBuf,
        options: PullOptions,
    },
    /// Open the file a pull wrote.
    OpenPulled(PathBuf),
    Close,
}

/// The dialog's state; kept by the app between openings (the password too, for the session).
#[derive(Debug)]
pub struct PostgisDialog {
    pub mode: PostgisMode,
    pub open: bool,
    pub fields: PgFields,
    pub schema: String,
    pub with_persons: bool,
    /// The file a pull writes.
    pub pull_path: String,
    /// Replace the pull's file if it exists.
    pub force: bool,
    /// A job is running for the dialog.
    pub running: bool,
    /// The last run's lines, or why it failed.
    pub result: Option<Result<Vec<String>, String>>,
    /// The file the last pull wrote.
    pub pulled: Option<PathBuf>,
}

impl Default for PostgisDialog {
    fn default() -> Self {
        Self {
            mode: PostgisMode::Publish,
            open: false,
            fields: PgFields {
                host: "127.0.0.1".to_owned(),
                port: "5432".to_owned(),
                ..PgFields::default()
            },
            schema: DEFAULT_SCHEMA.to_owned(),
            with_persons: false,
            pull_path: String::new(),
            force: false,
            running: false,
            result: None,
            pulled: None,
        }
    }
}

impl PostgisDialog {
    /// Opens the dialog for `mode`; `pull_path` is proposed for a pull's file.
    pub fn show(&mut self, mode: PostgisMode, pull_path: String) {
        self.mode = mode;
        self.open = true;
        self.result = None;
        self.pulled = None;
        if self.pull_path.is_empty() {
            self.pull_path = pull_path;
        }
    }

    /// The window title.
    pub fn title(&self) -> String {
        match self.mode {
            PostgisMode::Publish => crate::t!("postgis.ui.publish_title"),
            PostgisMode::Pull => crate::t!("postgis.ui.pull_title"),
        }
        .into_owned()
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        egui::Grid::new("postgis_fields")
            .num_columns(2)
            .show(ui, |ui| {
                for (key, value, password) in [
                    ("postgis.ui.host", &mut self.fields.host, false),
                    ("postgis.ui.port", &mut self.fields.port, false),
                    ("postgis.ui.dbname", &mut self.fields.dbname, false),
                    ("postgis.ui.user", &mut self.fields.user, false),
                    ("postgis.ui.password", &mut self.fields.password, true),
                    ("postgis.ui.schema", &mut self.schema, false),
                ] {
                    let label = ui.label(crate::t!(key).as_ref());
                    ui.add(
                        egui::TextEdit::singleline(value)
                            .password(password)
                            .desired_width(220.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                }
            });
        ui.small(crate::t!("postgis.ui.password_note").as_ref());
    }

    /// The action the run button asks for, or why it cannot run.
    fn request(&self) -> Result<PostgisAction, String> {
        let target = PgTarget::from_fields(&self.fields).map_err(|e| e.to_string())?;
        crate::io::postgis::server::check_schema_name(self.schema.trim())
            .map_err(|e| e.to_string())?;
        let schema = self.schema.trim().to_owned();
        Ok(match self.mode {
            PostgisMode::Publish => PostgisAction::Publish(PublishOptions {
                target,
                schema,
                with_persons: self.with_persons,
            }),
            PostgisMode::Pull => {
                let path = self.pull_path.trim();
                if path.is_empty() {
                    return Err(crate::t!("postgis.ui.no_path").into_owned());
                }
                PostgisAction::Pull {
                    path: PathBuf::from(path),
                    options: PullOptions {
                        target,
                        schema,
                        force: self.force,
                    },
                }
            }
        })
    }

    /// The window, while open; an action when the planner chooses one.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<PostgisAction> {
        if !self.open {
            return None;
        }
        let mut open = true;
        let mut action = None;
        egui::Window::new(self.title())
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                self.fields_ui(ui);
                match self.mode {
                    PostgisMode::Publish => {
                        ui.checkbox(
                            &mut self.with_persons,
                            crate::t!("postgis.ui.with_persons").as_ref(),
                        );
                    }
                    PostgisMode::Pull => {
                        ui.horizontal(|ui| {
                            let label = ui.label(crate::t!("postgis.ui.pull_path").as_ref());
                            ui.add(
                                egui::TextEdit::singleline(&mut self.pull_path)
                                    .desired_width(320.0),
                            )
                            .labelled_by(label.id);
                        });
                        ui.checkbox(&mut self.force, crate::t!("postgis.ui.force").as_ref());
                    }
                }
                let request = self.request();
                if let Err(why) = &request {
                    ui.colored_label(ui.visuals().error_fg_color, why);
                }
                ui.horizontal(|ui| {
                    let run = match self.mode {
                        PostgisMode::Publish => crate::t!("postgis.ui.publish"),
                        PostgisMode::Pull => crate::t!("postgis.ui.pull"),
                    };
                    if ui
                        .add_enabled(
                            request.is_ok() && !self.running,
                            egui::Button::new(run.as_ref()),
                        )
                        .clicked()
                        && let Ok(request) = request
                    {
                        self.result = None;
                        self.pulled = None;
                        self.running = true;
                        action = Some(request);
                    }
                    if ui.button(crate::t!("postgis.ui.close").as_ref()).clicked() {
                        action = Some(PostgisAction::Close);
                    }
                    if self.running {
                        ui.spinner();
                        ui.label(crate::t!("postgis.ui.running").as_ref());
                    }
                });
                match &self.result {
                    Some(Ok(lines)) => {
                        ui.separator();
                        for line in lines {
                            ui.label(line);
                        }
                    }
                    Some(Err(why)) => {
                        ui.separator();
                        ui.colored_label(ui.visuals().error_fg_color, why);
                    }
                    None => {}
                }
                if let Some(path) = &self.pulled
                    && ui
                        .button(crate::t!("postgis.ui.open_pulled").as_ref())
                        .clicked()
                {
                    action = Some(PostgisAction::OpenPulled(path.clone()));
                }
            });
        if !open {
            action = Some(PostgisAction::Close);
        }
        if matches!(
            action,
            Some(PostgisAction::Close | PostgisAction::OpenPulled(_))
        ) {
            self.open = false;
        }
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_make_the_target_and_a_bad_port_is_refused() {
        let mut dialog = PostgisDialog::default();
        dialog.fields.dbname = "gis".into();
        dialog.fields.user = "planner".into();
        dialog.fields.password = "secret".into();
        match dialog.request() {
            Ok(PostgisAction::Publish(options)) => {
                assert_eq!(options.target.describe(), "planner@127.0.0.1:5432/gis");
                assert_eq!(options.schema, "officeplan");
            }
            other => panic!("{other:?}"),
        }
        dialog.fields.port = "54x".into();
        assert!(dialog.request().is_err());
    }

    #[test]
    fn a_pull_needs_a_path() {
        let mut dialog = PostgisDialog::default();
        dialog.show(PostgisMode::Pull, String::new());
        assert!(dialog.request().is_err());
        dialog.pull_path = "/tmp/pulled.gpkg".into();
        assert!(matches!(dialog.request(), Ok(PostgisAction::Pull { .. })));
    }
}
