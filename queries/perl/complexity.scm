; Decision points for cyclomatic complexity. A sub's complexity is 1 plus the decisions
; inside its body.

; if / unless, and each elsif
(conditional_statement) @decision.branch
(elsif) @decision.branch

; while / until, for / foreach, C-style for
(loop_statement) @decision.loop
(for_statement) @decision.loop
(cstyle_for_statement) @decision.loop

; statement modifiers: `... if $x`, `... unless $x`, `... while $x`, `... for @list`
(postfix_conditional_expression) @decision.modifier
(postfix_loop_expression) @decision.modifier
(postfix_for_expression) @decision.modifier

; `?:`
(conditional_expression) @decision.ternary

; short-circuit operators
(binary_expression operator: ["&&" "||" "//"]) @decision.logical
(lowprec_logical_expression operator: ["and" "or"]) @decision.logical
