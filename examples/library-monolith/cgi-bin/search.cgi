#!/usr/bin/perl -w
# OPAC search page.   /cgi-bin/search.cgi?q=...&field=title&page=2

use strict;
use lib '../lib';
use CGI;
use CGI::Carp qw(fatalsToBrowser);
use LibSys::Config;
use LibSys::Catalog::Search;
use LibSys::Catalog::Book ();
use LibSys::Util qw(trim is_blank html_escape);

require "../lib/common.pl";

my $q     = CGI->new;
my $query = trim($q->param('q'));
my $field = $q->param('field') || 'keyword';
my $page  = param_int($q, 'page', 1);

$field = 'keyword' unless $field =~ /^(?:keyword|title|author|subject)$/;

print html_header($q, is_blank($query) ? 'Search' : "Search: $query");
print search_form($query, $field);

if (!is_blank($query)) {
    my $search = LibSys::Catalog::Search->new(
        query  => $query,
        field  => $field,
        page   => $page,
        branch => $q->param('branch'),
    );
    my $res = $search->run;
    if (@{ $res->{books} }) {
        print results_table($res->{books});
        print pager_links($res->{pager}, $query, $field);
    }
    else {
        my $sugg = LibSys::Catalog::Search->suggest($query);
        print "<p>No results for <b>", html_escape($query), "</b>.</p>\n";
        print "<p>Did you mean: ", join(', ', map { html_escape($_) } @$sugg), "?</p>\n" if @$sugg;
    }
}
print html_footer();
exit 0;

sub search_form {
    my ($query, $field) = @_;
    my $opts = join '', map {
        sprintf('<option value="%s"%s>%s</option>', $_, ($_ eq $field ? ' selected' : ''), ucfirst $_)
    } qw(keyword title author subject);
    my $v = html_escape($query);
    return qq{<form method="get"><input name="q" value="$v"><select name="field">$opts</select>}
         . qq{<input type="submit" value="Search"></form>\n};
}

sub results_table {
    my $books = shift;
    my $html = "<table class=\"results\">\n";
    foreach my $book (@$books) {
        my $cls = $book->is_available ? 'avail' : 'out';
        $html .= sprintf("<tr class=\"%s\"><td><a href=\"item.cgi?id=%d\">%s</a></td><td>%s</td><td>%s</td></tr>\n",
            $cls, $book->{id}, $book->display_title, $book->{pub_year} || '', $book->status_label);
    }
    return $html . "</table>\n";
}

sub pager_links {
    my ($p, $query, $field) = @_;
    return '' if $p->{pages} <= 1;
    my $base = "search.cgi?q=" . CGI::escape($query) . "&field=$field&page=";
    my @links;
    push @links, qq{<a href="$base} . ($p->{page} - 1) . qq{">&laquo; Prev</a>} if $p->{has_prev};
    push @links, "Page $p->{page} of $p->{pages}";
    push @links, qq{<a href="$base} . ($p->{page} + 1) . qq{">Next &raquo;</a>} if $p->{has_next};
    return '<div class="pager">' . join(' | ', @links) . "</div>\n";
}
