; Compile-time and runtime module loading.

; `use Module LIST;` / `no Module LIST;` — the Rust side reads the import list and the special
; forms: `use parent`/`use base` (parents), `use Mojo::Base 'X'`, `use if COND, 'Mod'`,
; `use aliased 'Mod'`.
(use_statement
  ["use" "no"] @include.verb
  module: (package) @include.module) @include.statement

; `require Foo::Bar;`
(require_expression
  (bareword) @require.module)

; `require "Foo/Bar.pm";` (a module) or `require "lib/x.pl";` (a file)
(require_expression
  [(string_literal) (interpolated_string_literal)] @require.path)

; `require $class;` — anything else is invisible to a static reader
(require_expression
  [(scalar) (function_call_expression) (ambiguous_function_call_expression)
   (method_call_expression) (binary_expression) (scalar_deref_expression)] @require.dynamic)

; `do 'config.pl';` / `do $file;`
(eval_expression
  "do"
  (filename) @do.path)
