package LibSys::Patron::Address;
# Postal address helpers.  Member inherits from this (see Member.pm)
# so that $member->mailing_label works.  Please don't ask.

use strict;
use warnings;
use parent 'LibSys::Base';
use LibSys::DB;
use LibSys::Util qw(trim is_blank);

$LibSys::Base::TABLE_FOR{'LibSys::Patron::Address'} = 'addresses';

our %STATE_ABBR = (
    'new york'     => 'NY',
    'new jersey'   => 'NJ',
    'pennsylvania' => 'PA',
    'connecticut'  => 'CT',
);

sub new {
    my $class = shift;
    my $self  = $class->SUPER::new(@_);
    $self->normalize;
    return $self;
}

sub normalize {
    my $self = shift;
    for my $f (qw(street street2 city state zip)) {
        $self->{$f} = trim($self->{$f}) if defined $self->{$f};
    }
    if ($self->{state} && length $self->{state} > 2) {
        $self->{state} = $STATE_ABBR{ lc $self->{state} } || $self->{state};
    }
    $self->{zip} =~ s/^(\d{5})(\d{4})$/$1-$2/ if $self->{zip};
    return $self;
}

sub for_patron {
    my ($class, $patron_id) = @_;
    my $row = LibSys::DB::select_row(
        'SELECT * FROM addresses WHERE patron_id = ? AND is_primary = 1', $patron_id);
    return $row ? $class->new($row) : undef;
}

sub is_complete {
    my $self = shift;
    foreach my $f (qw(street city state zip)) {
        return 0 if is_blank($self->{$f});
    }
    return 1;
}

sub mailing_label {
    my $self = shift;
    my $addr = $self->{street} ? $self : LibSys::Patron::Address->for_patron($self->{id});
    return '' unless $addr && $addr->is_complete;
    my @lines = grep { !is_blank($_) } (
        ($self->{first_name} || '') . ' ' . ($self->{last_name} || ''),
        $addr->{street},
        $addr->{street2},
        "$addr->{city}, $addr->{state} $addr->{zip}",
    );
    return join("\n", map { trim($_) } @lines);
}

1;
