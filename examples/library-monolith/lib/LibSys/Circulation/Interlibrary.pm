package LibSys::Circulation::Interlibrary;
# Inter-library loans: titles we borrow from other libraries when no copy
# of ours can be held.  Written on DBIx::Class (LibSys::Schema).

use strict;
use warnings;
use LibSys::Schema;
use LibSys::Circulation::Hold;
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

# A hold nobody here can fill becomes a request to another library.
sub request_for_hold {
    my ($class, $hold_id) = @_;
    my $hold = LibSys::Circulation::Hold->load($hold_id);
    return undef unless $hold;
    my $request = $class->request($hold->{patron_id}, $hold->{title}, $hold->{isbn});
    LibSys::Circulation::Hold->mark_ready($hold->{id}) if $request;
    return $request;
}

1;
