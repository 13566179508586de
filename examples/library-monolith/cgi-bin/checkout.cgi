#!/usr/bin/perl
# Circulation desk: check out, check in, renew.
# Staff only (Apache basic auth sets REMOTE_USER).

use strict;
use warnings;
use lib '../lib';
use CGI qw(:standard);
use LibSys::Config;
use LibSys::Log qw(log_info);
use LibSys::Util qw(trim is_blank html_escape format_money);
use LibSys::Patron::Member;
use LibSys::Circulation::Loan;
use LibSys::Circulation::Renewal;
use LibSys::Circulation::Fines;

require "lib/common.pl";

my $q      = CGI->new;
my $staff  = require_staff($q);
my $action = $q->param('action') || 'form';
my $card   = trim($q->param('card'));
my @msgs;

my $patron = is_blank($card) ? undef : LibSys::Patron::Member->find_by_card($card);
if (!is_blank($card) && !$patron) {
    push @msgs, "No patron with card " . html_escape($card);
}

if ($action eq 'checkout' && $patron) {
    foreach my $barcode (split /[\s,]+/, $q->param('barcodes') || '') {
        my ($loan, $err) = LibSys::Circulation::Loan->checkout(patron => $patron, barcode => $barcode);
        push @msgs, $loan ? "Checked out $barcode, due " . $loan->due_date
                          : "Could not check out $barcode: $err";
    }
}
elsif ($action eq 'checkin') {
    my $barcode = trim($q->param('barcode'));
    my $row = LibSys::DB::select_row(
        'SELECT id FROM loans WHERE item_id = (SELECT id FROM items WHERE barcode = ?) AND returned_on IS NULL',
        $barcode);
    if ($row) {
        my $loan = LibSys::Circulation::Loan->load($row->{id});
        $loan->checkin(waive => $q->param('waive') ? 1 : 0);
        push @msgs, "Checked in $barcode" . ($loan->is_overdue ? ' (OVERDUE - fine assessed)' : '');
    }
    else {
        &LibSys::Log::warn_once("checkin-$barcode", "checkin of $barcode with no open loan by $staff");
        push @msgs, "$barcode is not checked out";
    }
}
elsif ($action eq 'renew' && $patron) {
    my ($ok, $bad) = LibSys::Circulation::Renewal->renew_all_for_patron($patron->id, by => $staff);
    push @msgs, map { "Renewed " . $_->{loan}->title . " until $_->{due}" } @$ok;
    push @msgs, map { "Not renewed " . $_->{loan}->title . ": $_->{reason}" } @$bad;
}
elsif ($action eq 'waive') {
    my $fine_id = param_int($q, 'fine_id');
    LibSys::Circulation::Fines->waive($fine_id, $staff, $q->param('reason'))
        or push @msgs, "Waive failed (reason required)";
}

print html_header($q, 'Circulation desk');
print "<ul class=\"msgs\">", (map { "<li>$_</li>" } @msgs), "</ul>\n" if @msgs;
if ($patron) {
    print patron_panel($patron);
}
print desk_forms($card);
print html_footer();

sub patron_panel {
    my $p = shift;
    my $owed = LibSys::Circulation::Fines->total_for_patron($p->id);
    my $html = sprintf("<h2>%s (%s)</h2>\n", $p->display_name, $p->category_label);
    $html .= "<p class=\"blocked\">BLOCKED</p>\n" if $p->is_blocked;
    $html .= "<p>Fines owed: " . format_money($owed) . "</p>\n" if $owed > 0;
    $html .= "<table>\n";
    for my $loan (LibSys::Circulation::Loan->for_patron($p->id)) {
        $html .= sprintf("<tr%s><td>%s</td><td>%s</td><td>%d</td></tr>\n",
            $loan->is_overdue ? ' class="overdue"' : '',
            html_escape($loan->title), $loan->due_date, $loan->renewals || 0);
    }
    return $html . "</table>\n";
}

sub desk_forms {
    my $card = html_escape(shift || '');
    return <<"HTML";
<form method="post"><input type="hidden" name="action" value="checkout">
Card: <input name="card" value="$card"> Items: <textarea name="barcodes"></textarea>
<input type="submit" value="Check out"></form>
<form method="post"><input type="hidden" name="action" value="checkin">
Barcode: <input name="barcode"> <label><input type="checkbox" name="waive"> waive fine</label>
<input type="submit" value="Check in"></form>
<form method="post"><input type="hidden" name="action" value="renew">
<input type="hidden" name="card" value="$card"><input type="submit" value="Renew all"></form>
HTML
}
