//! The bundled fonts, shared by the app's text and the printed sheets.

/// The bundled CJK font (Noto Sans CJK SC, GB2312 subset, OFL 1.1; see assets/fonts).
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-subset.otf");
