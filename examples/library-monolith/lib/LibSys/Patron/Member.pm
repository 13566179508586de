package LibSys::Patron::Member;
# A library card holder.  Table `patrons`.

use strict;
use warnings;
use base qw(LibSys::Base);
use LibSys::DB;
use LibSys::Config;
use LibSys::Log qw(log_info warn_once);
use LibSys::Util qw(:all);
use LibSys::Patron::Address;

our @ISA;
push @ISA, 'LibSys::Patron::Address';    # for mailing_label(), see Address.pm

$LibSys::Base::TABLE_FOR{'LibSys::Patron::Member'} = 'patrons';

our @FIELDS = qw(card_number first_name last_name email phone category blocked expires_on);
our %CATEGORY = (ADU => 'Adult', JUV => 'Juvenile', SEN => 'Senior', STF => 'Staff');

# Generate real accessors so AUTOLOAD doesn't have to.
{
    no strict 'refs';
    foreach my $field (@FIELDS) {
        *{"LibSys::Patron::Member::$field"} = sub {
            my $self = shift;
            if (@_) {
                $self->{$field} = shift;
                $self->{_dirty}{$field} = 1;
            }
            return $self->{$field};
        };
    }
}

sub id { $_[0]->{id} }

sub find_by_card {
    my ($class, $card) = @_;
    $card = trim($card);
    $card =~ s/\s+//g;
    return if is_blank($card);
    my $row = LibSys::DB::select_row('SELECT * FROM patrons WHERE card_number = ?', $card);
    return $row ? $class->new($row) : undef;
}

sub register {
    my ($class, %args) = @_;
    my @missing = grep { is_blank($args{$_}) } qw(first_name last_name);
    return (undef, 'Missing: ' . join(', ', @missing)) if @missing;

    my $self = LibSys::Patron::Member->new(
        %args,
        category    => $args{category} || 'ADU',
        blocked     => 0,
        card_number => $args{card_number} || $class->next_card_number,
        expires_on  => format_date(time + 3 * 365 * 86400),
    );
    $self->save or return (undef, 'Database error');
    log_info("registered patron ", $self->id, " card ", $self->card_number);
    return ($self, undef);
}

sub next_card_number {
    my $row = LibSys::DB::select_row('SELECT MAX(card_number) AS m FROM patrons');
    my $n = ($row && $row->{m}) ? $row->{m} + 1 : 21000000000001;
    return $n;
}

sub display_name {
    my $self = shift;
    return html_escape(join ' ', grep { defined } $self->first_name, $self->last_name);
}

sub category_label {
    my $self = shift;
    return $CATEGORY{ $self->category || 'ADU' } || 'Adult';
}

sub is_expired {
    my $self = shift;
    return 0 unless $self->expires_on;
    return $self->expires_on lt today() ? 1 : 0;
}

sub is_blocked {
    my $self = shift;
    return 1 if $self->blocked;
    return 1 if $self->is_expired && !$LibSys::Config::SETTINGS{allow_expired};
    return 0;
}

sub loan_count {
    my $self = shift;
    my $row = LibSys::DB::select_row(<<"SQL", $self->id);
SELECT COUNT(*) AS n FROM loans WHERE patron_id = ? AND returned_on IS NULL
SQL
    return $row ? $row->{n} : 0;
}

sub address {
    my $self = shift;
    return $self->{_address} ||= LibSys::Patron::Address->for_patron($self->id);
}

1;
