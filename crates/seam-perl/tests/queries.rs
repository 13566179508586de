//! The query files compile on their own and name their captures as the extractor expects.

use tree_sitter::Query;

#[test]
fn every_query_file_compiles_alone() {
    for (name, source) in seam_perl::QUERY_FILES {
        if let Err(e) = Query::new(&seam_perl::language(), source) {
            panic!("queries/perl/{name} does not compile: {e}");
        }
    }
}

#[test]
fn captures_are_named_family_dot_role() {
    for (name, source) in seam_perl::QUERY_FILES {
        let query = Query::new(&seam_perl::language(), source).unwrap();
        for capture in query.capture_names() {
            let well_formed = capture.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            });
            assert!(
                well_formed,
                "queries/perl/{name}: capture @{capture} is not `family.role`"
            );
        }
    }
}

#[test]
fn capture_names_table_lists_exactly_the_captures_of_the_files() {
    let mut in_files: Vec<String> = Vec::new();
    for (_, source) in seam_perl::QUERY_FILES {
        let query = Query::new(&seam_perl::language(), source).unwrap();
        in_files.extend(query.capture_names().iter().map(|n| n.to_string()));
    }
    in_files.sort();
    in_files.dedup();
    assert_eq!(in_files, seam_perl::CAPTURE_NAMES);
}
