//! The HTTP calls of CouchDB's replication protocol that sync uses (issue 17), with
//! `fetch`: the database's info, `_changes` (normal and long-poll, from a checkpoint),
//! `_bulk_docs`, `_all_docs`, `_revs_diff` and a file's attachment.

use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, RequestMode, Response};

use crate::domain::sync::failure::is_database_info;
use crate::domain::sync::{InDoc, SyncConfig, SyncError};

/// One office database on a CouchDB server, as this device's user.
#[derive(Clone, Debug)]
pub struct Couch {
    config: SyncConfig,
}

/// A page of the changes feed.
#[derive(Debug, Deserialize)]
pub struct Changes {
    /// The changed documents, in the server's order.
    pub results: Vec<Change>,
    /// The checkpoint to go on from.
    pub last_seq: serde_json::Value,
}

/// One change: the document as it is now (`include_docs`).
#[derive(Debug, Deserialize)]
pub struct Change {
    /// The document, when the feed includes it.
    #[serde(default)]
    pub doc: Option<InDoc>,
}

/// One result of `_bulk_docs`.
#[derive(Debug, Deserialize)]
struct BulkResult {
    id: String,
    #[serde(default)]
    rev: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

/// How long a call may take before it counts as unreachable (a long poll waits longer).
const TIMEOUT_MS: u32 = 30_000;

/// A checkpoint as the `since` parameter: CouchDB 3 writes text, PouchDB numbers.
pub fn since_param(seq: &serde_json::Value) -> String {
    match seq {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

impl Couch {
    /// The database of `config`.
    pub fn new(config: &SyncConfig) -> Couch {
        Couch {
            config: config.clone(),
        }
    }

    /// Sends one request and reads the answer as text: (status, body).
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        timeout_ms: u32,
    ) -> Result<(u16, String), SyncError> {
        let Some(response) = self.fetch(method, path, body, timeout_ms).await? else {
            return Err(self.why_unreachable().await);
        };
        let text = JsFuture::from(response.text().map_err(|_| SyncError::Unreachable)?)
            .await
            .map_err(|_| SyncError::Unreachable)?
            .as_string()
            .unwrap_or_default();
        Ok((response.status(), text))
    }

    /// The response, or `None` when `fetch` failed (network, CORS, timeout).
    async fn fetch(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        timeout_ms: u32,
    ) -> Result<Option<Response>, SyncError> {
        let window = web_sys::window().ok_or(SyncError::Unreachable)?;
        let headers = Headers::new().map_err(|_| SyncError::Unreachable)?;
        let _ = headers.set("Accept", "application/json");
        let _ = headers.set("Authorization", &self.config.authorization());
        let init = RequestInit::new();
        init.set_method(method);
        init.set_mode(RequestMode::Cors);
        if let Some(body) = body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&wasm_bindgen::JsValue::from_str(body));
        }
        init.set_headers(&headers);
        let abort = AbortController::new().ok();
        if let Some(a) = &abort {
            init.set_signal(Some(&a.signal()));
            let a = a.clone();
            let cb = wasm_bindgen::closure::Closure::once_into_js(move || a.abort());
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                timeout_ms as i32,
            );
        }
        let url = format!("{}{}", self.config.url, path);
        let request =
            Request::new_with_str_and_init(&url, &init).map_err(|_| SyncError::Unreachable)?;
        Ok(JsFuture::from(window.fetch_with_request(&request))
            .await
            .ok()
            .and_then(|r| r.dyn_into::<Response>().ok()))
    }

    /// Why a request got no answer: when the server answers a request the browser does not
    /// let the page read (`no-cors`), it is up but does not allow the app's address.
    async fn why_unreachable(&self) -> SyncError {
        let Some(window) = web_sys::window() else {
            return SyncError::Unreachable;
        };
        let init = RequestInit::new();
        init.set_mode(RequestMode::NoCors);
        let probe = JsFuture::from(window.fetch_with_str_and_init(self.config.server(), &init));
        match probe.await {
            Ok(_) => SyncError::Cors,
            Err(_) => SyncError::Unreachable,
        }
    }

    /// Checks the address and the credentials: the database answers as a CouchDB
    /// database to this user.
    pub async fn check(&self) -> Result<(), SyncError> {
        let (status, body) = self.send("GET", "", None, TIMEOUT_MS).await?;
        match status {
            200 if is_database_info(&body) => Ok(()),
            200 => Err(SyncError::NotCouch),
            s => Err(SyncError::from_status(s, &body)),
        }
    }

    fn ok(status: u16, body: &str) -> Result<(), SyncError> {
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(SyncError::from_status(status, body))
        }
    }

    /// The changes since `since` (at most `limit`), with their documents; `wait_ms` > 0
    /// waits that long for one when there is none (long poll). `only` limits the feed to
    /// those document ids.
    pub async fn changes(
        &self,
        since: &str,
        limit: u32,
        wait_ms: u32,
        only: Option<&[&str]>,
    ) -> Result<Changes, SyncError> {
        let mut path = format!(
            "/_changes?include_docs=true&since={}&limit={limit}",
            encode(since)
        );
        if wait_ms > 0 {
            path.push_str(&format!("&feed=longpoll&timeout={wait_ms}"));
        }
        let (status, body) = match only {
            Some(ids) => {
                path.push_str("&filter=_doc_ids");
                let body = serde_json::json!({ "doc_ids": ids }).to_string();
                self.send("POST", &path, Some(&body), TIMEOUT_MS + wait_ms)
                    .await?
            }
            None => self.send("GET", &path, None, TIMEOUT_MS + wait_ms).await?,
        };
        Self::ok(status, &body)?;
        serde_json::from_str(&body).map_err(|e| SyncError::BadReply(e.to_string()))
    }

    /// Writes documents (JSON text). `new_edits: false` stores them with the revisions
    /// they carry (files). Returns each written document's id and new revision; documents
    /// the server refused because its copy changed meanwhile are left out.
    pub async fn bulk_docs(
        &self,
        docs: &[String],
        new_edits: bool,
    ) -> Result<Vec<(String, String)>, SyncError> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let mut body = String::with_capacity(docs.iter().map(|d| d.len() + 1).sum::<usize>() + 40);
        body.push_str(if new_edits {
            "{\"docs\":["
        } else {
            "{\"new_edits\":false,\"docs\":["
        });
        for (i, d) in docs.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(d);
        }
        body.push_str("]}");
        let (status, text) = self
            .send("POST", "/_bulk_docs", Some(&body), TIMEOUT_MS * 4)
            .await?;
        Self::ok(status, &text)?;
        if !new_edits {
            // Written as given: every document has the revision it carried.
            return Ok(Vec::new());
        }
        let results: Vec<BulkResult> =
            serde_json::from_str(&text).map_err(|e| SyncError::BadReply(e.to_string()))?;
        Ok(results
            .into_iter()
            .filter(|r| r.error.is_none())
            .filter_map(|r| Some((r.id, r.rev?)))
            .collect())
    }

    /// The documents `ids` as the server has them now (missing ones left out).
    pub async fn all_docs(&self, ids: &[String]) -> Result<Vec<InDoc>, SyncError> {
        #[derive(Deserialize)]
        struct Rows {
            rows: Vec<Row>,
        }
        #[derive(Deserialize)]
        struct Row {
            #[serde(default)]
            doc: Option<InDoc>,
        }
        let body = serde_json::json!({ "keys": ids }).to_string();
        let (status, text) = self
            .send(
                "POST",
                "/_all_docs?include_docs=true",
                Some(&body),
                TIMEOUT_MS,
            )
            .await?;
        Self::ok(status, &text)?;
        let rows: Rows =
            serde_json::from_str(&text).map_err(|e| SyncError::BadReply(e.to_string()))?;
        Ok(rows.rows.into_iter().filter_map(|r| r.doc).collect())
    }

    /// Which of the documents (id, revision) the server lacks.
    pub async fn revs_diff(&self, revs: &[(String, String)]) -> Result<Vec<String>, SyncError> {
        if revs.is_empty() {
            return Ok(Vec::new());
        }
        let map: serde_json::Map<String, serde_json::Value> = revs
            .iter()
            .map(|(id, rev)| (id.clone(), serde_json::json!([rev])))
            .collect();
        let body = serde_json::Value::Object(map).to_string();
        let (status, text) = self
            .send("POST", "/_revs_diff", Some(&body), TIMEOUT_MS)
            .await?;
        Self::ok(status, &text)?;
        let missing: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).map_err(|e| SyncError::BadReply(e.to_string()))?;
        Ok(missing.into_iter().map(|(id, _)| id).collect())
    }

    /// The bytes of the document `id`'s attachment `data` (a file).
    pub async fn attachment(&self, id: &str) -> Result<Vec<u8>, SyncError> {
        let path = format!("/{}/data", encode(id));
        let Some(response) = self.fetch("GET", &path, None, TIMEOUT_MS * 4).await? else {
            return Err(self.why_unreachable().await);
        };
        if !response.ok() {
            return Err(SyncError::from_status(response.status(), ""));
        }
        let buffer = JsFuture::from(
            response
                .array_buffer()
                .map_err(|_| SyncError::Unreachable)?,
        )
        .await
        .map_err(|_| SyncError::Unreachable)?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}
