//! The report's trend section: `seam trend`'s figures at the sampled commits as inline SVG line
//! charts (one small chart per figure, each on its own scale, time along the x axis) and the table
//! of every sample. The SVG is written with maud like the rest of the page, so the dates and
//! commit ids in it are escaped; nothing is loaded.

use super::sections::{num, section, table};
use crate::numbers::{percent, thousands};
use maud::{html, Markup};
use seam_history::trend::{Trend, TrendPoint};

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 130.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 22.0;

/// One chart: a title, the value at each point, and how a value reads.
struct Series {
    title: &'static str,
    values: Vec<f64>,
    label: fn(f64) -> String,
}

/// The trend section, or a note on why there is none (`None`, `None`: not asked for).
pub fn trend(trend: Option<&Trend>, note: Option<&str>) -> Markup {
    let Some(trend) = trend.filter(|t| !t.points.is_empty()) else {
        let body = html! {
            p class="note" { "No trend: " (note.unwrap_or("no commit to sample.")) }
        };
        return section("trend", "Trend", body);
    };
    let points = &trend.points;
    let count = |f: fn(&TrendPoint) -> usize| points.iter().map(|p| f(p) as f64).collect();
    let mut series = vec![
        Series {
            title: "Cross-module edges",
            values: count(|p| p.cross_module_edges),
            label: |v| thousands(v as u64),
        },
        Series {
            title: "Propagation cost",
            values: points.iter().map(|p| p.propagation_cost).collect(),
            label: percent,
        },
        Series {
            title: "Module cycles",
            values: count(|p| p.module_cycles),
            label: |v| thousands(v as u64),
        },
    ];
    if points.iter().all(|p| p.violations.is_some()) {
        series.push(Series {
            title: "Violations of today's rules",
            values: count(|p| p.violations.unwrap_or_default()),
            label: |v| thousands(v as u64),
        });
    }
    let rows: Vec<Markup> = points
        .iter()
        .map(|p| {
            html! {
                td { (p.date) } td { code { (p.commit.get(..10).unwrap_or(&p.commit)) } }
                (num(p.packages as u64)) (num(p.code_lines)) (num(p.modules as u64))
                (num(p.cross_module_edges as u64))
                td class="n" { (percent(p.propagation_cost)) }
                (num(p.module_cycles as u64))
                td class="n" { (p.violations.map_or("-".to_string(), |v| thousands(v as u64))) }
            }
        })
        .collect();
    let body = html! {
        p {
            "The structure at " (points.len()) " sampled commits of the first-parent line, in today's modules ("
            (trend.modules_from) "), as " code { "seam trend" } " measures it. Falling lines mean the modularization is progressing."
        }
        div class="charts" {
            @for s in &series { (chart(points, s)) }
        }
        (table("trend-table", &["date", "commit", "packages", "code lines", "modules", "cross-module edges", "propagation cost", "module cycles", "violations"], &rows))
    };
    section("trend", "Trend", body)
}

/// One line chart: x by commit time, y from 0 to the largest value.
fn chart(points: &[TrendPoint], series: &Series) -> Markup {
    let (first, last) = (points[0].time, points[points.len() - 1].time);
    let span = (last - first).max(1) as f64;
    let max = series.values.iter().copied().fold(0.0_f64, f64::max);
    let top = if max > 0.0 { max } else { 1.0 };
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .zip(&series.values)
        .map(|(p, &v)| {
            let x = if last == first {
                LEFT + plot_w / 2.0
            } else {
                LEFT + (p.time - first) as f64 / span * plot_w
            };
            (x, TOP + plot_h - v / top * plot_h)
        })
        .collect();
    let line: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let label = series.label;
    let bottom = TOP + plot_h;
    html! {
        svg class="chart" width=(WIDTH) height=(HEIGHT) viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } role="img" aria-label=(series.title) {
            text x="4" y="14" class="chart-title" { (series.title) }
            line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(bottom) class="axis" {}
            line x1=(LEFT) y1=(bottom) x2=(WIDTH - RIGHT) y2=(bottom) class="axis" {}
            text x=(LEFT - 4.0) y=(TOP + 4.0) text-anchor="end" class="tick" { (label(max)) }
            text x=(LEFT - 4.0) y=(bottom) text-anchor="end" class="tick" { (label(0.0)) }
            text x=(LEFT) y=(HEIGHT - 6.0) class="tick" { (points[0].date) }
            text x=(WIDTH - RIGHT) y=(HEIGHT - 6.0) text-anchor="end" class="tick" { (points[points.len() - 1].date) }
            polyline points=(line.join(" ")) class="series" {}
            @for ((x, y), (p, &v)) in xy.iter().zip(points.iter().zip(&series.values)) {
                circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="3" class="point" {
                    title { (p.date) " " (p.commit.get(..10).unwrap_or(&p.commit)) ": " (label(v)) }
                }
            }
        }
    }
}
