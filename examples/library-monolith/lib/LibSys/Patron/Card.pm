package LibSys::Patron::Card;
# Library cards (2005, for the self-checkout kiosks): one record class on
# DBIx::SearchBuilder, the way the kiosk vendor's code was written.

use strict;
use warnings;
use base 'DBIx::SearchBuilder::Record';
use LibSys::Util qw(today);

sub Table { 'patron_cards' }

sub _ClassAccessible {
    return {
        id        => { read => 1 },
        PatronId  => { read => 1, write => 1 },
        Barcode   => { read => 1, write => 1 },
        Expires   => { read => 1, write => 1 },
        LastUsed  => { read => 1, write => 1 },
        Lost      => { read => 1, write => 1 },
    };
}

sub issue {
    my ($class, $handle, $patron_id, $barcode, $expires) = @_;
    my $card = LibSys::Patron::Card->new($handle);
    $card->Create(PatronId => $patron_id, Barcode => $barcode, Expires => $expires);
    return $card;
}

sub renew {
    my ($class, $handle, $id, $expires) = @_;
    my $card = LibSys::Patron::Card->new($handle);
    $card->Load($id);
    $card->SetExpires($expires);
    return $card;
}

sub report_lost {
    my ($class, $handle, $barcode) = @_;
    my $card = LibSys::Patron::Card->new($handle);
    $card->LoadByCols(Barcode => $barcode);
    $card->SetLost(1) if $card->id;
    return $card;
}

1;
