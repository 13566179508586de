# common.pl -- shared routines for the cgi-bin scripts.
# Loaded with require/do.  Everything here lands in package main.
#
# $Id: common.pl,v 1.58 2010/11/02 16:40:09 dmorgan Exp $

use strict;
use LibSys::Config;
use LibSys::DB;
use LibSys::Util qw(html_escape today);

use vars qw($TITLE %SESSION);

$TITLE = 'LibSys';

sub html_header {
    my ($q, $title, %opt) = @_;
    $title = $title ? "$TITLE - $title" : $TITLE;
    my $branch = html_escape(LibSys::Config::get('branch_name'));
    my $out = $q->header(-type => 'text/html', -charset => 'utf-8', %opt);
    $out .= <<"HTML";
<html><head><title>$title</title>
<link rel="stylesheet" href="/libsys/style.css"></head>
<body><div id="banner">$branch &middot; @{[ today() ]}</div>
HTML
    return $out;
}

sub html_footer {
    my $queries = $LibSys::DB::QUERY_COUNT;
    my $debug = $LibSys::Config::DEBUG ? "<!-- $queries queries -->" : '';
    return "$debug\n</body></html>\n";
}

sub error_page {
    my ($q, $msg) = @_;
    print html_header($q, 'Error');
    print "<div class=\"error\">", html_escape($msg), "</div>\n";
    print html_footer();
    exit 0;
}

sub param_int {
    my ($q, $name, $default) = @_;
    my $v = $q->param($name);
    return (defined $v && $v =~ /^\d+$/) ? $v : $default;
}

sub require_login {
    my $q = shift;
    my $sid = $q->cookie('libsys_sid') or return;
    my $row = LibSys::DB::select_row(
        'SELECT patron_id, staff FROM sessions WHERE sid = ? AND expires > NOW()', $sid);
    return unless $row;
    %SESSION = (%$row, sid => $sid);
    return $row->{patron_id};
}

sub require_staff {
    my $q = shift;
    require_login($q);
    unless ($SESSION{staff} || ($ENV{REMOTE_USER} && $ENV{REMOTE_USER} =~ /^staff_/)) {
        error_page($q, 'Staff login required');
    }
    return $SESSION{staff} || $ENV{REMOTE_USER};
}

sub redirect_to {
    my ($q, $url) = @_;
    print $q->redirect(-uri => $url, -status => 302);
    exit 0;
}

1;
