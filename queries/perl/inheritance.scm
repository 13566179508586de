; Inheritance, role composition and export lists: literal lists assigned to a package array.

; `@ISA = (...)`, `our @ISA = qw(...)`, `@Other::ISA = ...`, and the same for `@EXPORT`,
; `@EXPORT_OK` and `%EXPORT_TAGS`.
(assignment_expression
  left: [
    (array (varname) @package_list.name)
    (hash (varname) @package_list.name)
    (variable_declaration variable: (array (varname) @package_list.name))
    (variable_declaration variable: (hash (varname) @package_list.name))
  ]
  right: (_) @package_list.values
  (#match? @package_list.name "^(.*::)?(ISA|EXPORT|EXPORT_OK|EXPORT_TAGS)$"))

; `push @ISA, 'Base';` / `unshift @EXPORT_OK, qw(...)` (with or without parentheses)
(ambiguous_function_call_expression
  function: (function) @package_list.verb
  arguments: (list_expression
    .
    (array (varname) @package_list.name)) @package_list.values
  (#any-of? @package_list.verb "push" "unshift")
  (#match? @package_list.name "^(.*::)?(ISA|EXPORT|EXPORT_OK)$"))
(function_call_expression
  function: (function) @package_list.verb
  arguments: (list_expression
    .
    (array (varname) @package_list.name)) @package_list.values
  (#any-of? @package_list.verb "push" "unshift")
  (#match? @package_list.name "^(.*::)?(ISA|EXPORT|EXPORT_OK)$"))

; Moose / Moo / Role::Tiny: `extends 'Base';`, `with 'Role1', 'Role2';`, `with('Role')`
(ambiguous_function_call_expression
  function: (function) @sugar.keyword
  arguments: (_) @sugar.names
  (#any-of? @sugar.keyword "extends" "with"))
(function_call_expression
  function: (function) @sugar.keyword
  arguments: (_) @sugar.names
  (#any-of? @sugar.keyword "extends" "with"))

; Perl 5.38 classes: `class App::Point :isa(App::Base) { ... }` (also with a version, and in
; statement form). The Rust side reads the parent's name (an optional version may follow it).
(class_statement
  name: (package) @class_parent.class
  attributes: (attrlist
    (attribute
      name: (attribute_name) @class_parent.attribute
      value: (attribute_value) @class_parent.name))
  (#eq? @class_parent.attribute "isa"))
