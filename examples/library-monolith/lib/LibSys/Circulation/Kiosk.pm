package LibSys::Circulation::Kiosk;
# The self-checkout kiosk: a patron scans a card, the kiosk lends.  It
# stamps the card itself instead of asking Patron to.

use strict;
use warnings;
use LibSys::Patron::Card;
use LibSys::Circulation::Loan;
use LibSys::Util qw(today);

sub identify {
    my ($class, $handle, $barcode) = @_;
    my $card = LibSys::Patron::Card->new($handle);
    $card->LoadByCols(Barcode => $barcode);
    return undef unless $card->id && !$card->Lost;
    $card->SetLastUsed(today());
    return $card->PatronId;
}

sub lend {
    my ($class, $handle, $card_barcode, $item_barcode) = @_;
    my $patron_id = $class->identify($handle, $card_barcode);
    return (undef, 'Card not valid') unless $patron_id;
    return LibSys::Circulation::Loan->checkout(patron => $patron_id, barcode => $item_barcode);
}

1;
