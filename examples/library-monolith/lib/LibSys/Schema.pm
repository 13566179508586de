package LibSys::Schema;
# The DBIx::Class schema of the inter-library loan desk (2016), the first
# code written on an ORM.  It borrows LibSys::DB's handle so that a loan
# and its ILL request commit in one transaction.

use strict;
use warnings;
use base 'DBIx::Class::Schema';
use LibSys::DB;

# Result classes live in LibSys::Schema::Result::*; `resultset('IllRequest')`
# is LibSys::Schema::Result::IllRequest.
__PACKAGE__->load_namespaces;

our $SCHEMA;

sub handle {
    my ($class) = @_;
    $SCHEMA ||= $class->connect(sub { LibSys::DB::dbh() });
    return $SCHEMA;
}

1;
