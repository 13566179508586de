//! The node shapes seam's queries rely on, snapshotted from the pinned grammar
//! (`ts-parser-perl = "=2.0.4"`). A grammar upgrade that renames a node or moves a field fails
//! here, with a readable diff, instead of silently losing edges.

use tree_sitter::Parser;

/// One snippet per construct the queries in `queries/perl/` match on.
const SNIPPETS: &[(&str, &str)] = &[
    ("package_statement", "package Foo::Bar;"),
    ("package_block", "package Foo { 1 }"),
    ("package_numbered_name", "package X::822;"),
    ("use_with_imports", "use POSIX qw(floor ceil);"),
    ("use_empty_list", "use Foo ();"),
    ("no_statement", "no strict 'refs';"),
    ("use_version", "use v5.20;"),
    ("require_bareword", "require Foo::Bar;"),
    ("require_string", "require \"lib/x.pl\";"),
    ("do_file", "do 'config.pl';"),
    ("isa_assignment", "our @ISA = ('Base');"),
    ("push_isa", "push @ISA, 'Base';"),
    ("extends", "extends 'Base';"),
    ("with_roles", "with 'R1', 'R2';"),
    ("qualified_call", "Foo::bar(1);"),
    ("qualified_call_no_parens", "Foo::bar $x;"),
    ("ampersand_call", "&Foo::bar;"),
    ("code_reference", "\\&Foo::bar;"),
    ("class_method", "Foo->new;"),
    ("class_method_trailing_colons", "Foo::->new;"),
    ("class_method_dynamic", "Foo->$m;"),
    ("qualified_method", "$o->Foo::m();"),
    ("super_method", "$self->SUPER::new(@_);"),
    ("package_self_call", "__PACKAGE__->x;"),
    ("shift_invocant", "shift->x;"),
    ("indirect_object", "new Foo::Bar(1);"),
    ("indirect_object_bare", "new Foo;"),
    ("builtin_call", "push @a, 1;"),
    ("bare_call", "trim($x);"),
    ("package_scalar", "$Foo::x;"),
    ("package_array_element", "$Foo::x[0];"),
    ("package_hash_element", "$Foo::h{k};"),
    ("our_list", "our ($a, @b);"),
    ("string_eval", "eval \"use Foo; 1\";"),
    ("loader_call", "load_class('Foo');"),
    ("glob_assignment", "*{\"Foo::$n\"} = sub { 1 };"),
    ("sub_declaration", "sub f { 1 }"),
    (
        "decisions",
        "if ($a && $b) { } elsif ($c) { } print 1 unless $x; $y = $z ? 1 : 2;",
    ),
    ("pod_and_data", "=pod\n\n=cut\n1;\n__END__\ndata\n"),
];

#[test]
fn node_shapes_of_the_pinned_grammar() {
    let mut parser = Parser::new();
    parser.set_language(&seam_perl::language()).unwrap();
    let mut shapes = String::new();
    for (name, code) in SNIPPETS {
        let tree = parser.parse(code, None).unwrap();
        shapes.push_str(&format!(
            "{name}: {code:?}\n  {}\n",
            tree.root_node().to_sexp()
        ));
    }
    insta::assert_snapshot!(shapes);
}
