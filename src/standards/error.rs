//! Why a standard set could not be used: each message names the file and the key.

/// A standard set that was refused. Nothing is checked against a refused set.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StandardError {
    /// The project names a set that is not shipped.
    #[error("{}", crate::t!("standards.unknown", id = id, known = known))]
    Unknown { id: String, known: String },
    /// The text is not TOML.
    #[error("{}", crate::t!("standards.syntax", file = file, reason = reason))]
    Syntax { file: String, reason: String },
    /// A key is missing, misspelt or has a value that cannot be used.
    #[error("{}", crate::t!("standards.invalid", file = file, key = key, reason = reason))]
    Invalid {
        file: String,
        key: String,
        reason: String,
    },
}
