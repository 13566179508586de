package LibSys::FlatFile::Index;
# A key -> list-of-ids index kept in a flat file, one key per line:
#
#   #fields: term, ids
#   dickens|12,408,1733
#
# Used for the ISSN index on serials and, since 2013, for the catalogue
# keyword index (see LibSys::Search::Indexer).  Whole file is read into
# memory; fine up to about 200k terms, which one customer has passed.

use strict;
use warnings;
use base qw(LibSys::FlatFile);
use LibSys::Log qw(log_debug warn_once);
use LibSys::Util qw(trim);

our %CACHE;          # path => { mtime => ..., map => {...} }
our $MAX_IDS = 5000; # ids per term before we stop bothering

sub new {
    my ($class, $name, %opt) = @_;
    my $self = $class->SUPER::new("$name.idx", %opt, fields => [qw(term ids)]);
    $self->{map}   = undef;
    $self->{dirty} = 0;
    $self->{fold}  = exists $opt{fold} ? $opt{fold} : 1;
    return $self;
}

sub _key {
    my ($self, $key) = @_;
    $key = trim($key);
    return $self->{fold} ? lc $key : $key;
}

sub load {
    my $self = shift;
    return $self->{map} if $self->{map};
    my $mtime = (stat($self->path))[9] || 0;
    my $c = $CACHE{ $self->path };
    if ($c && $c->{mtime} == $mtime) {
        return $self->{map} = { %{ $c->{map} } };
    }
    my %map;
    for my $rec (@{ $self->read_all }) {
        next unless defined $rec->{term};
        $map{ $rec->{term} } = [ split /,/, $rec->{ids} || '' ];
    }
    $CACHE{ $self->path } = { mtime => $mtime, map => \%map };
    log_debug("index ", $self->path, ": ", scalar(keys %map), " terms");
    return $self->{map} = { %map };
}

sub lookup {
    my ($self, $key) = @_;
    my $ids = $self->load->{ $self->_key($key) } or return;
    return @$ids;
}

sub prefix {
    my ($self, $prefix, $limit) = @_;
    $prefix = $self->_key($prefix);
    return () unless length $prefix >= 2;
    my $map = $self->load;
    my @terms = sort grep { index($_, $prefix) == 0 } keys %$map;
    splice(@terms, $limit) if $limit && @terms > $limit;
    return @terms;
}

sub add {
    my ($self, $key, @ids) = @_;
    $key = $self->_key($key);
    return 0 unless length $key;
    my $list = $self->load->{$key} ||= [];
    my %have = map { $_ => 1 } @$list;
    my $added = 0;
    for my $id (@ids) {
        next if $have{$id}++;
        if (@$list >= $MAX_IDS) {
            warn_once("index-full:$key", "index term '$key' has $MAX_IDS ids, not adding more");
            last;
        }
        push @$list, $id;
        $added++;
    }
    $self->{dirty} += $added;
    return $added;
}

sub remove_id {
    my ($self, $id) = @_;
    my $map = $self->load;
    my $n = 0;
    for my $term (keys %$map) {
        my @keep = grep { $_ ne $id } @{ $map->{$term} };
        next if @keep == @{ $map->{$term} };
        $n++;
        if (@keep) { $map->{$term} = \@keep }
        else       { delete $map->{$term} }
    }
    $self->{dirty} += $n;
    return $n;
}

sub clear {
    my $self = shift;
    $self->{map}   = {};
    $self->{dirty} = 1;
    return $self;
}

sub save {
    my $self = shift;
    return 0 unless $self->{dirty};
    my $map = $self->{map} || {};
    my @rows = map { +{ term => $_, ids => join(",", @{ $map->{$_} }) } } sort keys %$map;
    $self->write_all(\@rows);
    delete $CACHE{ $self->path };
    $self->{dirty} = 0;
    return scalar @rows;
}

sub term_count {
    my $self = shift;
    return scalar keys %{ $self->load };
}

1;
