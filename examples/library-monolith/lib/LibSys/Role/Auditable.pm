package LibSys::Role::Auditable;
# Moose role: writes a row to audit_log whenever a consumer calls audit().
# Added in 2014 when we started "moving to Moose".  Two classes moved.

use Moose::Role;
use LibSys::DB;
use LibSys::Util qw(today);

requires 'id';

has 'audit_user' => (
    is      => 'rw',
    isa     => 'Str',
    default => sub { $ENV{REMOTE_USER} || 'system' },
);

sub audit {
    my ($self, $action, $detail) = @_;
    my $class = ref $self;
    (my $entity = $class) =~ s/^LibSys:://;
    LibSys::DB::execute(<<"SQL", $entity, $self->id, $action, $detail || '', $self->audit_user);
INSERT INTO audit_log (entity, entity_id, action, detail, username, logged_at)
VALUES (?, ?, ?, ?, ?, NOW())
SQL
    return 1;
}

sub audit_trail {
    my $self = shift;
    (my $entity = ref $self) =~ s/^LibSys:://;
    return LibSys::DB::select_all(
        'SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY logged_at',
        $entity, $self->id);
}

no Moose::Role;

1;
