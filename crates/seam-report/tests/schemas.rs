//! The JSON Schema documents in `docs/` are generated from the types each command's
//! `--format json` serializes; this test fails when they drift apart. Regenerate them all with
//! `SEAM_UPDATE_SCHEMA=1 cargo test -p seam-report --test schemas`.

use schemars::{schema_for, Schema};

#[test]
fn schema_documents_are_current() {
    let documents: [(&str, Schema); 4] = [
        (
            "analyze-schema.json",
            schema_for!(seam_report::AnalyzeDocument<'static>),
        ),
        ("check-schema.json", schema_for!(seam_rules::CheckReport)),
        ("suggest-schema.json", schema_for!(seam_suggest::Suggestion)),
        ("trend-schema.json", schema_for!(seam_history::trend::Trend)),
    ];
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    let update = std::env::var_os("SEAM_UPDATE_SCHEMA").is_some();
    for (name, schema) in documents {
        let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = docs.join(name);
        if update {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/{name} is out of date: run SEAM_UPDATE_SCHEMA=1 cargo test -p seam-report --test schemas"
        );
    }
}
