//! The translation layer: every user-visible string goes through [`crate::t!`].
//!
//! Strings live in `assets/locales/app.yml`, Chinese beside English. 中文 is the default.

/// A language the program speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Language {
    /// 简体中文 (the default).
    #[default]
    Chinese,
    English,
}

impl Language {
    /// The locale code used in the translation files.
    pub fn locale(self) -> &'static str {
        match self {
            Self::Chinese => "zh-CN",
            Self::English => "en",
        }
    }

    /// Parses `zh`, `zh-CN`, `en`, `en-US` and the like.
    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.trim().to_ascii_lowercase();
        if lower.starts_with("zh") || lower == "cn" {
            Some(Self::Chinese)
        } else if lower.starts_with("en") {
            Some(Self::English)
        } else {
            None
        }
    }

    /// The language from `OFFICEPLAN_LANG`, else Chinese.
    pub fn from_env() -> Self {
        std::env::var("OFFICEPLAN_LANG")
            .ok()
            .and_then(|v| Self::parse(&v))
            .unwrap_or_default()
    }
}

/// Switches the language of every later message.
pub fn set_language(language: Language) {
    rust_i18n::set_locale(language.locale());
}

/// The current language.
pub fn language() -> Language {
    Language::parse(&rust_i18n::locale()).unwrap_or_default()
}
