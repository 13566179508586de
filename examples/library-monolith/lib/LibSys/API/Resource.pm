package LibSys::API::Resource;
# Moose role for the JSON API resources (2019).  A resource says how to
# fetch one record, list many and flatten a record into a hash; the role
# does paging, 404s and the response envelope.

use Moose::Role;
use LibSys::Util qw(paginate is_blank);

# fetch/list/to_hash come from the resource; the rest from LibSys::API::Base
requires qw(fetch list to_hash json_response error param);

has 'max_per_page' => (is => 'ro', isa => 'Int', default => 100);

sub render_one {
    my ($self, $id) = @_;
    return $self->error(400, 'missing id') if is_blank($id);
    my $obj = $self->fetch($id) or return $self->error(404, 'not found');
    return $self->json_response(200, { data => $self->to_hash($obj) });
}

sub render_list {
    my $self = shift;
    my $per  = $self->param('per_page') || 25;
    $per = $self->max_per_page if $per !~ /^\d+$/ || $per > $self->max_per_page;
    my @all   = $self->list;
    my $pager = paginate(scalar @all, $self->param('page') || 1, $per);
    my $last  = $pager->{offset} + $pager->{limit} - 1;
    $last = $#all if $last > $#all;
    my @page  = $last >= $pager->{offset} ? @all[ $pager->{offset} .. $last ] : ();
    return $self->json_response(200, {
        data => [ map { $self->to_hash($_) } @page ],
        meta => { page => $pager->{page}, pages => $pager->{pages}, total => scalar @all },
    });
}

# Never leak the hash-object internals (_dirty, _patron, ...).
around 'to_hash' => sub {
    my ($orig, $self, $obj) = @_;
    my $h = $self->$orig($obj);
    delete $h->{$_} for grep { /^_/ } keys %$h;
    $h->{type} = lc((split /::/, ref $self)[-1]);
    return $h;
};

no Moose::Role;

1;
