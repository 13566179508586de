package LibSys::Reports::Circulation;
# Monthly circulation statistics for the library director and for the
# annual ACRL / IPEDS survey.  Reads the tables directly; the labels are
# borrowed from the classes' own package variables so the report says
# what the desk screens say.

use strict;
use warnings;
use LibSys::DB;
use LibSys::Config;
use LibSys::Log qw(log_info);
use LibSys::Util qw(commify format_date parse_date today load_lookup);
use LibSys::Catalog::Book ();
use LibSys::Circulation::Loan ();
use LibSys::Circulation::Hold ();
use LibSys::Patron::Member ();

sub new {
    my ($class, %opt) = @_;
    my $to   = $opt{to}   || today();
    my $from = $opt{from} || format_date(parse_date($to) - 30 * 86400);
    return bless { from => $from, to => $to }, $class;
}

sub checkouts_by_month {
    my $self = shift;
    return LibSys::DB::select_all(<<"SQL", $self->{from}, $self->{to});
SELECT DATE_FORMAT(l.issued_on, '%Y-%m') AS month,
       i.branch_code,
       COUNT(*) AS checkouts,
       SUM(l.renewals) AS renewals
  FROM loans l
  JOIN items i ON i.id = l.item_id
 WHERE l.issued_on BETWEEN ? AND ?
 GROUP BY month, i.branch_code
 ORDER BY month, i.branch_code
SQL
}

sub by_patron_category {
    my $self = shift;
    my $rows = LibSys::DB::select_all(<<"SQL", $self->{from}, $self->{to});
SELECT p.category, COUNT(*) AS n
  FROM loans l
  JOIN patrons p ON p.id = l.patron_id
 WHERE l.issued_on BETWEEN ? AND ?
 GROUP BY p.category
SQL
    my %label = %LibSys::Patron::Member::CATEGORY;
    $label{INS} ||= 'Institution';
    return [ map {
        +{ category => $label{ $_->{category} || '' } || $_->{category} || 'Unknown',
           count    => commify($_->{n}) }
    } @$rows ];
}

sub item_status_counts {
    my $self = shift;
    my $rows = LibSys::DB::select_all('SELECT status, COUNT(*) AS n FROM items GROUP BY status');
    my %n = map { $_->{status} => $_->{n} } @$rows;
    return [ map {
        +{ status => $LibSys::Catalog::Book::STATUS_LABEL{$_}, count => commify($n{$_} || 0) }
    } sort keys %LibSys::Catalog::Book::STATUS_LABEL ];
}

sub hold_fill_rate {
    my $self = shift;
    my $row = LibSys::DB::select_row(<<"SQL", $self->{from}, $self->{to});
SELECT SUM(status = 'F') AS filled,
       SUM(status = 'E') AS expired,
       SUM(status = 'X') AS cancelled,
       COUNT(*)          AS placed
  FROM holds
 WHERE placed_on BETWEEN ? AND ?
SQL
    return {} unless $row && $row->{placed};
    return {
        %$row,
        fill_rate   => sprintf('%.1f%%', 100 * ($row->{filled} || 0) / $row->{placed}),
        pickup_days => $LibSys::Circulation::Hold::PICKUP_DAYS,
    };
}

sub loan_length {
    my $self = shift;
    my $row = LibSys::DB::select_row(
        'SELECT AVG(DATEDIFF(returned_on, issued_on)) AS days FROM loans WHERE returned_on BETWEEN ? AND ?',
        $self->{from}, $self->{to});
    return {
        average_days => ($row && defined $row->{days}) ? sprintf('%.1f', $row->{days}) : 'n/a',
        loan_period  => $LibSys::Circulation::Loan::LOAN_DAYS,
        max_renewals => $LibSys::Config::SETTINGS{max_renewals},
    };
}

sub top_titles {
    my ($self, $limit) = @_;
    return LibSys::DB::select_all(<<"SQL", $self->{from}, $self->{to}, $limit || 25);
SELECT b.id, b.title, b.item_type, COUNT(l.id) AS checkouts
  FROM loans l
  JOIN items i ON i.id = l.item_id
  JOIN books b ON b.id = i.book_id
 WHERE l.issued_on BETWEEN ? AND ?
 GROUP BY b.id, b.title, b.item_type
 ORDER BY checkouts DESC
 LIMIT ?
SQL
}

sub branch_names {
    my $map = load_lookup('lk_branch');
    return { %$map, '' => $LibSys::Config::SETTINGS{branch_name} };
}

sub run {
    my $self = shift;
    my $q0 = $LibSys::DB::QUERY_COUNT;
    my %r = (
        period     => "$self->{from} to $self->{to}",
        by_month   => $self->checkouts_by_month,
        categories => $self->by_patron_category,
        statuses   => $self->item_status_counts,
        holds      => $self->hold_fill_rate,
        loans      => $self->loan_length,
        top        => $self->top_titles,
        branches   => branch_names(),
    );
    log_info("circulation report $r{period}: ", $LibSys::DB::QUERY_COUNT - $q0, " queries");
    return \%r;
}

1;
