//! `seam check --format json`, and the pretty-JSON helper every JSON renderer shares.

use seam_rules::CheckReport;
use serde::Serialize;

/// The check report as pretty JSON with a trailing newline (`docs/check-schema.json` describes
/// it).
pub fn check_json(report: &CheckReport) -> String {
    pretty_json(report)
}

/// `value` as pretty JSON plus a newline; should serialization fail, a JSON object naming the
/// error instead of a panic.
pub(crate) fn pretty_json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut json = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string());
    json.push('\n');
    crate::escape::json_text(json)
}

/// [`pretty_json`] written to `out` as it is serialized, without holding the whole text: the
/// same bytes (the escapes [`crate::escape::json_text`] applies are applied to each string
/// fragment as serde writes it; outside strings JSON holds only ASCII punctuation, digits,
/// spaces and line ends, none of them escaped). A serialization error is returned after part of
/// the text may have been written.
pub(crate) fn write_pretty_json<W: std::io::Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
) -> std::io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, VisibleFormatter::default());
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)?;
    let mut out = serializer.into_inner();
    out.write_all(b"\n")?;
    out.flush()
}

/// serde_json's pretty formatter whose string fragments (keys and values) pass through
/// [`crate::escape::json_fragment`].
#[derive(Default)]
struct VisibleFormatter(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for VisibleFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        writer.write_all(crate::escape::json_fragment(fragment).as_bytes())
    }

    // the pretty layout: delegated (the defaults of the trait are the compact one's)
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}
