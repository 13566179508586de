//! Data files: `open`/`sysopen` with a literal or partly literal path, DBM `tie` and
//! `dbmopen`, Storable, File::Slurp, Path::Tiny and YAML file helpers.
//!
//! The path is normalised so that the same file written in different ways meets: each
//! interpolated variable or concatenated variable becomes `{name}` after its last identifier part
//! (`$datadir`, `$CFG{datadir}`, `$self->{datadir}` and `$main::datadir` are all `{datadir}`);
//! literal parts stay. A path without any literal part (`open(F, $file)`, `"<$file"`), or with a
//! piece that is a call (`File::Spec->catfile(…)`), says nothing about which file it is and is
//! left out; so are pipes, handle duplicates and in-memory files.

use super::Collector;
use crate::facts::{DataAccess, DataKind, DataVia};
use crate::queries::KindName;
use crate::walker::fields;
use tree_sitter::Node;

/// Classes `tie` binds a hash to a DBM file with.
const DBM_CLASSES: [&str; 6] = [
    "DB_File",
    "GDBM_File",
    "SDBM_File",
    "NDBM_File",
    "ODBM_File",
    "AnyDBM_File",
];

/// The functions [`Collector::file_call`] reads (the last segment of a qualified name).
const FILE_FUNCTIONS: [&str; 16] = [
    "open",
    "sysopen",
    "tie",
    "dbmopen",
    "store",
    "nstore",
    "lock_store",
    "lock_nstore",
    "retrieve",
    "lock_retrieve",
    "read_file",
    "LoadFile",
    "write_file",
    "overwrite_file",
    "DumpFile",
    "append_file",
];

impl Collector<'_> {
    /// A call that opens, ties, stores or slurps a file.
    pub(super) fn file_call(&mut self, node: Node<'_>) {
        let Some(function) = node.child_by_field_id(fields().function) else {
            return;
        };
        let name = self.text(function);
        let name = name.rsplit("::").next().unwrap_or_default();
        // most calls are none of these: nothing else is looked at for them
        if !FILE_FUNCTIONS.contains(&name) {
            return;
        }
        let name = name.to_string();
        let arguments = self.arguments(node);
        let argument = |i: usize| arguments.get(i).copied();
        let (path, access) = match name.as_str() {
            "open" if arguments.len() >= 3 => {
                let Some(mode) = argument(1).and_then(|m| self.literal(m)) else {
                    return;
                };
                let Some(access) = mode_access(mode.trim()) else {
                    return;
                };
                (argument(2), access)
            }
            "open" => {
                // two arguments: the mode leads the path (`">>$dir/log"`), read without one
                let Some(path) = argument(1).and_then(|p| self.path(p)) else {
                    return;
                };
                let (mode, rest) = split_mode(&path);
                let Some(access) = mode_access(mode) else {
                    return;
                };
                self.file(rest.trim(), access, node);
                return;
            }
            "sysopen" => {
                let flags = argument(2)
                    .map(|f| self.text(f).into_owned())
                    .unwrap_or_default();
                let access = if flags.contains("O_APPEND") {
                    DataAccess::Append
                } else if flags.contains("O_WRONLY")
                    || flags.contains("O_RDWR")
                    || flags.contains("O_CREAT")
                {
                    DataAccess::Write
                } else {
                    DataAccess::Read
                };
                (argument(1), access)
            }
            "tie" => {
                let class = argument(1)
                    .and_then(|c| self.literal(c))
                    .unwrap_or_default();
                if !DBM_CLASSES.contains(&class.as_str()) {
                    return;
                }
                (argument(2), DataAccess::Write)
            }
            "dbmopen" => (argument(1), DataAccess::Write),
            "store" | "nstore" | "lock_store" | "lock_nstore" => (argument(1), DataAccess::Write),
            "retrieve" | "lock_retrieve" | "read_file" | "LoadFile" => {
                (argument(0), DataAccess::Read)
            }
            "write_file" | "overwrite_file" | "DumpFile" => (argument(0), DataAccess::Write),
            "append_file" => (argument(0), DataAccess::Append),
            _ => return,
        };
        if let Some(path) = path.and_then(|p| self.path(p)) {
            self.file(path.trim(), access, node);
        }
    }

    /// `path("…")->slurp`, `->spew`, `->append` and their variants (Path::Tiny).
    pub(super) fn file_method(&mut self, node: Node<'_>, method: Node<'_>) {
        let access = match &*self.text(method) {
            m if m.starts_with("slurp") || m.starts_with("lines") => DataAccess::Read,
            m if m.starts_with("spew") => DataAccess::Write,
            m if m.starts_with("append") => DataAccess::Append,
            _ => return,
        };
        let Some(invocant) = node.child_by_field_id(fields().invocant) else {
            return;
        };
        let is_path = matches!(
            invocant.kind_name(),
            "function_call_expression" | "ambiguous_function_call_expression"
        ) && invocant
            .child_by_field_id(fields().function)
            .is_some_and(|f| self.text(f) == "path");
        if !is_path {
            return;
        }
        if let Some(path) = self.arguments(invocant).first().and_then(|p| self.path(*p)) {
            self.file(path.trim(), access, node);
        }
    }

    fn file(&mut self, path: &str, access: DataAccess, node: Node<'_>) {
        // nothing literal left (`{file}`): which file it is cannot be said; `{dir}/{name}`
        // at least says it is a file in a directory
        let literal = path
            .split(['{', '}'])
            .enumerate()
            .any(|(i, part)| i % 2 == 0 && part.chars().any(|c| !c.is_whitespace()));
        // `-` is STDIN or STDOUT, not a file
        if path.is_empty() || path == "-" || !literal {
            return;
        }
        self.push_other(
            DataKind::DataFile,
            path.to_string(),
            access,
            DataVia::File,
            node,
        );
    }

    /// A path expression as text: literal parts kept, variables as `{name}`; `None` when a piece
    /// is neither (a call, an expression).
    fn path(&self, node: Node<'_>) -> Option<String> {
        self.concatenation_with(node, &|piece| {
            self.variable_name(piece).map(|name| format!("{{{name}}}"))
        })
    }

    /// `datadir` for `$datadir`, `$CFG{datadir}`, `$self->{datadir}`, `$main::datadir`; `None`
    /// for anything else (a call, an expression).
    fn variable_name(&self, node: Node<'_>) -> Option<String> {
        match node.kind_name() {
            "scalar" | "array" | "hash" | "container_variable" => {
                let text = self.text(node);
                let name = text
                    .trim_start_matches(['$', '@', '%', '{'])
                    .trim_end_matches('}');
                let last = name.rsplit("::").next()?.rsplit('\'').next()?;
                (!last.is_empty()).then(|| last.to_string())
            }
            "hash_element_expression" | "array_element_expression" => {
                let key = node
                    .child_by_field_id(fields().key)
                    .or_else(|| node.child_by_field_id(fields().index))?;
                match key.kind_name() {
                    "autoquoted_bareword" | "bareword" => Some(self.text(key).into_owned()),
                    "string_literal" | "interpolated_string_literal" => self.literal(key),
                    _ => self.variable_name(key),
                }
            }
            _ => None,
        }
    }
}

/// The access a mode gives; `None` for pipes, duplicates and modes seam does not know.
fn mode_access(mode: &str) -> Option<DataAccess> {
    let mode = mode.split(':').next().unwrap_or_default().trim();
    match mode {
        "" | "<" => Some(DataAccess::Read),
        ">" | "+<" | "+>" => Some(DataAccess::Write),
        ">>" | "+>>" => Some(DataAccess::Append),
        _ => None,
    }
}

/// A two-argument open's path split into its mode and the rest; a pipe gets mode `|`.
fn split_mode(path: &str) -> (&str, &str) {
    let trimmed = path.trim_start();
    if trimmed.ends_with('|') || trimmed.starts_with('|') {
        return ("|", trimmed);
    }
    let mode_len = trimmed
        .find(|c: char| !matches!(c, '<' | '>' | '+' | '&' | '='))
        .unwrap_or(trimmed.len());
    let (mode, rest) = trimmed.split_at(mode_len);
    if mode.contains('&') {
        return ("&", rest);
    }
    (mode, rest)
}
