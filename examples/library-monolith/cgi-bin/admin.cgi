#!/usr/bin/perl -w
# Staff admin: reports, invoice maintenance, refunds.

use strict;
use lib '../lib';
use CGI;
use Class::Load qw(load_class);
use LibSys::Config;
use LibSys::DB;
use LibSys::Log qw(log_info log_error);
use LibSys::Util qw(:html :date trim);
use LibSys::Billing::Invoice;
use LibSys::Billing::Payment;    # also defines LibSys::Billing::Refund

require 'common.pl';

my %REPORTS = (
    overdue     => ['LibSys::Circulation::Loan',    'all_overdue'],
    holds       => ['LibSys::Circulation::Hold',    'expire_stale'],
    isbn        => ['LibSys::Catalog::Book',        'find_by_isbn'],
);

my $q      = CGI->new;
my $staff  = require_staff($q);
my $action = $q->param('action') || 'menu';

load_class('LibSys::Circulation::Hold');

print html_header($q, 'Administration');

if ($action eq 'report') {
    my $name = $q->param('report') || '';
    my $spec = $REPORTS{$name} or error_page($q, "Unknown report '$name'");
    my ($class, $method) = @$spec;
    unless (eval "require $class; 1") {
        log_error("report $name: $@");
        error_page($q, 'Report unavailable');
    }
    my @rows = $class->$method($q->param('arg'));
    print "<h2>", html_escape($name), " (", scalar(@rows), ")</h2>\n<ul>\n";
    print map { "<li>" . html_escape(ref $_ ? ($_->{title} || $_->{id}) : $_) . "</li>\n" } @rows;
    print "</ul>\n";
}
elsif ($action eq 'void') {
    my $invoice = LibSys::Billing::Invoice->load(param_int($q, 'invoice'));
    if ($invoice && $invoice->status ne 'PAID') {
        $invoice->audit_user($staff);
        $invoice->void(trim($q->param('reason')) || 'voided by staff');
        print "<p>Invoice ", $invoice->id, " voided.</p>\n";
    }
    else {
        print "<p class=\"error\">Cannot void that invoice.</p>\n";
    }
}
elsif ($action eq 'recalc') {
    my $n = 0;
    my $rows = LibSys::DB::select_all("SELECT id FROM invoices WHERE status = 'OPEN' AND kind = 'FINES'");
    foreach my $r (@$rows) {
        my $inv = LibSys::Billing::Invoice->load($r->{id}) or next;
        $inv->audit_user($staff);
        $n += $inv->recalculate;
    }
    print "<p>Re-priced $n invoice lines.</p>\n";
}
elsif ($action eq 'refund') {
    my ($refund, $err) = LibSys::Billing::Refund->record(
        invoice_id => param_int($q, 'invoice'),
        patron_id  => param_int($q, 'patron'),
        amount     => $q->param('amount'),
        reason     => $q->param('reason'),
        staff      => $staff,
    );
    print $refund ? "<p>Refunded " . format_money(-$refund->{amount}) . "</p>\n"
                  : "<p class=\"error\">" . html_escape($err) . "</p>\n";
}
elsif ($action eq 'settings' && $LibSys::Config::DEBUG) {
    print "<table>\n";
    foreach my $k (sort keys %LibSys::Config::SETTINGS) {
        next if $k =~ /pass/;
        print "<tr><td>$k</td><td>", html_escape($LibSys::Config::SETTINGS{$k}), "</td></tr>\n";
    }
    print "</table>\n";
}
else {
    print "<ul>\n", (map { qq{<li><a href="admin.cgi?action=report&report=$_">$_</a></li>\n} } sort keys %REPORTS), "</ul>\n";
}

print html_footer();
log_info("admin action=$action by $staff");
