//! The facts contract: what one Perl file says about its dependencies.
//!
//! A file's facts depend only on that file's bytes. Every collection is sorted, so the same bytes
//! always serialize to the same JSON. Field-by-field documentation for consumers lives in
//! `docs/facts-schema.md`; bump [`SCHEMA_VERSION`] on any incompatible change.

use serde::{Deserialize, Serialize};

/// Version of the JSON shape of [`FileFacts`]. Incremented on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything seam extracted from one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    /// Version of this record's shape ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Path relative to the analyzed root, `/`-separated.
    pub path: String,
    /// BLAKE3 hash of the file's bytes, hex (the cache key: facts depend only on these bytes).
    pub hash: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Physical lines.
    pub lines: u32,
    /// Lines holding code: not blank, not comment-only, not POD, not after `__END__`/`__DATA__`.
    pub code_lines: u32,
    /// `package` declarations in source order.
    pub packages: Vec<PackageDecl>,
    /// Named subroutines in source order.
    pub subs: Vec<SubDecl>,
    /// Typed references to other packages and files, sorted by line.
    pub refs: Vec<Reference>,
    /// Literal `@EXPORT`, `@EXPORT_OK` and `%EXPORT_TAGS` contents per package.
    pub exports: Vec<Export>,
    /// Bare calls to subs that are neither builtins nor defined in the calling package (inputs to
    /// `import_call` resolution in the graph stage).
    pub bare_calls: Vec<BareCall>,
    /// `our` declarations per package: shared state is coupling.
    pub globals: Vec<Global>,
    /// Parse-error regions, fallbacks used, anything skipped and why.
    pub diagnostics: Vec<Diagnostic>,
    /// `# seam: ...` comments (inline suppressions), as written; `seam check` interprets them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seam_comments: Vec<SeamComment>,
    /// Tables (and data files) the code reads, writes or defines, sorted; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataRef>,
    /// Present when the file is a template or component (Mason, Template Toolkit, Mojolicious
    /// `.ep`, HTML::Template): its syntax and what it defines. Its embedded Perl's references are
    /// in `refs` (package `main`), with the template's own lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateFacts>,
}

/// Which template language a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateSyntax {
    /// An HTML::Mason (1.x) or Mason 2 component.
    Mason,
    /// A Template Toolkit template (`[% ... %]`, or a `<?name ... ?>` tag style).
    TemplateToolkit,
    /// A Mojolicious embedded-Perl template (`.ep`).
    MojoEp,
    /// An HTML::Template template (`<TMPL_...>`).
    HtmlTemplate,
}

/// What a template or component file is, besides its references.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateFacts {
    /// Its template language.
    pub syntax: TemplateSyntax,
    /// Names it defines for others to call: Mason `<%method>`/`<%def>`, Template Toolkit `BLOCK`s.
    /// Sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defines: Vec<String>,
    /// Mason's `inherit => undef` flag: the component has no parent (no autohandler wraps it).
    /// An `inherit => '/path'` flag is a `template` reference with symbol `inherit` instead.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_inherit: bool,
}

/// What a [`DataRef`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    /// A database table (`schema.table` when qualified), lowercased.
    Table,
    /// A data file, its path normalised (`{datadir}/fines.dat`).
    DataFile,
    /// A table position held by a variable: the code touches a table seam cannot name.
    Dynamic,
    /// A DBIx::Class schema loads its result classes from this namespace (`load_namespaces`:
    /// `Schema::Result` or its literal `result_namespace`; `load_classes`: the schema's own).
    /// Access `map`; the graph stage finds `resultset('Name')`'s class with it.
    ResultNamespace,
    /// An ORM call on a DBIx::Class result set, `->resultset('Name')->search(...)`: target is the
    /// result source name as written, access by the method's name ([`crate::orm_method_access`]).
    /// The graph stage resolves it to the result class's table.
    ResultSource,
    /// An ORM call on an object whose class a local assignment names (`my $card =
    /// App::Card->new($h); $card->Load($id)`): target is the class, access by the method's name.
    /// The graph stage resolves it to the table the class maps (none: not a table use).
    OrmClass,
}

/// How the code uses the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataAccess {
    /// FROM, JOIN, subqueries; a file opened for reading.
    Read,
    /// INSERT, UPDATE, DELETE, REPLACE, MERGE, TRUNCATE; a file opened for writing.
    Write,
    /// A file opened for appending.
    Append,
    /// CREATE, ALTER, DROP, CREATE INDEX.
    Ddl,
    /// An ORM declaration: this package is the table's mapper.
    Map,
}

/// Where the data reference was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataVia {
    /// SQL in a string, heredoc or literal concatenation.
    Sql,
    /// An ORM or table-mapping declaration.
    Orm,
    /// A file open, tie or slurp.
    File,
}

/// One use of a table or data file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DataRef {
    /// Package in scope.
    pub package: String,
    /// Table, data file, a blind spot, or an ORM name the graph stage resolves.
    pub kind: DataKind,
    /// The table or normalised path; empty for `dynamic`; a namespace, result source name or
    /// class for the ORM kinds.
    pub target: String,
    /// How it is used.
    pub access: DataAccess,
    /// Where it was read from.
    pub via: DataVia,
    /// 1-based line (of the string's start, the heredoc's `<<`, or a concatenation's first piece).
    pub line: u32,
    /// `exact` when an SQL dialect parsed the statement (or the declaration is literal),
    /// `inferred` when its clauses were scanned or the table is reached through an ORM call.
    pub confidence: Confidence,
}

/// Whether a package declaration is `package X;` or `package X { ... }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PackageForm {
    /// `package X;` — in force to the end of the enclosing block or file.
    Statement,
    /// `package X { ... }` — in force inside its block.
    Block,
}

/// One `package` declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageDecl {
    /// Normalised name (`Foo'Bar` becomes `Foo::Bar`).
    pub name: String,
    /// 1-based line of the `package` keyword.
    pub line: u32,
    /// Statement or block form.
    pub form: PackageForm,
    /// How sure we are: `exact` from the syntax tree, `inferred` from the error-region line scan.
    pub confidence: Confidence,
}

/// One named subroutine (or `method`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubDecl {
    /// Package the sub belongs to (its own qualifier for `sub Foo::bar`).
    pub package: String,
    /// Unqualified name.
    pub name: String,
    /// First line (the `sub` keyword).
    pub line: u32,
    /// Last line (the closing brace).
    pub end_line: u32,
    /// Code lines inside the sub.
    pub code_lines: u32,
    /// Cyclomatic complexity: 1 + decision points (`if elsif unless while until for foreach`,
    /// statement modifiers, `&& || // and or`, `?:`).
    pub complexity: u32,
}

/// What a reference expresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    /// `use Module LIST` (pragmas included).
    Use,
    /// `no Module LIST`.
    No,
    /// `require Foo::Bar` or `require "Foo/Bar.pm"`.
    Require,
    /// `require "lib/x.pl"`: target is the literal path.
    RequireFile,
    /// `do 'config.pl'`: target is the literal path.
    DoFile,
    /// Inheritance: `use parent`, `use base`, `@ISA`, `extends`, `use Mojo::Base 'X'`.
    Parent,
    /// Role composition: `with 'Role'`.
    Role,
    /// Qualified sub call: `Foo::bar()`, `&Foo::bar`, `\&Foo::bar`, `$obj->Foo::bar()`.
    Call,
    /// `SUPER::x` / `next::method`: resolved through the parents by the graph stage.
    SuperCall,
    /// Class method call: `Foo->new`, `Foo::->new`, `new Foo(...)`, `Foo->$m`.
    ClassMethod,
    /// Indirect object syntax with a method other than `new`/`import`/`unimport` and a qualified,
    /// capitalised class: `throw Foo::X(...)`, `catch Foo::X with {...}`. Target is the class,
    /// symbol the method. The syntax cannot tell it from a call to sub `X` of `Foo` whose result
    /// is passed to `throw`; the graph stage, which knows every sub, decides (see
    /// `seam_graph::resolve`).
    Indirect,
    /// `__PACKAGE__->x`: a call into the package itself (for metrics, never an edge).
    SelfCall,
    /// Package variable of another package: `$Foo::x`, `@Foo::list`, `%Foo::map`.
    Variable,
    /// Literal module in a string eval or a loader call (`load_class('Foo')`).
    DynamicLoad,
    /// Where the analyzer is blind: `require $x`, `$obj->$method`, `AUTOLOAD`, glob assignment.
    DynamicUnresolved,
    /// A template or component rendered or included by name: `<& /path &>`, `$m->comp('/x')`,
    /// `[% INCLUDE x.tt %]`, `$tt->process('x.tt')`, `$c->render(template => 'x')`. Target is the
    /// name as written (a component path, a file name relative to a template directory), symbol
    /// the verb (`comp`, `include`, `process`, `render`, ...). The graph stage finds the file.
    Template,
}

/// How a reference was recovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Literal syntax in a well-formed tree.
    Exact,
    /// Recovered from a parse-error region by a line scan, or derived later.
    Inferred,
    /// A runtime construct whose target is a literal (string eval, loader call).
    Dynamic,
}

/// One reference from a package to a module, package or file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reference {
    /// Package in scope where the reference occurs.
    pub package: String,
    /// What the reference expresses.
    pub kind: RefKind,
    /// A package/module name, or a file path for `require_file`/`do_file`; for
    /// `dynamic_unresolved` the source text the analyzer could not see through.
    pub target: String,
    /// Sub, method or sigilled variable used, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub symbol: Option<String>,
    /// 1-based line.
    pub line: u32,
    /// How the reference was recovered.
    pub confidence: Confidence,
    /// For `use`: the literal import list (`use POSIX qw(floor)` gives `["floor"]`, `use Foo ()`
    /// gives `[]`); absent when the list is missing or not literal.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub imports: Option<Vec<String>>,
    /// For `use`: the import list is there but not literal (`use M ($x)`, `use M @list`), so
    /// what it imports is unknown — not the module's default exports, which an absent list means.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub imports_unknown: bool,
}

/// Which export list an [`Export`] entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportList {
    /// `@EXPORT`: exported by default.
    Export,
    /// `@EXPORT_OK`: exported on request.
    ExportOk,
    /// `%EXPORT_TAGS`: a named group (`tag`).
    ExportTags,
}

/// Literal symbols in one of a package's export lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    /// Exporting package.
    pub package: String,
    /// Which list.
    pub list: ExportList,
    /// The tag name for `%EXPORT_TAGS`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tag: Option<String>,
    /// Symbols as written (`foo`, `$bar`, `:all`).
    pub symbols: Vec<String>,
    /// Line of the assignment.
    pub line: u32,
}

/// A bare call `foo(...)` / `foo $x` to a sub not defined in the calling package.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BareCall {
    /// Calling package.
    pub package: String,
    /// Sub name.
    pub name: String,
    /// 1-based line.
    pub line: u32,
}

/// A `# seam: ...` comment: the directive text after `seam:`, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeamComment {
    /// 1-based line.
    pub line: u32,
    /// What follows `seam:`, e.g. `allow(depends_on) reports read invoices directly`.
    pub text: String,
    /// Code precedes the comment on its line (it then applies to that line only; a comment on a
    /// line of its own applies to the next line too).
    pub trailing: bool,
}

/// An `our` declaration.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Global {
    /// Declaring package.
    pub package: String,
    /// Variable with sigil (`$VERSION`, `@ISA`).
    pub name: String,
    /// 1-based line.
    pub line: u32,
}

/// What a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticKind {
    /// The grammar left ERROR or MISSING nodes; facts around them were still collected.
    ParseErrors,
    /// Most of the file did not parse; a line scan supplied `inferred` facts.
    LineScanFallback,
    /// The file contains a NUL byte before any `__END__`/`__DATA__` line: treated as binary and
    /// skipped (`line` is the NUL's). A NUL after such a line is data: the code before it is parsed.
    SkippedBinary,
    /// The file is larger than the size cap: skipped.
    SkippedTooLarge,
    /// Parsing took longer than the per-file time limit: facts come from the line scan.
    ParseTimeout,
    /// The file is not valid UTF-8: parsed as bytes, names decoded lossily.
    NotUtf8,
    /// The shebang names another interpreter (a shell script with a `.pl` name): not parsed.
    NotPerl,
    /// The file could not be read.
    ReadError,
}

/// Something the user should know about how a file was analyzed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// What happened.
    pub kind: DiagnosticKind,
    /// First line concerned, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<u32>,
    /// Human-readable detail.
    pub message: String,
}

impl FileFacts {
    /// An empty record for `path` with the given content hash and size.
    pub fn empty(path: String, hash: String, bytes: u64) -> Self {
        FileFacts {
            schema_version: SCHEMA_VERSION,
            path,
            hash,
            bytes,
            lines: 0,
            code_lines: 0,
            packages: Vec::new(),
            subs: Vec::new(),
            refs: Vec::new(),
            exports: Vec::new(),
            bare_calls: Vec::new(),
            globals: Vec::new(),
            diagnostics: Vec::new(),
            seam_comments: Vec::new(),
            data: Vec::new(),
            template: None,
        }
    }
}
