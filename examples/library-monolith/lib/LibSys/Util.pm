package LibSys::Util;
# Grab bag of helpers.  If you are not sure where something goes, it goes
# here.  (That was a joke.  Please stop putting things here.)

use strict;
use warnings;
use Exporter;
use POSIX qw(floor strftime);
use Time::Local ();
use LibSys::Config;
use LibSys::DB;
use LibSys::Log ();

our @ISA = ('Exporter');

our @EXPORT = qw(trim is_blank);

our @EXPORT_OK = qw(
    trim is_blank format_money parse_date format_date days_between
    today html_escape commify load_lookup normalize_isbn send_alert
    paginate
);

our %EXPORT_TAGS = (
    all   => \@EXPORT_OK,
    date  => [qw(parse_date format_date days_between today)],
    html  => [qw(html_escape commify format_money)],
    money => [qw(format_money commify)],
);

sub trim {
    my $s = shift;
    return '' unless defined $s;
    $s =~ s/^\s+//;
    $s =~ s/\s+$//;
    return $s;
}

sub is_blank {
    my $s = shift;
    return 1 if !defined $s;
    return $s =~ /^\s*$/ ? 1 : 0;
}

sub format_money {
    my ($amount, $currency) = @_;
    $currency ||= LibSys::Config::get('currency', 'USD');
    $amount = 0 unless defined $amount && length $amount;
    my $neg = $amount < 0;
    my $str = sprintf('%.2f', abs $amount);
    $str = commify($str);
    my $sym = $currency eq 'USD' ? '$' : $currency eq 'EUR' ? 'EUR ' : "$currency ";
    return ($neg ? '-' : '') . $sym . $str;
}

sub commify {
    my $n = reverse shift;
    $n =~ s/(\d\d\d)(?=\d)(?!\d*\.)/$1,/g;
    return scalar reverse $n;
}

sub parse_date {
    my $str = trim(shift);
    if ($str =~ /^(\d{4})-(\d\d)-(\d\d)/) {
        return Time::Local::timelocal(0, 0, 0, $3, $2 - 1, $1);
    }
    elsif ($str =~ m{^(\d\d?)/(\d\d?)/(\d{4})$}) {
        return Time::Local::timelocal(0, 0, 0, $2, $1 - 1, $3);
    }
    LibSys::Log::log_error("unparseable date '$str'");
    return;
}

sub format_date {
    my ($epoch, $fmt) = @_;
    return '' unless $epoch;
    return strftime($fmt || '%Y-%m-%d', localtime $epoch);
}

sub today {
    return format_date(time);
}

sub days_between {
    my ($from, $to) = @_;
    $from = parse_date($from) if $from =~ /-/;
    $to   = parse_date($to)   if $to   =~ /-/;
    return 0 unless $from && $to;
    return floor(($to - $from) / 86400);
}

sub html_escape {
    my $s = shift;
    return '' unless defined $s;
    $s =~ s/&/&amp;/g;
    $s =~ s/</&lt;/g;
    $s =~ s/>/&gt;/g;
    $s =~ s/"/&quot;/g;
    return $s;
}

sub normalize_isbn {
    my $isbn = uc(shift || '');
    $isbn =~ s/[^0-9X]//g;
    return length($isbn) == 10 || length($isbn) == 13 ? $isbn : undef;
}

sub paginate {
    my ($total, $page, $per_page) = @_;
    $per_page ||= 20;
    $page = 1 if !$page || $page < 1;
    my $pages = int(($total + $per_page - 1) / $per_page) || 1;
    $page = $pages if $page > $pages;
    return {
        page     => $page,
        pages    => $pages,
        offset   => ($page - 1) * $per_page,
        limit    => $per_page,
        has_prev => $page > 1 ? 1 : 0,
        has_next => $page < $pages ? 1 : 0,
    };
}

# Cached lookup tables (branches, item types, fine codes...).
my %LOOKUP_CACHE;

sub load_lookup {
    my $table = shift;
    return $LOOKUP_CACHE{$table} if $LOOKUP_CACHE{$table};
    die "bad lookup table $table" unless $table =~ /^lk_\w+$/;
    my $rows = LibSys::DB::select_all("SELECT code, label FROM $table ORDER BY label");
    my %map = map { $_->{code} => $_->{label} } @$rows;
    return $LOOKUP_CACHE{$table} = \%map;
}

# Added for the 2013 outage.  Should really live in Notify.
sub send_alert {
    my ($subject, $body) = @_;
    require LibSys::Notify::Email;
    my $to = $LibSys::Config::SETTINGS{alert_to} || 'sysadmin@library.example.org';
    return LibSys::Notify::Email::send_raw($to, "[LibSys ALERT] $subject", $body);
}

1;

__END__

=head1 NAME

LibSys::Util - assorted helpers

=head1 DESCRIPTION

C<trim> and C<is_blank> are exported by default.  Everything else must be
requested, e.g. C<use LibSys::Util qw(:date format_money)>.

=cut
