//! The report's Data section: a table × module matrix (R, W, RW; shared writes highlighted), the
//! ownership proposals with their evidence, schema drift and data blind spots. Renders
//! `Analysis::data`; computes nothing.

use super::sections::{num, section, table};
use super::Page;
use maud::{html, Markup};
use seam_graph::{DataAnalysis, DataItem};
use std::collections::BTreeSet;

/// How many tables and modules the matrix shows (most widely used tables first).
const MATRIX_ROWS: usize = 40;
const MATRIX_COLUMNS: usize = 30;

/// The Data section.
pub fn data(page: &Page<'_>) -> Markup {
    let body = match &page.analysis.data {
        None => html! { p { "Not analysed." } },
        Some(data) if data.items.is_empty() && data.summary.blind_spots == 0 => html! {
            p { "No SQL, ORM mapping or data file found in the code." }
        },
        Some(data) => html! {
            (summary(data))
            (matrix(data))
            (ownership(page, data))
            (drift(data))
        },
    };
    section("data", "Data", body)
}

fn summary(data: &DataAnalysis) -> Markup {
    let s = &data.summary;
    html! {
        p {
            (s.tables) " tables (" (s.schema_tables) " in schema files), " (s.data_files)
            " data files, " (s.uses) " uses; "
            strong { (s.shared_writes) " written by more than one module" }
            " (an extraction of any of them needs a data sync); " (s.blind_spots)
            " table names held in variables (blind spots)."
        }
    }
}

fn matrix(data: &DataAnalysis) -> Markup {
    let rows: Vec<&DataItem> = data.items.iter().take(MATRIX_ROWS).collect();
    let mut columns: Vec<&str> = rows
        .iter()
        .flat_map(|i| i.modules.iter().map(|m| m.module.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let hidden_columns = columns.len().saturating_sub(MATRIX_COLUMNS);
    columns.truncate(MATRIX_COLUMNS);
    html! {
        h3 { "Who reads and writes what" }
        p class="note" {
            "R read, W write, RW both, - only DDL or an ORM mapping; rows written by several modules are marked. "
            @if data.items.len() > MATRIX_ROWS {
                "The " (MATRIX_ROWS) " most widely used of " (data.items.len()) " are shown. "
            }
            @if hidden_columns > 0 {
                (hidden_columns) " more modules are in the JSON (" code { "seam analyze --format json" } ")."
            }
        }
        div class="scroll" {
            table class="data-matrix" {
                caption class="visually-hidden" { "Tables and data files by module" }
                thead { tr {
                    th scope="col" { "table or file" }
                    @for module in &columns { th scope="col" class="rot" { (module) } }
                } }
                tbody {
                    @for item in &rows {
                        tr class=[item.shared_write.then_some("shared")] {
                            th scope="row" {
                                (item.name)
                                @if item.shared_write { " " span class="tag" { "shared write" } }
                            }
                            @for module in &columns {
                                @match item.modules.iter().find(|m| m.module == *module) {
                                    Some(m) => {
                                        td class={ "acc " (m.letters().to_lowercase()) }
                                            title={ (m.module) ": " (m.reads) " reads, " (m.writes) " writes" } {
                                            (m.letters())
                                        }
                                    }
                                    None => td {},
                                }
                            }
                        }
                        "\n"
                    }
                }
            }
        }
    }
}

fn ownership(page: &Page<'_>, data: &DataAnalysis) -> Markup {
    let rows: Vec<Markup> = data
        .items
        .iter()
        .map(|item| {
            html! {
                td { (item.name) }
                td { (item.kind.to_string()) }
                (num(item.modules.len() as u64))
                (num(item.writers as u64))
                @match &item.owner {
                    Some(owner) => {
                        td { (owner.module) }
                        td {
                            (owner.reason) " "
                            @for (k, l) in owner.evidence.iter().enumerate() {
                                @if k > 0 { ", " }
                                (page.source_link(&l.file, l.line))
                            }
                        }
                    }
                    None => { td { "—" } td { "nobody writes it" } }
                }
            }
        })
        .collect();
    html! {
        h3 { "Ownership proposal" }
        p { "The module that writes a table most is proposed as its owner (then its ORM mapper, then its DDL). Declare owners in seam.toml (" code { "tables = [...]" } ") and " code { "seam check" } " holds them." }
        (table("data-table", &["table or file", "kind", "modules", "writers", "owner", "evidence"], &rows))
    }
}

fn drift(data: &DataAnalysis) -> Markup {
    let blind: Vec<(&str, u32)> = data
        .modules
        .iter()
        .filter(|m| m.blind_spots > 0)
        .map(|m| (m.module.as_str(), m.blind_spots))
        .collect();
    html! {
        h3 { "Schema drift and blind spots" }
        ul {
            li { "Used in code, in no schema file: " (list(&data.unknown_tables)) }
            li { "In a schema file, used by no code: " (list(&data.unused_tables)) }
            li {
                "Table names held in variables, by module: "
                @if blind.is_empty() { "none" }
                @for (k, (module, n)) in blind.iter().enumerate() {
                    @if k > 0 { ", " }
                    (module) " (" (n) ")"
                }
            }
        }
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}
