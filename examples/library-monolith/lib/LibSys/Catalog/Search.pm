package LibSys::Catalog::Search;
# OPAC keyword / title / author search.  Builds SQL by hand.
# TODO: switch to the Sphinx index (ticket #388, opened 2012).
# 2013: not Sphinx.  With search_backend = index the lookup is delegated
# to LibSys::Search::Query (flat-file index); the LIKE path is the default.

use strict;
use warnings;
use LibSys::DB;
use LibSys::Config;
use LibSys::Log ();
use LibSys::Util qw(trim is_blank paginate normalize_isbn);
use LibSys::Catalog::Book;
use LibSys::Search::Query;

our $MAX_RESULTS = 500;
our @STOP_WORDS  = qw(a an the of and or in on to);

sub new {
    my ($class, %args) = @_;
    my $self = {
        query    => trim($args{query}),
        field    => $args{field} || 'keyword',
        page     => $args{page}  || 1,
        per_page => $args{per_page} || LibSys::Config::get('search_page_size', 20),
        branch   => $args{branch},
    };
    return bless $self, $class;
}

=head2 run

Runs the search and returns a hashref with C<books> (arrayref of
LibSys::Catalog::Book objects) and C<pager> (from LibSys::Util::paginate).

=cut

sub run {
    my $self = shift;
    return { books => [], pager => paginate(0, 1) } if is_blank($self->{query});

    if (my $isbn = normalize_isbn($self->{query})) {
        my $book = LibSys::Catalog::Book->find_by_isbn($isbn);
        return { books => [ $book ? $book : () ], pager => paginate($book ? 1 : 0, 1) };
    }

    if (LibSys::Config::get('search_backend', 'sql') eq 'index') {
        return $self->_run_indexed;
    }

    my ($where, @bind) = $self->_where_clause;
    my $count = LibSys::DB::select_row("SELECT COUNT(*) AS n FROM books b WHERE $where", @bind);
    my $total = $count ? $count->{n} : 0;
    if ($total > $MAX_RESULTS) {
        &LibSys::Log::warn_once("search-too-broad", "search for '$self->{query}' matched $total rows");
        $total = $MAX_RESULTS;
    }

    my $pager = paginate($total, $self->{page}, $self->{per_page});
    my $rows  = LibSys::DB::select_all(<<"SQL", @bind, $pager->{limit}, $pager->{offset});
SELECT b.id, b.title, b.isbn, b.pub_year, b.item_type, b.status
  FROM books b
 WHERE $where
 ORDER BY b.sort_title, b.pub_year DESC
 LIMIT ? OFFSET ?
SQL
    return {
        books => [ map { LibSys::Catalog::Book->new($_) } @$rows ],
        pager => $pager,
    };
}

sub _terms {
    my $self = shift;
    my %stop = map { $_ => 1 } @STOP_WORDS;
    my @terms = grep { length($_) > 1 && !$stop{lc $_} } split /\s+/, $self->{query};
    @terms = ($self->{query}) unless @terms;
    return @terms;
}

sub _where_clause {
    my $self = shift;
    my (@clauses, @bind);
    my $field = $self->{field};

    foreach my $term ($self->_terms) {
        my $like = '%' . $term . '%';
        if ($field eq 'title') {
            push @clauses, 'b.title LIKE ?';
            push @bind, $like;
        }
        elsif ($field eq 'author') {
            push @clauses, 'b.id IN (SELECT ba.book_id FROM book_authors ba JOIN authors a ON a.id = ba.author_id WHERE a.last_name LIKE ?)';
            push @bind, $like;
        }
        elsif ($field eq 'subject') {
            push @clauses, 'b.subjects LIKE ?';
            push @bind, $like;
        }
        else {
            push @clauses, '(b.title LIKE ? OR b.subjects LIKE ? OR b.notes LIKE ?)';
            push @bind, ($like) x 3;
        }
    }
    unless ($self->{include_withdrawn}) {
        push @clauses, "b.status <> 'W'";
    }
    if ($self->{branch}) {
        push @clauses, 'b.id IN (SELECT book_id FROM items WHERE branch_code = ?)';
        push @bind, $self->{branch};
    }
    return (join(' AND ', @clauses), @bind);
}

=head2 suggest

Cheap "did you mean" built on the most-borrowed titles.

=cut

sub suggest {
    my ($class, $prefix) = @_;
    return [] if length(trim($prefix)) < 3;
    my $rows = LibSys::DB::select_all(<<"SQL", "$prefix%");
SELECT b.title, COUNT(l.id) AS n
  FROM books b
  LEFT JOIN items i ON i.book_id = b.id
  LEFT JOIN loans l ON l.item_id = i.id
 WHERE b.title LIKE ?
 GROUP BY b.title
 ORDER BY n DESC
 LIMIT 10
SQL
    return [ map { $_->{title} } @$rows ];
}

# The index only knows ids; fetch the rows here so both paths return the
# same thing.  The branch filter is ignored on this path (ticket #511).
sub _run_indexed {
    my $self  = shift;
    my $query = LibSys::Search::Query->new(
        query    => $self->{query},
        field    => $self->{field},
        truncate => $self->{query} =~ /\*$/ ? 1 : 0,
    );
    my ($ids, $pager) = $query->page($self->{page}, $self->{per_page});
    return { books => [], pager => $pager } unless @$ids;

    my $place = join ', ', ('?') x @$ids;
    my $rows  = LibSys::DB::select_all(<<"SQL", @$ids);
SELECT b.id, b.title, b.isbn, b.pub_year, b.item_type, b.status
  FROM books b
 WHERE b.id IN ($place)
SQL
    my %by_id = map { $_->{id} => $_ } @$rows;
    return {
        books => [ map { LibSys::Catalog::Book->new($by_id{$_}) } grep { $by_id{$_} } @$ids ],
        pager => $pager,
    };
}

# Called after cataloguing edits so the index need not wait for cron.
sub reindex {
    my ($class, @book_ids) = @_;
    return 0 unless LibSys::Config::get('search_backend', 'sql') eq 'index';
    require LibSys::Search::Indexer;
    my $indexer = LibSys::Search::Indexer->new;
    my $n = $indexer->index_book(@book_ids);
    $indexer->save;
    return $n;
}

1;
