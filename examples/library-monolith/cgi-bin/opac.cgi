#!/usr/bin/perl -w
# Public catalogue pages (OPAC), the first CGI on Template Toolkit (2012).
#   /cgi-bin/opac.cgi?isbn=...            a book
#   /cgi-bin/opac.cgi?notice=overdue&id=  a printable notice for the desk

use strict;
use lib '../lib';
use CGI;
use Template;
use LibSys::Config;
use LibSys::Catalog::Book;
use LibSys::Patron::Member;
use LibSys::Circulation::Loan;

my $q  = CGI->new;
my $tt = Template->new({
    INCLUDE_PATH => LibSys::Config::get('opac_templates') || '../templates',
    EVAL_PERL    => 1,
}) or die Template->error;
my %vars = (site_name => LibSys::Config::get('site_name'), query => '');

print $q->header(-charset => 'utf-8');
if (my $kind = $q->param('notice')) {
    my $patron = LibSys::Patron::Member->load(scalar $q->param('id'));
    $vars{patron} = $patron;
    $vars{loans}  = LibSys::Circulation::Loan->overdue_for_patron($patron->id);
    # notices/overdue.tt, notices/hold_ready.tt, ... named by the request
    $kind =~ s/\W//g;
    $tt->process("notices/$kind.tt", \%vars) or print $tt->error;
}
else {
    $vars{book} = LibSys::Catalog::Book->find_by_isbn(scalar $q->param('isbn'));
    $tt->process('book/show.tt', \%vars) or print $tt->error;
}
