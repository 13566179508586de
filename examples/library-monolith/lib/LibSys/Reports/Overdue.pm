package LibSys::Reports::Overdue;
# Overdue report for the circulation supervisors: who owes what, aged
# into 30/60/90-day buckets.  The serials section (late issues that are
# due a claim) was added in 2015 for the academic sites.

use strict;
use warnings;
use Exporter;
use LibSys::DB;
use LibSys::Config;
use LibSys::Util qw(format_money today days_between commify);
use LibSys::Circulation::Loan;
use LibSys::Circulation::Fines;
use LibSys::Patron::Member;
use LibSys::Journals::Claim;

our @ISA       = ('Exporter');
our @EXPORT_OK = qw(aging_bucket);
our @BUCKETS   = ('0-30', '31-60', '61-90', '90+');

sub aging_bucket {
    my $days = shift || 0;
    return $days <= 30 ? '0-30'
         : $days <= 60 ? '31-60'
         : $days <= 90 ? '61-90'
         :               '90+';
}

sub new {
    my ($class, %opt) = @_;
    my $self = bless {
        as_of   => $opt{as_of} || $opt{to} || today(),
        min_fee => defined $opt{min_fee} ? $opt{min_fee} : 0,
    }, $class;
    return $self;
}

# Use nightly-fines' calculator if it has set one up, so the report
# prices fines exactly as the batch will.
sub calculator {
    return $LibSys::Circulation::Fines::CALC ||= LibSys::Circulation::Fines::calculator();
}

sub by_patron {
    my $self = shift;
    return $self->{_rows} if $self->{_rows};
    my %p;
    foreach my $loan (LibSys::Circulation::Loan->all_overdue($self->{as_of})) {
        my $days = days_between($loan->due_date, $self->{as_of});
        my $fee  = $self->calculator->fee_for_loan($loan);
        my $row  = $p{ $loan->patron_id } ||= {
            patron_id => $loan->patron_id,
            name      => $loan->first_name,
            email     => $loan->email,
            items     => 0,
            fees      => 0,
            oldest    => 0,
            buckets   => { map { $_ => 0 } @BUCKETS },
        };
        $row->{items}++;
        $row->{fees} += $fee;
        $row->{oldest} = $days if $days > $row->{oldest};
        $row->{buckets}{ aging_bucket($days) }++;
    }
    my @rows = grep { $_->{fees} >= $self->{min_fee} } values %p;
    return $self->{_rows} = [
        sort { $b->{fees} <=> $a->{fees} || $a->{patron_id} <=> $b->{patron_id} } @rows
    ];
}

sub blocked_patrons {
    my $self = shift;
    my $rows = LibSys::DB::select_all(<<"SQL", $LibSys::Config::SETTINGS{block_threshold} || 5);
SELECT p.id, p.card_number, p.first_name, p.last_name, p.category,
       SUM(f.amount) AS owed
  FROM patrons p
  JOIN fines f ON f.patron_id = p.id AND f.waived = 0 AND f.paid = 0
 WHERE p.blocked = 1
 GROUP BY p.id
HAVING owed >= ?
 ORDER BY owed DESC
SQL
    return [ map { +{ member => LibSys::Patron::Member->new($_), owed => format_money($_->{owed}) } } @$rows ];
}

sub serials_section {
    my $self = shift;
    my @late = LibSys::Journals::Claim->candidates($self->{as_of});
    return [ map {
        my $t = $_->{issue}->title;
        +{
            title     => $t ? $t->{title} : '?',
            issue     => $_->{issue}->label,
            days_late => $_->{days_late},
            bucket    => aging_bucket($_->{days_late}),
        }
    } @late ];
}

sub summary {
    my $self = shift;
    my $rows = $self->by_patron;
    my %s = (patrons => scalar(@$rows), items => 0, fees => 0, map { $_ => 0 } @BUCKETS);
    foreach my $r (@$rows) {
        $s{items} += $r->{items};
        $s{fees}  += $r->{fees};
        $s{$_}    += $r->{buckets}{$_} for @BUCKETS;
    }
    $s{items_display} = commify($s{items});
    $s{fees_display}  = format_money($s{fees});
    return \%s;
}

sub as_csv {
    my $self = shift;
    my @out = (join ',', qw(patron_id name items fees oldest_days), @BUCKETS);
    foreach my $r (@{ $self->by_patron }) {
        (my $name = defined $r->{name} ? $r->{name} : '') =~ s/"/""/g;
        push @out, join ',', $r->{patron_id}, qq{"$name"}, $r->{items},
            sprintf('%.2f', $r->{fees}), $r->{oldest}, map { $r->{buckets}{$_} } @BUCKETS;
    }
    return join("\n", @out) . "\n";
}

1;

__END__

=head1 NAME

LibSys::Reports::Overdue - aged overdue report

=head1 SYNOPSIS

    my $r = LibSys::Reports::Overdue->new(as_of => '2016-05-31', min_fee => 1);
    print $r->as_csv;

C<aging_bucket> is exported on request; LibSys::Journals::Claim calls it
by its full name.

=cut
