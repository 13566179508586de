; Package variables and globals.

; Another package's variables (`::` or the old `'` separator): `$Foo::x`, `@Foo::list`, `%Foo::map`, and element access
; `$Foo::x[0]` (the array `@Foo::x`), `$Foo::h{k}` (the hash `%Foo::h`).
(scalar (varname) @variable.scalar (#match? @variable.scalar "(::|')"))
(array (varname) @variable.array (#match? @variable.array "(::|')"))
(hash (varname) @variable.hash (#match? @variable.hash "(::|')"))
(array_element_expression
  array: (container_variable (varname) @variable.array (#match? @variable.array "(::|')")))
(hash_element_expression
  hash: (container_variable (varname) @variable.hash (#match? @variable.hash "(::|')")))

; `our $x;`, `our ($x, @y);`
(variable_declaration "our" variable: (_) @global.variable)
(variable_declaration "our" variables: (_) @global.variable)
