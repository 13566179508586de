//! The data section of `seam analyze` (text and Markdown): tables and files by how many modules
//! touch them, the ones several modules write, ownership proposals and each module's footprint.

use crate::escape::{markdown_text, visible};
use crate::numbers::TOP;
use crate::width::{cell, inline_list, more_line};
use seam_graph::{DataAnalysis, DataItem};
use std::fmt::Write;

/// One line per table: `name  R/W by module` cells.
fn touched_by(item: &DataItem) -> String {
    item.modules
        .iter()
        .map(|m| format!("{} {}", m.module, m.letters()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn owner(item: &DataItem) -> String {
    match &item.owner {
        Some(owner) => {
            let at = owner
                .evidence
                .first()
                .map(|l| format!(", e.g. {l}"))
                .unwrap_or_default();
            format!("{} ({}{at})", owner.module, owner.reason)
        }
        None => "none (nobody writes it)".to_string(),
    }
}

/// Renders the data section as text (`None`: not analysed).
pub fn data_text(data: Option<&DataAnalysis>) -> String {
    let mut out = String::new();
    let Some(data) = data else {
        let _ = writeln!(out, "\ndata      not analysed");
        return out;
    };
    let s = &data.summary;
    let _ = writeln!(
        out,
        "\nData (tables and files in SQL, ORM declarations and file opens)\n  \
         {} tables ({} in schema files), {} data files, {} uses\n  \
         {} written by several modules; {} table names held in variables (blind spots)",
        s.tables, s.schema_tables, s.data_files, s.uses, s.shared_writes, s.blind_spots
    );
    if data.items.is_empty() {
        let _ = writeln!(out, "  no SQL, ORM mapping or data file found");
        return out;
    }
    let shared: Vec<&DataItem> = data.items.iter().filter(|i| i.shared_write).collect();
    if !shared.is_empty() {
        let _ = writeln!(
            out,
            "  written by several modules (extracting one needs a data sync):"
        );
        for item in shared.iter().take(TOP) {
            let _ = writeln!(
                out,
                "    {} {}",
                cell(&visible(&item.name), 28),
                visible(&touched_by(item))
            );
            let _ = writeln!(out, "      owner: {}", visible(&owner(item)));
        }
        more_line(&mut out, "    ", shared.len(), TOP);
    }
    let _ = writeln!(out, "  most shared (R read, W write):");
    for item in data.items.iter().take(TOP) {
        let _ = writeln!(
            out,
            "    {} {:>2} modules  {}",
            cell(&visible(&item.name), 28),
            item.modules.len(),
            visible(&touched_by(item))
        );
    }
    more_line(&mut out, "    ", data.items.len(), TOP);
    list(
        &mut out,
        "used in code, in no schema file",
        &data.unknown_tables,
    );
    list(
        &mut out,
        "in a schema file, used by no code",
        &data.unused_tables,
    );
    out
}

fn list(out: &mut String, title: &str, names: &[String]) {
    if !names.is_empty() {
        let shown: Vec<String> = names.iter().map(|n| visible(n).into_owned()).collect();
        let _ = writeln!(out, "{}", inline_list(&format!("  {title}: "), &shown, TOP));
    }
}

/// Renders the data section as Markdown (`None`: not analysed).
pub fn data_markdown(data: Option<&DataAnalysis>) -> String {
    let mut out = String::from("\n## Data\n\n");
    let Some(data) = data else {
        out.push_str("Not analysed.\n");
        return out;
    };
    let s = &data.summary;
    let _ = writeln!(
        out,
        "{} tables ({} in schema files), {} data files, {} uses; **{} written by several \
         modules**; {} table names held in variables.\n",
        s.tables, s.schema_tables, s.data_files, s.uses, s.shared_writes, s.blind_spots
    );
    if data.items.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "| table or file | modules (R read, W write) | proposed owner |\n|---|---|---|"
    );
    for item in data.items.iter().take(3 * TOP) {
        let name = match item.shared_write {
            true => format!("**{}** (shared write)", markdown_text(&item.name)),
            false => markdown_text(&item.name),
        };
        let _ = writeln!(
            out,
            "| {name} | {} | {} |",
            markdown_text(&touched_by(item)),
            markdown_text(&owner(item))
        );
    }
    if data.items.len() > 3 * TOP {
        let _ = writeln!(
            out,
            "\n{} more in `--format json`.",
            data.items.len() - 3 * TOP
        );
    }
    for (title, names) in [
        ("Used in code, in no schema file", &data.unknown_tables),
        ("In a schema file, used by no code", &data.unused_tables),
    ] {
        if !names.is_empty() {
            let names: Vec<String> = names.iter().map(|n| markdown_text(n)).collect();
            let _ = writeln!(out, "\n{title}: {}.", names.join(", "));
        }
    }
    out
}
