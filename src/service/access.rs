//! Sign-in, PINs and the audit list, put together from the access rules and storage. The PIN
//! records, waits and audit list live in the store's bookkeeping (`meta`) under their own
//! keys, beside the data and never in settings, so no export file can carry them.

use chrono::{DateTime, FixedOffset};
use thiserror::Error;

use crate::domain::access::{
    staff_changes, AuditChange, AuditEntry, Credentials, Pin, PinError, PinRecord, PinState,
    SignInError, ITERATIONS,
};
use crate::domain::vocabulary::{Role, Settings, Staff};
use crate::store::{Store, StoreError};

/// The bookkeeping key of the PIN records and waits.
pub const CREDENTIALS_KEY: &str = "credentials";
/// The bookkeeping key of the audit list.
pub const AUDIT_KEY: &str = "audit";

/// Why a sign-in or a PIN change failed; the message is for the user.
#[derive(Debug, Error)]
pub enum AccessError {
    /// Refused sign-in.
    #[error("{0}")]
    SignIn(#[from] SignInError),
    /// A PIN of the wrong shape.
    #[error("{0}")]
    Pin(#[from] PinError),
    /// Storage failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The browser's cryptography failed.
    #[error("浏览器无法计算密码摘要：{0}")]
    Crypto(String),
    /// The acting person may not do this.
    #[error("{0}")]
    NotAllowed(String),
    /// The settings were refused.
    #[error("{0}")]
    Settings(#[from] crate::domain::vocabulary::SettingsError),
}

/// The key derivation and the salt source: PBKDF2-HMAC-SHA256 through the browser's Web
/// Crypto in the app, any implementation of the same function in host tests.
#[allow(async_fn_in_trait)]
pub trait Kdf {
    /// PBKDF2-HMAC-SHA256 of `pin` with `salt` and `iterations`, 32 bytes.
    async fn derive(&self, pin: &[u8], salt: &[u8], iterations: u32) -> Result<Vec<u8>, String>;
    /// Fresh random salt of [`crate::domain::access::SALT_LEN`] bytes.
    fn salt(&self) -> Vec<u8>;
}

/// The PIN records and waits (empty on a new device).
pub async fn credentials<S: Store>(store: &S) -> Result<Credentials, AccessError> {
    match store.get_meta(CREDENTIALS_KEY).await? {
        None => Ok(Credentials::default()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| AccessError::Store(StoreError::Corrupt(e.to_string()))),
    }
}

async fn save_credentials<S: Store>(store: &S, c: &Credentials) -> Result<(), AccessError> {
    let text = serde_json::to_string(c).map_err(|e| StoreError::Io(e.to_string()))?;
    Ok(store.put_meta(CREDENTIALS_KEY, &text).await?)
}

/// The audit list, oldest first.
pub async fn audit<S: Store>(store: &S) -> Result<Vec<AuditEntry>, AccessError> {
    match store.get_meta(AUDIT_KEY).await? {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| AccessError::Store(StoreError::Corrupt(e.to_string()))),
    }
}

/// Appends entries to the audit list (nothing is written when there are none).
pub async fn record<S: Store>(
    store: &S,
    actor: &str,
    at: DateTime<FixedOffset>,
    changes: Vec<AuditChange>,
) -> Result<(), AccessError> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut list = audit(store).await?;
    list.extend(changes.into_iter().map(|change| AuditEntry {
        at,
        actor: actor.to_string(),
        change,
    }));
    let text = serde_json::to_string(&list).map_err(|e| StoreError::Io(e.to_string()))?;
    Ok(store.put_meta(AUDIT_KEY, &text).await?)
}

async fn new_record<K: Kdf>(
    kdf: &K,
    pin: &Pin,
    must_change: bool,
) -> Result<PinRecord, AccessError> {
    let salt = kdf.salt();
    let derived = kdf
        .derive(pin.as_bytes(), &salt, ITERATIONS)
        .await
        .map_err(AccessError::Crypto)?;
    Ok(PinRecord::new(&salt, ITERATIONS, &derived, must_change))
}

/// What a good PIN leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The person.
    pub staff: Staff,
    /// Whether they must choose their own PIN now (an initial PIN set by a manager).
    pub must_change: bool,
}

impl Verified {
    /// The person, if their role passes `allowed` (the GM at a major complaint's approval;
    /// the desk, a manager or the GM leaving reception mode), else `refusal`.
    pub fn require(self, allowed: fn(Role) -> bool, refusal: &str) -> Result<Staff, AccessError> {
        if allowed(self.staff.role) {
            Ok(self.staff)
        } else {
            Err(AccessError::NotAllowed(refusal.to_string()))
        }
    }
}

/// Checks `typed` as `name`'s PIN at `now_ms`: refused while the person waits after wrong
/// PINs, is disabled or has no PIN; a wrong PIN is counted (and starts or doubles the wait),
/// a good one clears the count. Used for signing in, unlocking, the GM's PIN at an approval
/// and leaving reception mode.
pub async fn verify<S: Store, K: Kdf>(
    store: &S,
    kdf: &K,
    settings: &Settings,
    name: &str,
    typed: &str,
    now_ms: i64,
) -> Result<Verified, AccessError> {
    let mut creds = credentials(store).await?;
    let staff = settings.staff_named(name);
    let rec = creds.before_try(staff, name, now_ms)?.clone();
    let good = match Pin::parse(typed) {
        Ok(pin) => {
            let derived = kdf
                .derive(pin.as_bytes(), &rec.salt_bytes(), rec.iterations)
                .await
                .map_err(AccessError::Crypto)?;
            rec.matches(&derived)
        }
        Err(_) => false,
    };
    if !good {
        let err = creds.failed(name, now_ms);
        save_credentials(store, &creds).await?;
        return Err(err.into());
    }
    if creds.succeeded(name) {
        save_credentials(store, &creds).await?;
    }
    let staff = staff
        .cloned()
        .ok_or_else(|| SignInError::Unknown(name.to_string()))?;
    Ok(Verified {
        staff,
        must_change: rec.must_change,
    })
}

/// A person chooses their own PIN (at the first sign-in after a manager set an initial one,
/// or any time): typed twice, and not the initial one.
pub async fn change_own_pin<S: Store, K: Kdf>(
    store: &S,
    kdf: &K,
    name: &str,
    first: &str,
    second: &str,
    at: DateTime<FixedOffset>,
) -> Result<(), AccessError> {
    let pin = Pin::new_twice(first, second)?;
    let mut creds = credentials(store).await?;
    if let Some(old) = creds.pins.get(name).filter(|r| r.must_change) {
        let derived = kdf
            .derive(pin.as_bytes(), &old.salt_bytes(), old.iterations)
            .await
            .map_err(AccessError::Crypto)?;
        if old.matches(&derived) {
            return Err(PinError::SameAsInitial.into());
        }
    }
    let rec = new_record(kdf, &pin, false).await?;
    creds.set(name, rec);
    save_credentials(store, &creds).await?;
    record(
        store,
        name,
        at,
        vec![AuditChange::PinChanged {
            name: name.to_string(),
        }],
    )
    .await
}

/// A manager (`actor`) sets an initial PIN for `name`, who must change it at their next
/// sign-in; recorded in the audit list.
pub async fn set_initial_pin<S: Store, K: Kdf>(
    store: &S,
    kdf: &K,
    settings: &Settings,
    actor: &Staff,
    name: &str,
    typed: &str,
    at: DateTime<FixedOffset>,
) -> Result<(), AccessError> {
    if !actor.role.manages_staff() {
        return Err(AccessError::NotAllowed(
            "只有经理或总经理可以设置员工密码".into(),
        ));
    }
    if settings.staff_named(name).is_none() {
        return Err(SignInError::Unknown(name.to_string()).into());
    }
    let pin = Pin::parse(typed)?;
    let rec = new_record(kdf, &pin, true).await?;
    let mut creds = credentials(store).await?;
    creds.set(name, rec);
    save_credentials(store, &creds).await?;
    record(
        store,
        &actor.name,
        at,
        vec![AuditChange::PinReset {
            name: name.to_string(),
        }],
    )
    .await
}

/// The first manager with their PIN, on a device with no PIN at all (a new device, or a
/// database from before sign-in: whoever sets up the device is trusted once). A name not on
/// the staff list is added as a manager; a name on it must be a manager's. Returns the
/// settings (saved when they changed) and the manager.
pub async fn first_manager<S: Store, K: Kdf>(
    store: &S,
    kdf: &K,
    settings: &Settings,
    name: &str,
    typed: &str,
    at: DateTime<FixedOffset>,
) -> Result<(Settings, Staff), AccessError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AccessError::NotAllowed("请填写经理姓名".into()));
    }
    let pin = Pin::parse(typed)?;
    let mut creds = credentials(store).await?;
    if !creds.is_empty() {
        return Err(AccessError::NotAllowed(
            "本设备已有员工密码，请由经理登录后管理员工".into(),
        ));
    }
    let mut settings = settings.clone();
    let staff = match settings.staff_named(name) {
        Some(s) if s.role == Role::Manager && s.active => s.clone(),
        Some(_) => {
            return Err(AccessError::NotAllowed(format!(
                "{name} 不是在职的经理，请填写一位经理的姓名"
            )))
        }
        None => {
            let s = Staff::new(name, Role::Manager);
            settings.staff.insert(0, s.clone());
            settings.validate()?;
            store.save_settings(&settings).await?;
            s
        }
    };
    creds.set(name, new_record(kdf, &pin, false).await?);
    save_credentials(store, &creds).await?;
    record(
        store,
        name,
        at,
        vec![AuditChange::FirstManager {
            name: name.to_string(),
        }],
    )
    .await?;
    Ok((settings, staff))
}

/// Saves changed settings as [`crate::service::save_settings`] does, by `actor` at `at`, and
/// records the staff list's changes in the audit list.
pub async fn save_settings_by<S: Store>(
    store: &S,
    actor: &Staff,
    at: DateTime<FixedOffset>,
    before: &Settings,
    settings: &Settings,
    saved: &dyn Fn(bool),
) -> Result<Option<usize>, crate::service::ServiceError> {
    settings.validate()?;
    // Who saved the settings, when: across synced devices the latest change wins. Written
    // before the settings, so a push never sends them with the stamp of the change before.
    crate::service::sync::stamp_settings(
        store,
        &crate::domain::sync::Stamp {
            at,
            by: actor.name.clone(),
        },
    )
    .await?;
    let rebuilt = crate::service::save_settings(store, before, settings, saved).await?;
    record_staff_changes(store, &actor.name, at, before, settings)
        .await
        .map_err(|e| match e {
            AccessError::Store(e) => e,
            other => StoreError::Io(other.to_string()),
        })?;
    Ok(rebuilt)
}

/// Records the staff list's changes of a settings save by `actor` in the audit list.
pub async fn record_staff_changes<S: Store>(
    store: &S,
    actor: &str,
    at: DateTime<FixedOffset>,
    before: &Settings,
    after: &Settings,
) -> Result<(), AccessError> {
    record(store, actor, at, staff_changes(&before.staff, &after.staff)).await
}

/// Each staff member with their PIN state, in the list's order.
pub fn pin_states(settings: &Settings, creds: &Credentials) -> Vec<(Staff, PinState)> {
    settings
        .staff
        .iter()
        .map(|s| (s.clone(), creds.pin_state(&s.name)))
        .collect()
}

/// What the first-run setup asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceSetup {
    /// The office's code.
    pub office: String,
    /// This device's code.
    pub device: String,
    /// The office's name (may be empty).
    pub office_name: String,
    /// The first manager's name.
    pub manager: String,
    /// The first manager's PIN as typed.
    pub pin: String,
}

/// First run: the settings with the first manager in place of the starter list's manager,
/// and that manager's PIN, after checking everything before anything is written. Returns the
/// saved settings and the manager, who is then signed in.
pub async fn setup_device<S: Store, K: Kdf>(
    store: &S,
    kdf: &K,
    form: &DeviceSetup,
    at: DateTime<FixedOffset>,
) -> Result<(Settings, Staff), AccessError> {
    let manager = form.manager.trim();
    if manager.is_empty() {
        return Err(AccessError::NotAllowed("请填写首位经理的姓名".into()));
    }
    Pin::parse(&form.pin)?;
    let mut settings = Settings::new(&form.office, &form.device);
    settings.office_name = form.office_name.trim().to_string();
    // The first-contact clocks run from the device's first day.
    settings.deadlines.first_contact_from = Some(at);
    settings
        .staff
        .retain(|s| s.role != Role::Manager && s.name != manager);
    settings.staff.insert(0, Staff::new(manager, Role::Manager));
    settings.validate()?;
    store.save_settings(&settings).await?;
    first_manager(store, kdf, &settings, manager, &form.pin, at).await
}
