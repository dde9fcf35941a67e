//! Charts drawn as inline SVG (no canvas, no chart library, nothing fetched): horizontal
//! bars that open the queue filtered to what they count, a stacked share bar, a trend line
//! and a gauge. Each scales to its container's width through its `viewBox`.

use crate::domain::vocabulary::{count_and_share_text, per_mille_text};
use leptos::prelude::*;

/// Width of every chart's coordinate system; the SVG scales it to its container.
const WIDTH: f64 = 600.0;

/// A coordinate with one decimal, formatted with integers only (keeps float formatting out
/// of the bundle).
fn px(x: f64) -> String {
    let t = (x * 10.0).round() as i64;
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.abs() / 10, t.abs() % 10)
}

/// Sets the location hash (a route), when a chart element is clicked or activated.
fn open(href: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(href.trim_start_matches('#'));
    }
}

/// Shortens a label to `max` characters with an ellipsis.
fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// The text alternative of a chart: its title and each figure, e.g. `类别：工程质量 12、其他 3`.
fn figures<'a>(title: &str, items: impl Iterator<Item = (&'a str, String)>) -> String {
    let parts: Vec<String> = items
        .map(|(label, value)| format!("{label} {value}"))
        .collect();
    if parts.is_empty() {
        format!("{title}：本期没有数据")
    } else {
        format!("{title}：{}", parts.join("、"))
    }
}

/// One bar or segment: its label, its value, and the route a click opens.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// What it counts.
    pub label: String,
    /// The count.
    pub value: usize,
    /// The route hash a click opens (the queue filtered to these complaints).
    pub href: String,
}

/// Horizontal bars, largest first as given; each bar is a link.
#[component]
pub fn BarChart(
    /// Title above the chart.
    title: String,
    /// Test id of the chart.
    testid: &'static str,
    /// The bars, top to bottom.
    bars: Vec<Bar>,
) -> impl IntoView {
    // Narrower than the other charts: bar charts sit two or three in a row.
    const WIDTH: f64 = 420.0;
    const ROW: f64 = 28.0;
    const LABEL: f64 = 118.0;
    const VALUE: f64 = 52.0;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let height = (bars.len().max(1) as f64) * ROW + 4.0;
    let empty = bars.is_empty();
    let alt = figures(
        &title,
        bars.iter().map(|b| (b.label.as_str(), b.value.to_string())),
    );
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = i as f64 * ROW + 4.0;
            let w = (WIDTH - LABEL - VALUE) * b.value as f64 / max;
            let href = b.href.clone();
            let key = b.href.clone();
            view! {
                <g
                    class="chart-link"
                    role="link"
                    tabindex="0"
                    data-testid="chart-bar"
                    data-label=b.label.clone()
                    data-value=b.value
                    aria-label=format!("{}：{}，打开列表", b.label, b.value)
                    on:click=move |_| open(&href)
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            open(&key);
                        }
                    }
                >
                    <rect class="hit" x="0" y=px(y) width=px(WIDTH) height=px(ROW - 4.0)></rect>
                    <text class="label" x=px(LABEL - 8.0) y=px(y + ROW / 2.0 + 1.0)>{short(&b.label, 8)}</text>
                    <rect class="bar" x=px(LABEL) y=px(y + 3.0) width=px(w.max(1.0)) height=px(ROW - 10.0) rx="3"></rect>
                    <text class="value" x=px(LABEL + w + 6.0) y=px(y + ROW / 2.0 + 1.0)>{b.value}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <section class="card chart" data-testid=testid>
            <h2>{title}</h2>
            <Show when=move || empty>
                <p class="muted">"本期没有数据"</p>
            </Show>
            // A group, not an image: its bars are links a screen reader reaches one by one.
            <svg
                class="bars"
                viewBox=format!("0 0 {} {}", px(WIDTH), px(height))
                role="group"
                aria-label=alt
            >
                {rows}
            </svg>
        </section>
    }
}

/// One bar split into shares, with a legend; each segment is a link.
#[component]
pub fn ShareBar(
    /// Title above the bar.
    title: &'static str,
    /// Test id.
    testid: &'static str,
    /// The segments with their colour class (`seg-0` …).
    segments: Vec<(Bar, String)>,
) -> impl IntoView {
    let total: usize = segments.iter().map(|(b, _)| b.value).sum();
    let mut x = 0.0;
    let shown: Vec<(Bar, String, f64, f64)> = segments
        .into_iter()
        .filter(|(b, _)| b.value > 0)
        .map(|(b, class)| {
            let w = WIDTH * b.value as f64 / total.max(1) as f64;
            let at = x;
            x += w;
            (b, class, at, w)
        })
        .collect();
    let legend = shown.clone();
    let alt = figures(
        title,
        shown
            .iter()
            .map(|(b, _, _, _)| (b.label.as_str(), count_and_share_text(b.value, total))),
    );
    view! {
        <section class="card chart" data-testid=testid>
            <h2>{title}</h2>
            <svg class="share" viewBox=format!("0 0 {} 28", px(WIDTH)) role="img" aria-label=alt preserveAspectRatio="none">
                <rect class="track" x="0" y="0" width=px(WIDTH) height="28"></rect>
                {shown
                    .into_iter()
                    .map(|(b, class, at, w)| {
                        let href = b.href.clone();
                        view! {
                            <rect
                                class=format!("chart-link seg {class}")
                                x=px(at)
                                y="0"
                                width=px(w)
                                height="28"
                                data-testid="share-seg"
                                data-label=b.label.clone()
                                data-value=b.value
                                on:click=move |_| open(&href)
                            ></rect>
                        }
                    })
                    .collect_view()}
            </svg>
            <ul class="legend">
                {legend
                    .into_iter()
                    .map(|(b, class, _, _)| {
                        view! {
                            <li>
                                <a href=b.href.clone() data-testid="share-link" data-label=b.label.clone()>
                                    <i class=format!("swatch {class}")></i>
                                    {format!("{} {}", b.label, count_and_share_text(b.value, total))}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// One month of the trend line: label, received, closed.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendRow {
    /// Short label, e.g. `3月`.
    pub label: String,
    /// Received.
    pub received: usize,
    /// Closed.
    pub closed: usize,
}

/// Received and closed per month as two lines.
#[component]
pub fn TrendChart(
    /// Title above the chart.
    title: String,
    /// Months, oldest first.
    months: Vec<TrendRow>,
) -> impl IntoView {
    const H: f64 = 200.0;
    const LEFT: f64 = 40.0;
    const TOP: f64 = 14.0;
    const BOTTOM: f64 = 24.0;
    let max = months
        .iter()
        .map(|m| m.received.max(m.closed))
        .max()
        .unwrap_or(0)
        .max(1);
    // Grid lines at a round tick (1, 2 or 5 × 10^k), about four of them.
    let mut tick = 1usize;
    while tick * 4 < max {
        tick = match tick.to_string().as_bytes()[0] {
            b'1' => tick * 2,
            b'2' => tick / 2 * 5,
            _ => tick * 2,
        };
    }
    let top = max.div_ceil(tick) * tick;
    let n = months.len().max(1);
    let step = (WIDTH - LEFT - 10.0) / n as f64;
    let x = move |i: usize| LEFT + step * (i as f64 + 0.5);
    let y = move |v: usize| TOP + (H - TOP - BOTTOM) * (1.0 - v as f64 / top as f64);
    let line = |pick: fn(&TrendRow) -> usize| {
        months
            .iter()
            .enumerate()
            .map(|(i, m)| format!("{},{}", px(x(i)), px(y(pick(m)))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let alt = figures(
        &title,
        months.iter().map(|m| {
            (
                m.label.as_str(),
                format!("受理 {} 结案 {}", m.received, m.closed),
            )
        }),
    );
    let received = line(|m| m.received);
    let closed = line(|m| m.closed);
    let grid = (0..=top / tick)
        .map(|k| k * tick)
        .map(|v| {
            view! {
                <line class="grid" x1=px(LEFT) x2=px(WIDTH - 10.0) y1=px(y(v)) y2=px(y(v))></line>
                <text class="axis" x=px(LEFT - 6.0) y=px(y(v) + 4.0)>{v}</text>
            }
        })
        .collect_view();
    let points = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            view! {
                <g data-testid="trend-point" data-received=m.received data-closed=m.closed>
                    <circle class="received" cx=px(x(i)) cy=px(y(m.received)) r="3.5"></circle>
                    <circle class="closed" cx=px(x(i)) cy=px(y(m.closed)) r="3.5"></circle>
                    <text class="month" x=px(x(i)) y=px(H - 6.0)>{m.label.clone()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <section class="card chart wide" data-testid="dash-trend">
            <h2>{title}</h2>
            <svg class="trend" viewBox=format!("0 0 {} {}", px(WIDTH), px(H)) role="img" aria-label=alt>
                {grid}
                <polyline class="received" points=received></polyline>
                <polyline class="closed" points=closed></polyline>
                {points}
            </svg>
            <ul class="legend">
                <li><i class="swatch received"></i>"受理"</li>
                <li><i class="swatch closed"></i>"结案"</li>
            </ul>
        </section>
    }
}

/// A half-circle gauge of a share: met out of done, as a percentage.
#[component]
pub fn Gauge(
    /// What is measured.
    label: String,
    /// The share as per mille (`None`: nothing to measure).
    per_mille: Option<u32>,
    /// Text under the gauge (e.g. `12/15 按时，2 未完成`).
    detail: String,
) -> impl IntoView {
    let arc = per_mille.map(|p| {
        let share = f64::from(p.min(1000)) / 1000.0;
        let angle = std::f64::consts::PI * share;
        let (ex, ey) = (50.0 - 40.0 * angle.cos(), 50.0 - 40.0 * angle.sin());
        format!("M10 50 A40 40 0 0 1 {} {}", px(ex), px(ey))
    });
    let tone = match per_mille {
        Some(p) if p >= 900 => "good",
        Some(p) if p >= 700 => "fair",
        Some(_) => "poor",
        None => "none",
    };
    let text = per_mille_text(per_mille);
    let name = label.clone();
    let alt = format!("{label}：{text}，{detail}");
    view! {
        <figure class="gauge" data-testid="gauge" data-label=name data-per-mille=per_mille.map(|p| p.to_string()).unwrap_or_default()>
            <svg viewBox="0 0 100 60" role="img" aria-label=alt>
                <path class="track" d="M10 50 A40 40 0 0 1 90 50"></path>
                {arc.map(|d| view! { <path class=format!("fill {tone}") d=d></path> })}
                <text x="50" y="47">{text}</text>
            </svg>
            <figcaption>
                <b>{label}</b>
                <small>{detail}</small>
            </figcaption>
        </figure>
    }
}

/// One [`Gauge`] per stage: the share met by its deadline, with how many were done on time
/// and how many are not done yet.
#[component]
pub fn StageGauges(
    /// The stages' timeliness, in stage order.
    stages: Vec<crate::domain::analysis::StageTimeliness>,
) -> impl IntoView {
    stages
        .into_iter()
        .map(|t| {
            view! {
                <Gauge
                    label=t.stage.label().to_string()
                    per_mille=t.met.per_mille()
                    detail=format!("{}/{} 按时，{} 未完成", t.met.num, t.met.den, t.open)
                />
            }
        })
        .collect_view()
}
