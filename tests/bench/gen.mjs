// Synthetic export files for the benchmark: N complaints in the app's export format
// (version 1, README "The export file"), with realistic Chinese text and about 8 history
// events each, every history a valid walk through the workflow (src/domain/workflow.rs) with
// the roles it allows. Deterministic: the same N and seed give the same bytes.
//
// Field order and value formats follow what serde writes for the Rust types (exchange.rs,
// event.rs, model.rs, complaint.rs), so a complaint exported by the app serializes to the
// same JSON as the one generated here.
//
//   node tests/bench/gen.mjs <N> <out.json> [seed]
import fs from "node:fs";
import { fileURLToPath } from "node:url";

export const FORMAT = "complaint-desk-export";
/** The fixed "now" of every generated file: everything happened before it. */
export const NOW = Date.parse("2026-11-20T18:00:00+08:00");
const OFFSET_MS = 8 * 3600_000; // Asia/Shanghai, utc_offset_minutes 480
const DAY = 86_400_000;
const MIN = 60_000;

/** sfc32: a small, fast, seeded PRNG (32-bit state words). */
export function rng(seed) {
  let a = 0x9e3779b9 ^ seed, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const r = {
    next,
    below: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (percent) => next() * 100 < percent,
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
  };
  return r;
}

// ---------------------------------------------------------------- vocabulary

export const CATEGORIES = [
  "工程质量", "规划设计", "销售管理", "物业管理", "客户服务",
  "合同问题", "付款事务", "房源信息", "售后服务", "其他",
];
export const SURNAMES = [
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "欧阳", "司马",
];
const GIVEN = [
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
  "超", "秀英", "桂英", "建华", "志强", "晓东", "海燕", "文博", "子涵", "梓萱", "浩然", "雨桐",
  "国庆", "红梅", "立新", "宇航", "思远", "佳怡", "俊杰", "婷婷", "建国", "玉兰", "春生", "晨曦",
];
export const PROJECTS = [
  "滨江华府", "御景湾", "翠湖天地", "锦绣花园", "星河湾", "云栖府", "金地格林小镇", "万科城市之光",
  "绿城桂语江南", "保利天悦", "龙湖春江郦城", "融创壹号院",
];
const PLACES = [
  "卫生间", "厨房", "主卧", "客厅阳台", "地下车库", "小区东门", "单元大堂", "电梯厅", "样板间",
  "售楼处", "屋顶露台", "次卧飘窗",
];
const OPENERS = [
  "业主来电反映", "客户到案场反映", "客户在微信公众号留言称", "业主通过官网投诉", "客户来函称",
  "业主委员会转来投诉", "集团客服转来工单：", "客户在交房现场提出", "", "",
];
const WHEN = [
  "交房验收时发现", "入住三个月后", "近一周以来", "上周五", "签约当天", "装修进场时", "连续下雨后",
  "今年春节前后", "", "",
];
/** Categories whose complaints name a place in the flat or the estate. */
const PLACED = new Set(["工程质量", "物业管理", "售后服务", "房源信息"]);
const PROBLEMS = {
  工程质量: [
    "墙面渗水，楼下邻居天花板出现大片水渍",
    "入户门变形关不严，冬天漏风",
    "地面空鼓开裂，敲击有明显空响",
    "外墙瓷砖脱落，险些砸到行人",
    "窗户密封不严，下雨时雨水倒灌进屋",
    "卫生间地漏反味，排水不畅",
    "墙体出现多条裂缝，担心结构安全",
  ],
  规划设计: [
    "小区绿化与宣传册上的效果图差距很大，中心花园面积明显缩小",
    "楼间距比规划公示的少，采光严重不足",
    "地下车库出入口改到我家楼下，噪音和尾气影响生活",
    "原规划的幼儿园变成了商业用房",
  ],
  销售管理: [
    "置业顾问承诺赠送车位使用权，签约后不认账",
    "办理产权证进度太慢，已超过合同约定时间三个月",
    "销售人员隐瞒了楼下规划有变电站的情况",
    "认购时说的优惠折扣在签约时被取消",
    "定金退还一直拖延，多次催问无果",
  ],
  物业管理: [
    "地下车库照明长期损坏，晚上停车很不安全，多次报修无人处理",
    "电梯经常故障停运，老人上下楼困难",
    "小区门禁形同虚设，外来人员随意进出",
    "物业费上涨没有公示，也没有征求业主意见",
    "垃圾清运不及时，夏天气味很大",
  ],
  客户服务: [
    "案场接待人员态度冷淡，咨询问题时不耐烦",
    "投诉热线长时间无人接听",
    "上次反映的问题答应回电，至今没有任何回复",
    "客服人员多次推诿，让我找其他部门",
  ],
  合同问题: [
    "合同中的交房日期与口头承诺不一致",
    "补充协议中有多条不合理条款，签约时未作说明",
    "合同约定的精装修标准与实际交付不符",
    "逾期交房的违约金迟迟没有支付",
  ],
  付款事务: [
    "按揭放款后仍收到催款通知",
    "多缴的契税和维修基金一直没有退还",
    "付款凭证上的金额与合同金额不一致",
    "公积金贷款办理进度缓慢，影响按时付款",
  ],
  房源信息: [
    "样板间展示的装修标准与实际交付标准不符",
    "实际套内面积比合同面积少了两个多平方米",
    "宣传的南北通透户型实际被遮挡",
    "网上公示的房源价格与案场报价不一致",
  ],
  售后服务: [
    "空调预留孔位置错误，需要重新开孔",
    "燃气管道安装位置不合理，影响橱柜安装",
    "保修期内报修的问题维修后再次出现",
    "维修人员上门时间一改再改",
  ],
  其他: [
    "工地夜间施工噪音扰民，影响老人和孩子休息",
    "小区周边道路长期积水，出行不便",
    "施工车辆带泥上路，周边路面脏乱",
  ],
};
const DEMANDS = [
  "要求尽快维修", "要求给出书面答复", "要求赔偿损失", "希望尽快安排人员处理", "要求兑现承诺",
  "要求公司给个说法", "如再不解决将向住建部门投诉", "希望领导重视", "要求退还相关费用", "",
];
const ASIDES = ["多次反映未果，", "已经影响正常生活，", "家中有老人小孩，", "邻居也有同样的问题，"];
const REMEDIES = ["尽快维修", "书面道歉", "赔偿损失", "兑现承诺", "给出明确答复", "减免物业费", "退房", ""];
const FINDINGS = [
  "现场核实情况属实，原因为施工时防水层破损",
  "经调查，置业顾问确有口头承诺，但未经审批",
  "经核实为物业公司维保不及时",
  "情况部分属实，客户描述存在一定夸大",
  "经检测，问题由材料批次质量缺陷引起",
  "调取销售录音，确认存在沟通不到位的情况",
  "与设计院核对图纸，现场施工与图纸存在偏差",
];
const RESPONSIBLE = ["施工单位", "销售部", "物业公司", "设计院", "客服部", "财务部", "材料供应商", "工程部"];
const PLANS = [
  "安排施工单位三日内上门维修，维修后回访",
  "由销售经理向客户书面致歉并兑现合理承诺",
  "协调物业公司限期整改，客服跟踪落实",
  "更换问题部件并延长保修期一年",
  "按合同约定计算并支付违约金",
  "组织工程、设计、客服三方现场会勘后制定整改方案",
];
const RESULTS = [
  "已按方案处理完毕，客户现场确认",
  "维修完成，经闭水试验无渗漏",
  "已向客户书面致歉，车位使用权已落实",
  "费用已退还至客户账户",
  "物业已完成整改并加强巡查",
];
const REPLIES = [
  "已电话告知客户处理结果",
  "已上门向客户说明处理情况",
  "已通过短信和微信告知客户",
  "已书面回函客户",
];
const FOLLOW_UPS = [
  "已电话告知客户处理进度",
  "客户再次来电询问，已说明正在处理",
  "已向客户解释维修需要等待材料到货",
  "已约定下周二上门",
];
const DEPARTMENTS = ["工程部", "设计院", "物业公司", "财务部", "销售部", "法务部"];
const SHEET_REQUESTS = [
  "请派人现场查看并出具书面意见",
  "请核对该户付款记录并说明情况",
  "请提供该楼栋施工图纸及变更记录",
  "请说明销售承诺的审批情况",
  "请安排维修并反馈完成时间",
];
const SHEET_REPLIES = [
  "已现场查看，书面意见见附件",
  "付款记录已核对，客户多缴款项属实",
  "图纸及变更记录已提供",
  "已安排维修班组，预计三日内完成",
];
const REJECTS = ["方案成本过高，请重新评估", "方案未解决根本问题，请补充调查", "请先与客户沟通确认方案"];
const REOPENS = ["客户反映问题再次出现", "回访时客户不认可处理结果", "上级督办要求重新处理"];
const CANCELS = ["经核实为重复登记", "客户撤回投诉", "经核实与本项目无关"];
const FEEDBACKS = ["开发商已完成整改并回复", "集团客户服务部已协调处理完毕", "物业公司已处理并书面反馈"];
const TRANSFER_TARGETS = ["developer", "group_hq", "property"];
const CUSTOMER_TYPES = ["owner", "owner", "owner", "prospective", "intent", "other"];
const MOODS = ["calm", "calm", "upset", "anxious", "angry"];
const CHANNELS = ["phone", "phone", "phone", "email", "letter", "onsite", "onsite", "website", "wechat", "wechat", "group_hq", "staff_hotline", "other"];
const KINDS = ["complaint", "inquiry", "suggestion", "after_sales"];

/** The office's staff in the file's settings (unique names, each role present). */
export const STAFF = [
  { name: "林晓", role: "desk" },
  { name: "陈静怡", role: "desk" },
  { name: "赵磊", role: "handler" },
  { name: "孙海涛", role: "handler" },
  { name: "周敏", role: "handler" },
  { name: "吴建国", role: "handler" },
  { name: "郑丽华", role: "manager" },
  { name: "王志强", role: "manager" },
  { name: "刘总", role: "gm" },
];
const byRole = (role) => STAFF.filter((s) => s.role === role).map((s) => s.name);
const DESKS = byRole("desk");
const HANDLERS = byRole("handler");
const MANAGERS = byRole("manager");
const GMS = byRole("gm");

// ---------------------------------------------------------------- workflow (mirrors workflow.rs)

const OPEN_EARLY = new Set(["registered", "dispatched", "acknowledged", "investigating"]);
const CLOSED = new Set(["archived", "cancelled"]);
/** Action.next: the status an action leads to, or null when not allowed. */
export function nextStatus(action, from) {
  switch (action) {
    case "dispatch": return from === "registered" ? "dispatched" : null;
    case "acknowledge": return from === "dispatched" ? "acknowledged" : null;
    case "investigate": return from === "acknowledged" || from === "investigating" ? "investigating" : null;
    case "propose": return from === "investigating" ? "plan_proposed" : null;
    case "approve": return from === "plan_proposed" ? "plan_approved" : null;
    case "reject": return from === "plan_proposed" ? "investigating" : null;
    case "carry_out": return from === "plan_approved" ? "carried_out" : null;
    case "answer": return from === "carried_out" ? "answered" : null;
    case "callback": return from === "answered" ? "called_back" : null;
    case "archive": return from === "called_back" ? "archived" : null;
    case "reopen": return ["answered", "called_back", "archived"].includes(from) ? "investigating" : null;
    case "reassign": return ["dispatched", "acknowledged", "investigating"].includes(from) ? "dispatched" : null;
    case "transfer": return OPEN_EARLY.has(from) ? "transferred" : null;
    case "feedback": return from === "transferred" ? "carried_out" : null;
    case "cancel": return OPEN_EARLY.has(from) ? "cancelled" : null;
    case "follow_up": case "reclassify": case "issue_sheet": case "sheet_reply":
      return CLOSED.has(from) ? null : from;
    default: return null;
  }
}
/** Action.allowed_roles. */
export function allowedRoles(action, severity) {
  if (action === "approve" || action === "reject") return severity === "major" ? ["gm"] : ["manager", "gm"];
  if (action === "answer" && severity === "major") return ["gm"];
  if (["dispatch", "reassign", "cancel", "transfer", "reclassify"].includes(action)) return ["desk", "manager", "gm"];
  return ["desk", "handler", "manager", "gm"];
}
const NOTE_REQUIRED = new Set(["reject", "reopen", "cancel", "follow_up", "reclassify"]);

/**
 * Replays a history like ComplaintState::replay and returns the `derived` block, or throws
 * with the reason the app would refuse it.
 */
export function replay(events) {
  const first = events[0];
  if (!first || first.action !== "register") throw new Error("history must start with register");
  const ids = new Set([first.id]);
  const sheets = new Map(); // id → answered
  const s = {
    status: "registered", category: first.intake.category, severity: first.intake.severity,
    handler: null, score: null, accepted: null, received_at: first.at, updated_at: first.at,
    closed_at: null, t: Date.parse(first.at),
  };
  for (const e of events.slice(1)) {
    if (ids.has(e.id)) throw new Error(`duplicate event id ${e.id}`);
    ids.add(e.id);
    const t = Date.parse(e.at);
    if (t < s.t) throw new Error(`event ${e.id} goes back in time`);
    const next = nextStatus(e.action, s.status);
    if (next === null) throw new Error(`${e.action} not allowed in ${s.status}`);
    if (!allowedRoles(e.action, s.severity).includes(e.role)) throw new Error(`${e.action} by ${e.role} (${s.severity})`);
    if (NOTE_REQUIRED.has(e.action) && !e.note.trim()) throw new Error(`${e.action} needs a note`);
    for (const f of ["handler", "findings", "responsibility", "plan", "result", "reply", "category"]) {
      if (f in e && !String(e[f]).trim()) throw new Error(`${e.action} needs ${f}`);
    }
    switch (e.action) {
      case "dispatch": case "reassign": s.handler = e.handler; break;
      case "callback":
        if (!(e.score >= 1 && e.score <= 5)) throw new Error("bad score");
        s.score = e.score; s.accepted = e.accepted; break;
      case "reopen": s.score = null; s.accepted = null; break;
      case "reclassify": s.category = e.category; s.severity = e.severity; break;
      case "issue_sheet":
        if (!e.department.trim() || !e.request.trim()) throw new Error("sheet needs department and request");
        if (sheets.has(e.sheet)) throw new Error(`duplicate sheet ${e.sheet}`);
        sheets.set(e.sheet, false);
        break;
      case "sheet_reply":
        if (sheets.get(e.sheet) !== false) throw new Error(`no open sheet ${e.sheet}`);
        if (!e.reply.trim()) throw new Error("sheet reply needs a reply");
        sheets.set(e.sheet, true);
        break;
    }
    s.status = next;
    s.closed_at = CLOSED.has(next) ? e.at : null;
    s.updated_at = e.at;
    s.t = t;
  }
  return {
    status: s.status, category: s.category, severity: s.severity, handler: s.handler,
    score: s.score, accepted: s.accepted, received_at: s.received_at, updated_at: s.updated_at,
    closed_at: s.closed_at,
  };
}

// ---------------------------------------------------------------- generation

/** `2026-11-20T18:00:00+08:00` for epoch millis (whole seconds, as chrono writes them). */
export function iso(ms) {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 19) + "+08:00";
}
const ymd = (ms) => new Date(ms + OFFSET_MS).toISOString().slice(0, 10);

/**
 * Generates `n` complaints (objects in file order and field order). `office` is the office
 * code; complaints are spread over devices A-C and over `days` days before NOW, oldest first.
 */
export function* complaints(n, { seed = 20261120, office = "SH01", days = 540 } = {}) {
  const r = rng(seed);
  // Registration times first, oldest first, so numbers grow with time like the app's.
  const received = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // More recent complaints are a little more frequent (the office grew).
    const f = Math.sqrt(r.next());
    received[i] = NOW - 60 * MIN - Math.floor((1 - f) * days * 1440) * MIN;
  }
  received.sort();
  const seqs = new Map();
  let eventCounter = 0;
  for (let i = 0; i < n; i++) {
    const t0 = received[i];
    const device = r.pick(["A", "A", "A", "B", "B", "C"]);
    const key = device + ymd(t0);
    const seq = (seqs.get(key) || 0) + 1;
    seqs.set(key, seq);
    const number = `${office}-${device}-${ymd(t0).replaceAll("-", "")}-${String(seq).padStart(4, "0")}`;
    const id = (t) => `${office}-${device}-${t.toString(16)}-${++eventCounter}`;

    const category = r.pick(CATEGORIES);
    let severity = r.chance(8) ? "major" : "general";
    const project = r.pick(PROJECTS);
    const building = `${r.between(1, 28)}栋`;
    const unit = `${r.between(1, 33)}${String(r.between(1, 4)).padStart(2, "0")}`;
    const place = r.pick(PLACES);
    const content =
      r.pick(OPENERS) + r.pick(WHEN) +
      (PLACED.has(category) ? (r.chance(50) ? `${building}${unit}室${place}` : place) : "") +
      r.pick(PROBLEMS[category]) + "，" + (r.chance(40) ? r.pick(ASIDES) : "") +
      (r.pick(DEMANDS) || "请尽快处理") + "。";
    const eventTime = r.chance(40) ? iso(t0 - r.between(1, 30) * DAY - r.below(600) * MIN).slice(0, 16) : "";
    const intake = {
      customer_name: r.pick(SURNAMES) + r.pick(GIVEN),
      phone: r.chance(90)
        ? `1${r.pick(["3", "5", "7", "8", "9"])}${r.below(10)}${String(r.below(1e8)).padStart(8, "0")}`
        : `0${r.pick(["21", "10", "755", "571", "25"])}-${String(r.between(2e7, 8e7 - 1))}`,
      customer_type: r.pick(CUSTOMER_TYPES),
      project,
      building: r.chance(92) ? building : "",
      unit: r.chance(90) ? unit : "",
      event_time: eventTime,
      event_place: eventTime ? place : "",
      content,
      desired_remedy: r.pick(REMEDIES),
      mood: r.pick(MOODS),
      channel: r.pick(CHANNELS),
      kind: r.chance(80) ? "complaint" : r.pick(KINDS),
      category,
      severity,
    };
    const desk = r.pick(DESKS);
    let handler = r.pick(HANDLERS);
    const events = [{ id: id(t0), at: iso(t0), actor: desk, role: "desk", note: "", action: "register", intake }];
    let at = t0;
    let status = "registered";
    // How far this one gets: older ones are mostly closed, recent ones still open; some
    // stall along the way (waiting for the customer, for materials, for the developer).
    const ageDays = (NOW - t0) / DAY;
    const stall = ageDays < 45 ? r.below(14) : r.chance(34) ? r.below(11) : 99;
    let steps = 0;
    const push = (actor, role, action, data = {}, note = "", gap = r.between(30, 600)) => {
      if (steps >= stall) return false;
      const t = at + gap * MIN;
      if (t > NOW) return false;
      const next = nextStatus(action, status);
      if (next === null) throw new Error(`generator bug: ${action} in ${status}`);
      at = t;
      steps++;
      status = next;
      const eventId = id(t);
      events.push({ id: eventId, at: iso(t), actor, role, note, action, ...(typeof data === "function" ? data(eventId, t) : data) });
      return true;
    };
    const approver = () => (severity === "major" ? [r.pick(GMS), "gm"] : r.chance(85) ? [r.pick(MANAGERS), "manager"] : [r.pick(GMS), "gm"]);
    const deskOrManager = () => (r.chance(80) ? [desk, "desk"] : [r.pick(MANAGERS), "manager"]);
    const walk = () => {
      if (r.chance(3)) return push(...deskOrManager(), "cancel", {}, r.pick(CANCELS));
      if (!push(desk, "desk", "dispatch", { handler })) return false;
      if (r.chance(5)) {
        if (!push(...deskOrManager(), "transfer", { target: r.pick(TRANSFER_TARGETS) }, "非本部门事项，转相关单位处理")) return false;
        if (!push(desk, "desk", "feedback", { result: r.pick(FEEDBACKS) }, "", r.between(600, 6000))) return false;
      } else {
        if (r.chance(8)) {
          const other = r.pick(HANDLERS.filter((h) => h !== handler));
          if (!push(...deskOrManager(), "reassign", { handler: other }, "原处理人休假")) return false;
          handler = other;
        }
        if (!push(handler, "handler", "acknowledge")) return false;
        if (r.chance(12) && !push(handler, "handler", "follow_up", {}, r.pick(FOLLOW_UPS))) return false;
        if (!push(handler, "handler", "investigate", { findings: r.pick(FINDINGS), responsibility: r.pick(RESPONSIBLE) })) return false;
        if (r.chance(12)) {
          // A work-contact sheet (工作联系单) to another department, usually answered.
          // Its id is the id of the event that issues it.
          let sheet = null;
          const [department, request, days] = [r.pick(DEPARTMENTS), r.pick(SHEET_REQUESTS), r.between(2, 5)];
          const issued = push(handler, "handler", "issue_sheet", (eventId, t) => {
            sheet = eventId;
            return { sheet, department, request, due: iso(t + days * DAY) };
          });
          if (!issued) return false;
          if (r.chance(85) && !push(handler, "handler", "sheet_reply", { sheet, reply: r.pick(SHEET_REPLIES) }, "", r.between(600, 4000))) return false;
        }
        if (r.chance(5)) {
          const sev = severity === "general" ? "major" : "general";
          if (!push(...deskOrManager(), "reclassify", { category: r.pick(CATEGORIES), severity: sev }, "调查后调整分类和级别")) return false;
          severity = sev;
        }
        const propose = () => push(handler, "handler", "propose", {
          plan: r.pick(PLANS),
          expected_done: r.chance(60) ? ymd(at + r.between(3, 30) * DAY) : "",
        });
        if (!propose()) return false;
        if (r.chance(10)) {
          if (!push(...approver(), "reject", {}, r.pick(REJECTS))) return false;
          if (!push(handler, "handler", "investigate", { findings: r.pick(FINDINGS), responsibility: r.pick(RESPONSIBLE) })) return false;
          if (!propose()) return false;
        }
        if (!push(...approver(), "approve", {}, "同意")) return false;
        if (!push(handler, "handler", "carry_out", { result: r.pick(RESULTS) }, "", r.between(600, 8000))) return false;
      }
      // A major complaint's reply is the GM's.
      const answerer = severity === "major" ? approver() : r.chance(70) ? [handler, "handler"] : [desk, "desk"];
      if (!push(...answerer, "answer", { reply: r.pick(REPLIES) })) return false;
      if (!push(desk, "desk", "callback", { score: r.pick([1, 2, 3, 3, 4, 4, 4, 5, 5, 5]), accepted: r.chance(85) }, "电话回访", r.between(1440, 4320))) return false;
      return push(desk, "desk", "archive");
    };
    walk();
    yield { number, office, events, derived: replay(events) };
  }
}

/**
 * The file's settings block (validates: codes, unique staff names, non-empty categories). The
 * work calendar, time limits and rules are left out: the app reads them as its defaults.
 */
export function settings(office = "SH01") {
  return {
    office_code: office,
    device_code: "A",
    office_name: "上海浦东销售中心",
    staff: STAFF,
    categories: CATEGORIES,
  };
}

/**
 * Writes an export file of `n` complaints to `path` and returns what it holds.
 * Streams, so 100,000 complaints (about 150 MB) need little memory.
 */
export async function writeExport(path, n, opts = {}) {
  const office = opts.office || "SH01";
  const out = fs.createWriteStream(path);
  const write = (s) => (out.write(s) ? null : new Promise((res) => out.once("drain", res)));
  const head = {
    format: FORMAT, version: 1, office, device: "A", exported_at: iso(NOW),
    settings: settings(office),
  };
  await write(JSON.stringify(head).slice(0, -1) + ',"complaints":[');
  let count = 0, events = 0, buf = "";
  for (const c of complaints(n, { ...opts, office })) {
    buf += (count ? "," : "") + JSON.stringify(c);
    count++;
    events += c.events.length;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = "";
    }
  }
  await write(buf + "]}");
  await new Promise((res, rej) => out.end((e) => (e ? rej(e) : res())));
  return { path, complaints: count, events, bytes: fs.statSync(path).size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n, path, seed] = process.argv.slice(2);
  if (!n || !path) {
    console.error("usage: node tests/bench/gen.mjs <N> <out.json> [seed]");
    process.exit(2);
  }
  const t = performance.now();
  const info = await writeExport(path, Number(n), seed ? { seed: Number(seed) } : {});
  console.log(
    `${info.complaints} complaints, ${info.events} events (${(info.events / info.complaints).toFixed(2)} each), ` +
      `${(info.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s → ${path}`
  );
}
