package LibSys::Journals::Claim;
# Claims to vendors for issues that have not arrived.  Run weekly from
# the Claims tab of journals.cgi.
#
# Claims are rows in MySQL (serial_claims); the issues they point at
# are in the flat files.  Go through file_claim() so the two stay in
# step.

use strict;
use warnings;
use LibSys::DB;
use LibSys::Config;
use LibSys::Log qw(log_info log_error);
use LibSys::Util qw(today days_between is_blank);
use LibSys::Journals::Issue;
use LibSys::Journals::Title;
use LibSys::Notify::Email;

our $GRACE_DAYS = 21;    # days past the predicted date before we claim
our $MAX_CLAIMS = 3;     # after this the issue is marked Missing

our $LETTER = <<'TXT';
{institution}
Serials Department
Account: {account}

Claim reference: {claim_id}

The following issue has not been received:

    {title} (ISSN {issn})
    {issue}, expected {expected}

Please supply it or tell us if it has not been published.
This is claim {nth} for this issue.
TXT

sub grace_days {
    return $LibSys::Config::SETTINGS{serials_claim_grace} || $GRACE_DAYS;
}

sub candidates {
    my ($class, $as_of) = @_;
    $as_of ||= today();
    my @late;
    foreach my $issue (LibSys::Journals::Issue->expected_before($as_of)) {
        my $late = $issue->days_late($as_of);
        next if $late <= grace_days();
        next if $issue->{status} eq 'C' && !$class->_due_again($issue, $as_of);
        push @late, { issue => $issue, days_late => $late };
    }
    return sort { $b->{days_late} <=> $a->{days_late} } @late;
}

sub _due_again {
    my ($class, $issue, $as_of) = @_;
    my $row = LibSys::DB::select_row(
        'SELECT MAX(claimed_on) AS last_claim FROM serial_claims WHERE issue_id = ?', $issue->{id});
    return 1 unless $row && $row->{last_claim};
    return days_between($row->{last_claim}, $as_of) >= grace_days() ? 1 : 0;
}

sub file_claim {
    my ($class, $issue, %opt) = @_;
    my $title = $issue->title or return (undef, 'Issue has no title record');
    if ($issue->{claimed_count} >= $MAX_CLAIMS) {
        $issue->mark('M', "gave up after $MAX_CLAIMS claims");
        return (undef, 'Marked missing');
    }
    my $to = $title->{vendor_email};
    return (undef, "No vendor address for $title->{title}") if is_blank($to);

    LibSys::DB::execute(<<"SQL", $issue->{id}, $title->{id}, today(), $opt{staff} || 'system', $to);
INSERT INTO serial_claims (issue_id, title_id, claimed_on, claimed_by, sent_to, resolved)
VALUES (?, ?, ?, ?, ?, 0)
SQL
    my $claim_id = LibSys::DB::last_insert_id('serial_claims');
    $issue->mark('C');

    unless ($opt{no_mail}) {
        my $subject = "Claim $claim_id: $title->{title} " . $issue->label;
        LibSys::Notify::Email::send_raw($to, $subject, $class->letter($issue, $title, $claim_id))
            or log_error("claim $claim_id: mail to $to failed");
    }
    log_info("claim $claim_id filed for issue $issue->{id} ($title->{title})");
    return ($claim_id, undef);
}

sub letter {
    my ($class, $issue, $title, $claim_id) = @_;
    my %v = (
        institution => $LibSys::Config::SETTINGS{institution} || LibSys::Config::get('branch_name'),
        account     => $LibSys::Config::SETTINGS{serials_account} || '(none)',
        claim_id    => $claim_id,
        title       => $title->{title},
        issn        => $title->{issn} || 'n/a',
        issue       => $issue->label,
        expected    => $issue->{expected_on},
        nth         => $issue->{claimed_count} || 1,
    );
    (my $text = $LETTER) =~ s/\{(\w+)\}/defined $v{$1} ? $v{$1} : ''/ge;
    return $text;
}

sub resolve {
    my ($class, $claim_id, $outcome) = @_;
    return LibSys::DB::execute(
        'UPDATE serial_claims SET resolved = 1, outcome = ?, resolved_on = ? WHERE id = ?',
        $outcome || 'received', today(), $claim_id);
}

# Open claims grouped by age.  The buckets are the overdue report's, so
# the serials librarian's numbers line up with circulation's.
sub aging_report {
    my ($class, $as_of) = @_;
    $as_of ||= today();
    # require, not use: LibSys::Reports::Overdue uses this package and the
    # circular `use` broke its Exporter import (ticket #1207).
    require LibSys::Reports::Overdue;
    my $rows = LibSys::DB::select_all(<<~SQL);
        SELECT c.id, c.issue_id, c.title_id, c.claimed_on, c.sent_to
          FROM serial_claims c
         WHERE c.resolved = 0
         ORDER BY c.claimed_on
        SQL
    my %buckets = map { $_ => [] } @LibSys::Reports::Overdue::BUCKETS;
    foreach my $c (@$rows) {
        my $age    = days_between($c->{claimed_on}, $as_of);
        my $bucket = LibSys::Reports::Overdue::aging_bucket($age);
        push @{ $buckets{$bucket} }, $c;
    }
    return \%buckets;
}

1;
