package LibSys::API::Loans;
# GET  /v1/loans?card=...        a patron's current loans
# GET  /v1/loans/123             one loan
# POST /v1/loans/123/renew       renew it (scope loans:renew)

use Moose;
use JSON::PP ();
use LibSys::Util qw(today);
use LibSys::Circulation::Loan;
use LibSys::Circulation::Renewal;
use LibSys::Patron::Member;

extends 'LibSys::API::Base';
with 'LibSys::API::Resource';

sub fetch {
    my ($self, $id) = @_;
    return unless $id =~ /^\d+$/ && $self->allowed('loans:read');
    return LibSys::Circulation::Loan->load($id);
}

sub list {
    my $self = shift;
    return () unless $self->allowed('loans:read');
    my $patron = $self->_patron_from_params or return ();
    return LibSys::Circulation::Loan->for_patron($patron->id,
        include_returned => $self->param('history') ? 1 : 0);
}

sub _patron_from_params {
    my $self = shift;
    if (my $card = $self->param('card')) {
        return LibSys::Patron::Member->find_by_card($card);
    }
    my $id = $self->param('patron') or return;
    return LibSys::Patron::Member->load($id);
}

sub to_hash {
    my ($self, $loan) = @_;
    return {
        id           => $loan->id,
        title        => $loan->title,
        barcode      => $loan->barcode,
        patron_id    => $loan->patron_id,
        issued_on    => $loan->issued_on,
        due_date     => $loan->due_date,
        returned_on  => $loan->returned_on,
        renewals     => $loan->renewals || 0,
        overdue      => $loan->is_overdue ? JSON::PP::true() : JSON::PP::false(),
        days_overdue => $loan->days_overdue,
    };
}

sub action_renew {
    my ($self, $id) = @_;
    return $self->error(405, 'POST only') unless $self->request->method eq 'POST';
    return $self->error(403, 'not allowed') unless $self->allowed('loans:renew');
    my $loan = $self->fetch($id) or return $self->error(404, 'not found');
    my $renewal = LibSys::Circulation::Renewal->new(
        loan_id    => $loan->id,
        renewed_by => 'api:' . $self->client->{name},
    );
    my $due = $renewal->renew or return $self->error(409, $renewal->reason || 'cannot renew');
    return $self->json_response(200, { data => { id => $loan->id, due_date => $due, renewed_on => today() } });
}

__PACKAGE__->meta->make_immutable;
no Moose;

1;
