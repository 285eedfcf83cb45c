//! The toolbar under the menus: centre view, tools (选择, 测量, the drawing tools, 合并,
//! 删除), 适应窗口, theme, undo and redo. Like the menu bar it returns a [`MenuAction`].

use super::app::CentreView;
use super::canvas::Tool;
use super::menu_bar::MenuAction;
use crate::view::Theme;

/// What the toolbar shows this frame.
#[derive(Clone, Debug, Default)]
pub struct ToolbarState {
    pub centre: CentreView,
    pub tool: Tool,
    pub theme: Theme,
    pub can_undo: bool,
    pub can_redo: bool,
    /// Whether a floor is shown (the drawing tools need one).
    pub has_plan: bool,
    /// Why room shapes cannot be edited now, if they cannot.
    pub shape_refusal: Option<String>,
    /// How many rooms are selected.
    pub selected: usize,
    /// Whether the floor shown has no rooms yet (split and the vertex tool need one).
    pub no_rooms: bool,
}

/// The toolbar's row; `typed_size` draws the rectangle's typed size (矩形 宽×高) after the
/// drawing tools, when they can be used.
pub fn ui(
    ui: &mut egui::Ui,
    state: &ToolbarState,
    typed_size: impl FnOnce(&mut egui::Ui),
) -> Option<MenuAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        let mut centre = state.centre;
        for view in CentreView::ALL {
            ui.selectable_value(&mut centre, view, view.label());
        }
        if centre != state.centre {
            action = Some(MenuAction::ShowCentre(centre));
        }
        ui.separator();
        let mut tool = state.tool;
        ui.selectable_value(&mut tool, Tool::Select, crate::t!("tool.select").as_ref())
            .on_hover_text(crate::t!("tool.select_help").as_ref());
        ui.selectable_value(&mut tool, Tool::Measure, crate::t!("tool.measure").as_ref())
            .on_hover_text(crate::t!("tool.measure_help").as_ref());
        if tool != state.tool {
            action = Some(MenuAction::SetTool {
                tool,
                cancel_sketch: false,
            });
        }
        if let Some(a) = edit_tools_ui(ui, state, typed_size) {
            action = Some(a);
        }
        if ui.button(crate::t!("tool.fit").as_ref()).clicked() {
            action = Some(MenuAction::Fit);
        }
        ui.separator();
        let label = ui.label(crate::t!("tool.theme").as_ref());
        let mut theme = state.theme;
        egui::ComboBox::from_id_salt("theme")
            .selected_text(state.theme.label())
            .show_ui(ui, |ui| {
                for t in Theme::ALL {
                    ui.selectable_value(&mut theme, t, t.label());
                }
            })
            .response
            .labelled_by(label.id);
        if theme != state.theme {
            action = Some(MenuAction::SetTheme(theme));
        }
        ui.separator();
        if ui
            .add_enabled(
                state.can_undo,
                egui::Button::new(crate::t!("menu.undo").as_ref()),
            )
            .clicked()
        {
            action = Some(MenuAction::Undo);
        }
        if ui
            .add_enabled(
                state.can_redo,
                egui::Button::new(crate::t!("menu.redo").as_ref()),
            )
            .clicked()
        {
            action = Some(MenuAction::Redo);
        }
    });
    action
}

/// The drawing tools and the merge and delete buttons.
fn edit_tools_ui(
    ui: &mut egui::Ui,
    state: &ToolbarState,
    typed_size: impl FnOnce(&mut egui::Ui),
) -> Option<MenuAction> {
    let mut action = None;
    let enabled = state.shape_refusal.is_none() && state.has_plan;
    // Drawing works on an empty floor; split and the vertex tool need a room and say so.
    let tools = [
        (
            Tool::Rectangle,
            "tool.rectangle",
            "tool.rectangle_help",
            true,
        ),
        (Tool::Polygon, "tool.polygon", "tool.polygon_help", true),
        (Tool::Split, "tool.split", "tool.split_help", false),
        (Tool::Vertices, "tool.vertices", "tool.vertices_help", false),
    ];
    for (tool, label, help, on_empty) in tools {
        let selected = state.tool == tool;
        let usable = enabled && (on_empty || !state.no_rooms);
        let response = ui
            .add_enabled(
                usable,
                egui::Button::selectable(selected, crate::t!(label).as_ref()),
            )
            .on_hover_text(crate::t!(help).as_ref());
        let response = match &state.shape_refusal {
            Some(why) => response.on_disabled_hover_text(why.as_str()),
            None if !usable && state.has_plan => {
                response.on_disabled_hover_text(crate::t!("drawing.needs_room").as_ref())
            }
            None => response,
        };
        if response.clicked() {
            action = Some(MenuAction::SetTool {
                tool,
                cancel_sketch: true,
            });
        }
    }
    if enabled {
        typed_size(ui);
    }
    if ui
        .add_enabled(
            enabled && state.selected >= 2,
            egui::Button::new(crate::t!("tool.merge").as_ref()),
        )
        .on_hover_text(crate::t!("tool.merge_help").as_ref())
        .clicked()
    {
        action = Some(MenuAction::MergeSelected);
    }
    if ui
        .add_enabled(
            enabled && state.selected >= 1,
            egui::Button::new(crate::t!("tool.delete").as_ref()),
        )
        .on_hover_text(crate::t!("tool.delete_help").as_ref())
        .clicked()
    {
        action = Some(MenuAction::DeleteSelected);
    }
    action
}
