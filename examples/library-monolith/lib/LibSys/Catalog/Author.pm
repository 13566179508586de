package LibSys::Catalog::Author;

use strict;
use warnings;
use LibSys::Base;
use LibSys::DB;
use LibSys::Util;

our @ISA = ('LibSys::Base');

$LibSys::Base::TABLE_FOR{'LibSys::Catalog::Author'} = 'authors';

sub for_book {
    my ($class, $book_id) = @_;
    return [] unless $book_id;
    my $rows = LibSys::DB::select_all(<<"SQL", $book_id);
SELECT a.* FROM authors a
  JOIN book_authors ba ON ba.author_id = a.id
 WHERE ba.book_id = ?
 ORDER BY ba.position
SQL
    return [ map { $class->new($_) } @$rows ];
}

sub display_name {
    my $self = shift;
    my $last  = trim($self->{last_name});
    my $first = trim($self->{first_name});
    return $last if is_blank($first);
    return is_blank($last) ? $first : "$first $last";
}

sub sort_name {
    my $self = shift;
    my $name = is_blank($self->{first_name})
        ? $self->{last_name}
        : "$self->{last_name}, $self->{first_name}";
    $name =~ s/^(?:The|A|An)\s+//i;
    return lc trim($name);
}

sub books {
    my $self = shift;
    require LibSys::Catalog::Book;
    my $rows = LibSys::DB::select_all(
        'SELECT b.* FROM books b JOIN book_authors ba ON ba.book_id = b.id WHERE ba.author_id = ?',
        $self->{id});
    return map { LibSys::Catalog::Book->new($_) } @$rows;
}

1;
