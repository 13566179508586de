package LibSys::FlatFile::Lock;
# Advisory locks for the flat-file store.  One lock file per data file
# (serial_titles.dat -> serial_titles.dat.lck), so a reader never blocks
# on a writer that is busy renaming the data file into place.
#
# $Id: Lock.pm,v 1.9 2008/02/19 10:27:33 dmorgan Exp $

use strict;
use warnings;
use Carp qw(croak);
use Fcntl qw(:flock O_RDWR O_CREAT);
use LibSys::Log qw(log_error warn_once);

our $TIMEOUT     = 10;     # seconds to wait before giving up
our $STALE_AFTER = 600;    # a lock file older than this is "probably" stale
our %HELD;                 # lock path => handle, for release_all()

sub new {
    my ($class, $path, %opt) = @_;
    croak "LibSys::FlatFile::Lock->new: path required" unless $path;
    my $self = bless {
        path    => $path =~ /\.lck$/ ? $path : "$path.lck",
        mode    => $opt{shared} ? LOCK_SH : LOCK_EX,
        timeout => defined $opt{timeout} ? $opt{timeout} : $TIMEOUT,
        fh      => undef,
    }, $class;
    return $self;
}

sub acquire {
    my $self = shift;
    return 1 if $self->{fh};
    sysopen(my $fh, $self->{path}, O_RDWR | O_CREAT, 0664) or do {
        log_error("cannot open lock file $self->{path}: $!");
        return 0;
    };
    my $waited = 0;
    until (flock($fh, $self->{mode} | LOCK_NB)) {
        if ($waited >= $self->{timeout}) {
            warn_once("lock-timeout:$self->{path}",
                "gave up waiting for $self->{path} after ${waited}s");
            close $fh;
            return 0;
        }
        sleep 1;
        $waited++;
    }
    if ($self->{mode} == LOCK_EX) {
        # leave a note for whoever has to clean up after a crash
        truncate($fh, 0);
        syswrite($fh, "$$ " . time() . " $0\n");
    }
    $self->{fh} = $fh;
    $HELD{ $self->{path} } = $fh;
    return 1;
}

sub release {
    my $self = shift;
    my $fh = delete $self->{fh} or return 0;
    flock($fh, LOCK_UN);
    close $fh;
    delete $HELD{ $self->{path} };
    return 1;
}

sub holder {
    my $self = shift;
    open(my $fh, '<', $self->{path}) or return;
    my $line = <$fh>;
    close $fh;
    return unless defined $line && $line =~ /^(\d+)\s+(\d+)\s*(.*)$/;
    return { pid => $1, since => $2, program => $3 };
}

sub is_stale {
    my ($class, $path) = @_;
    my $lck = $path =~ /\.lck$/ ? $path : "$path.lck";
    my @st = stat($lck) or return 0;
    return (time - $st[9]) > $STALE_AFTER ? 1 : 0;
}

# LibSys::FlatFile::Lock->with_lock($path, sub { ... }, shared => 0)
sub with_lock {
    my ($class, $path, $code, %opt) = @_;
    my $lock = $class->new($path, %opt);
    $lock->acquire or return;
    my @result = eval { $code->() };
    my $err = $@;
    $lock->release;
    die $err if $err;
    return wantarray ? @result : $result[0];
}

sub release_all {
    my $n = 0;
    foreach my $path (keys %HELD) {
        my $fh = delete $HELD{$path};
        flock($fh, LOCK_UN);
        close $fh;
        $n++;
    }
    return $n;
}

sub DESTROY {
    my $self = shift;
    $self->release if $self->{fh};
}

1;

__END__

=head1 NAME

LibSys::FlatFile::Lock - lock files next to the flat-file data

=head1 NOTES

flock() does not work over the NFS mount on the old Solaris box, which
is why the lock file records the pid.  Nobody has checked whether that
still matters on the hosted servers.

=cut
