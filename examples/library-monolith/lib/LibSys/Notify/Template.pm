package LibSys::Notify::Template;
# Tiny [% var %] template engine, because installing Template Toolkit
# on the old Solaris box was "too hard".

use strict;
use warnings;
use LibSys::Config;
use LibSys::Util qw(html_escape format_money format_date);
use LibSys::Log ();

our %CACHE;
our %FILTERS = (
    trim  => \&LibSys::Util::trim,
    html  => \&LibSys::Util::html_escape,
    money => \&LibSys::Util::format_money,
    upper => sub { uc shift },
    lower => sub { lc shift },
);

sub new {
    my ($class, $name) = @_;
    my $self = bless { name => $name }, $class;
    $self->{source} = $class->_read($name);
    return $self;
}

sub _read {
    my ($class, $name) = @_;
    return $CACHE{$name} if exists $CACHE{$name} && !$LibSys::Config::DEBUG;
    my $dir  = LibSys::Config::get('template_dir');
    my $file = "$dir/$name.tmpl";
    local $/;
    open(my $fh, '<', $file) or do {
        LibSys::Log::log_error("template $file: $!");
        return $CACHE{$name} = '';
    };
    my $src = <$fh>;
    close $fh;
    return $CACHE{$name} = $src;
}

sub render {
    my ($self, $vars) = @_;
    my $out = $self->{source};
    $out =~ s{\[%\s*([\w.]+)(?:\s*\|\s*(\w+))?\s*%\]}{ $self->_lookup($vars, $1, $2) }ge;
    return $out;
}

sub _lookup {
    my ($self, $vars, $path, $filter) = @_;
    my $val = $vars;
    foreach my $part (split /\./, $path) {
        if (ref $val eq 'HASH') {
            $val = $val->{$part};
        }
        elsif (ref $val && eval { $val->can($part) }) {
            $val = $val->$part();
        }
        else {
            $val = undef;
            last;
        }
    }
    $val = '' unless defined $val;
    if ($filter) {
        my $f = $FILTERS{$filter};
        $val = $f ? $f->($val) : $val;
    }
    return $val;
}

sub subject_line {
    my $self = shift;
    return $self->{source} =~ /^Subject:\s*(.+)$/m ? $1 : 'Message from the library';
}

1;
