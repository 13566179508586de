package LibSys::Base;
# Base class for the hash-based "record" objects.  Provides new(),
# AUTOLOADed accessors for whatever columns the row happened to have,
# and a naive save().

use strict;
use warnings;
use Carp qw(croak carp);
use LibSys::DB;
use LibSys::Util qw(trim is_blank);
use LibSys::Log ();

our $AUTOLOAD;
our %TABLE_FOR;    # class name => table, filled in by subclasses

sub new {
    my $proto = shift;
    my $class = ref($proto) || $proto;
    my %args  = @_ == 1 && ref $_[0] eq 'HASH' ? %{ $_[0] } : @_;
    my $self  = bless { %args, _dirty => {} }, $class;
    $self->init if $self->can('init');
    return $self;
}

sub table {
    my $self  = shift;
    my $class = ref($self) || $self;
    return $TABLE_FOR{$class} || croak "No table registered for $class";
}

sub load {
    my ($class, $id) = @_;
    return unless defined $id && $id =~ /^\d+$/;
    my $table = $class->table;
    my $row = LibSys::DB::select_row("SELECT * FROM $table WHERE id = ?", $id);
    return $row ? $class->new($row) : undef;
}

sub save {
    my $self  = shift;
    my $table = $self->table;
    my @cols  = grep { !/^_/ && $_ ne 'id' } sort keys %$self;
    return 0 unless @cols;

    if ($self->{id}) {
        my @dirty = grep { $self->{_dirty}{$_} } @cols;
        return 1 unless @dirty;
        my $set = join ', ', map { "$_ = ?" } @dirty;
        LibSys::DB::execute("UPDATE $table SET $set WHERE id = ?",
            (map { $self->{$_} } @dirty), $self->{id});
    }
    else {
        my $place = join ', ', ('?') x @cols;
        LibSys::DB::execute("INSERT INTO $table (" . join(', ', @cols) . ") VALUES ($place)",
            map { $self->{$_} } @cols);
        $self->{id} = LibSys::DB::last_insert_id($table);
    }
    $self->{_dirty} = {};
    return $self->{id};
}

sub AUTOLOAD {
    my $self = shift;
    my $name = $AUTOLOAD;
    $name =~ s/.*:://;
    return if $name eq 'DESTROY';

    croak "Can't call method '$name' on unblessed reference" unless ref $self;
    unless (exists $self->{$name} || $name =~ /^(?:set_|clear_)/) {
        LibSys::Log::warn_once("autoload:" . ref($self) . ":$name",
            "AUTOLOAD: no field '$name' in " . ref($self));
        return;
    }
    if ($name =~ /^set_(\w+)$/) {
        my $field = $1;
        $self->{$field} = is_blank($_[0]) ? undef : trim($_[0]);
        $self->{_dirty}{$field} = 1;
        return $self;
    }
    elsif ($name =~ /^clear_(\w+)$/) {
        delete $self->{$1};
        return $self;
    }
    return $self->{$name};
}

1;
