; Named subroutines: `sub name {...}`, `sub Other::name {...}`, and `method name {...}`.
; Forward declarations (`sub name;`) have no body and are not subs of their own.

(subroutine_declaration_statement
  name: (_) @sub.name
  body: (block)) @sub.declaration

(method_declaration_statement
  name: (_) @sub.name
  body: (block)) @sub.declaration
