; Regions that are not code, for line metrics: POD, comments, and the text after
; `__END__` / `__DATA__`. Parse errors are reported as diagnostics.

(pod) @noncode.pod
(comment) @noncode.comment
(data_section) @noncode.data

(ERROR) @error
