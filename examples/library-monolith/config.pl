# config.pl -- per-site settings for the hosted service.
#
# One copy per customer, in the site's root directory.  provision-site
# writes it from the contract sheet; after that it is edited by hand on
# the box (yes, really).  The scripts written after 2011 load it with
# require or do (reports.cgi, journals.cgi, bin/reindex); the older ones
# only read /etc/libsys/libsys.conf through LibSys::Config::load_file.
#
# Everything lands in package main.  Values meant for the modules are
# copied into %LibSys::Config::SETTINGS at the bottom.
#
# $Id: config.pl,v 1.14 2016/08/30 11:02:17 rk Exp $

use strict;
use vars qw(%SITE $JOURNALS_DIR @REPORT_RECIPIENTS);

%SITE = (
    code         => 'smc',
    institution  => 'St. Mungo College Library',
    contract     => 'ACAD-2011-0042',
    timezone     => 'America/New_York',
    fiscal_start => '07-01',
    support_tier => 'gold',
);

$JOURNALS_DIR = "/var/libsys/$SITE{code}/serials";

@REPORT_RECIPIENTS = (
    'circ-supervisor@stmungo.example.edu',
    'bursar-feed@stmungo.example.edu',
);

my %OVERRIDES = (
    branch_name          => 'Hallam Library',
    mail_from            => 'library-noreply@stmungo.example.edu',
    alert_to             => 'libsys-ops@hosting.example.com',
    loan_days            => 28,        # faculty asked, 2014
    max_loans            => 50,
    fine_per_day         => '0.50',
    block_threshold      => '25.00',
    search_backend       => 'index',
    flatfile_dir         => "/var/libsys/$SITE{code}/data",
    template_dir         => "/var/libsys/$SITE{code}/templates",
    serials_claim_grace  => 30,
    serials_handling_fee => '12.50',
    serials_account      => 'SMC-88213',
);

while (my ($k, $v) = each %OVERRIDES) {
    $LibSys::Config::SETTINGS{$k} = $v;
}
$LibSys::Config::SETTINGS{institution} = $SITE{institution};
$LibSys::Config::SETTINGS{site_code}   = $SITE{code};

sub site_path {
    my $what = shift || '';
    $what =~ s{\.\./}{}g;
    return "/var/libsys/$SITE{code}/$what";
}

sub fiscal_year_start {
    my $year = shift;
    my ($m, $d) = split /-/, $SITE{fiscal_start};
    return sprintf('%04d-%s-%s', $year, $m, $d) if $year;
    # no year given: the start of the fiscal year we are in now
    my @now = localtime;
    $year = $now[5] + 1900;
    my $today = sprintf('%04d-%02d-%02d', $year, $now[4] + 1, $now[3]);
    my $start = sprintf('%04d-%s-%s', $year, $m, $d);
    return $start le $today ? $start : sprintf('%04d-%s-%s', $year - 1, $m, $d);
}

1;
