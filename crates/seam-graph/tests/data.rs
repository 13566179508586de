//! ORM calls resolved to table uses on small codebases written inline: result sets by their
//! source name (`->resultset('Name')`), objects of a class a local assignment names, and the
//! calls no mapper answers (blind spots).

use seam_graph::{resolve, resolve_data, DataGraph, ResolveOptions};
use seam_perl::{DataAccess, ExtractOptions, Extractor};

fn data(files: &[(&str, &str)]) -> (seam_graph::DepGraph, DataGraph) {
    let mut extractor = Extractor::new(ExtractOptions::default());
    let facts: Vec<_> = files
        .iter()
        .map(|(path, code)| extractor.extract(path, code.as_bytes()))
        .collect();
    let options = ResolveOptions::default();
    let (graph, _) = resolve(&facts, &options);
    let data = resolve_data(&facts, &graph, &options, &Default::default());
    (graph, data)
}

/// (caller, table, access, line) of every use that is not a mapping, sorted.
fn uses(files: &[(&str, &str)]) -> Vec<(String, String, DataAccess, u32)> {
    let (graph, data) = data(files);
    let mut uses: Vec<_> = data
        .uses
        .iter()
        .filter(|u| u.access != DataAccess::Map)
        .map(|u| {
            (
                graph.node(u.from).name.clone(),
                data.node(u.data).name.clone(),
                u.access,
                u.location.line,
            )
        })
        .collect();
    uses.sort();
    uses
}

const SCHEMA: (&str, &str) = (
    "lib/App/Schema.pm",
    "package App::Schema;\nuse base 'DBIx::Class::Schema';\n__PACKAGE__->load_namespaces;\n1;\n",
);
const LOAN: (&str, &str) = (
    "lib/App/Schema/Result/Loan.pm",
    "package App::Schema::Result::Loan;\nuse base 'DBIx::Class::Core';\n__PACKAGE__->table('loans');\n1;\n",
);
const DESK: (&str, &str) = (
    "lib/App/Desk.pm",
    "package App::Desk;\nsub lend {\n  my ($s) = @_;\n  $s->resultset('Loan')->create({});\n  my $rs = $s->resultset('Loan');\n  $rs->find(1)->update({});\n}\n1;\n",
);

#[test]
fn a_result_set_is_its_result_class_table() {
    use DataAccess::{Read, Write};
    assert_eq!(
        uses(&[SCHEMA, LOAN, DESK]),
        [
            ("App::Desk".into(), "loans".into(), Read, 6),
            ("App::Desk".into(), "loans".into(), Write, 4),
            ("App::Desk".into(), "loans".into(), Write, 6),
        ]
    );
    // without the schema class, DBIx::Class's convention finds the same class
    assert_eq!(uses(&[LOAN, DESK]).len(), 3);
}

#[test]
fn a_literal_result_namespace_is_followed_and_two_candidates_are_a_blind_spot() {
    let schema = (
        "lib/App/Schema.pm",
        "package App::Schema;\n__PACKAGE__->load_namespaces(result_namespace => 'Row');\n1;\n",
    );
    let row = (
        "lib/App/Schema/Row/Loan.pm",
        "package App::Schema::Row::Loan;\n__PACKAGE__->table('row_loans');\n1;\n",
    );
    // the declared namespace wins over the convention
    let found = uses(&[schema, row, LOAN, DESK]);
    assert!(found.iter().all(|u| u.1 == "row_loans"), "{found:?}");
    assert_eq!(found.len(), 3);

    // two schemas with a `Loan` source: no table is guessed
    let other = (
        "lib/Other/Schema.pm",
        "package Other::Schema;\n__PACKAGE__->load_namespaces;\n1;\n",
    );
    let other_loan = (
        "lib/Other/Schema/Result/Loan.pm",
        "package Other::Schema::Result::Loan;\n__PACKAGE__->table('other_loans');\n1;\n",
    );
    let (graph, data) = data(&[SCHEMA, LOAN, other, other_loan, DESK]);
    assert!(data.uses.iter().all(|u| u.access == DataAccess::Map));
    let blind: Vec<(&str, u32)> = data
        .blind_spots
        .iter()
        .map(|(node, at)| (graph.node(*node).name.as_str(), at.line))
        .collect();
    assert_eq!(
        blind,
        [("App::Desk", 4), ("App::Desk", 6), ("App::Desk", 6)]
    );
}

#[test]
fn an_object_of_a_mapper_class_uses_its_table_and_other_objects_nothing() {
    use DataAccess::{Read, Write};
    let card = (
        "lib/App/Card.pm",
        "package App::Card;\nuse base 'DBIx::SearchBuilder::Record';\nsub Table { 'cards' }\n1;\n",
    );
    let kiosk = (
        "lib/App/Kiosk.pm",
        "package App::Kiosk;\nsub scan {\n  my $card = App::Card->new($h);\n  $card->LoadByCols(Barcode => 1);\n  $card->SetLastUsed(2);\n  my $ua = LWP::UserAgent->new;\n  $ua->find(3);\n}\n1;\n",
    );
    assert_eq!(
        uses(&[card, kiosk]),
        [
            ("App::Kiosk".into(), "cards".into(), Read, 4),
            ("App::Kiosk".into(), "cards".into(), Write, 5),
        ]
    );
}
