//! What can go wrong while syncing, in the office's words.

use thiserror::Error;

/// A sync failure. The local data is never touched by one: what waits is sent later.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SyncError {
    /// No answer at all: the address, the network or the server is down.
    #[error("无法连接同步服务器：请检查服务器地址、网络，以及服务器是否已开启")]
    Unreachable,
    /// The server answers, but the browser may not read it: CORS is not enabled for the
    /// app's address.
    #[error(
        "同步服务器没有允许本应用的网址访问：请管理员在服务器的跨域访问设置中加入本应用的网址"
    )]
    Cors,
    /// 401: the user or password is wrong.
    #[error("同步用户名或密码不正确")]
    WrongPassword,
    /// 403: the user is not a member of the database.
    #[error("此同步用户无权访问该数据库：请管理员把此用户加入数据库的成员")]
    Forbidden,
    /// 404 on the database.
    #[error("服务器上没有这个数据库：请检查地址末尾的数据库名")]
    NoDatabase,
    /// The address answers, but not as a sync database.
    #[error("该地址不是同步数据库服务器：请检查服务器地址")]
    NotCouch,
    /// Any other error status.
    #[error("同步服务器出错（状态 {0}），稍后自动重试")]
    Server(u16),
    /// An answer that could not be read.
    #[error("同步服务器的答复无法识别：{0}")]
    BadReply(String),
    /// This device's storage failed.
    #[error("{0}")]
    Local(String),
}

impl SyncError {
    /// The failure an HTTP error status stands for (`body` is the server's JSON answer).
    pub fn from_status(status: u16, body: &str) -> SyncError {
        match status {
            401 => SyncError::WrongPassword,
            403 => SyncError::Forbidden,
            404 if body.contains("not_found") || body.contains("no_db_file") => {
                SyncError::NoDatabase
            }
            404 => SyncError::NotCouch,
            s => SyncError::Server(s),
        }
    }

    /// Whether the failure is the network's (retried quietly, shown as 离线) rather than
    /// the set-up's (shown as 同步出错 with its reason).
    pub fn is_offline(&self) -> bool {
        matches!(self, SyncError::Unreachable | SyncError::Server(502..=504))
    }
}

/// Whether a database's answer (`GET /<db>`) is a CouchDB database's: it names the
/// database and its update sequence.
pub fn is_database_info(body: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .is_some_and(|v| v.get("db_name").is_some() && v.get("update_seq").is_some())
}
