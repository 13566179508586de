package LibSys::Schema::Result::IllRequest;
# A title borrowed from another library for one of our patrons.

use strict;
use warnings;
use base 'DBIx::Class::Core';

__PACKAGE__->table('ill_requests');
__PACKAGE__->add_columns(
    id           => { data_type => 'integer', is_auto_increment => 1 },
    patron_id    => { data_type => 'integer' },
    title        => { data_type => 'text' },
    isbn         => { data_type => 'text', is_nullable => 1 },
    lender       => { data_type => 'text', is_nullable => 1 },
    status       => { data_type => 'text', default_value => 'requested' },
    requested_on => { data_type => 'date' },
    received_on  => { data_type => 'date', is_nullable => 1 },
);
__PACKAGE__->set_primary_key('id');

sub is_open {
    my ($self) = @_;
    return $self->status ne 'returned';
}

1;
