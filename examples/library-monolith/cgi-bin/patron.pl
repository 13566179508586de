#!/usr/bin/perl
# "My Account" page for patrons: loans, holds, fines, invoices, address.

use strict;
use lib '../lib';
use CGI;
use LibSys::Config;
use LibSys::Util;
use LibSys::Util qw(format_money format_date html_escape);
use LibSys::Patron::Member;
use LibSys::Patron::Address;
use LibSys::Circulation::Loan;
use LibSys::Circulation::Hold;
use LibSys::Circulation::Renewal;
use LibSys::Billing::Invoice;
use LibSys::Billing::Payment;

do '../lib/common.pl' or die "cannot load common.pl: " . ($@ || $!);

my $q = CGI->new;
my $patron_id = require_login($q) or redirect_to($q, '/cgi-bin/login.cgi');
my $member = LibSys::Patron::Member->load($patron_id)
    or error_page($q, 'Your account could not be found');
my $tab = $q->param('tab') || 'loans';

if ($q->request_method eq 'POST') {
    if ($tab eq 'address') {
        my $addr = LibSys::Patron::Address->for_patron($member->id)
            || LibSys::Patron::Address->new(patron_id => $member->id, is_primary => 1);
        foreach my $f (qw(street street2 city state zip)) {
            my $v = $q->param($f);
            my $setter = "set_$f";
            $addr->$setter($v) unless is_blank($v) && $f ne 'street2';
        }
        $addr->normalize;
        $addr->save;
    }
    elsif ($tab eq 'loans' && $q->param('renew_all')) {
        LibSys::Circulation::Renewal->renew_all_for_patron($member->id, by => 'web');
    }
    elsif ($tab eq 'holds' && (my $hid = param_int($q, 'cancel'))) {
        my $hold = LibSys::Circulation::Hold->load($hid);
        $hold->cancel('patron') if $hold && $hold->{patron_id} == $member->id;
    }
    redirect_to($q, "patron.pl?tab=$tab");
}

print html_header($q, 'My Account');
printf "<h1>Hello, %s</h1>\n", $member->display_name;
print "<p class=\"warn\">Your card expired on ", $member->expires_on, ".</p>\n" if $member->is_expired;

if ($tab eq 'loans') {
    print_loans($member);
}
elsif ($tab eq 'fines') {
    print_invoices($member);
}
elsif ($tab eq 'address') {
    my $label = $member->mailing_label;
    print "<pre>", html_escape($label || 'No address on file'), "</pre>\n";
}
print html_footer();
exit;

sub print_loans {
    my $m = shift;
    my @loans = LibSys::Circulation::Loan->for_patron($m->id);
    unless (@loans) {
        print "<p>You have nothing checked out.</p>\n";
        return;
    }
    print "<table>\n";
    foreach my $loan (@loans) {
        my $late = $loan->is_overdue ? $loan->days_overdue . ' days overdue' : '';
        print "<tr><td>", html_escape($loan->title), "</td><td>", $loan->due_date,
              "</td><td>$late</td></tr>\n";
    }
    print "</table><form method=\"post\"><input type=\"submit\" name=\"renew_all\" value=\"Renew all\"></form>\n";
}

sub print_invoices {
    my $m = shift;
    my $invoices = LibSys::Billing::Invoice->open_for_patron($m->id);
    my $total = 0;
    print "<table>\n";
    for my $inv (@$invoices) {
        my $bal = $inv->balance;
        $total += $bal;
        print "<tr><th colspan=3>Invoice #", $inv->id, " (", $inv->issued_on, ")</th></tr>\n";
        foreach my $d (@{ $inv->loan_details }) {
            print "<tr><td>", html_escape($d->{title}), "</td><td>$d->{days_late} days</td><td>$d->{amount}</td></tr>\n";
        }
        print "<tr><td colspan=2>Paid</td><td>",
              format_money(LibSys::Billing::Payment->total_for_invoice($inv->id)), "</td></tr>\n";
    }
    print "</table>\n<p><b>Balance due: ", format_money($total), "</b></p>\n";
}
