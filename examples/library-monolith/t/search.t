#!/usr/bin/perl
use strict;
use warnings;
use lib 'lib';
use Test::More tests => 7;
use File::Temp qw(tempdir);

use LibSys::Search::Indexer qw(tokenize);
use LibSys::Search::Query;
use LibSys::FlatFile::Index;

is_deeply([ tokenize('The Pickwick Papers') ], [qw(pickwick papers)], 'stop words dropped');
is_deeply([ tokenize("O'Brien & the Sea, the Sea") ], [qw(obrien sea)], 'apostrophes, duplicates');
is_deeply([ tokenize(undef) ], [], 'undef gives nothing');
is_deeply([ tokenize('C++ in 21 days') ], [qw(21 days)], 'one-letter words dropped');

$LibSys::FlatFile::DATA_DIR = tempdir(CLEANUP => 1);
my $ix = LibSys::FlatFile::Index->new('search_title');
$ix->add('bleak', 1, 2);
$ix->add('house', 1, 3);
$ix->add('houses', 4);
$ix->save;

is_deeply([ LibSys::Search::Query->new(query => 'Bleak House', field => 'title')->book_ids ],
    [1], 'AND by default');
is_deeply([ sort { $a <=> $b } LibSys::Search::Query->new(query => 'bleak house', field => 'title', mode => 'or')->book_ids ],
    [1, 2, 3], 'OR mode');
is_deeply([ sort { $a <=> $b } LibSys::Search::Query->new(query => 'hous*', field => 'title')->book_ids ],
    [1, 3, 4], 'trailing * is a prefix search');
