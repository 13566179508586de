//! `docs/suggest-schema.json` is generated from the types `seam suggest --format json`
//! serializes; this test fails when they drift apart. Regenerate with
//! `SEAM_UPDATE_SCHEMA=1 cargo test -p seam-suggest --test schema`.

#[test]
fn suggest_schema_document_is_current() {
    let schema = schemars::schema_for!(seam_suggest::Suggestion);
    let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/suggest-schema.json");
    if std::env::var_os("SEAM_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/suggest-schema.json is out of date: run SEAM_UPDATE_SCHEMA=1 cargo test -p seam-suggest --test schema"
    );
}
