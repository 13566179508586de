package LibSys::Circulation::Hold;
# Holds (reservations) on titles.

use strict;
use warnings;
use base qw(LibSys::Base);
use LibSys::DB;
use LibSys::Config;
use LibSys::Util qw(today format_date is_blank);
use LibSys::Catalog::Book;
use LibSys::Notify::Queue;

$LibSys::Base::TABLE_FOR{'LibSys::Circulation::Hold'} = 'holds';

our $PICKUP_DAYS = 7;

sub place {
    my ($class, $patron, $book_id) = @_;
    return (undef, 'Patron is blocked') if $patron->is_blocked;
    my $dupe = LibSys::DB::select_row(
        "SELECT id FROM holds WHERE patron_id = ? AND book_id = ? AND status IN ('W','R')",
        $patron->id, $book_id);
    return (undef, 'You already have a hold on this title') if $dupe;

    my $hold = $class->new(
        patron_id => $patron->id,
        book_id   => $book_id,
        placed_on => today(),
        status    => 'W',
    );
    $hold->save;
    return ($hold, undef);
}

sub next_for_book {
    my ($class, $book_id) = @_;
    my $row = LibSys::DB::select_row(<<"SQL", $book_id);
SELECT h.*, p.email
  FROM holds h
  JOIN patrons p ON p.id = h.patron_id
 WHERE h.book_id = ? AND h.status = 'W'
 ORDER BY h.placed_on, h.id
 LIMIT 1
SQL
    return $row ? $class->new($row) : undef;
}

sub mark_ready {
    my $self = shift;
    my $expires = format_date(time + 86400 * $PICKUP_DAYS);
    LibSys::DB::execute("UPDATE holds SET status = 'R', expires_on = ? WHERE id = ?",
        $expires, $self->{id});
    unless (is_blank($self->{email})) {
        LibSys::Notify::Queue->enqueue(
            channel  => 'email',
            to       => $self->{email},
            template => 'hold_ready',
            payload  => "hold=$self->{id}",
        );
    }
    return $expires;
}

sub cancel {
    my ($self, $by) = @_;
    return 0 if $self->{status} eq 'F' || $self->{status} eq 'X';
    LibSys::DB::execute("UPDATE holds SET status = 'X', cancelled_by = ? WHERE id = ?",
        $by || 'patron', $self->{id});
    $self->{status} = 'X';
    return 1;
}

sub expire_stale {
    my $class = shift;
    my $n = LibSys::DB::execute(
        "UPDATE holds SET status = 'E' WHERE status = 'R' AND expires_on < ?", today());
    return $n && $n ne '0E0' ? $n : 0;
}

1;
