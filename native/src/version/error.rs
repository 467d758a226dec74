//! `VersionError`: what is wrong with a version, range or requirement string, and where.

use std::fmt;

/// An invalid version, range or requirement (rez's `VersionError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionError {
    message: String,
}

impl VersionError {
    /// A new error with a complete, user-facing message.
    pub fn new(message: impl Into<String>) -> VersionError {
        VersionError {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VersionError {}
