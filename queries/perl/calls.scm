; Calls: qualified subs, class methods, indirect object syntax, and bare calls.

; Every named function: `Foo::bar(...)`, `Foo::bar $x`, `&Foo::bar`, `\&Foo::bar`, `foo(...)`.
; The Rust side splits qualified names (calls) from bare names (bare calls) and skips builtins,
; which the grammar marks with a keyword child.
(function) @call.function

; A qualified bareword without arguments: `Foo::Constants::DEPENDS_ON`, `Foo::Bar::VERSION`. The Rust
; side skips class names (`Foo::Bar` as a string), class invocants and `require Foo::bar`.
((bareword) @bareword.name (#match? @bareword.name "(::|')"))

; `Class->method`, `Class::->method`, `Class->$method`, `$obj->Foo::Bar::meth`,
; `$obj->SUPER::meth`, `__PACKAGE__->meth`, `$class->$method`.
(method_call_expression
  invocant: (_) @method.invocant
  method: (_) @method.name) @method.call

; Indirect object syntax: `new Foo::Bar(...)`, `new Foo`, `new Foo $arg`, `import Foo::Bar qw(x)`,
; `throw Foo::X(...)`, `catch Foo::X with {...}`, also where the class call is the first operand
; (`return new Foo($id) || die`, `new Foo(1), 2`). The Rust side finds the class (the leftmost
; name of the arguments) and decides by the method word: `new`/`import`/`unimport` take any class;
; other words only a qualified class whose last segment is capitalised (`croak Foo::msg()` is a
; call), and that reading is an `indirect` reference the graph stage settles.
(ambiguous_function_call_expression
  function: (function) @indirect.method
  arguments: [
    (bareword)
    (function_call_expression)
    (ambiguous_function_call_expression)
    (binary_expression)
    (lowprec_logical_expression)
    (list_expression)
  ] @indirect.arguments)
