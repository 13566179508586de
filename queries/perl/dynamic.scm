; Runtime loading and the places a static reader cannot see through.

; `eval "use Foo; 1"`, `eval("require $class")`, `eval "package $p; use " . $x`: the Rust side
; scans the literal strings in the argument.
(eval_expression
  "eval"
  [(string_literal) (interpolated_string_literal) (parenthesized_expression) (binary_expression)]
    @eval.code)

; Loader calls: `load_class('Foo')`, `Module::Runtime::use_module("Foo")`, `load Foo::Bar`.
(function_call_expression
  function: (function) @loader.name
  arguments: (_) @loader.arguments
  (#match? @loader.name "^(load|load_class|try_load_class|load_optional_class|load_first_existing_class|use_module|require_module|use_package_optimistically|Class::Load::.+|Module::Runtime::.+|Module::Load::load|Class::MOP::load_class|Mojo::Loader::load_class)$"))
(ambiguous_function_call_expression
  function: (function) @loader.name
  arguments: (_) @loader.arguments
  (#match? @loader.name "^(load|load_class|try_load_class|load_optional_class|load_first_existing_class|use_module|require_module|use_package_optimistically|Class::Load::.+|Module::Runtime::.+|Module::Load::load|Class::MOP::load_class|Mojo::Loader::load_class)$"))

; `sub AUTOLOAD { ... }`: every unknown method call lands here.
(subroutine_declaration_statement
  name: (_) @autoload.name
  (#eq? @autoload.name "AUTOLOAD"))

; `*{"Foo::$name"} = sub {...}`, `*$glob = \&code`: subs installed at runtime.
(assignment_expression
  left: (glob [(glob_deref_expression) (scalar)]) @glob_assignment.target)

; Perl code inside regexes: the replacement of `s/.../.../e` (and `ee`: its first evaluation is
; code too) and `(?{ ... })` / `(??{ ... })` blocks. The Rust side parses that code on its own
; (same offsets) and reads its references like any other.
(substitution_regexp
  (replacement) @embedded.replacement
  modifiers: (substitution_regexp_modifiers) @embedded.modifiers
  (#match? @embedded.modifiers "e"))
((regexp_content) @embedded.regexp (#match? @embedded.regexp "\\(\\?\\??\\{"))
