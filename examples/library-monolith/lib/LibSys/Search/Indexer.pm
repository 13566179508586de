package LibSys::Search::Indexer;
# Builds the flat-file keyword index that LibSys::Catalog::Search reads
# (through LibSys::Search::Query) when search_backend = index.
#
# This was going to be Sphinx (ticket #388).  The hosting boxes had no
# room for another daemon, so in 2013 we wrote this instead.  bin/reindex
# runs it from cron; Catalog::Search->reindex runs it after edits.

use strict;
use warnings;
use Exporter;
use LibSys::Config;
use LibSys::DB;
use LibSys::Log qw(log_info log_debug);
use LibSys::Util qw(trim normalize_isbn);
use LibSys::FlatFile::Index;

our @ISA       = ('Exporter');
our @EXPORT_OK = qw(tokenize index_names);

our @FIELDS = qw(title author subject keyword);
our %STOP   = map { $_ => 1 } qw(
    a an and the of or in on to for by with from at
    le la les de du der die das und el los
);
our $BATCH = 500;

sub tokenize {
    my $text = lc(defined $_[0] ? $_[0] : '');
    $text =~ s/&amp;/ /g;
    $text =~ s/['\x{2019}]//g;               # o'brien -> obrien
    $text =~ s/[^[:alnum:]]+/ /g;
    my %seen;
    return grep { length($_) > 1 && !$STOP{$_} && !$seen{$_}++ } split ' ', $text;
}

sub index_names {
    return map { "search_$_" } @FIELDS;
}

sub new {
    my ($class, %opt) = @_;
    my $self = bless { verbose => $opt{verbose}, count => 0, ix => {} }, $class;
    foreach my $f (@FIELDS) {
        $self->{ix}{$f} = LibSys::FlatFile::Index->new("search_$f");
    }
    return $self;
}

sub _fetch_books {
    my ($self, $where, @bind) = @_;
    $where ||= '1 = 1';
    return LibSys::DB::select_all(<<"SQL", @bind);
SELECT b.id, b.title, b.subjects, b.notes, b.isbn,
       GROUP_CONCAT(a.last_name SEPARATOR ' ') AS authors
  FROM books b
  LEFT JOIN book_authors ba ON ba.book_id = b.id
  LEFT JOIN authors a       ON a.id = ba.author_id
 WHERE $where
   AND b.status <> 'W'
 GROUP BY b.id
SQL
}

sub _add_row {
    my ($self, $row) = @_;
    my %words = (
        title   => [ tokenize($row->{title}) ],
        author  => [ tokenize($row->{authors}) ],
        subject => [ tokenize($row->{subjects}) ],
    );
    $words{keyword} = [
        (map { @{ $words{$_} } } qw(title author subject)),
        tokenize($row->{notes}),
    ];
    if (my $isbn = normalize_isbn($row->{isbn})) {
        push @{ $words{keyword} }, lc $isbn;
    }
    foreach my $f (@FIELDS) {
        $self->{ix}{$f}->add($_, $row->{id}) for @{ $words{$f} };
    }
    log_debug("indexed book $row->{id}: ", trim($row->{title})) if $self->{verbose};
    return ++$self->{count};
}

sub rebuild {
    my $self  = shift;
    my $start = time;
    $_->clear for values %{ $self->{ix} };
    my $rows = $self->_fetch_books;
    $self->_add_row($_) for @$rows;
    my $terms = $self->save;
    log_info("search index rebuilt: $self->{count} books, $terms terms, ", time - $start, 's');
    return $self->{count};
}

sub index_book {
    my ($self, @ids) = @_;
    @ids = grep { defined($_) && /^\d+$/ } @ids or return 0;
    $self->remove_book(@ids);
    my $place = join ', ', ('?') x @ids;
    # withdrawn books come back empty here, so they simply drop out
    $self->_add_row($_) for @{ $self->_fetch_books("b.id IN ($place)", @ids) };
    return scalar @ids;
}

sub remove_book {
    my ($self, @ids) = @_;
    my $n = 0;
    for my $ix (values %{ $self->{ix} }) {
        $n += $ix->remove_id($_) for @ids;
    }
    return $n;
}

sub update_since {
    my ($self, $since) = @_;
    my $rows = LibSys::DB::select_all(<<~SQL, $since, $since);
        SELECT id FROM books WHERE updated_on >= ?
        UNION
        SELECT book_id FROM book_authors WHERE updated_on >= ?
        SQL
    my @ids = map { $_->{id} } @$rows;
    return 0 unless @ids;
    my $n = 0;
    while (my @batch = splice(@ids, 0, $BATCH)) {
        $n += $self->index_book(@batch);
    }
    $self->save;
    return $n;
}

sub save {
    my $self  = shift;
    my $terms = 0;
    foreach my $f (@FIELDS) {
        $terms += $self->{ix}{$f}->save;
    }
    return $terms;
}

sub stats {
    my $self = shift;
    return { map { $_ => $self->{ix}{$_}->term_count } @FIELDS };
}

1;
