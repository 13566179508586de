package LibSys::Journals::Title;
# A serial title (journal, magazine, annual report...).
#
# Serials were the first module written for the academic customers
# (2006) and keep their data in flat files under the FlatFile data dir.
# Subscriptions moved to MySQL in 2011 because Billing needed them;
# titles and issues never did.  -- dmorgan

use strict;
use warnings;
use LibSys::Config;
use LibSys::Log qw(log_info log_error);
use LibSys::Util qw(trim is_blank);
use LibSys::FlatFile;
use LibSys::FlatFile::Index;

our @FIELDS = qw(
    id issn title publisher frequency list_price
    vendor vendor_email branch_code status added_on
);

# code => [label, days between issues]
our %FREQUENCY = (
    W => [ 'Weekly',        7 ],
    B => [ 'Fortnightly',  14 ],
    M => [ 'Monthly',      30 ],
    Q => [ 'Quarterly',    91 ],
    S => [ 'Semiannual',  182 ],
    A => [ 'Annual',      365 ],
    I => [ 'Irregular',     0 ],
);

my $STORE;

sub store {
    return $STORE ||= LibSys::FlatFile->new('serial_titles', fields => \@FIELDS, create => 1);
}

sub issn_index {
    return LibSys::FlatFile::Index->new('serial_issn', fold => 0);
}

sub new {
    my ($class, %args) = @_;
    my $self = bless { map { $_ => $args{$_} } @FIELDS }, $class;
    $self->{issn}      = normalize_issn($self->{issn}) if $self->{issn};
    $self->{frequency} = uc($self->{frequency} || 'M');
    $self->{status}  ||= 'ACTIVE';
    return $self;
}

sub load {
    my ($class, $id) = @_;
    return unless defined $id && $id =~ /^\d+$/;
    my $rec = store()->find(id => $id) or return;
    return $class->new(%$rec);
}

sub find_by_issn {
    my ($class, $issn) = @_;
    $issn = normalize_issn($issn) or return;
    my ($id) = issn_index()->lookup($issn);
    return $class->load($id) if $id;
    # index is rebuilt by hand and is often behind; scan the file
    my $rec = store()->find(issn => $issn);
    return $rec ? $class->new(%$rec) : undef;
}

sub all_active {
    my ($class, %opt) = @_;
    my $rows = store()->read_all(filter => sub {
        my $r = shift;
        return 0 unless ($r->{status} || '') eq 'ACTIVE';
        return 0 if $opt{branch} && ($r->{branch_code} || '') ne $opt{branch};
        return 1;
    });
    return sort { lc($a->{title}) cmp lc($b->{title}) } map { $class->new(%$_) } @$rows;
}

sub normalize_issn {
    my $issn = uc trim(shift);
    $issn =~ s/[^0-9X]//g;
    return unless length($issn) == 8;
    return substr($issn, 0, 4) . '-' . substr($issn, 4);
}

sub valid_issn {
    my $issn = normalize_issn(shift) or return 0;
    (my $digits = $issn) =~ s/-//;
    my @d = split //, $digits;
    my $sum = 0;
    $sum += $d[$_] * (8 - $_) for 0 .. 6;
    my $check = (11 - $sum % 11) % 11;
    $check = 'X' if $check == 10;
    return $d[7] eq $check ? 1 : 0;
}

sub frequency_label {
    my $self = shift;
    my $f = $FREQUENCY{ $self->{frequency} };
    return $f ? $f->[0] : "Unknown ($self->{frequency})";
}

sub interval_days {
    my $self = shift;
    my $f = $FREQUENCY{ $self->{frequency} } || $FREQUENCY{M};
    return $f->[1];
}

sub save {
    my $self = shift;
    my @missing = grep { is_blank($self->{$_}) } qw(title frequency);
    if (@missing) {
        log_error("serial title not saved, missing: @missing");
        return;
    }
    if ($self->{issn} && !valid_issn($self->{issn})) {
        log_error("serial title '$self->{title}': bad ISSN $self->{issn}");
        return;
    }
    if ($self->{id}) {
        store()->update($self->{id}, map { $_ => $self->{$_} } grep { $_ ne 'id' } @FIELDS);
    }
    else {
        $self->{added_on} ||= LibSys::Util::today();
        $self->{id} = store()->append({ %$self }) or return;
        log_info("new serial title $self->{id}: $self->{title}");
    }
    if ($self->{issn}) {
        my $ix = issn_index();
        $ix->add($self->{issn}, $self->{id});
        $ix->save;
    }
    return $self->{id};
}

sub cease {
    my ($self, $note) = @_;
    store()->update($self->{id}, status => 'CEASED');
    $self->{status} = 'CEASED';
    log_info("serial title $self->{id} ceased", $note ? ": $note" : '');
    return 1;
}

sub issues {
    my ($self, %opt) = @_;
    require LibSys::Journals::Issue;
    return LibSys::Journals::Issue->for_title($self->{id}, %opt);
}

1;
