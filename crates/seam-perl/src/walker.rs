//! The patterns of `queries/perl/*.scm`, matched by hand in one pass over the tree's named nodes
//! (see `Position`).
//!
//! Each arm below implements one pattern of the query files, named after it; `tests/engines.rs`
//! proves the two agree. Change a `.scm` file and this file together. The walker exists because
//! tree-sitter's query engine costs about twice a bare cursor walk (see `matches.rs`).

use crate::data::{candidate_kind, CandidateKind, Candidates};
use crate::matches::Matches;
use crate::queries::KindName;
use crate::queries::{capture_index, language};
use std::sync::OnceLock;
use tree_sitter::{Node, QueryCapture, TreeCursor};

#[cfg(test)]
mod bench;
mod shapes;
#[cfg(test)]
mod stats;

/// What a node kind means to the walker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    Package,
    Sub,
    Method,
    Decision(Decision),
    BinaryLogical,
    LowprecLogical,
    Pod,
    Comment,
    DataSection,
    Error,
    Use,
    Require,
    Eval,
    Assignment,
    Call,
    AmbiguousCall,
    Function,
    Bareword,
    MethodCall,
    Variable(Sigil),
    ArrayElement,
    HashElement,
    Declaration,
    Substitution,
    RegexpContent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Branch,
    Loop,
    Modifier,
    Ternary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sigil {
    Scalar,
    Array,
    Hash,
}

fn role_of_kind(kind: &str) -> Role {
    match kind {
        "package_statement" | "class_statement" => Role::Package,
        "subroutine_declaration_statement" => Role::Sub,
        "method_declaration_statement" => Role::Method,
        "conditional_statement" | "elsif" => Role::Decision(Decision::Branch),
        "loop_statement" | "for_statement" | "cstyle_for_statement" => {
            Role::Decision(Decision::Loop)
        }
        "postfix_conditional_expression" | "postfix_loop_expression" | "postfix_for_expression" => {
            Role::Decision(Decision::Modifier)
        }
        "conditional_expression" => Role::Decision(Decision::Ternary),
        "binary_expression" => Role::BinaryLogical,
        "lowprec_logical_expression" => Role::LowprecLogical,
        "pod" => Role::Pod,
        "comment" => Role::Comment,
        "data_section" => Role::DataSection,
        "ERROR" => Role::Error,
        "use_statement" => Role::Use,
        "require_expression" => Role::Require,
        "eval_expression" => Role::Eval,
        "assignment_expression" => Role::Assignment,
        "function_call_expression" => Role::Call,
        "ambiguous_function_call_expression" => Role::AmbiguousCall,
        "function" => Role::Function,
        "bareword" => Role::Bareword,
        "method_call_expression" => Role::MethodCall,
        "scalar" => Role::Variable(Sigil::Scalar),
        "array" => Role::Variable(Sigil::Array),
        "hash" => Role::Variable(Sigil::Hash),
        "array_element_expression" => Role::ArrayElement,
        "hash_element_expression" => Role::HashElement,
        "variable_declaration" => Role::Declaration,
        "substitution_regexp" => Role::Substitution,
        "regexp_content" => Role::RegexpContent,
        _ => Role::Other,
    }
}

/// Capture indices into `CAPTURE_NAMES`, so walker matches read exactly like query matches.
struct Capture {
    package_name: u32,
    package_declaration: u32,
    sub_name: u32,
    sub_declaration: u32,
    decision_branch: u32,
    decision_loop: u32,
    decision_modifier: u32,
    decision_ternary: u32,
    decision_logical: u32,
    noncode_pod: u32,
    noncode_comment: u32,
    noncode_data: u32,
    error: u32,
    include_verb: u32,
    include_module: u32,
    include_statement: u32,
    require_module: u32,
    require_path: u32,
    require_dynamic: u32,
    do_path: u32,
    package_list_name: u32,
    package_list_values: u32,
    package_list_verb: u32,
    sugar_keyword: u32,
    sugar_names: u32,
    call_function: u32,
    bareword_name: u32,
    method_invocant: u32,
    method_name: u32,
    method_call: u32,
    indirect_method: u32,
    indirect_arguments: u32,
    variable_scalar: u32,
    variable_array: u32,
    variable_hash: u32,
    global_variable: u32,
    eval_code: u32,
    loader_name: u32,
    loader_arguments: u32,
    autoload_name: u32,
    glob_assignment_target: u32,
    embedded_replacement: u32,
    embedded_modifiers: u32,
    embedded_regexp: u32,
    class_parent_class: u32,
    class_parent_attribute: u32,
    class_parent_name: u32,
}

/// Field ids of the grammar, looked up once (`child_by_field_name` compares strings every call).
pub(crate) struct Fields {
    pub(crate) name: u16,
    pub(crate) body: u16,
    pub(crate) operator: u16,
    pub(crate) invocant: u16,
    pub(crate) method: u16,
    pub(crate) module: u16,
    pub(crate) left: u16,
    pub(crate) right: u16,
    pub(crate) variable: u16,
    pub(crate) variables: u16,
    pub(crate) function: u16,
    pub(crate) arguments: u16,
    pub(crate) array: u16,
    pub(crate) hash: u16,
    pub(crate) modifiers: u16,
    pub(crate) attributes: u16,
    pub(crate) value: u16,
    pub(crate) content: u16,
    pub(crate) key: u16,
    pub(crate) index: u16,
}

struct Tables {
    roles: Vec<Role>,
    /// Whether the walk looks under a node of each kind.
    descend: Vec<Descend>,
    /// What each node kind is to the data pass (gathered here so the tree is walked once).
    data: Vec<CandidateKind>,
    field: Fields,
    capture: Capture,
    loader: regex::Regex,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let language = language();
        let roles = (0..language.node_kind_count() as u16)
            .map(|id| match language.node_kind_for_id(id) {
                Some(kind) if language.node_kind_is_named(id) => role_of_kind(kind),
                _ => Role::Other,
            })
            .collect();
        let descend = (0..language.node_kind_count() as u16)
            .map(|id| match language.node_kind_for_id(id) {
                Some(kind) if language.node_kind_is_named(id) => descend_kind(kind),
                _ => Descend::Never,
            })
            .collect();
        let data = (0..language.node_kind_count() as u16)
            .map(|id| match language.node_kind_for_id(id) {
                Some(kind) if language.node_kind_is_named(id) => candidate_kind(kind),
                _ => CandidateKind::None,
            })
            .collect();
        let field_id = |name: &str| {
            language
                .field_id_for_name(name)
                .unwrap_or_else(|| panic!("the Perl grammar has no field `{name}`"))
                .get()
        };
        let field = Fields {
            name: field_id("name"),
            body: field_id("body"),
            operator: field_id("operator"),
            invocant: field_id("invocant"),
            method: field_id("method"),
            module: field_id("module"),
            left: field_id("left"),
            right: field_id("right"),
            variable: field_id("variable"),
            variables: field_id("variables"),
            function: field_id("function"),
            arguments: field_id("arguments"),
            array: field_id("array"),
            hash: field_id("hash"),
            modifiers: field_id("modifiers"),
            attributes: field_id("attributes"),
            value: field_id("value"),
            content: field_id("content"),
            key: field_id("key"),
            index: field_id("index"),
        };
        let id = capture_index;
        let capture = Capture {
            package_name: id("package.name"),
            package_declaration: id("package.declaration"),
            sub_name: id("sub.name"),
            sub_declaration: id("sub.declaration"),
            decision_branch: id("decision.branch"),
            decision_loop: id("decision.loop"),
            decision_modifier: id("decision.modifier"),
            decision_ternary: id("decision.ternary"),
            decision_logical: id("decision.logical"),
            noncode_pod: id("noncode.pod"),
            noncode_comment: id("noncode.comment"),
            noncode_data: id("noncode.data"),
            error: id("error"),
            include_verb: id("include.verb"),
            include_module: id("include.module"),
            include_statement: id("include.statement"),
            require_module: id("require.module"),
            require_path: id("require.path"),
            require_dynamic: id("require.dynamic"),
            do_path: id("do.path"),
            package_list_name: id("package_list.name"),
            package_list_values: id("package_list.values"),
            package_list_verb: id("package_list.verb"),
            sugar_keyword: id("sugar.keyword"),
            sugar_names: id("sugar.names"),
            call_function: id("call.function"),
            bareword_name: id("bareword.name"),
            method_invocant: id("method.invocant"),
            method_name: id("method.name"),
            method_call: id("method.call"),
            indirect_method: id("indirect.method"),
            indirect_arguments: id("indirect.arguments"),
            variable_scalar: id("variable.scalar"),
            variable_array: id("variable.array"),
            variable_hash: id("variable.hash"),
            global_variable: id("global.variable"),
            eval_code: id("eval.code"),
            loader_name: id("loader.name"),
            loader_arguments: id("loader.arguments"),
            autoload_name: id("autoload.name"),
            glob_assignment_target: id("glob_assignment.target"),
            embedded_replacement: id("embedded.replacement"),
            embedded_modifiers: id("embedded.modifiers"),
            embedded_regexp: id("embedded.regexp"),
            class_parent_class: id("class_parent.class"),
            class_parent_attribute: id("class_parent.attribute"),
            class_parent_name: id("class_parent.name"),
        };
        // the same expression as dynamic.scm's `#match? @loader.name`
        let loader = regex::Regex::new(LOADER_NAMES).expect("valid regex");
        Tables {
            roles,
            descend,
            data,
            field,
            capture,
            loader,
        }
    })
}

/// The grammar's field ids.
pub(crate) fn fields() -> &'static Fields {
    &tables().field
}

/// dynamic.scm's loader names; `tests/engines.rs` checks the query file says the same.
pub const LOADER_NAMES: &str = "^(load|load_class|try_load_class|load_optional_class|load_first_existing_class|use_module|require_module|use_package_optimistically|Class::Load::.+|Module::Runtime::.+|Module::Load::load|Class::MOP::load_class|Mojo::Loader::load_class)$";

/// Finds every match of the query files in one pass over the tree, gathering the data pass's
/// candidates on the way.
pub fn collect<'tree>(root: Node<'tree>, source: &[u8]) -> Matches<'tree> {
    let tables = tables();
    let mut walk = Walk {
        tables,
        source,
        matches: Matches::new(),
    };
    walk.matches.call_functions = Some(Vec::new());
    walk.matches.name_barewords = Some(Vec::new());
    let mut data = Candidates::default();
    let mut position = Position::default();
    let mut node = root;
    loop {
        // the kind id is all the walk looks at for most nodes: one FFI call, then tables
        let kind = node.kind_id();
        let (role, descend) = if kind == ERROR_KIND {
            (Role::Error, Descend::Always)
        } else {
            let kind = kind as usize;
            if let Some(&candidate) = tables.data.get(kind) {
                if candidate != CandidateKind::None {
                    data.push(node, candidate);
                }
            }
            (
                tables.roles.get(kind).copied().unwrap_or(Role::Other),
                tables.descend.get(kind).copied().unwrap_or(Descend::Always),
            )
        };
        if role != Role::Other {
            walk.visit(node, role, position.parent());
        }
        match position.advance(node, descend.under(node, source)) {
            Some(next) => node = next,
            None => break,
        }
    }
    walk.matches.data = Some(data);
    walk.matches
}

/// Whether the walk looks under a node of a kind: every node it does not look under is a
/// step or five saved (a third of all nodes are variables and their two tokens).
///
/// A skip is decided at the node, from its kind, its text and its descendant count, so the
/// walk never descends: the rules below are the common shapes (by `walker::stats` on the dev
/// corpus, see docs/performance.md, fifth pass) whose text fixes every node under them to
/// tokens and unqualified variables, none of which any pattern or the data pass reads. A shape
/// is only skipped when its text holds no space but the ones the rule allows (so no comment, POD
/// or heredoc body, the grammar's extras, can lie inside) and it has no error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Descend {
    /// An anonymous node is a token (every anonymous alias of the grammar names an external
    /// token): it has no children.
    Never,
    Always,
    /// A variable (`$x`, `@x`, `%x`, the `x` of `$x[0]`): its sigil and its `varname` are
    /// nothing to any pattern (`qualified_varnames` reads the name from the variable node), so a
    /// variable of just those two tokens is not looked under, nor a dereference of a plain
    /// scalar (`@$x`, `%$x`, `$$x`). One with more (`${ $ref }`, a comment between sigil and
    /// name) or with an error inside is.
    UnlessSigilAndName,
    /// A string literal: a single-quoted one (`'...'`) holds its content and escapes only, none
    /// of them anything to a pattern or the data pass, which reads the literal node, unless an
    /// error lies inside. Other literals (`q{...}`) are looked under: a comment may stand
    /// between `q` and its delimiter.
    UnlessSingleQuoted,
    /// A `function` or `method` name of one token (`print`, `Foo::bar`): by the grammar its
    /// only possible child is a `varname`, `scalar` or `code_deref_expression`, none of which is
    /// read; a node with just one descendant holds nothing under that one.
    UnlessOneToken,
    /// An interpolating string literal: a `"..."` on one line without `{`, `[`, `'` or `::`
    /// interpolates plain variables at most (no element, no qualified name, no code block), so
    /// holds only its content, escapes and unqualified variables (the data pass reads the
    /// literal node).
    UnlessPlainDoubleQuoted,
    /// An element (`$h{key}`, `$self->{key}`, `$a[0]`, `$x->[$i]{key}`): a plain scalar or
    /// container, then subscripts of a word, a number or a plain scalar; every node under it is
    /// a token, an unqualified variable, an `autoquoted_bareword` or a `number`. The descendant
    /// count the text implies is checked, so a key the grammar reads otherwise (a call) is
    /// looked under.
    UnlessPlainSubscripts,
    /// A declaration of plain variables (`my $x`, `our ($a, @b)`): the statement's `our` is read
    /// at the node; under it are the keyword, unqualified variables and punctuation.
    UnlessPlainDeclaration,
    /// A method call whose invocant and arguments are plain operands (`$self->name`,
    /// `$x->name()`, `$self->{dbh}->name($a, $h{k})`): the patterns and the data pass read the
    /// call node and its fields; under it are unqualified variables, words, numbers, `->`, the
    /// method name and punctuation.
    UnlessPlainMethodCall,
    /// `use Module;`, `use Module VERSION;` or `use Module qw(...);` on one line: the statement
    /// is read at the node (its module, its import list by `literal.rs`); under it are the
    /// keyword, the `package` name, the version and the word list.
    UnlessPlainUse,
    /// An assignment of plain operands (`my ($self, $x) = @_`, `my $x = shift`, `$h->{a} = 0`):
    /// the patterns (`@ISA = ...`, globs) and the data pass (ORM bindings) read it at the node;
    /// an `our` declaration, whose names are a match under it, is looked under.
    UnlessPlainAssignment,
    /// A `list_expression` of plain operands (`$a, $b`) or a `return` of one (`return $x`).
    UnlessPlainList,
    /// See [`Descend::UnlessPlainList`].
    UnlessPlainReturn,
}

impl Descend {
    /// Whether the walk looks under `node` (of this kind).
    fn under(self, node: Node<'_>, source: &[u8]) -> bool {
        let text = || &source[node.byte_range()];
        match self {
            Descend::Never => false,
            Descend::Always => true,
            // the node itself, its sigil and its name
            Descend::UnlessSigilAndName => {
                let count = node.descendant_count();
                if count <= 3 {
                    node.has_error()
                } else {
                    !(count == 6 && shapes::plain_deref(text())) || node.has_error()
                }
            }
            Descend::UnlessSingleQuoted => {
                source.get(node.start_byte()) != Some(&b'\'') || node.has_error()
            }
            Descend::UnlessOneToken => node.descendant_count() > 2 || node.has_error(),
            Descend::UnlessPlainDoubleQuoted => {
                !shapes::plain_double_quoted(text()) || node.has_error()
            }
            Descend::UnlessPlainSubscripts => {
                shapes::plain_subscripts(text()) != Some(node.descendant_count())
                    || node.has_error()
            }
            Descend::UnlessPlainDeclaration => {
                shapes::plain_declaration(text()) != Some(node.descendant_count())
                    || node.has_error()
            }
            Descend::UnlessPlainMethodCall => {
                shapes::plain_method_call(text()) != Some(node.descendant_count())
                    || node.has_error()
            }
            Descend::UnlessPlainUse => !shapes::plain_use(text()) || node.has_error(),
            Descend::UnlessPlainAssignment => {
                shapes::plain_assignment(text()) != Some(node.descendant_count())
                    || node.has_error()
            }
            Descend::UnlessPlainList => {
                shapes::plain_list_expression(text()) != Some(node.descendant_count())
                    || node.has_error()
            }
            Descend::UnlessPlainReturn => {
                shapes::plain_return(text()) != Some(node.descendant_count()) || node.has_error()
            }
        }
    }
}

/// How the walk treats a named node of kind `kind`.
fn descend_kind(kind: &str) -> Descend {
    match kind {
        "scalar" | "array" | "hash" | "container_variable" => Descend::UnlessSigilAndName,
        "string_literal" => Descend::UnlessSingleQuoted,
        "function" | "method" => Descend::UnlessOneToken,
        "interpolated_string_literal" => Descend::UnlessPlainDoubleQuoted,
        "hash_element_expression" | "array_element_expression" => Descend::UnlessPlainSubscripts,
        "variable_declaration" => Descend::UnlessPlainDeclaration,
        "method_call_expression" => Descend::UnlessPlainMethodCall,
        "use_statement" => Descend::UnlessPlainUse,
        "assignment_expression" => Descend::UnlessPlainAssignment,
        "list_expression" => Descend::UnlessPlainList,
        "return_expression" => Descend::UnlessPlainReturn,
        _ => Descend::Always,
    }
}

/// The kind id of `ERROR` nodes (tree-sitter's `ts_builtin_sym_error`, what
/// [`Node::is_error`] compares with).
const ERROR_KIND: u16 = u16::MAX;

/// The walk's place in the tree: per level below the root, the node looked under and the next
/// of its named children to visit.
///
/// The walk visits named nodes only: every node it reads (a role, a data candidate, an error) is
/// named, and a token has no children, so anonymous nodes are nothing to it. Named children are
/// reached by index (`Node::named_child`, which steps over the node's children from the first,
/// through hidden nodes): for the short child lists of nearly every node that costs a fraction of
/// the cursor's moves, which stop at every token and climb through the grammar's hidden nodes at
/// each step. A long list (a file's or a block's statements) would cost its length squared, so
/// its children are visited with a cursor instead.
#[derive(Default)]
struct Position<'tree> {
    levels: Vec<Level<'tree>>,
}

/// One level of the walk: the children of a node looked under.
enum Level<'tree> {
    /// Named children by index: (parent, next index, named child count).
    Indexed(Node<'tree>, u32, u32),
    /// A long list of children: (parent, a cursor on the parent, then on the last child
    /// visited, whether it has moved to a child yet).
    Cursor(Node<'tree>, TreeCursor<'tree>, bool),
}

/// Above this many named children a node's children are visited with a cursor.
const INDEXED_CHILDREN: u32 = 24;

impl<'tree> Position<'tree> {
    /// The parent of the last node [`Position::advance`] returned (`None` for the root).
    fn parent(&self) -> Option<Node<'tree>> {
        match self.levels.last()? {
            Level::Indexed(parent, _, _) | Level::Cursor(parent, _, _) => Some(*parent),
        }
    }

    /// The next named node in document order after `node` (the last node returned, or the root),
    /// looking under `node` only when `descend`; `None` at the end.
    fn advance(&mut self, node: Node<'tree>, descend: bool) -> Option<Node<'tree>> {
        if descend {
            let children = node.named_child_count() as u32;
            if children > INDEXED_CHILDREN {
                self.levels.push(Level::Cursor(node, node.walk(), false));
            } else if children > 0 {
                self.levels.push(Level::Indexed(node, 0, children));
            }
        }
        loop {
            let next = match self.levels.last_mut()? {
                Level::Indexed(parent, index, count) => {
                    if *index < *count {
                        *index += 1;
                        parent.named_child(*index - 1)
                    } else {
                        None
                    }
                }
                Level::Cursor(_, cursor, started) => {
                    let mut moved = if *started {
                        cursor.goto_next_sibling()
                    } else {
                        *started = true;
                        cursor.goto_first_child()
                    };
                    while moved && !cursor.node().is_named() {
                        moved = cursor.goto_next_sibling();
                    }
                    moved.then(|| cursor.node())
                }
            };
            match next {
                Some(next) => return Some(next),
                None => {
                    self.levels.pop();
                }
            }
        }
    }
}

struct Walk<'a, 'tree> {
    tables: &'a Tables,
    source: &'a [u8],
    matches: Matches<'tree>,
}

fn cap(node: Node<'_>, index: u32) -> QueryCapture<'_> {
    QueryCapture { node, index }
}

/// The `.scm` predicates on package list names.
fn is_package_list(name: &str, with_tags: bool) -> bool {
    let list = name.rsplit("::").next().unwrap_or(name);
    matches!(list, "ISA" | "EXPORT" | "EXPORT_OK") || (with_tags && list == "EXPORT_TAGS")
}

impl<'tree> Walk<'_, 'tree> {
    fn text(&self, node: Node<'_>) -> &[u8] {
        &self.source[node.byte_range()]
    }

    fn structure(&mut self, captures: &[QueryCapture<'tree>]) {
        self.matches.push(true, captures);
    }

    fn reference(&mut self, captures: &[QueryCapture<'tree>]) {
        self.matches.push(false, captures);
    }

    /// Records the matches `node` (of this role) is the top of; `parent` is its parent.
    fn visit(&mut self, node: Node<'tree>, role: Role, parent: Option<Node<'tree>>) {
        let c = &self.tables.capture;
        match role {
            Role::Other => {}
            // packages.scm
            Role::Package => {
                if let Some(name) = field_of_kind(node, self.tables.field.name, "package") {
                    self.structure(&[cap(node, c.package_declaration), cap(name, c.package_name)]);
                    // inheritance.scm: `class X :isa(Y)`
                    if node.kind_name() == "class_statement" {
                        self.class_parents(node, name);
                    }
                }
            }
            // subs.scm (and dynamic.scm's AUTOLOAD, which does not need a body)
            Role::Sub | Role::Method => {
                let name = node
                    .child_by_field_id(self.tables.field.name)
                    .filter(|n| n.is_named());
                let body = field_of_kind(node, self.tables.field.body, "block");
                if let (Some(name), Some(_)) = (name, body) {
                    self.structure(&[cap(node, c.sub_declaration), cap(name, c.sub_name)]);
                }
                if let Some(name) = name.filter(|_| role == Role::Sub) {
                    if self.text(name) == b"AUTOLOAD" {
                        self.reference(&[cap(name, c.autoload_name)]);
                    }
                }
            }
            // complexity.scm
            Role::Decision(decision) => {
                let index = match decision {
                    Decision::Branch => c.decision_branch,
                    Decision::Loop => c.decision_loop,
                    Decision::Modifier => c.decision_modifier,
                    Decision::Ternary => c.decision_ternary,
                };
                self.structure(&[cap(node, index)]);
            }
            Role::BinaryLogical | Role::LowprecLogical => {
                let operators: &[&str] = if role == Role::BinaryLogical {
                    &["&&", "||", "//"]
                } else {
                    &["and", "or"]
                };
                let logical = node
                    .child_by_field_id(self.tables.field.operator)
                    .is_some_and(|op| !op.is_named() && operators.contains(&op.kind_name()));
                if logical {
                    self.structure(&[cap(node, c.decision_logical)]);
                }
            }
            // lines.scm
            Role::Pod => self.structure(&[cap(node, c.noncode_pod)]),
            Role::Comment => self.structure(&[cap(node, c.noncode_comment)]),
            Role::DataSection => self.structure(&[cap(node, c.noncode_data)]),
            Role::Error => self.structure(&[cap(node, c.error)]),
            // includes.scm
            Role::Use => self.use_statement(node),
            Role::Require => self.require(node),
            Role::Eval => self.eval(node),
            // inheritance.scm and dynamic.scm's glob assignment
            Role::Assignment => self.assignment(node),
            Role::Call | Role::AmbiguousCall => self.call(node, role == Role::AmbiguousCall),
            // calls.scm
            Role::Function => self.reference(&[cap(node, c.call_function)]),
            Role::Bareword => {
                if is_qualified(self.text(node)) {
                    self.reference(&[cap(node, c.bareword_name)]);
                    // barewords are visited in document order; the references ask this of
                    // every `bareword.name`, and would otherwise need `Node::parent`
                    let named = parent.is_some_and(|p| is_name_position(p, node, fields()));
                    if let (true, Some(starts)) = (named, &mut self.matches.name_barewords) {
                        starts.push(node.start_byte());
                    }
                }
            }
            Role::MethodCall => {
                let invocant = node
                    .child_by_field_id(self.tables.field.invocant)
                    .filter(|n| n.is_named());
                let method = node
                    .child_by_field_id(self.tables.field.method)
                    .filter(|n| n.is_named());
                if let (Some(invocant), Some(method)) = (invocant, method) {
                    self.reference(&[
                        cap(node, c.method_call),
                        cap(invocant, c.method_invocant),
                        cap(method, c.method_name),
                    ]);
                }
            }
            // variables.scm
            Role::Variable(sigil) => {
                let index = match sigil {
                    Sigil::Scalar => c.variable_scalar,
                    Sigil::Array => c.variable_array,
                    Sigil::Hash => c.variable_hash,
                };
                self.qualified_varnames(node, index);
            }
            Role::ArrayElement | Role::HashElement => {
                let (field, index) = if role == Role::ArrayElement {
                    (self.tables.field.array, c.variable_array)
                } else {
                    (self.tables.field.hash, c.variable_hash)
                };
                // the container's name lies inside the element's text: most elements are not
                // qualified, and need no field lookup
                if is_qualified(self.text(node)) {
                    if let Some(container) = field_of_kind(node, field, "container_variable") {
                        self.qualified_varnames(container, index);
                    }
                }
            }
            // dynamic.scm: code inside regexes
            Role::Substitution => {
                let modifiers = node
                    .child_by_field_id(self.tables.field.modifiers)
                    .filter(|m| m.kind_name() == "substitution_regexp_modifiers");
                let replacement = (0..node.named_child_count() as u32)
                    .filter_map(|i| node.named_child(i))
                    .find(|n| n.kind_name() == "replacement");
                if let (Some(replacement), Some(modifiers)) = (replacement, modifiers) {
                    if self.text(modifiers).contains(&b'e') {
                        self.reference(&[
                            cap(replacement, c.embedded_replacement),
                            cap(modifiers, c.embedded_modifiers),
                        ]);
                    }
                }
            }
            Role::RegexpContent => {
                if !code_blocks(self.text(node)).is_empty() {
                    self.reference(&[cap(node, c.embedded_regexp)]);
                }
            }
            Role::Declaration => {
                // most declarations are `my`: an `our` token's text lies inside the node's
                let our = memchr::memmem::find(self.text(node), b"our")
                    .and_then(|_| child_token(node, "our"));
                if let Some(our) = our {
                    let fields = [self.tables.field.variable, self.tables.field.variables];
                    for field in fields.into_iter().filter_map(std::num::NonZeroU16::new) {
                        let mut cursor = node.walk();
                        let declared: Vec<Node> = node
                            .children_by_field_id(field, &mut cursor)
                            .filter(|n| n.is_named() && n.start_byte() >= our.end_byte())
                            .collect();
                        for variable in declared {
                            self.reference(&[cap(variable, c.global_variable)]);
                        }
                    }
                }
            }
        }
    }

    /// The `:isa(...)` attributes of a `class` statement.
    fn class_parents(&mut self, node: Node<'tree>, class: Node<'tree>) {
        let c = &self.tables.capture;
        let field = &self.tables.field;
        let Some(list) = field_of_kind(node, field.attributes, "attrlist") else {
            return;
        };
        for attribute in (0..list.named_child_count() as u32).filter_map(|i| list.named_child(i)) {
            let name = field_of_kind(attribute, field.name, "attribute_name");
            let value = field_of_kind(attribute, field.value, "attribute_value");
            if let (Some(name), Some(value)) = (name, value) {
                if attribute.kind_name() == "attribute" && self.text(name) == b"isa" {
                    self.reference(&[
                        cap(class, c.class_parent_class),
                        cap(name, c.class_parent_attribute),
                        cap(value, c.class_parent_name),
                    ]);
                }
            }
        }
    }

    /// `(scalar (varname) @variable.scalar (#match? @variable.scalar "(::|')"))` and friends.
    fn qualified_varnames(&mut self, node: Node<'tree>, index: u32) {
        // scalars are the most common node: no cursor, no allocation, and no look at the
        // children unless the variable's own text is qualified (a name's text lies inside it)
        if !is_qualified(self.text(node)) {
            return;
        }
        for name in varnames(node) {
            if is_qualified(self.text(name)) {
                self.reference(&[cap(name, index)]);
            }
        }
    }

    fn use_statement(&mut self, node: Node<'tree>) {
        let c = &self.tables.capture;
        let Some(module) = field_of_kind(node, self.tables.field.module, "package") else {
            return;
        };
        let mut cursor = node.walk();
        let verbs: Vec<Node> = node
            .children(&mut cursor)
            .filter(|n| !n.is_named() && matches!(n.kind_name(), "use" | "no"))
            .filter(|n| n.end_byte() <= module.start_byte())
            .collect();
        for verb in verbs {
            self.reference(&[
                cap(node, c.include_statement),
                cap(verb, c.include_verb),
                cap(module, c.include_module),
            ]);
        }
    }

    fn require(&mut self, node: Node<'tree>) {
        let c = &self.tables.capture;
        let mut cursor = node.walk();
        let operands: Vec<Node> = node.named_children(&mut cursor).collect();
        for operand in operands {
            let index = match operand.kind_name() {
                "bareword" => c.require_module,
                "string_literal" | "interpolated_string_literal" => c.require_path,
                "scalar"
                | "function_call_expression"
                | "ambiguous_function_call_expression"
                | "method_call_expression"
                | "binary_expression"
                | "scalar_deref_expression" => c.require_dynamic,
                _ => continue,
            };
            self.reference(&[cap(operand, index)]);
        }
    }

    fn eval(&mut self, node: Node<'tree>) {
        let c = &self.tables.capture;
        let mut cursor = node.walk();
        let children: Vec<Node> = node.children(&mut cursor).collect();
        for (i, keyword) in children.iter().enumerate() {
            if keyword.is_named() {
                continue;
            }
            let after = &children[i + 1..];
            match keyword.kind_name() {
                "do" => {
                    for path in after.iter().filter(|n| n.kind_name() == "filename") {
                        self.reference(&[cap(*path, c.do_path)]);
                    }
                }
                "eval" => {
                    for code in after.iter().filter(|n| {
                        matches!(
                            n.kind_name(),
                            "string_literal"
                                | "interpolated_string_literal"
                                | "parenthesized_expression"
                                | "binary_expression"
                        )
                    }) {
                        self.reference(&[cap(*code, c.eval_code)]);
                    }
                }
                _ => {}
            }
        }
    }

    fn assignment(&mut self, node: Node<'tree>) {
        let c = &self.tables.capture;
        // most assignments are to a scalar, which no pattern reads: no field lookup for them
        if assigns_to_scalar(self.text(node)) {
            return;
        }
        let Some(left) = node.child_by_field_id(self.tables.field.left) else {
            return;
        };
        let left_kind = left.kind_name();
        // inheritance.scm: `@ISA = ...`, `our @EXPORT = ...`
        let list_variable = match left_kind {
            "array" | "hash" => Some(left),
            "variable_declaration" => left
                .child_by_field_id(self.tables.field.variable)
                .filter(|v| matches!(v.kind_name(), "array" | "hash")),
            _ => None,
        };
        // the right side only matters to a list variable (a field lookup scans the children)
        let right = list_variable.and_then(|_| {
            node.child_by_field_id(self.tables.field.right)
                .filter(|n| n.is_named())
        });
        if let (Some(variable), Some(right)) = (list_variable, right) {
            for name in varnames(variable) {
                if is_package_list(&String::from_utf8_lossy(self.text(name)), true) {
                    self.reference(&[
                        cap(name, c.package_list_name),
                        cap(right, c.package_list_values),
                    ]);
                }
            }
        }
        // dynamic.scm: `*{"..."} = sub {...}`
        if left_kind == "glob" {
            let mut cursor = left.walk();
            let computed = left
                .named_children(&mut cursor)
                .any(|n| matches!(n.kind_name(), "glob_deref_expression" | "scalar"));
            if computed {
                self.reference(&[cap(left, c.glob_assignment_target)]);
            }
        }
    }

    fn call(&mut self, node: Node<'tree>, ambiguous: bool) {
        let c = &self.tables.capture;
        let Some(function) = field_of_kind(node, self.tables.field.function, "function") else {
            return;
        };
        // calls are visited in document order, each before its `function` child
        if let Some(starts) = &mut self.matches.call_functions {
            starts.push(function.start_byte());
        }
        let Some(arguments) = node
            .child_by_field_id(self.tables.field.arguments)
            .filter(|n| n.is_named())
        else {
            return;
        };
        let name = self.text(function);
        match name {
            // inheritance.scm: `push @ISA, ...`
            b"push" | b"unshift" if arguments.kind_name() == "list_expression" => {
                let first = arguments
                    .named_child(0)
                    .filter(|n| n.kind_name() == "array");
                if let Some(array) = first {
                    for list in varnames(array) {
                        if is_package_list(&String::from_utf8_lossy(self.text(list)), false) {
                            self.reference(&[
                                cap(function, c.package_list_verb),
                                cap(list, c.package_list_name),
                                cap(arguments, c.package_list_values),
                            ]);
                        }
                    }
                }
            }
            // inheritance.scm: Moose sugar
            b"extends" | b"with" => {
                self.reference(&[
                    cap(function, c.sugar_keyword),
                    cap(arguments, c.sugar_names),
                ]);
            }
            _ => {}
        }
        // dynamic.scm: loader calls
        if self
            .tables
            .loader
            .is_match(&String::from_utf8_lossy(self.text(function)))
        {
            self.reference(&[
                cap(function, c.loader_name),
                cap(arguments, c.loader_arguments),
            ]);
        }
        // calls.scm: indirect object syntax
        let indirect_arguments = matches!(
            arguments.kind_name(),
            "bareword"
                | "function_call_expression"
                | "ambiguous_function_call_expression"
                | "binary_expression"
                | "lowprec_logical_expression"
                | "list_expression"
        );
        if ambiguous && indirect_arguments {
            self.reference(&[
                cap(function, c.indirect_method),
                cap(arguments, c.indirect_arguments),
            ]);
        }
    }
}

/// The code of each `(?{ ... })` / `(??{ ... })` block in a regex, as `(start, end)` offsets into
/// `regex` (inside the braces). Braces nest; an unclosed block runs to the end.
pub(crate) fn code_blocks(regex: &[u8]) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut at = 0;
    while let Some(found) = regex[at..].windows(2).position(|w| w == b"(?") {
        let mut open = at + found + 2;
        if regex.get(open) == Some(&b'?') {
            open += 1;
        }
        at = open;
        if regex.get(open) != Some(&b'{') {
            continue;
        }
        let mut depth = 0usize;
        let mut end = regex.len();
        for (i, &b) in regex.iter().enumerate().skip(open) {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        blocks.push((open + 1, end));
        at = end;
    }
    blocks
}

/// Whether an assignment's text starts with a scalar target (`$x = ...`, `my $x = ...`,
/// `$self->{k} = ...`), so its `left` is no array, hash, glob or declaration of an array or hash,
/// the only targets a pattern reads. The left side is the node's first child, and a node never
/// starts with an extra (tree-sitter leaves leading comments outside it), so the target's first
/// byte is the text's; a declaration starts with its keyword. Anything else (a comment after
/// `my`, a list, a word) answers no, and the left side is read.
fn assigns_to_scalar(text: &[u8]) -> bool {
    let after_keyword = ["my", "our", "state", "local"]
        .iter()
        .find_map(|keyword| {
            text.strip_prefix(keyword.as_bytes())
                .filter(|rest| matches!(rest.first(), Some(b' ' | b'\t')))
        })
        .unwrap_or(text);
    let target = after_keyword
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .map(|start| &after_keyword[start..]);
    target.and_then(|t| t.first()) == Some(&b'$')
}

/// Whether a variable name (or text holding one) has a package separator, `::` or `'`.
fn is_qualified(text: &[u8]) -> bool {
    text.contains(&b'\'') || text.windows(2).any(|w| w == b"::")
}

/// The `varname` children of a variable node (no cursor: variables are the most common nodes).
fn varnames(node: Node<'_>) -> impl Iterator<Item = Node<'_>> {
    (0..node.named_child_count() as u32)
        .filter_map(move |i| node.named_child(i))
        .filter(|n| n.kind_name() == "varname")
}

/// Whether `node`, a child of `parent`, stands where a name is declared or required, or a class
/// invokes: under a `require_expression`, in its parent's `name` field (`sub Foo::bar {...}`), or
/// a method call's `invocant` (`Foo::Bar->new`).
pub(crate) fn is_name_position(parent: Node<'_>, node: Node<'_>, field: &Fields) -> bool {
    let kind = parent.kind_name();
    kind == "require_expression"
        || parent.child_by_field_id(field.name) == Some(node)
        || kind == "method_call_expression"
            && parent.child_by_field_id(field.invocant) == Some(node)
}

/// The child in `field` when it has the given kind.
fn field_of_kind<'tree>(node: Node<'tree>, field: u16, kind: &str) -> Option<Node<'tree>> {
    node.child_by_field_id(field)
        .filter(|n| n.kind_name() == kind)
}

/// The first anonymous child token with this text.
fn child_token<'tree>(node: Node<'tree>, token: &str) -> Option<Node<'tree>> {
    (0..node.child_count() as u32)
        .filter_map(|i| node.child(i))
        .find(|n| !n.is_named() && n.kind_name() == token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queries::{capture_name, KindName};
    use tree_sitter::Parser;

    /// Every fixture's tree (and a source with a child list longer than the indexed cut-off).
    fn trees() -> Vec<tree_sitter::Tree> {
        sources_and_trees()
            .into_iter()
            .map(|(_, tree)| tree)
            .collect()
    }

    /// [`trees`] with their sources.
    fn sources_and_trees() -> Vec<(Vec<u8>, tree_sitter::Tree)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut sources: Vec<Vec<u8>> = std::fs::read_dir(dir)
            .expect("fixtures")
            .map(|entry| std::fs::read(entry.expect("entry").path()).expect("fixture"))
            .collect();
        sources.push(
            (0..100)
                .map(|i| format!("my $x{i} = f({i}); # {i}\n"))
                .collect::<String>()
                .into_bytes(),
        );
        let mut parser = Parser::new();
        parser.set_language(&language()).expect("grammar");
        sources
            .into_iter()
            .filter_map(|source| parser.parse(&source, None).map(|tree| (source, tree)))
            .collect()
    }

    /// Every node under `root` in document order, by a cursor.
    fn cursor_walk(root: Node<'_>) -> Vec<Node<'_>> {
        let mut nodes = Vec::new();
        let mut cursor = root.walk();
        loop {
            nodes.push(cursor.node());
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    return nodes;
                }
            }
        }
    }

    #[test]
    fn the_walk_visits_every_named_node_in_document_order() {
        for tree in trees() {
            let root = tree.root_node();
            let expected: Vec<Node> = cursor_walk(root)
                .into_iter()
                .filter(|n| n.is_named())
                .collect();
            let mut visited = vec![root];
            let mut position = Position::default();
            let mut node = root;
            while let Some(next) = position.advance(node, true) {
                visited.push(next);
                node = next;
            }
            assert_eq!(visited, expected);
        }
    }

    #[test]
    fn recorded_name_barewords_are_the_parent_lookups() {
        let mut qualified = 0;
        for (source, tree) in sources_and_trees() {
            let root = tree.root_node();
            let matches = collect(root, &source);
            for capture in matches.references().flatten() {
                if capture_name(capture.index) != "bareword.name" {
                    continue;
                }
                qualified += 1;
                let bareword = capture.node;
                let by_parent = bareword
                    .parent()
                    .is_some_and(|p| is_name_position(p, bareword, fields()));
                assert_eq!(matches.is_name_bareword(bareword), Some(by_parent));
            }
        }
        assert!(qualified > 0, "no fixture has a qualified bareword");
    }

    #[test]
    fn scalar_assignments_are_recognised_from_their_text() {
        for text in [
            "$x = 1",
            "my $x = f()",
            "our  $VERSION = '1'",
            "local $_ = 0",
            "$h->{a} = 1",
        ] {
            assert!(assigns_to_scalar(text.as_bytes()), "{text}");
        }
        for text in [
            "@ISA = ('A')",
            "our @EXPORT = qw(a)",
            "my %h = ()",
            "*{\"x\"} = sub {}",
            "local *name = sub {}",
            "my ($a, @b) = @_",
            "my # comment\n $x = 1",
            "myself $x = 1",
            "",
        ] {
            assert!(!assigns_to_scalar(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn kind_names_are_the_grammars() {
        for tree in trees() {
            for node in cursor_walk(tree.root_node()) {
                assert_eq!(node.kind_name(), node.kind());
            }
        }
    }
}
