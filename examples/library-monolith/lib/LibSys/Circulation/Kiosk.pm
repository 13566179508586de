package LibSys::Circulation::Kiosk;
# The self-checkout kiosk: a patron scans a card, the kiosk lends.  It
# stamps the card itself instead of asking Patron to.

use strict;
use warnings;
use LibSys::Patron::Card;
use LibSys::Util qw(today);

sub identify {
    my ($class, $handle, $barcode) = @_;
    my $card = LibSys::Patron::Card->new($handle);
    $card->LoadByCols(Barcode => $barcode);
    return undef unless $card->id && !$card->Lost;
    $card->SetLastUsed(today());
    return $card->PatronId;
}

1;
