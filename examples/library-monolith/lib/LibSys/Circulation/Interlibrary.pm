package LibSys::Circulation::Interlibrary;
# Inter-library loans: titles we borrow from other libraries when no copy
# of ours can be held.  Written on DBIx::Class (LibSys::Schema).

use strict;
use warnings;
use LibSys::Schema;
use LibSys::Util qw(today normalize_isbn);

sub request {
    my ($class, $patron_id, $title, $isbn) = @_;
    my $schema = LibSys::Schema->handle;
    return $schema->resultset('IllRequest')->create({
        patron_id    => $patron_id,
        title        => $title,
        isbn         => normalize_isbn($isbn),
        requested_on => today(),
    });
}

sub open_for_patron {
    my ($class, $patron_id) = @_;
    my $schema = LibSys::Schema->handle;
    return [ $schema->resultset('IllRequest')->search(
        { patron_id => $patron_id, status => { '!=' => 'returned' } },
        { order_by  => 'requested_on' },
    ) ];
}

sub receive {
    my ($class, $id, $lender) = @_;
    my $requests = LibSys::Schema->handle->resultset('IllRequest');
    my $request  = $requests->find($id);
    return undef unless $request;
    $request->update({ status => 'received', lender => $lender, received_on => today() });
    return $request;
}

1;
