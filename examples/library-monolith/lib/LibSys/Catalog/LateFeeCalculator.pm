package LibSys::Catalog::LateFeeCalculator;
# Computes late fees for overdue loans.
#
# It lives under Catalog because the first version priced fees by item
# type, which is a catalog attribute.  Nothing in Catalog uses it any
# more; Circulation and Billing do, and it reaches straight back into
# both of them.  -- rk, 2015

use strict;
use warnings;
use LibSys::Config;
use LibSys::DB;
use LibSys::Util qw(:date format_money);
use LibSys::Circulation::Loan;
use LibSys::Billing::Invoice;
use LibSys::Billing::Payment;

our %RATE_BY_TYPE = (
    BOOK  => '0.25',
    DVD   => '1.00',
    AUDIO => '0.50',
    MAG   => '0.10',
);

sub new {
    my ($class, %opt) = @_;
    return bless {
        as_of     => $opt{as_of} || today(),
        cap       => $opt{cap}   || LibSys::Config::get('fine_cap'),
        grace     => defined $opt{grace} ? $opt{grace} : LibSys::Config::get('grace_days', 0),
        holidays  => $opt{holidays} || _load_holidays(),
    }, $class;
}

sub _load_holidays {
    my $rows = LibSys::DB::select_all('SELECT closed_on FROM branch_closures WHERE closed_on >= CURDATE() - INTERVAL 90 DAY');
    return { map { $_->{closed_on} => 1 } @$rows };
}

sub chargeable_days {
    my ($self, $loan) = @_;
    my $days = days_between($loan->due_date, $loan->returned_on || $self->{as_of});
    return 0 if $days <= $self->{grace};
    my $closed = 0;
    for my $d (keys %{ $self->{holidays} }) {
        $closed++ if $d gt $loan->due_date && $d le ($loan->returned_on || $self->{as_of});
    }
    my $n = $days - $closed;
    return $n > 0 ? $n : 0;
}

sub fee_for_loan {
    my ($self, $loan) = @_;
    $loan = LibSys::Circulation::Loan->load($loan) unless ref $loan;
    return 0 unless $loan && $loan->is_overdue($self->{as_of});

    my $type = $loan->item_type || 'BOOK';
    my $rate = $RATE_BY_TYPE{$type} || LibSys::Config::get('fine_per_day');
    my $fee  = $rate * $self->chargeable_days($loan);

    # children's cards pay half, seniors pay nothing on magazines
    my $patron = $loan->patron;
    if ($patron && $patron->category eq 'JUV') {
        $fee = $fee / 2;
    }
    elsif ($patron && $patron->category eq 'SEN' && $type eq 'MAG') {
        $fee = 0;
    }
    $fee = $self->{cap} if $self->{cap} && $fee > $self->{cap};
    return sprintf('%.2f', $fee);
}

sub already_billed {
    my ($self, $loan) = @_;
    my $invoices = LibSys::Billing::Invoice->for_loan($loan->id);
    my $billed = 0;
    $billed += $_->total for @$invoices;
    my $paid = LibSys::Billing::Payment->total_for_loan($loan->id);
    return wantarray ? ($billed, $paid) : $billed;
}

sub outstanding_for_patron {
    my ($self, $patron_id) = @_;
    my $total = 0;
    foreach my $loan (LibSys::Circulation::Loan->overdue_for_patron($patron_id)) {
        my $fee = $self->fee_for_loan($loan);
        my ($billed, $paid) = $self->already_billed($loan);
        my $owed = $fee - $paid;
        $total += $owed if $owed > 0;
    }
    return $total;
}

sub summary_line {
    my ($self, $loan) = @_;
    my $fee = $self->fee_for_loan($loan);
    return sprintf('%-40s due %s  %3d days  %s',
        substr($loan->title || '?', 0, 40), $loan->due_date,
        $self->chargeable_days($loan), format_money($fee));
}

1;
