package LibSys::API::Patrons;
# GET /v1/patrons?name=smi         name search (scope patrons:read)
# GET /v1/patrons/123              by id, or by 14-digit card number
# GET /v1/patrons/123/invoices     open invoices (scope billing:read)

use Moose;
use JSON::PP ();
use LibSys::DB;
use LibSys::Util qw(format_money is_blank);
use LibSys::Patron::Member;
use LibSys::Circulation::Fines;
use LibSys::Billing::Invoice;

extends 'LibSys::API::Base';
with 'LibSys::API::Resource';

sub fetch {
    my ($self, $id) = @_;
    return unless $self->allowed('patrons:read');
    return $id =~ /^\d{14}$/ ? LibSys::Patron::Member->find_by_card($id)
         : $id =~ /^\d+$/    ? LibSys::Patron::Member->load($id)
         :                     undef;
}

sub list {
    my $self = shift;
    return () unless $self->allowed('patrons:read');
    my $name = $self->param('name');
    return () if is_blank($name) || length($name) < 3;
    my $rows = LibSys::DB::select_all(<<"SQL", "$name%", "$name%");
SELECT *
  FROM patrons
 WHERE last_name LIKE ? OR first_name LIKE ?
 ORDER BY last_name, first_name
 LIMIT 500
SQL
    return map { LibSys::Patron::Member->new($_) } @$rows;
}

sub to_hash {
    my ($self, $m) = @_;
    my %h = map { $_ => $m->$_ } @LibSys::Patron::Member::FIELDS;
    $h{id}             = $m->id;
    $h{category_label} = $m->category_label;
    $h{blocked}        = $m->is_blocked ? JSON::PP::true() : JSON::PP::false();
    $h{fines_owed}     = format_money(LibSys::Circulation::Fines->total_for_patron($m->id));
    return \%h;
}

sub action_invoices {
    my ($self, $id) = @_;
    return $self->error(403, 'not allowed') unless $self->allowed('billing:read');
    my $m = $self->fetch($id) or return $self->error(404, 'not found');
    my $open = LibSys::Billing::Invoice->open_for_patron($m->id);
    return $self->json_response(200, {
        data => [ map {
            +{ id => $_->id, issued_on => $_->issued_on, kind => $_->kind,
               total => $_->total, balance => $_->balance }
        } @$open ],
    });
}

__PACKAGE__->meta->make_immutable;
no Moose;

1;
