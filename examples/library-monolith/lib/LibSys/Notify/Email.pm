package LibSys::Notify::Email;
# Sends templated email via SMTP.

use strict;
use warnings;
use Net::SMTP;
use LibSys::Config;
use LibSys::Log qw(log_info log_error);
use LibSys::Util qw(trim is_blank);
use LibSys::Notify::Template;

our $SMTP_TIMEOUT = 30;
our $TEST_MODE    = 0;       # set by t/ and by staging
our @SENT;                   # messages captured in test mode

sub new {
    my ($class, %args) = @_;
    my $self = bless {
        from     => $args{from} || LibSys::Config::get('mail_from'),
        to       => trim($args{to}),
        template => $args{template},
        vars     => $args{vars} || {},
        subject  => $args{subject},
    }, $class;
    return $self;
}

sub send {
    my $self = shift;
    if (is_blank($self->{to}) || $self->{to} !~ /\@/) {
        log_error("not sending '$self->{template}': bad address '$self->{to}'");
        return 0;
    }
    my $tmpl = LibSys::Notify::Template->new($self->{template});
    my $body = $tmpl->render({
        %{ $self->{vars} },
        branch => LibSys::Config::get('branch_name'),
    });
    my $subject = $self->{subject} || $tmpl->subject_line;
    $body =~ s/^Subject:.*\n//m;
    return send_raw($self->{to}, $subject, $body, $self->{from});
}

sub send_raw {
    my ($to, $subject, $body, $from) = @_;
    $from ||= $LibSys::Config::SETTINGS{mail_from};

    if ($TEST_MODE) {
        push @SENT, { to => $to, subject => $subject, body => $body };
        return 1;
    }
    my $smtp = Net::SMTP->new($LibSys::Config::SETTINGS{smtp_host}, Timeout => $SMTP_TIMEOUT);
    unless ($smtp) {
        log_error("SMTP connect failed: $@");
        return 0;
    }
    $smtp->mail($from);
    my $ok = $smtp->to($to)
          && $smtp->data
          && $smtp->datasend("From: $from\nTo: $to\nSubject: $subject\n\n")
          && $smtp->datasend($body)
          && $smtp->dataend;
    $smtp->quit;
    $ok ? log_info("mailed '$subject' to $to") : log_error("mail to $to failed");
    return $ok ? 1 : 0;
}

1;

__END__

=head1 NAME

LibSys::Notify::Email - templated notices

=head1 SYNOPSIS

    LibSys::Notify::Email->new(to => $addr, template => 'overdue', vars => {...})->send;

Set C<$LibSys::Notify::Email::TEST_MODE = 1> to capture messages in
C<@LibSys::Notify::Email::SENT> instead of sending them.

=cut
