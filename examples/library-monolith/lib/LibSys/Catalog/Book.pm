package LibSys::Catalog::Book;
# A bibliographic record plus its copies (items).  Historically "book"
# means any item: DVDs and audiobooks are books too.

use strict;
use warnings;
use base qw(LibSys::Base);
use LibSys::DB;
use LibSys::Util qw(trim normalize_isbn html_escape);
use LibSys::Catalog::Author;

$LibSys::Base::TABLE_FOR{'LibSys::Catalog::Book'} = 'books';

our %STATUS_LABEL = (
    A => 'Available',
    L => 'On loan',
    H => 'On hold shelf',
    M => 'Missing',
    W => 'Withdrawn',
);

sub new {
    my $class = shift;
    my $self  = $class->SUPER::new(@_);
    $self->{status} ||= 'A';
    $self->{isbn} = normalize_isbn($self->{isbn}) if $self->{isbn};
    return $self;
}

sub find_by_isbn {
    my ($class, $isbn) = @_;
    $isbn = normalize_isbn($isbn) or return;
    my $row = LibSys::DB::select_row('SELECT * FROM books WHERE isbn = ?', $isbn);
    return $row ? $class->new($row) : undef;
}

sub find_by_barcode {
    my ($class, $barcode) = @_;
    $barcode = trim($barcode);
    return unless length $barcode;
    my $row = LibSys::DB::select_row(<<"SQL", $barcode);
SELECT b.*, i.barcode, i.status AS item_status, i.id AS item_id
  FROM books b
  JOIN items i ON i.book_id = b.id
 WHERE i.barcode = ?
SQL
    return $row ? $class->new($row) : undef;
}

sub authors {
    my $self = shift;
    return @{ $self->{_authors} ||= LibSys::Catalog::Author->for_book($self->{id}) };
}

sub display_title {
    my $self  = shift;
    my $title = html_escape($self->{title});
    my @names = map { $_->display_name } $self->authors;
    if (@names > 2) {
        return "$title / $names[0] et al.";
    }
    elsif (@names) {
        return "$title / " . join(' and ', @names);
    }
    return $title;
}

sub status_label {
    my $self = shift;
    my $code = $self->{item_status} || $self->{status};
    return $STATUS_LABEL{$code} || "Unknown ($code)";
}

sub is_available {
    my $self = shift;
    return 0 if $self->{withdrawn};
    return ($self->{item_status} || $self->{status}) eq 'A' ? 1 : 0;
}

sub mark_status {
    my ($self, $status) = @_;
    die "bad status $status" unless exists $STATUS_LABEL{$status};
    LibSys::DB::execute('UPDATE items SET status = ? WHERE id = ?', $status, $self->{item_id});
    $self->{item_status} = $status;
    return $self;
}

# Replacement cost is used when an item is declared lost.
sub replacement_cost {
    my $self = shift;
    return $self->{price} if $self->{price} && $self->{price} > 0;
    my $type = $self->{item_type} || 'BOOK';
    return $type eq 'DVD'  ? '25.00'
         : $type eq 'AUDIO' ? '40.00'
         : $type eq 'MAG'   ? '5.00'
         :                    '30.00';
}

1;
