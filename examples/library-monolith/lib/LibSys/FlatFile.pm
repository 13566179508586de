package LibSys::FlatFile;
# $Id: FlatFile.pm,v 1.22 2009/05/11 14:03:51 dmorgan Exp $
#
# The pipe-delimited "database" LibSys ran on before MySQL (2003-2006).
# Serials and the search index never moved off it, so it is still here.
#
# One record per line, fields separated by '|'.  The first line of each
# file names the columns:
#
#   #fields: id, issn, title, publisher, frequency
#
# Pipes, backslashes and newlines inside values are escaped as \p, \\ and \n.

use strict;
use warnings;
use Exporter;
use Fcntl qw(:flock SEEK_END);
use File::Copy ();
use LibSys::Config;
use LibSys::Log qw(log_error log_debug);
use LibSys::FlatFile::Lock;

our @ISA       = qw(Exporter);
our @EXPORT_OK = qw(escape_field unescape_field data_path);
our $VERSION   = '1.22';
our $DATA_DIR  = LibSys::Config::get('flatfile_dir', '/var/libsys/data');
our $SEP       = '|';

sub data_path {
    my $name = shift;
    $name =~ s/[^\w.-]//g;
    $name .= '.dat' unless $name =~ /\.\w+$/;
    return "$DATA_DIR/$name";
}

sub escape_field {
    my $v = shift;
    return '' unless defined $v;
    $v =~ s/\\/\\\\/g;
    $v =~ s/\|/\\p/g;
    $v =~ s/\r?\n/\\n/g;
    return $v;
}

sub unescape_field {
    my $v = shift;
    return undef unless defined $v && length $v;
    $v =~ s/\\(\\|p|n)/$1 eq 'p' ? '|' : $1 eq 'n' ? "\n" : '\\'/ge;
    return $v;
}

sub new {
    my ($class, $name, %opt) = @_;
    my $self = bless {
        name   => $name,
        path   => $opt{path} || data_path($name),
        fields => $opt{fields},
    }, $class;
    $self->_create_if_missing if $opt{create};
    return $self;
}

sub path { $_[0]->{path} }

sub fields {
    my $self = shift;
    return @{ $self->{fields} } if $self->{fields};
    open(my $fh, '<', $self->{path}) or return ();
    my $first = <$fh>;
    close $fh;
    if (defined $first && $first =~ /^#fields:\s*(.+?)\s*$/) {
        $self->{fields} = [ split /\s*,\s*/, $1 ];
        return @{ $self->{fields} };
    }
    log_error("$self->{path}: no #fields header");
    return ();
}

sub _create_if_missing {
    my $self = shift;
    return if -e $self->{path};
    my @fields = @{ $self->{fields} || [] } or return;
    open(my $fh, '>', $self->{path}) or do {
        log_error("cannot create $self->{path}: $!");
        return;
    };
    print $fh '#fields: ', join(', ', @fields), "\n";
    close $fh;
}

sub read_all {
    my ($self, %opt) = @_;
    my @fields = $self->fields or return [];
    my $lock = LibSys::FlatFile::Lock->new($self->{path}, shared => 1);
    $lock->acquire or return [];
    my $fh;
    unless (open($fh, '<', $self->{path})) {
        log_error("read $self->{path}: $!");
        $lock->release;
        return [];
    }
    my @rows;
    while (my $line = <$fh>) {
        chomp $line;
        next if $line eq '' || substr($line, 0, 1) eq '#';
        my @vals = map { unescape_field($_) } split /\|/, $line, -1;
        my %rec;
        @rec{@fields} = @vals;
        next if $opt{filter} && !$opt{filter}->(\%rec);
        push @rows, \%rec;
    }
    close $fh;
    $lock->release;
    log_debug("read ", scalar(@rows), " records from $self->{name}");
    return \@rows;
}

sub find {
    my ($self, $key, $value) = @_;
    my $rows = $self->read_all(filter => sub { defined $_[0]{$key} && $_[0]{$key} eq $value });
    return wantarray ? @$rows : $rows->[0];
}

sub next_id {
    my $self = shift;
    my $max = 0;
    for my $r (@{ $self->read_all }) {
        $max = $r->{id} if $r->{id} && $r->{id} =~ /^\d+$/ && $r->{id} > $max;
    }
    return $max + 1;
}

# append() predates Lock.pm and flocks the data file itself.  It is
# only safe because write_all() renames a new file into place.
sub append {
    my ($self, $rec) = @_;
    my @fields = $self->fields or return;
    $rec->{id} ||= $self->next_id if grep { $_ eq 'id' } @fields;
    my $line = join($SEP, map { escape_field($rec->{$_}) } @fields) . "\n";

    open(my $fh, '>>', $self->{path}) or do {
        log_error("append $self->{path}: $!");
        return;
    };
    flock($fh, LOCK_EX) or do {
        log_error("flock $self->{path}: $!");
        close $fh;
        return;
    };
    seek($fh, 0, SEEK_END);
    print $fh $line;
    flock($fh, LOCK_UN);
    close $fh;
    return $rec->{id} || 1;
}

sub write_all {
    my ($self, $rows) = @_;
    my @fields = $self->fields or return;
    my $tmp = "$self->{path}.tmp.$$";
    return LibSys::FlatFile::Lock->with_lock($self->{path}, sub {
        open(my $out, '>', $tmp) or die "write $tmp: $!\n";
        print $out '#fields: ', join(', ', @fields), "\n";
        for my $r (@$rows) {
            print $out join($SEP, map { escape_field($r->{$_}) } @fields), "\n";
        }
        close $out or die "close $tmp: $!\n";
        File::Copy::copy($self->{path}, "$self->{path}.bak") if -e $self->{path};
        rename($tmp, $self->{path}) or die "rename $tmp: $!\n";
        return scalar @$rows;
    });
}

# XXX not atomic: another writer can slip in between read_all and
# write_all.  Has not bitten us since the serials desk went to one PC.
sub update {
    my ($self, $id, %changes) = @_;
    my $rows = $self->read_all;
    my $hit = 0;
    for my $r (@$rows) {
        next unless defined $r->{id} && $r->{id} eq $id;
        @{$r}{ keys %changes } = values %changes;
        $hit++;
    }
    return 0 unless $hit;
    $self->write_all($rows);
    return $hit;
}

sub delete_where {
    my ($self, $test) = @_;
    my $rows = $self->read_all;
    my @keep = grep { !$test->($_) } @$rows;
    my $gone = @$rows - @keep;
    $self->write_all(\@keep) if $gone;
    return $gone;
}

1;

__END__

=head1 NAME

LibSys::FlatFile - pipe-delimited record files

=head1 SYNOPSIS

    my $ff = LibSys::FlatFile->new('serial_titles');
    my $title = $ff->find(issn => '0028-0836');
    $ff->append({ issn => '1476-4687', title => 'Nature (online)' });
    $ff->update($title->{id}, status => 'CEASED');

=head1 SEE ALSO

L<LibSys::FlatFile::Lock>, L<LibSys::FlatFile::Index>.

=cut
