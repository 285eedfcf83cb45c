//! The header of a sortable table column (楼栋台账, 检查结果): its text with ▲ or ▼ while the
//! table is sorted by it; a click sorts by it, a second click reverses the order.

/// The header button; whether it was clicked. `sorted` is `Some(ascending)` while the table
/// is sorted by this column; `size` fixes the button's size (a table of fixed columns).
pub fn ui(ui: &mut egui::Ui, header: &str, sorted: Option<bool>, size: Option<egui::Vec2>) -> bool {
    let arrow = match sorted {
        Some(true) => " ▲",
        Some(false) => " ▼",
        None => "",
    };
    let button = egui::Button::new(format!("{header}{arrow}"));
    let response = match size {
        // A fixed width: a long header is cut short (its whole text shows on hover).
        Some(size) => ui.add_sized(size, button.truncate()),
        None => ui.add(button),
    };
    response
        .on_hover_text(crate::t!("ledger.sort_help").as_ref())
        .clicked()
}

/// The order after a click on `column`'s header: that column reversed if the table was
/// sorted by it, else that column ascending.
///
/// ```
/// use officeplan::ui::sort_header::after_click;
/// assert_eq!(after_click(Some((2, true)), 2), (2, false));
/// assert_eq!(after_click(Some((2, false)), 2), (2, true));
/// assert_eq!(after_click(Some((2, false)), 5), (5, true));
/// assert_eq!(after_click(None, 0), (0, true));
/// ```
pub fn after_click<C: PartialEq>(sort: Option<(C, bool)>, column: C) -> (C, bool) {
    match sort {
        Some((c, ascending)) if c == column => (column, !ascending),
        _ => (column, true),
    }
}
