#!/usr/bin/perl
use strict;
use warnings;
use lib 'lib';
use Test::More;

my @modules = qw(
    LibSys::Config
    LibSys::Log
    LibSys::DB
    LibSys::Util
    LibSys::Base
    LibSys::Catalog::Book
    LibSys::Catalog::Author
    LibSys::Catalog::Search
    LibSys::Circulation::Loan
    LibSys::Circulation::Fines
    LibSys::Patron::Member
    LibSys::Patron::Address
    LibSys::Billing::Payment
    LibSys::Notify::Template
);

plan tests => scalar(@modules) + 2;

for my $m (@modules) {
    use_ok($m);
}

SKIP: {
    skip 'Moose not installed', 2 unless eval { require Moose; 1 };
    require_ok('LibSys::Circulation::Renewal');
    require_ok('LibSys::Billing::Invoice');
}
