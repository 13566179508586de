//! `docs/check-schema.json` is generated from the types `seam check --format json` serializes;
//! this test fails when they drift apart. Regenerate with
//! `SEAM_UPDATE_SCHEMA=1 cargo test -p seam-report --test check_schema`.

#[test]
fn check_schema_document_is_current() {
    let schema = schemars::schema_for!(seam_rules::CheckReport);
    let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/check-schema.json");
    if std::env::var_os("SEAM_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/check-schema.json is out of date: run SEAM_UPDATE_SCHEMA=1 cargo test -p seam-report --test check_schema"
    );
}
