package LibSys::Reports::Finance;
# Money in and money owed: fines assessed, invoices by kind, payments
# by method, serials subscription income.  The business office
# reconciles this with the bursar's feed every month, so do not change
# the column order of as_csv() without telling them.  -- rk, 2014

use strict;
use warnings;
use LibSys::DB;
use LibSys::Config;
use LibSys::Log qw(log_info warn_once);
use LibSys::Util qw(:money today format_date parse_date);
use LibSys::Circulation::Fines;
use LibSys::Billing::Invoice;
use LibSys::Billing::Payment;
use LibSys::Journals::Subscription;

sub new {
    my ($class, %opt) = @_;
    my $to   = $opt{to}   || today();
    my $from = $opt{from} || substr($to, 0, 8) . '01';    # first of the month
    return bless { from => $from, to => $to }, $class;
}

sub fines_assessed {
    my $self = shift;
    return LibSys::DB::select_row(<<"SQL", $self->{from}, $self->{to});
SELECT COUNT(*) AS n,
       COALESCE(SUM(amount), 0) AS assessed,
       COALESCE(SUM(CASE WHEN waived = 1 THEN amount ELSE 0 END), 0) AS waived
  FROM fines
 WHERE assessed_on BETWEEN ? AND ?
SQL
}

sub invoices_by_kind {
    my $self = shift;
    return LibSys::DB::select_all(<<~SQL, $self->{from}, $self->{to});
        SELECT kind, status, COUNT(*) AS n, SUM(total) AS total
          FROM invoices
         WHERE issued_on BETWEEN ? AND ?
         GROUP BY kind, status
         ORDER BY kind, status
        SQL
}

sub payments_by_method {
    my $self = shift;
    my $rows = LibSys::DB::select_all(
        'SELECT method, COUNT(*) AS n, SUM(amount) AS total FROM payments WHERE paid_on BETWEEN ? AND ? GROUP BY method',
        $self->{from}, $self->{to});
    my %by = map { $_->{method} => $_ } @$rows;
    # every method appears, even with nothing taken, in Billing's order
    my @out;
    foreach my $m (@LibSys::Billing::Payment::METHODS) {
        my $r = delete $by{$m} || { n => 0, total => 0 };
        push @out, { method => $m, count => $r->{n}, total => $r->{total} || 0 };
    }
    if (%by) {
        warn_once('finance-odd-methods', 'payments with unknown methods: ' . join(',', sort keys %by));
    }
    return \@out;
}

sub refunds {
    my $self = shift;
    return LibSys::DB::select_row(
        'SELECT COUNT(*) AS n, COALESCE(SUM(-amount), 0) AS total FROM payments WHERE amount < 0 AND paid_on BETWEEN ? AND ?',
        $self->{from}, $self->{to});
}

sub serials_income {
    my $self = shift;
    my ($n, $billed) = LibSys::Journals::Subscription->revenue_between($self->{from}, $self->{to});
    return { subscriptions => $n, billed => $billed };
}

sub top_debtors {
    my ($self, $limit) = @_;
    my $rows = LibSys::DB::select_all(<<"SQL", $limit || 20);
SELECT patron_id, COUNT(*) AS open_invoices
  FROM invoices
 WHERE status IN ('OPEN', 'PARTIAL')
 GROUP BY patron_id
 ORDER BY open_invoices DESC
 LIMIT ?
SQL
    foreach my $r (@$rows) {
        my $balance = 0;
        $balance += $_->balance for @{ LibSys::Billing::Invoice->open_for_patron($r->{patron_id}) };
        $r->{balance}        = format_money($balance);
        $r->{unbilled_fines} = format_money(LibSys::Circulation::Fines->total_for_patron($r->{patron_id}));
    }
    return $rows;
}

# Printed at the foot of the report so the auditors can see which fine
# rules were in force.
sub fine_policy {
    my $calc = $LibSys::Circulation::Fines::CALC;
    return {
        per_day   => format_money($LibSys::Config::SETTINGS{fine_per_day}),
        cap       => format_money($LibSys::Config::SETTINGS{fine_cap}),
        grace     => $LibSys::Config::SETTINGS{grace_days},
        threshold => format_money($LibSys::Config::SETTINGS{block_threshold}),
        priced_as => $calc ? $calc->{as_of} : 'not loaded',
        fines_rev => $LibSys::Circulation::Fines::VERSION,
    };
}

sub run {
    my $self = shift;
    my %r = (
        period   => "$self->{from} to $self->{to}",
        fines    => $self->fines_assessed,
        invoices => $self->invoices_by_kind,
        payments => $self->payments_by_method,
        refunds  => $self->refunds,
        serials  => $self->serials_income,
        debtors  => $self->top_debtors,
        policy   => fine_policy(),
    );
    my $taken = 0;
    $taken += $_->{total} for @{ $r{payments} };
    $r{taken} = format_money($taken - ($r{refunds}{total} || 0));
    log_info("finance report $r{period}: taken $r{taken}");
    return \%r;
}

sub as_csv {
    my $self = shift;
    my $r = $self->run;
    my @out = ('section,item,count,amount');
    push @out, join(',', 'fines', 'assessed', $r->{fines}{n}, $r->{fines}{assessed});
    push @out, join(',', 'fines', 'waived', '', $r->{fines}{waived});
    push @out, join(',', 'invoices', "$_->{kind}/$_->{status}", $_->{n}, $_->{total} || 0) for @{ $r->{invoices} };
    push @out, join(',', 'payments', $_->{method}, $_->{count}, $_->{total}) for @{ $r->{payments} };
    push @out, join(',', 'refunds', 'all', $r->{refunds}{n}, $r->{refunds}{total});
    push @out, join(',', 'serials', 'billed', $r->{serials}{subscriptions}, $r->{serials}{billed});
    return join("\n", @out) . "\n";
}

1;
