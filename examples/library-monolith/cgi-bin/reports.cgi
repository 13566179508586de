#!/usr/bin/perl -w
# Management reports: circulation, overdue, finance.  Staff only.
#
#   reports.cgi?report=overdue
#   reports.cgi?report=finance&from=2016-07-01&to=2016-07-31&format=csv
#
# The old report menu in admin.cgi still exists because the staff home
# page links to it; the business office bookmarks this one.

use strict;
use lib '../lib';
use CGI;
use LibSys::Config;
use LibSys::Log qw(log_info log_error);
use LibSys::Util qw(:html :date trim);
use LibSys::Reports::Circulation;
use LibSys::Reports::Overdue;
use LibSys::Reports::Finance;

use vars qw(%SITE @REPORT_RECIPIENTS);

require "config.pl";
require "../lib/common.pl";

my %TITLES = (
    circulation => 'Circulation statistics',
    overdue     => 'Overdue items and fines',
    finance     => 'Fines, invoices and payments',
);

my $q      = CGI->new;
my $staff  = require_staff($q);
my $name   = $q->param('report') || '';
my $format = ($q->param('format') || 'html') eq 'csv' ? 'csv' : 'html';

unless ($TITLES{$name}) {
    print html_header($q, 'Reports');
    print "<h1>Reports for ", html_escape($SITE{institution} || LibSys::Config::get('branch_name')), "</h1>\n<ul>\n";
    print map { qq{<li><a href="reports.cgi?report=$_">$TITLES{$_}</a></li>\n} } sort keys %TITLES;
    print "</ul>\n", html_footer();
    exit 0;
}

my %args = (from => clean_date($q->param('from')), to => clean_date($q->param('to')));
$args{from} ||= fiscal_year_start() if $name eq 'finance' && $q->param('ytd');
my $class  = 'LibSys::Reports::' . ucfirst($name);
my $report = eval { $class->new(map { $_ => $args{$_} } grep { $args{$_} } keys %args) };
unless ($report) {
    log_error("report $name: $@");
    error_page($q, 'Report unavailable');
}

if ($format eq 'csv') {
    print $q->header(-type => 'text/csv', -attachment => "$name-" . today() . '.csv');
    print($report->can('as_csv') ? $report->as_csv : hash_to_csv($report->run));
    log_info("report $name (csv) by $staff");
    exit 0;
}

print html_header($q, $TITLES{$name});
print "<h1>", html_escape($TITLES{$name}), "</h1>\n";

if ($name eq 'overdue') {
    my $s = $report->summary;
    print "<p>$s->{patrons} patrons, $s->{items_display} items, $s->{fees_display} in fines.</p>\n";
    print "<table><tr>", (map { "<th>$_ days</th>" } @LibSys::Reports::Overdue::BUCKETS), "</tr>\n<tr>",
          (map { "<td>$s->{$_}</td>" } @LibSys::Reports::Overdue::BUCKETS), "</tr></table>\n";
    print "<h2>Patrons</h2>\n<table>\n";
    foreach my $r (@{ $report->by_patron }) {
        printf "<tr><td>#%d</td><td>%s</td><td>%d</td><td>%s</td><td>%d days</td></tr>\n",
            $r->{patron_id}, html_escape($r->{name}), $r->{items}, format_money($r->{fees}), $r->{oldest};
    }
    print "</table>\n";
    if (my @late = @{ $report->serials_section }) {
        print "<h2>Serials due a claim</h2>\n<table>\n";
        print map { "<tr><td>" . html_escape($_->{title}) . "</td><td>$_->{issue}</td><td>$_->{bucket}</td></tr>\n" } @late;
        print "</table>\n<p><a href=\"journals.cgi?tab=claims\">Go to claims</a></p>\n";
    }
}
elsif ($name eq 'circulation') {
    my $r = $report->run;
    print "<p>Period: $r->{period}. Loan period $r->{loans}{loan_period} days, ",
          "average kept $r->{loans}{average_days} days.</p>\n";
    print_rows('By month', $r->{by_month}, qw(month branch_code checkouts renewals));
    print_rows('By patron category', $r->{categories}, qw(category count));
    print_rows('Item status', $r->{statuses}, qw(status count));
    print_rows('Most borrowed', $r->{top}, qw(title item_type checkouts));
    print "<p>Holds filled: $r->{holds}{fill_rate}</p>\n" if $r->{holds}{fill_rate};
}
elsif ($name eq 'finance') {
    my $r = $report->run;
    print "<p>Period: $r->{period}. Taken: $r->{taken}.</p>\n";
    print_rows('Invoices', $r->{invoices}, qw(kind status n total));
    print_rows('Payments', $r->{payments}, qw(method count total));
    print_rows('Largest balances', $r->{debtors}, qw(patron_id open_invoices balance unbilled_fines));
    print "<p class=\"small\">Fine rules: $r->{policy}{per_day}/day, cap $r->{policy}{cap}, ",
          "block at $r->{policy}{threshold}.  Sent monthly to ", html_escape(join(', ', @REPORT_RECIPIENTS)), ".</p>\n";
}
print html_footer();
log_info("report $name by $staff");
exit 0;

sub clean_date {
    my $d = trim(shift);
    return undef if $d eq '';
    return $d if $d =~ /^\d{4}-\d\d-\d\d$/;
    my $epoch = parse_date($d);
    return $epoch ? format_date($epoch) : undef;
}

sub print_rows {
    my ($caption, $rows, @cols) = @_;
    return unless $rows && @$rows;
    print "<h2>", html_escape($caption), "</h2>\n<table>\n<tr>", (map { "<th>$_</th>" } @cols), "</tr>\n";
    foreach my $row (@$rows) {
        print "<tr>", (map { "<td>" . html_escape(defined $row->{$_} ? $row->{$_} : '') . "</td>" } @cols), "</tr>\n";
    }
    print "</table>\n";
}

sub hash_to_csv {
    my $r = shift;
    my @out;
    foreach my $section (sort keys %$r) {
        my $v = $r->{$section};
        if (ref $v eq 'ARRAY') {
            push @out, map { join(',', $section, map { defined $_ ? $_ : '' } @{$_}{ sort keys %$_ }) } @$v;
        }
        elsif (ref $v eq 'HASH') {
            push @out, join(',', $section, map { "$_=" . (defined $v->{$_} ? $v->{$_} : '') } sort keys %$v);
        }
        else {
            push @out, join(',', $section, $v);
        }
    }
    return join("\n", @out) . "\n";
}

# last night's fines, as bin/nightly-fines appended them
sub fines_log_lines {
    open(my $fh, '<', $LibSys::Config::SETTINGS{datadir} . '/fines.log') or return ();
    return <$fh>;
}
