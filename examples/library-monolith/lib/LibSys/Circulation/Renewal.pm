package LibSys::Circulation::Renewal;
# Renewing a loan.  Ported to Moose in 2014 as the pilot for the
# migration that never happened.

use Moose;
use LibSys::DB;
use LibSys::Config;
use LibSys::Util qw(today format_date parse_date);
use LibSys::Log qw(log_info);

extends 'LibSys::Circulation::Loan';
with 'LibSys::Role::Auditable';

has 'loan_id'  => (is => 'ro', isa => 'Int', required => 1);
has 'renewed_by' => (is => 'ro', isa => 'Str', default => 'desk');
has 'reason'   => (is => 'rw', isa => 'Maybe[Str]');

sub id { $_[0]->loan_id }

sub can_renew {
    my $self = shift;
    my $loan = LibSys::Circulation::Loan->load($self->loan_id);
    return (0, 'No such loan')           unless $loan;
    return (0, 'Already returned')       if $loan->returned_on;
    return (0, 'Item has a hold on it')  if $loan->has_hold;
    my $max = LibSys::Config::get('max_renewals', 2);
    if (($loan->renewals || 0) >= $max) {
        return (0, "Already renewed $max times");
    }
    my $patron = $loan->patron;
    return (0, 'Patron is blocked') if $patron && $patron->is_blocked;
    return (1, undef);
}

sub renew {
    my $self = shift;
    my ($ok, $why) = $self->can_renew;
    unless ($ok) {
        $self->reason($why);
        return 0;
    }
    my $loan = LibSys::Circulation::Loan->load($self->loan_id);
    my $base = parse_date($loan->due_date) > time ? parse_date($loan->due_date) : time;
    my $new_due = format_date($base + 86400 * LibSys::Config::get('loan_days', 21));

    LibSys::DB::execute(<<"SQL", $new_due, $self->loan_id);
UPDATE loans
   SET due_date = ?, renewals = renewals + 1, last_renewed = NOW()
 WHERE id = ?
SQL
    $self->audit('renew', "due $new_due by " . $self->renewed_by);
    log_info("renewed loan ", $self->loan_id, " to $new_due");
    return $new_due;
}

sub renew_all_for_patron {
    my ($class, $patron_id, %opt) = @_;
    my (@renewed, @failed);
    for my $loan (LibSys::Circulation::Loan->for_patron($patron_id)) {
        my $r = $class->new(loan_id => $loan->id, renewed_by => $opt{by} || 'web');
        if (my $due = $r->renew) {
            push @renewed, { loan => $loan, due => $due };
        }
        else {
            push @failed, { loan => $loan, reason => $r->reason };
        }
    }
    return (\@renewed, \@failed);
}

__PACKAGE__->meta->make_immutable(inline_constructor => 0);

1;
