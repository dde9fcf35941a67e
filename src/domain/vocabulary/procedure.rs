//! The office's procedure settings that are not clocks: the script each channel's
//! acknowledgement follows and each role's authority limit for compensation.

use serde::{Deserialize, Serialize};

use super::codes::{Channel, Role};

/// what the desk tells (or writes to) the customer when acknowledging a complaint that
/// came by `channel`. `{客户}`, `{编号}` and `{答复日期}` are filled in when the step opens;
/// the reply date is the answer deadline of R-17.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyScript {
    /// The channel.
    pub channel: Channel,
    /// The script's text with its placeholders.
    pub script: String,
}

/// The script of a channel that has none of its own.
pub const GENERIC_SCRIPT: &str =
    "{客户}您好，您反映的问题我们已受理，编号 {编号}，我们会在 {答复日期} 前给您答复。";

/// R-04's default scripts, one per channel the source describes (002, 受理).
pub fn default_scripts() -> Vec<NotifyScript> {
    [
        (
            Channel::Phone,
            "{客户}您好，您反映的问题已经登记，编号 {编号}，我们会在 {答复日期} 前给您答复。",
        ),
        (
            Channel::Email,
            "{客户}您好：您的邮件已收到并登记，编号 {编号}。我们将在 {答复日期} 前答复您。",
        ),
        (
            Channel::Letter,
            "{客户}您好，您的来函我们已经收到，编号 {编号}，我们会在 {答复日期} 前给您答复。",
        ),
        (
            Channel::OnSite,
            "{客户}您好，您在案场反映的问题已转到运营部，编号 {编号}，我们会在 {答复日期} 前给您答复。",
        ),
        (
            Channel::GroupHq,
            "{客户}您好，集团客服转来的您的投诉我们已经受理，编号 {编号}，我们会在 {答复日期} 前给您答复。",
        ),
    ]
    .into_iter()
    .map(|(channel, script)| NotifyScript {
        channel,
        script: script.into(),
    })
    .collect()
}

/// The template of `channel` among `scripts` (the generic one when it has none).
pub fn script_template(scripts: &[NotifyScript], channel: Channel) -> &str {
    scripts
        .iter()
        .find(|s| s.channel == channel)
        .map_or(GENERIC_SCRIPT, |s| s.script.as_str())
}

/// Fills a script's placeholders: the customer's name, the complaint's number and the
/// promised reply date.
pub fn fill_script(template: &str, customer: &str, number: &str, reply_by: &str) -> String {
    template
        .replace("{客户}", customer)
        .replace("{编号}", number)
        .replace("{答复日期}", reply_by)
}

/// up to how many yuan of compensation (or a remedy's worth) each role may promise on
/// its own. The sources give no figure: the defaults are the desk 0, a handler 2,000, a
/// manager 20,000 and the GM 200,000 yuan; above the GM's limit the platform president
/// decides (recorded as the president's approval of R-11).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorityLimits {
    /// 客服专员
    pub desk: u64,
    /// 处理人
    pub handler: u64,
    /// 经理
    pub manager: u64,
    /// 总经理
    pub gm: u64,
}

impl Default for AuthorityLimits {
    fn default() -> Self {
        AuthorityLimits {
            desk: 0,
            handler: 2_000,
            manager: 20_000,
            gm: 200_000,
        }
    }
}

impl AuthorityLimits {
    /// The limit of `role` in yuan (the system promises nothing).
    pub fn limit(&self, role: Role) -> u64 {
        match role {
            Role::Desk => self.desk,
            Role::Handler => self.handler,
            Role::Manager => self.manager,
            Role::Gm => self.gm,
            Role::System => 0,
        }
    }

    /// Whether `role` may promise `amount` yuan on its own (the limit itself included).
    pub fn covers(&self, role: Role, amount: u64) -> bool {
        amount <= self.limit(role)
    }

    /// The staff roles whose limit covers `amount`, lowest first.
    pub fn covering(&self, amount: u64) -> Vec<Role> {
        Role::STAFF
            .iter()
            .copied()
            .filter(|r| self.covers(*r, amount))
            .collect()
    }

    /// Sets the limit of a staff role.
    pub fn set(&mut self, role: Role, yuan: u64) {
        match role {
            Role::Desk => self.desk = yuan,
            Role::Handler => self.handler = yuan,
            Role::Manager => self.manager = yuan,
            Role::Gm => self.gm = yuan,
            Role::System => {}
        }
    }
}

/// R-21's default approval levels of a written reply (书面答复): the manager, then the GM
/// (source 001: 书面答复须经各级审核; the levels are the office's reporting line).
pub fn default_reply_levels() -> Vec<Role> {
    vec![Role::Manager, Role::Gm]
}
