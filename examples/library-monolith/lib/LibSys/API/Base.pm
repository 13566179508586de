package LibSys::API::Base;
# Base class for the JSON API handlers: one object per request.
# Keys live in api_clients; scopes are a comma list ("loans:read,
# loans:renew") or '*'.

use Moose;
use JSON::PP ();
use LibSys::DB;
use LibSys::Config;
use LibSys::Log qw(log_info log_error);

has 'request' => (is => 'ro', isa => 'Plack::Request', required => 1);
has 'client'  => (is => 'rw', isa => 'Maybe[HashRef]');
has 'json'    => (is => 'ro', lazy => 1, builder => '_build_json');

sub _build_json {
    return JSON::PP->new->canonical(1)->utf8(1)->allow_nonref(1);
}

sub param {
    my ($self, $name) = @_;
    return scalar $self->request->param($name);
}

sub authenticate {
    my $self = shift;
    my $key = $self->request->header('X-LibSys-Key') || $self->param('api_key');
    return 0 unless $key && $key =~ /^[A-Za-z0-9]{32}$/;
    my $row = LibSys::DB::select_row(<<"SQL", $key);
SELECT id, name, scopes
  FROM api_clients
 WHERE api_key = ? AND revoked = 0
SQL
    return 0 unless $row;
    LibSys::DB::execute('UPDATE api_clients SET last_seen = NOW(), hits = hits + 1 WHERE id = ?', $row->{id});
    my %scopes = map { $_ => 1 } split /[\s,]+/, $row->{scopes} || '';
    $self->client({ %$row, scopes => \%scopes });
    return 1;
}

sub allowed {
    my ($self, $scope) = @_;
    my $c = $self->client or return 0;
    return ($c->{scopes}{$scope} || $c->{scopes}{'*'}) ? 1 : 0;
}

sub json_response {
    my ($self, $status, $data) = @_;
    my $body = $self->json->encode($data);
    return [
        $status,
        [
            'Content-Type'   => 'application/json; charset=utf-8',
            'Content-Length' => length($body),
            'X-LibSys-Site'  => LibSys::Config::get('site_code', 'default'),
        ],
        [ $body ],
    ];
}

sub error {
    my ($self, $status, $message) = @_;
    if ($status >= 500) {
        log_error("api $status: $message (", $self->request->path_info, ")");
    }
    return $self->json_response($status, { error => { status => $status, message => $message } });
}

sub log_request {
    my ($self, $status) = @_;
    my $who = $self->client ? $self->client->{name} : '-';
    log_info(sprintf('api %s %s %d %s', $self->request->method, $self->request->path_info, $status, $who));
    return $status;
}

__PACKAGE__->meta->make_immutable;
no Moose;

1;
