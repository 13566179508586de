//! Perl's builtin functions and keywords: bare calls to these are never imports.
//!
//! The grammar already marks most builtins with a keyword node; this list is the safety net for
//! the ones it parses as plain names.

/// Names from `perlfunc` plus keywords and sugar that look like calls.
const BUILTINS: &[&str] = &[
    "abs", "accept", "alarm", "atan2", "bind", "binmode", "bless", "break", "caller", "chdir",
    "chmod", "chomp", "chop", "chown", "chr", "chroot", "close", "closedir", "connect", "continue",
    "cos", "crypt", "dbmclose", "dbmopen", "defined", "delete", "die", "do", "dump", "each",
    "eof", "eval", "evalbytes", "exec", "exists", "exit", "exp", "fc", "fcntl", "fileno", "flock",
    "fork", "format", "formline", "getc", "getlogin", "getpeername", "getpgrp", "getppid",
    "getpriority", "getpwnam", "getgrnam", "gethostbyname", "getnetbyname", "getprotobyname",
    "getpwuid", "getgrgid", "getservbyname", "gethostbyaddr", "getnetbyaddr", "getprotobynumber",
    "getservbyport", "getpwent", "getgrent", "gethostent", "getnetent", "getprotoent",
    "getservent", "setpwent", "setgrent", "sethostent", "setnetent", "setprotoent", "setservent",
    "endpwent", "endgrent", "endhostent", "endnetent", "endprotoent", "endservent",
    "getsockname", "getsockopt", "glob", "gmtime", "goto", "grep", "hex", "index", "int",
    "ioctl", "join", "keys", "kill", "last", "lc", "lcfirst", "length", "link", "listen",
    "local", "localtime", "lock", "log", "lstat", "map", "mkdir", "msgctl", "msgget", "msgrcv",
    "msgsnd", "my", "next", "no", "oct", "open", "opendir", "ord", "our", "pack", "package",
    "pipe", "pop", "pos", "print", "printf", "prototype", "push", "quotemeta", "rand", "read",
    "readdir", "readline", "readlink", "readpipe", "recv", "redo", "ref", "rename", "require",
    "reset", "return", "reverse", "rewinddir", "rindex", "rmdir", "say", "scalar", "seek",
    "seekdir", "select", "semctl", "semget", "semop", "send", "setpgrp", "setpriority",
    "setsockopt", "shift", "shmctl", "shmget", "shmread", "shmwrite", "shutdown", "sin", "sleep",
    "socket", "socketpair", "sort", "splice", "split", "sprintf", "sqrt", "srand", "stat",
    "state", "study", "sub", "substr", "symlink", "syscall", "sysopen", "sysread", "sysseek",
    "system", "syswrite", "tell", "telldir", "tie", "tied", "time", "times", "truncate", "uc",
    "ucfirst", "umask", "undef", "unlink", "unpack", "unshift", "untie", "use", "utime",
    "values", "vec", "wait", "waitpid", "wantarray", "warn", "write", "__SUB__", "__FILE__",
    "__LINE__", "__PACKAGE__", "AUTOLOAD", "DESTROY", "BEGIN", "END", "INIT", "CHECK",
    "UNITCHECK", "lc", "qw", "new",
];

/// Whether a bare call to `name` is a builtin rather than a user or imported sub.
pub fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}
