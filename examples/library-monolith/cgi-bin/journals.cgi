#!/usr/bin/perl
# Serials desk: check in issues, file claims, bill subscriptions.
# Staff only.  Tabs: titles (default), issues, claims, subs.

use strict;
use warnings;
use lib '../lib';
use CGI;
use LibSys::Config;
use LibSys::Log qw(log_info);
use LibSys::Util qw(trim is_blank html_escape format_money today);
use LibSys::Journals::Title;
use LibSys::Journals::Issue;
use LibSys::Journals::Claim;
use LibSys::Journals::Subscription;

use vars qw(%SITE $JOURNALS_DIR);

require "config.pl";
require "../lib/common.pl";

# config.pl is loaded after the modules were compiled, so FlatFile
# already picked its default directory.  Point it at the site's.
$LibSys::FlatFile::DATA_DIR = $JOURNALS_DIR if $JOURNALS_DIR && -d $JOURNALS_DIR;

my $q     = CGI->new;
my $staff = require_staff($q);
my $tab   = $q->param('tab') || 'titles';
my @msgs;

if ($q->request_method eq 'POST') {
    if ($tab eq 'issues' && (my $iid = param_int($q, 'receive'))) {
        my $issue = LibSys::Journals::Issue->load($iid);
        if ($issue && $issue->receive(note => $q->param('note'))) {
            push @msgs, 'Received ' . $issue->label;
        }
        else {
            push @msgs, "Issue $iid was already received or does not exist";
        }
    }
    elsif ($tab eq 'claims') {
        foreach my $iid ($q->param('claim')) {
            my $issue = LibSys::Journals::Issue->load($iid) or next;
            my ($claim_id, $err) = LibSys::Journals::Claim->file_claim($issue, staff => $staff);
            push @msgs, $claim_id ? "Claim $claim_id sent for " . $issue->label : "Issue $iid: $err";
        }
    }
    elsif ($tab eq 'subs' && (my $sid = param_int($q, 'bill'))) {
        my $sub = LibSys::Journals::Subscription->load($sid);
        my ($invoice, $err) = $sub ? $sub->bill : (undef, 'No such subscription');
        push @msgs, $invoice ? 'Invoice ' . $invoice->id . ' for ' . format_money($invoice->total)
                             : "Not billed: $err";
    }
}

print html_header($q, 'Serials');
print "<p class=\"site\">", html_escape($SITE{institution}), "</p>\n" if $SITE{institution};
print "<ul class=\"msgs\">", (map { '<li>' . html_escape($_) . '</li>' } @msgs), "</ul>\n" if @msgs;
print tab_links($tab);

if ($tab eq 'issues') {
    my $title = LibSys::Journals::Title->load(param_int($q, 'title'))
        or error_page($q, 'Pick a title first');
    print "<h2>", html_escape($title->{title}), " (", $title->frequency_label, ")</h2>\n<table>\n";
    foreach my $issue ($title->issues) {
        my $btn = $issue->{status} eq 'R' ? $issue->{received_on}
            : qq{<form method="post"><input type="hidden" name="tab" value="issues">}
            . qq{<input type="hidden" name="title" value="$title->{id}">}
            . qq{<button name="receive" value="$issue->{id}">Receive</button></form>};
        printf "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n",
            html_escape($issue->label), $issue->status_label, $btn;
    }
    print "</table>\n";
}
elsif ($tab eq 'claims') {
    my @late = LibSys::Journals::Claim->candidates(today());
    print "<form method=\"post\"><input type=\"hidden\" name=\"tab\" value=\"claims\"><table>\n";
    foreach my $c (@late) {
        my $i = $c->{issue};
        my $t = $i->title;
        printf "<tr><td><input type=\"checkbox\" name=\"claim\" value=\"%d\"></td><td>%s</td><td>%s</td><td>%d days late</td><td>%s</td></tr>\n",
            $i->{id}, html_escape($t ? $t->{title} : '?'), html_escape($i->label), $c->{days_late},
            $i->{claimed_count} ? "claimed $i->{claimed_count}x" : '';
    }
    print "</table><input type=\"submit\" value=\"Send claims\"></form>\n";
    my $aging = LibSys::Journals::Claim->aging_report;
    print "<p>Open claims by age: ",
        join(', ', map { "$_: " . scalar(@{ $aging->{$_} }) } sort keys %$aging), "</p>\n";
}
elsif ($tab eq 'subs') {
    my $title_id = param_int($q, 'title');
    my @subs = $title_id ? LibSys::Journals::Subscription->for_title($title_id)
                         : LibSys::Journals::Subscription->due_for_renewal;
    print "<h2>", ($title_id ? "Subscribers" : "Due for renewal"), "</h2>\n<table>\n";
    foreach my $s (@subs) {
        my $p = $s->subscriber;
        printf "<tr><td>%s</td><td>%s to %s</td><td>%s</td><td>%s</td></tr>\n",
            $p ? $p->display_name : "patron $s->{patron_id}", $s->{starts_on}, $s->{ends_on},
            format_money($s->annual_charge),
            ($s->is_institutional && !$s->{invoice_id})
                ? qq{<form method="post"><input type="hidden" name="tab" value="subs"><button name="bill" value="$s->{id}">Invoice</button></form>}
                : ($s->{invoice_id} ? "invoice $s->{invoice_id}" : 'pays at desk');
    }
    print "</table>\n";
}
else {
    my @titles = LibSys::Journals::Title->all_active(branch => $q->param('branch'));
    print "<table>\n";
    foreach my $t (@titles) {
        printf "<tr><td><a href=\"journals.cgi?tab=issues&title=%d\">%s</a></td><td>%s</td><td>%s</td><td><a href=\"journals.cgi?tab=subs&title=%d\">subscribers</a></td></tr>\n",
            $t->{id}, html_escape($t->{title}), $t->{issn} || '', $t->frequency_label, $t->{id};
    }
    print "</table>\n";
}

print html_footer();
log_info("journals tab=$tab by $staff");
exit 0;

sub tab_links {
    my $current = shift;
    my @tabs = (titles => 'Titles', claims => 'Claims', subs => 'Renewals');
    my @links;
    while (my ($t, $label) = splice(@tabs, 0, 2)) {
        push @links, $t eq $current ? "<b>$label</b>" : qq{<a href="journals.cgi?tab=$t">$label</a>};
    }
    return '<div class="tabs">' . join(' | ', @links) . "</div>\n";
}
