package LibSys::Billing::Payment;
# Payments against invoices, and refunds (which are just negative
# payments with paperwork).

use strict;
use warnings;
use base qw(LibSys::Base);
use LibSys::DB;
use LibSys::Config;
use LibSys::Log qw(log_info log_error);
use LibSys::Util qw(format_money today trim);

$LibSys::Base::TABLE_FOR{'LibSys::Billing::Payment'} = 'payments';

our @METHODS = qw(CASH CHECK CARD WAIVE);

sub record {
    my ($class, %args) = @_;
    my $method = uc($args{method} || 'CASH');
    unless (grep { $_ eq $method } @METHODS) {
        log_error("unknown payment method $method");
        return;
    }
    if (!$args{amount} || $args{amount} <= 0) {
        return (undef, 'Amount must be positive');
    }
    my $self = $class->new(
        invoice_id => $args{invoice_id},
        patron_id  => $args{patron_id},
        amount     => sprintf('%.2f', $args{amount}),
        method     => $method,
        paid_on    => today(),
        staff      => $args{staff} || $ENV{REMOTE_USER} || 'web',
    );
    $self->save;
    $class->_update_invoice_status($args{invoice_id});
    log_info("payment ", format_money($self->{amount}), " on invoice $args{invoice_id}");
    return ($self, undef);
}

sub total_for_invoice {
    my ($class, $invoice_id) = @_;
    return 0 unless $invoice_id;
    my $row = LibSys::DB::select_row(
        'SELECT COALESCE(SUM(amount), 0) AS paid FROM payments WHERE invoice_id = ?', $invoice_id);
    return $row ? $row->{paid} : 0;
}

sub total_for_loan {
    my ($class, $loan_id) = @_;
    my $row = LibSys::DB::select_row(<<"SQL", $loan_id);
SELECT COALESCE(SUM(p.amount), 0) AS paid
  FROM payments p
  JOIN invoice_lines il ON il.invoice_id = p.invoice_id
 WHERE il.loan_id = ?
SQL
    return $row ? $row->{paid} : 0;
}

sub _update_invoice_status {
    my ($class, $invoice_id) = @_;
    my $inv = LibSys::DB::select_row('SELECT total FROM invoices WHERE id = ?', $invoice_id) or return;
    my $paid = $class->total_for_invoice($invoice_id);
    my $status = $paid <= 0              ? 'OPEN'
               : $paid < $inv->{total}   ? 'PARTIAL'
               :                           'PAID';
    LibSys::DB::execute('UPDATE invoices SET status = ? WHERE id = ?', $status, $invoice_id);
    if ($status eq 'PAID') {
        LibSys::DB::execute('UPDATE fines SET paid = 1 WHERE invoice_id = ?', $invoice_id);
    }
    return $status;
}

sub receipt_text {
    my $self = shift;
    return sprintf("%s\nReceived %s by %s on %s\nInvoice #%d\n",
        LibSys::Config::get('branch_name'), format_money($self->{amount}),
        $self->{method}, $self->{paid_on}, $self->{invoice_id});
}


package LibSys::Billing::Refund;
# Refunds live in the same file because they were "temporary" in 2010.

use strict;
use warnings;
use parent -norequire, 'LibSys::Billing::Payment';

$LibSys::Base::TABLE_FOR{'LibSys::Billing::Refund'} = 'payments';

sub record {
    my ($class, %args) = @_;
    if (LibSys::Util::is_blank($args{reason})) {
        return (undef, 'Refunds need a reason');
    }
    unless ($args{staff} && $args{staff} ne 'web') {
        return (undef, 'Refunds must be issued by staff');
    }
    my ($self, $err) = $class->SUPER::record(%args, method => 'CASH');
    return (undef, $err) unless $self;
    # store as negative so SUM() works
    LibSys::DB::execute('UPDATE payments SET amount = -amount, note = ? WHERE id = ?',
        LibSys::Util::trim($args{reason}), $self->{id});
    $self->{amount} = -$self->{amount};
    return ($self, undef);
}

1;
