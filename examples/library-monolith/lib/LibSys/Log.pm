package LibSys::Log;
# Poor man's logger.  Writes to STDERR, which Apache sends to error_log.

use strict;
use warnings;
use Exporter;
use POSIX ();
use LibSys::Config;

our @ISA       = qw(Exporter);
our @EXPORT    = qw(log_info log_error);
our @EXPORT_OK = qw(log_debug warn_once);

our $LEVEL = 'info';
my %seen;

my %RANK = (debug => 0, info => 1, warn => 2, error => 3);

sub _emit {
    my ($level, @msg) = @_;
    my $want = $LibSys::Config::DEBUG ? 'debug' : $LEVEL;
    return if $RANK{$level} < $RANK{$want};
    my $ts = POSIX::strftime('%Y-%m-%d %H:%M:%S', localtime);
    my ($pkg, $file, $line) = caller(1);
    $file =~ s{.*/}{} if defined $file;
    print STDERR "[$ts] [$level] [$$] ", join('', @msg),
        ($file ? " ($file:$line)" : ''), "\n";
    return 1;
}

sub log_debug { _emit('debug', @_) }
sub log_info  { _emit('info',  @_) }
sub log_error { _emit('error', @_) }

sub warn_once {
    my ($key, @msg) = @_;
    return if $seen{$key}++;
    _emit('warn', @msg ? @msg : $key);
}

sub reset_seen {
    %seen = ();
}

1;
