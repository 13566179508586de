#!/usr/bin/perl
use strict;
use warnings;
use lib 'lib';
use Test::More tests => 16;

use LibSys::Util qw(:all);
use LibSys::Config;

is(trim("  hello  "), 'hello', 'trim both ends');
is(trim(undef), '', 'trim undef');
ok(is_blank('   '), 'spaces are blank');
ok(!is_blank('x'), 'x is not blank');

{
    local $LibSys::Config::SETTINGS{currency} = 'USD';
    is(format_money(1234.5), '$1,234.50', 'format_money USD');
    is(format_money(-3), '-$3.00', 'format_money negative');
    is(format_money(2, 'EUR'), 'EUR 2.00', 'format_money EUR');
}

is(commify(1234567), '1,234,567', 'commify');
is(html_escape('<a href="x">&</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;', 'html_escape');
is(normalize_isbn('0-596-00027-8'), '0596000278', 'normalize_isbn 10');
is(normalize_isbn('bogus'), undef, 'normalize_isbn rejects junk');
is(days_between('2011-01-01', '2011-01-31'), 30, 'days_between');
is(format_date(parse_date('03/14/2011')), '2011-03-14', 'US date round trip');

my $p = paginate(95, 3, 20);
is($p->{pages}, 5, 'paginate pages');
is($p->{offset}, 40, 'paginate offset');
ok($p->{has_prev} && $p->{has_next}, 'paginate prev/next');
