package LibSys::Journals::Issue;
# Issues of a serial title: expected, received, claimed or missing.
# Flat file serial_issues.dat.  When an issue is received, predict_next()
# writes the next expected one, which is how the claims run knows what
# should have arrived by now.

use strict;
use warnings;
use LibSys::Log qw(log_info);
use LibSys::Util qw(:date trim);
use LibSys::FlatFile;
use LibSys::Journals::Title;

our @FIELDS = qw(
    id title_id volume number label expected_on received_on
    status claimed_count note
);
our %STATUS = (
    E => 'Expected',
    R => 'Received',
    C => 'Claimed',
    M => 'Missing',
    X => 'Not published',
);

my $STORE;

sub store {
    return $STORE ||= LibSys::FlatFile->new('serial_issues', fields => \@FIELDS, create => 1);
}

sub new {
    my ($class, %args) = @_;
    my $self = bless { map { $_ => $args{$_} } @FIELDS }, $class;
    $self->{status}        ||= 'E';
    $self->{claimed_count} ||= 0;
    return $self;
}

sub load {
    my ($class, $id) = @_;
    return unless defined $id && $id =~ /^\d+$/;
    my $rec = store()->find(id => $id) or return;
    return $class->new(%$rec);
}

sub for_title {
    my ($class, $title_id, %opt) = @_;
    my $rows = store()->read_all(filter => sub {
        my $r = shift;
        return 0 unless $r->{title_id} && $r->{title_id} == $title_id;
        return $opt{status} ? $r->{status} eq $opt{status} : 1;
    });
    return sort { ($a->{expected_on} || '') cmp ($b->{expected_on} || '') }
           map  { $class->new(%$_) } @$rows;
}

# Issues still outstanding (expected or already claimed) that were due
# before $date.
sub expected_before {
    my ($class, $date) = @_;
    my $rows = store()->read_all(filter => sub {
        my $r = shift;
        return 0 unless $r->{status} eq 'E' || $r->{status} eq 'C';
        return $r->{expected_on} && $r->{expected_on} lt $date;
    });
    return map { $class->new(%$_) } @$rows;
}

sub title {
    my $self = shift;
    return $self->{_title} ||= LibSys::Journals::Title->load($self->{title_id});
}

sub status_label {
    my $self = shift;
    return $STATUS{ $self->{status} } || $self->{status};
}

sub label {
    my $self = shift;
    return $self->{label} if $self->{label};
    my @parts;
    push @parts, "v.$self->{volume}"  if $self->{volume};
    push @parts, "no.$self->{number}" if $self->{number};
    if ($self->{expected_on}) {
        push @parts, '(' . format_date(parse_date($self->{expected_on}), '%b %Y') . ')';
    }
    return join ' ', @parts;
}

sub days_late {
    my ($self, $as_of) = @_;
    return 0 if $self->{status} eq 'R' || !$self->{expected_on};
    my $d = days_between($self->{expected_on}, $as_of || today());
    return $d > 0 ? $d : 0;
}

sub receive {
    my ($self, %opt) = @_;
    return 0 if $self->{status} eq 'R';
    my $when = $opt{date} || today();
    store()->update($self->{id}, status => 'R', received_on => $when, note => trim($opt{note}));
    @{$self}{qw(status received_on)} = ('R', $when);
    log_info("received serial issue $self->{id} (", $self->label, ")");
    $self->predict_next unless $opt{no_predict};
    return 1;
}

sub mark {
    my ($self, $status, $note) = @_;
    die "bad issue status $status" unless exists $STATUS{$status};
    my %change = (status => $status);
    $change{claimed_count} = ++$self->{claimed_count} if $status eq 'C';
    $change{note} = $note if defined $note;
    store()->update($self->{id}, %change);
    $self->{status} = $status;
    return $self;
}

sub predict_next {
    my $self  = shift;
    my $title = $self->title or return;
    my $days  = $title->interval_days or return;    # irregular: nothing to predict
    my $base  = parse_date($self->{expected_on} || today());
    my $next_date = format_date($base + $days * 86400);

    my $per_volume = int(365 / $days) || 1;
    my ($vol, $num) = ($self->{volume} || 1, ($self->{number} || 0) + 1);
    if ($num > $per_volume) {
        $vol++;
        $num = 1;
    }
    my @have = grep { ($_->{expected_on} || '') eq $next_date }
               LibSys::Journals::Issue->for_title($self->{title_id});
    return $have[0] if @have;

    my $next = LibSys::Journals::Issue->new(
        title_id    => $self->{title_id},
        volume      => $vol,
        number      => $num,
        expected_on => $next_date,
    );
    $next->{id} = store()->append({ %$next });
    return $next;
}

1;
