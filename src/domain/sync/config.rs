//! Where this device syncs to: the office's database address and this device's user.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::base64;

/// The sync settings of this device. Kept in this device's IndexedDB only: never in an
/// export file, never in `localStorage`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConfig {
    /// The database's address, without a trailing slash: `https://nas.office:6984/sh01`.
    pub url: String,
    /// This device's user on the server.
    pub user: String,
    /// Its password.
    pub password: String,
}

/// Why the sync settings typed are refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SetupError {
    /// Not an `https://` address (plain `http://` only for this computer itself).
    #[error("服务器地址须以 https:// 开头（仅本机地址可用 http://）")]
    Scheme,
    /// No database name after the server.
    #[error("服务器地址末尾须写上本办公室的数据库名，例如 https://服务器:6984/sh01")]
    NoDatabase,
    /// The database name breaks the server's naming rules.
    #[error("数据库名只能由小写字母开头，包含小写字母、数字和 _ $ ( ) + - /")]
    DatabaseName,
    /// No user name.
    #[error("请填写同步用户名")]
    NoUser,
    /// No password.
    #[error("请填写同步密码")]
    NoPassword,
}

impl SyncConfig {
    /// Checks what was typed: an `https://` address (or `http://` to this computer) ending
    /// in one database's name, a user and a password.
    pub fn check(url: &str, user: &str, password: &str) -> Result<SyncConfig, SetupError> {
        let url = url.trim().trim_end_matches('/');
        let rest = if let Some(rest) = url.strip_prefix("https://") {
            rest
        } else if let Some(rest) = url.strip_prefix("http://") {
            let host = rest.split(['/', ':']).next().unwrap_or("");
            if !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
                return Err(SetupError::Scheme);
            }
            rest
        } else {
            return Err(SetupError::Scheme);
        };
        let (host, db) = rest.split_once('/').ok_or(SetupError::NoDatabase)?;
        if host.is_empty() || db.is_empty() {
            return Err(SetupError::NoDatabase);
        }
        let mut chars = db.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok =
            chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-/".contains(c));
        if !first_ok || !rest_ok {
            return Err(SetupError::DatabaseName);
        }
        let user = user.trim();
        if user.is_empty() {
            return Err(SetupError::NoUser);
        }
        if password.is_empty() {
            return Err(SetupError::NoPassword);
        }
        Ok(SyncConfig {
            url: url.to_string(),
            user: user.to_string(),
            password: password.to_string(),
        })
    }

    /// The `Authorization` header's value (HTTP basic authentication).
    pub fn authorization(&self) -> String {
        format!(
            "Basic {}",
            base64::encode(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }

    /// The server's address (scheme and host, no database).
    pub fn server(&self) -> &str {
        let after_scheme = self.url.find("://").map_or(0, |i| i + 3);
        match self.url[after_scheme..].find('/') {
            Some(i) => &self.url[..after_scheme + i],
            None => &self.url,
        }
    }

    /// The key this device's pull checkpoint for this database is kept under: a new
    /// address starts from the beginning.
    pub fn checkpoint_key(&self) -> String {
        format!("sync_checkpoint:{}", self.url)
    }
}
