; Package declarations and the scopes they open.
;
; `package X;` is in force to the end of the enclosing block or file; `package X { ... }` only
; inside its block. Perl 5.38 `class` declarations scope the same way.
; The grammar splits `package X::822;` into name `X::` and version `822`: the Rust side rejoins
; them when the two touch.

(package_statement
  name: (package) @package.name) @package.declaration

(class_statement
  name: (package) @package.name) @package.declaration
