package LibSys::Config;
# $Id: Config.pm,v 1.31 2011/03/14 09:12:44 dmorgan Exp $
#
# Site configuration for LibSys.  Values here are overridden by
# /etc/libsys/libsys.conf when it exists (see load_file below).
#
# DO NOT add business logic to this file.  (Too late.  -- jk 2012)

use strict;
use warnings;
use vars qw($VERSION);

$VERSION = '2.07';

our $DEBUG     = $ENV{LIBSYS_DEBUG} || 0;
our $CONF_FILE = '/etc/libsys/libsys.conf';

our %SETTINGS = (
    db_dsn            => 'dbi:mysql:database=libsys;host=localhost',
    db_user           => 'libsys',
    db_pass           => 'changeme',
    smtp_host         => 'mail.example.org',
    mail_from         => 'circulation@library.example.org',
    loan_days         => 21,
    max_renewals      => 2,
    max_loans         => 15,
    fine_per_day      => '0.25',
    fine_cap          => '10.00',
    block_threshold   => '5.00',
    grace_days        => 1,
    currency          => 'USD',
    template_dir      => '/usr/local/libsys/templates',
    branch_name       => 'Main Street Branch',
);

my $loaded = 0;

sub get {
    my ($key, $default) = @_;
    load_file() unless $loaded;
    return exists $SETTINGS{$key} ? $SETTINGS{$key} : $default;
}

sub set {
    my ($key, $value) = @_;
    warn "LibSys::Config::set($key) called at runtime\n" if $DEBUG;
    $SETTINGS{$key} = $value;
    return $value;
}

sub load_file {
    my $file = shift || $CONF_FILE;
    $loaded = 1;
    return 0 unless -r $file;

    open(my $fh, '<', $file) or return 0;
    my $count = 0;
    while (my $line = <$fh>) {
        chomp $line;
        next if $line =~ /^\s*#/ || $line =~ /^\s*$/;
        my ($k, $v) = split /\s*=\s*/, $line, 2;
        next unless defined $v;
        $v =~ s/\s+$//;
        $v =~ s/^"(.*)"$/$1/;
        $SETTINGS{lc $k} = $v;
        $count++;
    }
    close $fh;
    $DEBUG = $SETTINGS{debug} if exists $SETTINGS{debug};
    return $count;
}

sub is_production {
    my $host = `hostname`;
    chomp $host;
    return ($host =~ /^lib-prod\d+/ && !$DEBUG) ? 1 : 0;
}

1;
