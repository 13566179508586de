package LibSys::Circulation::Fines;
# Assessing, waiving and billing overdue fines.
#
# Fines are recorded in `fines`, then rolled up onto an invoice in
# Billing.  Billing calls back into Circulation::Loan to print loan
# details on the invoice.  Yes, we know.

use strict;
use warnings;
use LibSys::DB;
use LibSys::Config;
use LibSys::Log qw(log_info log_error warn_once);
use LibSys::Util qw(trim format_money today);
use LibSys::Catalog::LateFeeCalculator;
use LibSys::Billing::Invoice;
use LibSys::Circulation::Loan ();

our $VERSION = '1.12';
our $CALC;    # shared calculator, reset by nightly-fines

sub calculator {
    return $CALC ||= LibSys::Catalog::LateFeeCalculator->new;
}

sub assess {
    my ($class, $loan) = @_;
    my $amount = calculator()->fee_for_loan($loan);
    return 0 unless $amount > 0;

    my $existing = LibSys::DB::select_row(
        'SELECT id, amount FROM fines WHERE loan_id = ? AND waived = 0', $loan->id);
    if ($existing) {
        return $existing->{amount} if $existing->{amount} >= $amount;
        LibSys::DB::execute('UPDATE fines SET amount = ?, updated_on = ? WHERE id = ?',
            $amount, today(), $existing->{id});
    }
    else {
        LibSys::DB::execute(<<"SQL", $loan->id, $loan->patron_id, $amount, today());
INSERT INTO fines (loan_id, patron_id, amount, assessed_on, waived)
VALUES (?, ?, ?, ?, 0)
SQL
    }
    log_info("fine ", format_money($amount), " on loan ", $loan->id);
    $class->_update_block($loan->patron_id);
    return $amount;
}

sub waive {
    my ($class, $fine_id, $staff, $reason) = @_;
    $reason = trim($reason);
    unless ($staff && length $reason) {
        log_error("waive($fine_id) without staff/reason");
        return 0;
    }
    my $fine = LibSys::DB::select_row('SELECT * FROM fines WHERE id = ?', $fine_id) or return 0;
    LibSys::DB::execute('UPDATE fines SET waived = 1, waived_by = ?, waive_reason = ? WHERE id = ?',
        $staff, $reason, $fine_id);
    $class->_update_block($fine->{patron_id});
    return 1;
}

sub unbilled_for_patron {
    my ($class, $patron_id) = @_;
    return LibSys::DB::select_all(<<~SQL, $patron_id);
        SELECT f.*, l.due_date, l.returned_on
          FROM fines f
          JOIN loans l ON l.id = f.loan_id
         WHERE f.patron_id = ?
           AND f.waived = 0
           AND f.invoice_id IS NULL
        SQL
}

sub total_for_patron {
    my ($class, $patron_id) = @_;
    my $row = LibSys::DB::select_row(
        'SELECT COALESCE(SUM(amount), 0) AS total FROM fines WHERE patron_id = ? AND waived = 0 AND paid = 0',
        $patron_id);
    return $row ? $row->{total} : 0;
}

# Rolls all unbilled fines for a patron onto a new invoice.
sub bill_patron {
    my ($class, $patron_id) = @_;
    my $fines = $class->unbilled_for_patron($patron_id);
    return unless @$fines;

    my $invoice = new LibSys::Billing::Invoice(
        patron_id => $patron_id,
        issued_on => today(),
        kind      => 'FINES',
    );
    foreach my $f (@$fines) {
        my $loan = LibSys::Circulation::Loan->load($f->{loan_id});
        my $desc = $loan ? "Overdue: " . ($loan->title || 'item') . " (due $f->{due_date})"
                         : "Overdue fine #$f->{id}";
        $invoice->add_line(description => $desc, amount => $f->{amount}, loan_id => $f->{loan_id});
    }
    my $invoice_id = $invoice->save or do {
        warn_once("bill-fail-$patron_id", "could not bill patron $patron_id");
        return;
    };
    LibSys::DB::execute('UPDATE fines SET invoice_id = ? WHERE id IN (' . join(',', ('?') x @$fines) . ')',
        $invoice_id, map { $_->{id} } @$fines);
    return $invoice;
}

sub _update_block {
    my ($class, $patron_id) = @_;
    my $owed = $class->total_for_patron($patron_id);
    my $threshold = $LibSys::Config::SETTINGS{block_threshold} || 5;
    my $blocked = $owed >= $threshold ? 1 : 0;
    LibSys::DB::execute('UPDATE patrons SET blocked = ? WHERE id = ? AND blocked <> ?',
        $blocked, $patron_id, $blocked);
    return $blocked;
}

1;
