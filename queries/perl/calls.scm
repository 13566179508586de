; Calls: qualified subs, class methods, indirect object syntax, and bare calls.

; Every named function: `Foo::bar(...)`, `Foo::bar $x`, `&Foo::bar`, `\&Foo::bar`, `foo(...)`.
; The Rust side splits qualified names (calls) from bare names (bare calls) and skips builtins,
; which the grammar marks with a keyword child.
(function) @call.function

; `Class->method`, `Class::->method`, `Class->$method`, `$obj->Foo::Bar::meth`,
; `$obj->SUPER::meth`, `__PACKAGE__->meth`, `$class->$method`.
(method_call_expression
  invocant: (_) @method.invocant
  method: (_) @method.name) @method.call

; Indirect object syntax: `new Foo::Bar(...)`, `new Foo`, `new Foo $arg`, and
; `import Foo::Bar qw(x)` (only these method names: `croak Foo::msg()` is a call, not a method).
(ambiguous_function_call_expression
  function: (function) @indirect.method
  arguments: [
    (bareword) @indirect.class
    (function_call_expression function: (function) @indirect.class)
    (ambiguous_function_call_expression function: (function) @indirect.class)
  ]
  (#any-of? @indirect.method "new" "import" "unimport"))
