//! One fixture per Perl construct (`tests/fixtures/`), one snapshot of its facts each
//! (`tests/snapshots/`). A change in what seam extracts shows up as a snapshot diff to review.

use seam_perl::{ExtractOptions, Extractor};

#[test]
fn facts_of_each_construct() {
    let mut extractor = Extractor::new(ExtractOptions::default());
    insta::glob!("fixtures/*", |path| {
        let source = std::fs::read(path).expect("fixture is readable");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let facts = extractor.extract(&name, &source);
        insta::assert_json_snapshot!(facts);
    });
}
