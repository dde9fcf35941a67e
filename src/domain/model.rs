//! The complaint's registration data and the small enums
//! that describe it. Every enum has a stable `code()` (used in storage, exports and test ids)
//! and a Chinese `label()` for the UI.

use serde::{Deserialize, Serialize};

use super::severity::SeverityFacts;

/// Declares a fieldless enum with a stable code and a Chinese label per variant,
/// plus `ALL`, `code()`, `label()` and `from_code()`.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every variant, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage, export files and test ids.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The Chinese label shown to users.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parses a code produced by [`Self::code`].
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        // Serialized as the code, by hand: a derived enum visitor per type costs far more
        // bundle size than one string read and a `match`.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::from_code(&code).ok_or_else(|| {
                    <D::Error as serde::de::Error>::unknown_variant(&code, &[$($code),+])
                })
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum! {
    /// How the complaint reached the office.
    Channel {
        /// 电话
        Phone => "phone", "电话";
        /// 邮件
        Email => "email", "邮件";
        /// 来函
        Letter => "letter", "来函";
        /// 案场 (on-site at the sales office / show flat)
        OnSite => "onsite", "案场";
        /// 官网
        Website => "website", "官网";
        /// 微信公众号
        Wechat => "wechat", "微信公众号";
        /// 集团客户服务部转来
        GroupHq => "group_hq", "集团客服转来";
        /// 员工名片投诉热线
        StaffHotline => "staff_hotline", "名片投诉热线";
        /// 其他
        Other => "other", "其他";
    }
}

coded_enum! {
    /// Who the customer is (R-02, source 001).
    CustomerType {
        /// 业主
        Owner => "owner", "业主";
        /// 准业主
        Prospective => "prospective", "准业主";
        /// 意向客户
        Intent => "intent", "意向客户";
        /// 其他接触对象
        Other => "other", "其他";
    }
}

coded_enum! {
    /// What kind of request this is.
    Kind {
        /// 投诉
        Complaint => "complaint", "投诉";
        /// 售前咨询
        Inquiry => "inquiry", "咨询";
        /// 建议
        Suggestion => "suggestion", "建议";
        /// 售后服务请求
        AfterSales => "after_sales", "售后服务";
    }
}

coded_enum! {
    /// Severity.
    Severity {
        /// 一般
        General => "general", "一般";
        /// 重大
        Major => "major", "重大";
    }
}

coded_enum! {
    /// The customer's mood at registration (R-02, source 004).
    Mood {
        /// 平静
        Calm => "calm", "平静";
        /// 不满
        Upset => "upset", "不满";
        /// 焦虑
        Anxious => "anxious", "焦虑";
        /// 愤怒
        Angry => "angry", "愤怒";
    }
}

coded_enum! {
    /// A staff member's role; roles decide who may dispatch and approve.
    Role {
        /// 客服/前台 (complaint desk)
        Desk => "desk", "客服专员";
        /// 处理人
        Handler => "handler", "处理人";
        /// 经理
        Manager => "manager", "经理";
        /// 总经理
        Gm => "gm", "总经理";
        /// 系统: events the app records by itself (escalation); never a staff member's role.
        System => "system", "系统";
    }
}

impl Role {
    /// The roles a staff member can have.
    pub const STAFF: &'static [Role] = &[Role::Desk, Role::Handler, Role::Manager, Role::Gm];
}

coded_enum! {
    /// Where a complaint can be transferred out to.
    TransferTarget {
        /// 开发商
        Developer => "developer", "开发商";
        /// 集团客户服务部
        GroupHq => "group_hq", "集团客户服务部";
        /// 物业公司
        Property => "property", "物业公司";
    }
}

/// The default complaint categories; the list is editable in settings.
pub const DEFAULT_CATEGORIES: &[&str] = &[
    "工程质量",
    "规划设计",
    "销售管理",
    "物业管理",
    "客户服务",
    "合同问题",
    "付款事务",
    "房源信息",
    "售后服务",
    "其他",
];

/// The registration form 《客户投诉登记表》 as typed at intake.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Intake {
    /// Customer's name.
    pub customer_name: String,
    /// Contact phone (mobile or landline), kept as text.
    pub phone: String,
    /// Owner, prospective owner, buyer with intent, other.
    pub customer_type: CustomerType,
    /// Project (楼盘) name.
    pub project: String,
    /// Building (楼栋), may be empty.
    #[serde(default)]
    pub building: String,
    /// Unit (房号), may be empty.
    #[serde(default)]
    pub unit: String,
    /// When the event complained about happened, as typed (`YYYY-MM-DDTHH:MM`), may be empty.
    #[serde(default)]
    pub event_time: String,
    /// Where it happened, may be empty.
    #[serde(default)]
    pub event_place: String,
    /// What the customer says.
    pub content: String,
    /// The remedy the customer wants (ISO 10002).
    #[serde(default)]
    pub desired_remedy: String,
    /// The customer's mood.
    pub mood: Mood,
    /// How it reached us.
    pub channel: Channel,
    /// Complaint, inquiry, suggestion or after-sales request.
    pub kind: Kind,
    /// Category, one of the configured list.
    pub category: String,
    /// General or major.
    pub severity: Severity,
    /// The facts that bear on severity, as known at intake (left out of the JSON when
    /// there are none).
    #[serde(default, skip_serializing_if = "SeverityFacts::is_default")]
    pub facts: SeverityFacts,
    /// Why the severity differs from the app's suggestion, when it does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub severity_reason: String,
}

/// One staff member; actions record who did them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// Display name, unique within the office.
    pub name: String,
    /// What they may do.
    pub role: Role,
}
