package LibSys::Billing::Invoice;
# Invoices for fines, lost items and card replacement.
# The second (and last) class to be ported to Moose.

use Moose;
use LibSys::DB;
use LibSys::Config;
use LibSys::Log qw(log_info log_error);
use LibSys::Util qw(format_money today trim);
use LibSys::Patron::Member;
use LibSys::Circulation::Loan;    # for loan details on the printed invoice

has 'id'        => (is => 'rw', isa => 'Maybe[Int]');
has 'patron_id' => (is => 'ro', isa => 'Int', required => 1);
has 'issued_on' => (is => 'ro', isa => 'Str', default => sub { today() });
has 'kind'      => (is => 'ro', isa => 'Str', default => 'FINES');
has 'status'    => (is => 'rw', isa => 'Str', default => 'OPEN');
has 'lines'     => (is => 'rw', isa => 'ArrayRef', default => sub { [] });

# after the attributes: the role requires 'id'
with 'LibSys::Role::Auditable';

sub load {
    my ($class, $id) = @_;
    my $row = LibSys::DB::select_row('SELECT * FROM invoices WHERE id = ?', $id) or return;
    my $self = $class->new(%$row);
    $self->lines(LibSys::DB::select_all(
        'SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY id', $id));
    return $self;
}

sub for_loan {
    my ($class, $loan_id) = @_;
    my $rows = LibSys::DB::select_all(<<"SQL", $loan_id);
SELECT DISTINCT i.id
  FROM invoices i
  JOIN invoice_lines il ON il.invoice_id = i.id
 WHERE il.loan_id = ?
   AND i.status <> 'VOID'
SQL
    return [ map { $class->load($_->{id}) } @$rows ];
}

sub open_for_patron {
    my ($class, $patron_id) = @_;
    my $rows = LibSys::DB::select_all(<<~SQL, $patron_id);
        SELECT id FROM invoices
         WHERE patron_id = ?
           AND status IN ('OPEN', 'PARTIAL')
         ORDER BY issued_on
        SQL
    return [ map { $class->load($_->{id}) } @$rows ];
}

sub add_line {
    my ($self, %line) = @_;
    $line{description} = trim($line{description});
    if (!defined $line{amount} || $line{amount} !~ /^-?\d+(?:\.\d\d?)?$/) {
        log_error("bad invoice amount '", (defined $line{amount} ? $line{amount} : 'undef'), "'");
        return 0;
    }
    push @{ $self->lines }, \%line;
    return scalar @{ $self->lines };
}

sub total {
    my $self = shift;
    my $sum = 0;
    $sum += $_->{amount} for @{ $self->lines };
    return sprintf('%.2f', $sum);
}

sub balance {
    my $self = shift;
    require LibSys::Billing::Payment;
    my $paid = LibSys::Billing::Payment->total_for_invoice($self->id);
    return sprintf('%.2f', $self->total - $paid);
}

sub save {
    my $self = shift;
    return $self->id if $self->id;
    return unless @{ $self->lines };
    my $id = LibSys::DB::txn(sub {
        LibSys::DB::execute(
            'INSERT INTO invoices (patron_id, issued_on, kind, status, total) VALUES (?, ?, ?, ?, ?)',
            $self->patron_id, $self->issued_on, $self->kind, $self->status, $self->total);
        my $invoice_id = LibSys::DB::last_insert_id('invoices');
        foreach my $l (@{ $self->lines }) {
            LibSys::DB::execute(
                'INSERT INTO invoice_lines (invoice_id, loan_id, description, amount) VALUES (?, ?, ?, ?)',
                $invoice_id, $l->{loan_id}, $l->{description}, $l->{amount});
        }
        return $invoice_id;
    }) or return;
    $self->id($id);
    $self->audit('create', $self->kind . ' ' . $self->total);
    log_info("invoice $id for patron ", $self->patron_id, ": ", format_money($self->total));
    return $id;
}

# Called from the invoice print view.  Reaches back into Circulation.
sub loan_details {
    my $self = shift;
    my @out;
    for my $line (@{ $self->lines }) {
        next unless $line->{loan_id};
        my $loan = LibSys::Circulation::Loan->load($line->{loan_id}) or next;
        push @out, {
            title       => $loan->title,
            barcode     => $loan->barcode,
            due_date    => $loan->due_date,
            returned_on => $loan->returned_on || 'not returned',
            days_late   => $loan->days_overdue,
            amount      => format_money($line->{amount}),
        };
    }
    return \@out;
}

# Re-prices fine lines with the current fee rules (used after the 2016
# rate change).  Uses the calculator that for some reason lives in Catalog.
sub recalculate {
    my $self = shift;
    return 0 unless $self->status eq 'OPEN' && $self->kind eq 'FINES';
    require LibSys::Catalog::LateFeeCalculator;
    my $calc = LibSys::Catalog::LateFeeCalculator->new(as_of => $self->issued_on);
    my $changed = 0;
    for my $line (@{ $self->lines }) {
        next unless $line->{loan_id};
        my $fee = $calc->fee_for_loan($line->{loan_id});
        next if $fee == $line->{amount};
        LibSys::DB::execute('UPDATE invoice_lines SET amount = ? WHERE id = ?', $fee, $line->{id});
        $line->{amount} = $fee;
        $changed++;
    }
    $self->audit('recalculate', "$changed lines") if $changed;
    return $changed;
}

sub mailing_address {
    my $self = shift;
    my $patron = LibSys::Patron::Member->load($self->patron_id) or return '';
    return $patron->mailing_label;
}

sub void {
    my ($self, $reason) = @_;
    $self->status('VOID');
    LibSys::DB::execute("UPDATE invoices SET status = 'VOID' WHERE id = ?", $self->id);
    $self->audit('void', $reason);
    return 1;
}

__PACKAGE__->meta->make_immutable;
no Moose;

1;
