//! The small enums every stage uses, each with a stable `code()` (used in storage, exports and
//! test ids) and a Chinese `label()` for the UI, and the `coded_enum!` macro that declares them.

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

    /// Whether this role may switch a device into reception mode (案场接待), or out of it.
    pub fn may_run_reception(self) -> bool {
        matches!(self, Role::Desk | Role::Manager | Role::Gm)
    }

    /// Whether this role manages the staff list and PINs (and the office's settings).
    pub fn manages_staff(self) -> bool {
        matches!(self, Role::Manager | Role::Gm)
    }

    /// Whether a staff member of this role may be chosen to handle a complaint (分派 and 改派
    /// offer them): handlers, managers and the GM; the desk registers, the system escalates.
    pub fn may_handle(self) -> bool {
        matches!(self, Role::Handler | Role::Manager | Role::Gm)
    }
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

coded_enum! {
    /// A clock running on a complaint.
    Stage {
        /// 转达处理人
        Forward => "forward", "转达处理人";
        /// 确认接收
        Acknowledge => "acknowledge", "确认接收";
        /// 方案反馈客户
        PlanToCustomer => "plan_to_customer", "方案反馈客户";
        /// 答复客户
        Answer => "answer", "答复客户";
        /// 满意度回访
        Callback => "callback", "满意度回访";
        /// 告知客户已受理: the channel's first contact with the customer.
        Notify => "notify", "告知客户已受理";
        /// 总经理批示: the GM's first look, inside the forwarding clock.
        GmReview => "gm_review", "总经理批示";
    }
}

coded_enum! {
    /// How the general manager decides a new complaint is handled (R-11, 总经理批示).
    GmDecision {
        /// 按一般程序处理
        Normal => "normal", "按一般程序处理";
        /// 按重大投诉处理 (with a named incident lead, R-20)
        Major => "major", "按重大投诉处理";
        /// 转出处理 (developer, group HQ or property company, R-08)
        Transfer => "transfer", "转出处理";
    }
}

coded_enum! {
    /// Which complaints need the GM's first look; a setting.
    GmReviewScope {
        /// 每一条投诉 (source 001's rule; the default)
        Every => "every", "每一条投诉";
        /// 仅重大投诉
        MajorOnly => "major_only", "仅重大投诉";
        /// 不需要
        Off => "none", "不需要";
    }
}

coded_enum! {
    /// Who an overdue complaint is escalated to (R-18, source 002's 上报级别), lowest first.
    EscalationLevel {
        /// 处理人: the handler, no escalation.
        Handler => "handler", "处理人";
        /// 项目经理/经理: a general complaint's reporting level.
        ProjectManager => "project_manager", "项目经理";
        /// 行政部、总经理: a major complaint's reporting level.
        GeneralManager => "general_manager", "总经理";
        /// 集团客户服务部
        HeadOffice => "head_office", "集团客户服务部";
    }
}

impl EscalationLevel {
    /// The next level up, `None` at head office.
    pub fn next(self) -> Option<Self> {
        match self {
            EscalationLevel::Handler => Some(EscalationLevel::ProjectManager),
            EscalationLevel::ProjectManager => Some(EscalationLevel::GeneralManager),
            EscalationLevel::GeneralManager => Some(EscalationLevel::HeadOffice),
            EscalationLevel::HeadOffice => None,
        }
    }

    /// Who a complaint of this severity is reported to (002's table): general → project
    /// manager, major → general manager.
    pub fn reporting_level(severity: Severity) -> Self {
        match severity {
            Severity::General => EscalationLevel::ProjectManager,
            Severity::Major => EscalationLevel::GeneralManager,
        }
    }
}
