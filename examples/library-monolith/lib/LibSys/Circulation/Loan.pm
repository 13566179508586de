package LibSys::Circulation::Loan;
# One row in `loans`: an item checked out to a patron.

use strict;
use warnings;
use base qw(LibSys::Base);
use Carp;
use LibSys::DB;
use LibSys::Config;
use LibSys::Log;
use LibSys::Util qw(trim is_blank today format_date parse_date days_between);
use LibSys::Catalog::Book;
use LibSys::Patron::Member;

$LibSys::Base::TABLE_FOR{'LibSys::Circulation::Loan'} = 'loans';

our $LOAN_DAYS = LibSys::Config::get('loan_days', 21);

sub load {
    my ($class, $id) = @_;
    return unless $id;
    my $row = LibSys::DB::select_row(<<"SQL", $id);
SELECT l.*, b.title, b.item_type, i.barcode
  FROM loans l
  JOIN items i ON i.id = l.item_id
  JOIN books b ON b.id = i.book_id
 WHERE l.id = ?
SQL
    return $row ? $class->new($row) : undef;
}

sub checkout {
    my ($class, %args) = @_;
    my $patron = ref $args{patron} ? $args{patron} : LibSys::Patron::Member->load($args{patron});
    my $book   = LibSys::Catalog::Book->find_by_barcode($args{barcode});

    croak "No such patron"  unless $patron;
    croak "No such item"    unless $book;
    return (undef, 'Item is not available') unless $book->is_available;
    return (undef, 'Patron is blocked')     if $patron->is_blocked;
    if ($patron->loan_count >= LibSys::Config::get('max_loans', 15)) {
        return (undef, 'Loan limit reached');
    }

    my $due = format_date(time + 86400 * ($args{days} || $LOAN_DAYS));
    my $loan_id = LibSys::DB::txn(sub {
        LibSys::DB::execute(
            'INSERT INTO loans (item_id, patron_id, issued_on, due_date, renewals) VALUES (?, ?, ?, ?, 0)',
            $book->{item_id}, $patron->id, today(), $due);
        $book->mark_status('L');
        return LibSys::DB::last_insert_id('loans');
    });
    log_info("checkout item=$book->{item_id} patron=", $patron->id, " due=$due");
    return ($class->load($loan_id), undef);
}

sub checkin {
    my ($self, %opt) = @_;
    return 0 if $self->{returned_on};
    my $when = $opt{date} || today();

    LibSys::DB::execute('UPDATE loans SET returned_on = ? WHERE id = ?', $when, $self->id);
    $self->{returned_on} = $when;

    my $book = LibSys::Catalog::Book->find_by_barcode($self->{barcode});
    $book->mark_status($self->has_hold ? 'H' : 'A') if $book;

    if ($self->is_overdue($when) && !$opt{waive}) {
        require LibSys::Circulation::Fines;
        LibSys::Circulation::Fines->assess($self);
    }
    return 1;
}

sub is_overdue {
    my ($self, $as_of) = @_;
    $as_of ||= today();
    my $end = $self->{returned_on} || $as_of;
    return $end gt $self->{due_date} ? 1 : 0;
}

sub days_overdue {
    my $self = shift;
    return 0 unless $self->is_overdue;
    return days_between($self->{due_date}, $self->{returned_on} || today());
}

sub has_hold {
    my $self = shift;
    my $row = LibSys::DB::select_row(
        "SELECT COUNT(*) AS n FROM holds WHERE book_id = (SELECT book_id FROM items WHERE id = ?) AND status = 'W'",
        $self->{item_id});
    return $row && $row->{n} ? 1 : 0;
}

sub patron {
    my $self = shift;
    return $self->{_patron} ||= LibSys::Patron::Member->load($self->{patron_id});
}

sub for_patron {
    my ($class, $patron_id, %opt) = @_;
    my $sql = 'SELECT l.*, b.title, b.item_type FROM loans l JOIN items i ON i.id = l.item_id '
            . 'JOIN books b ON b.id = i.book_id WHERE l.patron_id = ?';
    $sql .= ' AND l.returned_on IS NULL' unless $opt{include_returned};
    $sql .= ' ORDER BY l.due_date';
    return map { $class->new($_) } @{ LibSys::DB::select_all($sql, $patron_id) };
}

sub overdue_for_patron {
    my ($class, $patron_id) = @_;
    return grep { $_->is_overdue } $class->for_patron($patron_id);
}

sub all_overdue {
    my ($class, $as_of) = @_;
    $as_of ||= today();
    my $rows = LibSys::DB::select_all(<<~SQL, $as_of);
        SELECT l.*, b.title, b.item_type, p.email, p.first_name
          FROM loans l
          JOIN items i   ON i.id = l.item_id
          JOIN books b   ON b.id = i.book_id
          JOIN patrons p ON p.id = l.patron_id
         WHERE l.returned_on IS NULL
           AND l.due_date < ?
         ORDER BY l.patron_id, l.due_date
        SQL
    return map { $class->new($_) } @$rows;
}

sub send_overdue_notice {
    my $self = shift;
    unless (eval "use LibSys::Notify::Email; 1") {
        LibSys::Log::warn_once('no-email', "email notices disabled: $@");
        return 0;
    }
    my $patron = $self->patron or return 0;
    return 0 if is_blank($patron->email);
    return LibSys::Notify::Email->new(
        to       => $patron->email,
        template => 'overdue',
        vars     => { loan => $self, patron => $patron, days => $self->days_overdue },
    )->send;
}

1;
