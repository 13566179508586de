//! Prints the syntax tree the pinned grammar gives each file (or stdin), one node per line.
//!
//!     cargo run -p seam-perl --example tree -- FILE...

use std::io::Read;

fn main() {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&seam_perl::language())
        .expect("grammar loads");
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        let mut source = Vec::new();
        std::io::stdin().read_to_end(&mut source).expect("stdin");
        inputs.push(("-".into(), source));
    }
    for path in args {
        let source = std::fs::read(&path).expect("readable file");
        inputs.push((path, source));
    }
    for (path, source) in inputs {
        println!("== {path}");
        let Some(tree) = parser.parse(&source, None) else {
            continue;
        };
        let mut cursor = tree.walk();
        let mut depth = 0usize;
        loop {
            let node = cursor.node();
            let field = cursor
                .field_name()
                .map_or(String::new(), |f| format!("{f}: "));
            let text = String::from_utf8_lossy(&source[node.byte_range()]);
            let text: String = text.chars().take(60).collect();
            if node.is_named() {
                println!("{}{field}{} {:?}", "  ".repeat(depth), node.kind(), text);
            } else {
                println!("{}{field}'{}'", "  ".repeat(depth), node.kind());
            }
            if cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    depth = usize::MAX;
                    break;
                }
                depth -= 1;
            }
            if depth == usize::MAX {
                break;
            }
        }
    }
}
