#!/usr/bin/perl
# PSGI entry point for the JSON API (2019).  Under Starman behind nginx:
#
#   plackup -s Starman --workers 4 -E deployment -p 5010 api/app.psgi
#
# Routes:  /api/v1/<resource>[/<id>[/<action>]]
# Only loans and patrons so far; the discovery-layer vendor asked for
# holds in 2020 and that ticket is still open.

use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use Plack::Builder;
use Plack::Request;
use LibSys::Config;
use LibSys::Log qw(log_info log_error);
use LibSys::API::Loans;
use LibSys::API::Patrons;

LibSys::Config::load_file($ENV{LIBSYS_CONF}) if $ENV{LIBSYS_CONF};

my %ROUTES = (
    loans   => 'LibSys::API::Loans',
    patrons => 'LibSys::API::Patrons',
);

sub not_found {
    my $msg = shift || 'no such resource';
    return [ 404, [ 'Content-Type' => 'application/json' ], [ qq({"error":{"status":404,"message":"$msg"}}) ] ];
}

my $app = sub {
    my $env = shift;
    my $req = Plack::Request->new($env);
    my ($resource, $id, $action) = $req->path_info =~ m{^/v1/(\w+)(?:/(\w+))?(?:/(\w+))?/?$}
        or return not_found();
    my $class = $ROUTES{$resource} or return not_found();

    my $handler = $class->new(request => $req);
    unless ($handler->authenticate) {
        $handler->log_request(401);
        return $handler->error(401, 'missing or unknown API key');
    }

    my $res = eval {
        return $handler->render_list unless defined $id;
        return $handler->render_one($id) unless $action;
        my $method = "action_$action";
        $handler->can($method) ? $handler->$method($id) : not_found("no action '$action'");
    };
    unless ($res) {
        log_error("api $resource: $@");
        $res = $handler->error(500, 'internal error');
    }
    $handler->log_request($res->[0]);
    return $res;
};

builder {
    enable 'ReverseProxy';
    enable 'CrossOrigin', origins => '*', methods => [qw(GET POST)];
    mount '/api' => $app;
    mount '/'    => sub { not_found('see /api/v1') };
};
