package LibSys::Journals::Subscription;
# Who takes which serial, how many copies, and what they pay.
#
# Moved from the flat files to MySQL in 2011, when the university
# contracts started invoicing departments for their own copies.
# Institutional subscribers are ordinary patron records with category
# INS (added to lk_patron_category for those contracts).

use strict;
use warnings;
use base qw(LibSys::Base);
use LibSys::DB;
use LibSys::Config;
use LibSys::Log qw(log_info log_error);
use LibSys::Util qw(format_money today :date);
use LibSys::Patron::Member;
use LibSys::Billing::Invoice;
use LibSys::Journals::Title;

$LibSys::Base::TABLE_FOR{'LibSys::Journals::Subscription'} = 'serial_subscriptions';

our $RENEWAL_NOTICE_DAYS = 60;
our %PRICE_FACTOR = (INS => '1.00', STF => '0.50', ADU => '1.00', SEN => '0.75');

sub for_patron {
    my ($class, $patron_id, %opt) = @_;
    my $rows = LibSys::DB::select_all(<<"SQL", $patron_id);
SELECT s.*
  FROM serial_subscriptions s
 WHERE s.patron_id = ?
 ORDER BY s.starts_on DESC
SQL
    my @subs = map { $class->new($_) } @$rows;
    @subs = grep { $_->is_current } @subs unless $opt{all};
    return @subs;
}

sub for_title {
    my ($class, $title_id) = @_;
    my $rows = LibSys::DB::select_all(
        'SELECT * FROM serial_subscriptions WHERE title_id = ? AND status = ? ORDER BY patron_id',
        $title_id, 'ACTIVE');
    return map { $class->new($_) } @$rows;
}

sub subscribe {
    my ($class, %args) = @_;
    my $patron = ref $args{patron} ? $args{patron} : LibSys::Patron::Member->load($args{patron});
    return (undef, 'No such subscriber')    unless $patron;
    return (undef, 'Subscriber is blocked') if $patron->is_blocked;

    my $title = LibSys::Journals::Title->load($args{title_id});
    return (undef, 'No such serial title') unless $title && $title->{status} eq 'ACTIVE';

    my $start = $args{starts_on} || today();
    my $self  = $class->new(
        patron_id => $patron->id,
        title_id  => $title->{id},
        copies    => $args{copies} || 1,
        price     => defined $args{price} ? $args{price} : ($title->{list_price} || 0),
        starts_on => $start,
        ends_on   => format_date(parse_date($start) + 364 * 86400),
        status    => 'ACTIVE',
    );
    $self->save or return (undef, 'Database error');
    log_info("subscription $self->{id}: patron ", $patron->id, " takes title $title->{id}");
    return ($self, undef);
}

sub subscriber {
    my $self = shift;
    return $self->{_patron} ||= LibSys::Patron::Member->load($self->{patron_id});
}

sub is_institutional {
    my $self = shift;
    my $p = $self->subscriber or return 0;
    return ($p->category || '') eq 'INS' ? 1 : 0;
}

sub is_current {
    my ($self, $as_of) = @_;
    $as_of ||= today();
    return 0 unless $self->{status} eq 'ACTIVE';
    return ($self->{starts_on} le $as_of && $self->{ends_on} ge $as_of) ? 1 : 0;
}

sub annual_charge {
    my $self = shift;
    my $p    = $self->subscriber;
    my $cat  = $p ? ($p->category || 'ADU') : 'ADU';
    my $factor   = $PRICE_FACTOR{$cat} || 1;
    my $handling = $LibSys::Config::SETTINGS{serials_handling_fee} || 0;
    return sprintf('%.2f', (($self->{price} || 0) * $factor + $handling) * ($self->{copies} || 1));
}

# Institutional subscribers get an invoice; individuals pay at the desk.
sub bill {
    my $self = shift;
    return (undef, 'Only institutional subscriptions are invoiced') unless $self->is_institutional;
    return (undef, 'Already billed') if $self->{invoice_id};

    my $title = LibSys::Journals::Title->load($self->{title_id});
    my $copies = $self->{copies} || 1;
    my $invoice = LibSys::Billing::Invoice->new(
        patron_id => $self->{patron_id},
        issued_on => today(),
        kind      => 'SERIALS',
    );
    $invoice->add_line(
        description => sprintf('Subscription: %s, %s to %s (%d cop%s)',
            ($title ? $title->{title} : "title #$self->{title_id}"),
            $self->{starts_on}, $self->{ends_on}, $copies, $copies == 1 ? 'y' : 'ies'),
        amount => $self->annual_charge,
    );
    my $invoice_id = $invoice->save or do {
        log_error("could not invoice subscription $self->{id}");
        return (undef, 'Invoice failed');
    };
    LibSys::DB::execute('UPDATE serial_subscriptions SET invoice_id = ? WHERE id = ?',
        $invoice_id, $self->{id});
    $self->{invoice_id} = $invoice_id;
    log_info("subscription $self->{id} invoiced: ", format_money($invoice->total));
    return ($invoice, undef);
}

sub due_for_renewal {
    my ($class, $as_of) = @_;
    $as_of ||= today();
    my $until = format_date(parse_date($as_of) + $RENEWAL_NOTICE_DAYS * 86400);
    my $rows = LibSys::DB::select_all(<<~SQL, $as_of, $until);
        SELECT s.*, p.email, p.category
          FROM serial_subscriptions s
          JOIN patrons p ON p.id = s.patron_id
         WHERE s.status = 'ACTIVE'
           AND s.ends_on BETWEEN ? AND ?
         ORDER BY s.ends_on
        SQL
    return map { $class->new($_) } @$rows;
}

sub renew {
    my $self = shift;
    my ($next, $err) = LibSys::Journals::Subscription->subscribe(
        patron    => $self->subscriber,
        title_id  => $self->{title_id},
        copies    => $self->{copies},
        price     => $self->{price},
        starts_on => format_date(parse_date($self->{ends_on}) + 86400),
    );
    return (undef, $err) unless $next;
    LibSys::DB::execute("UPDATE serial_subscriptions SET status = 'RENEWED' WHERE id = ?", $self->{id});
    $self->{status} = 'RENEWED';
    $next->bill if $next->is_institutional;
    return ($next, undef);
}

sub cancel {
    my ($self, $reason) = @_;
    LibSys::DB::execute("UPDATE serial_subscriptions SET status = 'CANCELLED', note = ? WHERE id = ?",
        $reason || '', $self->{id});
    $self->{status} = 'CANCELLED';
    return 1;
}

# Used by LibSys::Reports::Finance.
sub revenue_between {
    my ($class, $from, $to) = @_;
    my $row = LibSys::DB::select_row(<<"SQL", $from, $to);
SELECT COUNT(*) AS n, COALESCE(SUM(i.total), 0) AS billed
  FROM serial_subscriptions s
  JOIN invoices i ON i.id = s.invoice_id
 WHERE i.issued_on BETWEEN ? AND ?
   AND i.status <> 'VOID'
SQL
    return $row ? ($row->{n}, $row->{billed}) : (0, 0);
}

1;
