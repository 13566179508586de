#!/usr/bin/perl
use strict;
use warnings;
use lib 'lib';
use Test::More tests => 12;
use File::Temp qw(tempdir);

use LibSys::FlatFile qw(escape_field unescape_field);
use LibSys::FlatFile::Index;

my $dir = tempdir(CLEANUP => 1);
$LibSys::FlatFile::DATA_DIR = $dir;

is(escape_field('a|b'), 'a\\pb', 'pipe escaped');
is(unescape_field(escape_field("x\\y|z\nw")), "x\\y|z\nw", 'escape round trip');
is(unescape_field(''), undef, 'empty field reads back as undef');

my $ff = LibSys::FlatFile->new('widgets', fields => [qw(id name colour)], create => 1);
ok(-e "$dir/widgets.dat", 'data file created with header');
is($ff->append({ name => 'sprocket', colour => 'red|blue' }), 1, 'first id');
is($ff->append({ name => 'gear', colour => 'green' }), 2, 'second id');

my $all = $ff->read_all;
is(scalar @$all, 2, 'two records');
is($all->[0]{colour}, 'red|blue', 'pipe survives the trip');
is($ff->update(2, colour => 'teal'), 1, 'update one record');
is($ff->find(id => 2)->{colour}, 'teal', 'updated value read back');

my $ix = LibSys::FlatFile::Index->new('words');
$ix->add('Dickens', 12, 408);
$ix->add('dickens', 12);
$ix->save;
is_deeply([ LibSys::FlatFile::Index->new('words')->lookup('DICKENS') ], [12, 408], 'index folds case, no dupes');
is_deeply([ $ix->prefix('dic') ], ['dickens'], 'prefix lookup');
