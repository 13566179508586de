package LibSys::DB;
# Shared database handle.  Every module reaches in here; nobody passes
# a $dbh around.  See ticket #212 for the abandoned "DAO layer" plan.

use strict;
use warnings;
use DBI;
use LibSys::Config;
use LibSys::Log qw(log_error log_debug);

our $DBH;
our $QUERY_COUNT = 0;

sub dbh {
    if ($DBH && $DBH->ping) {
        return $DBH;
    }
    my $dsn  = LibSys::Config::get('db_dsn');
    my $user = LibSys::Config::get('db_user');
    my $pass = LibSys::Config::get('db_pass');

    $DBH = DBI->connect($dsn, $user, $pass, {
        RaiseError => 0,
        PrintError => 0,
        AutoCommit => 1,
    });
    unless ($DBH) {
        log_error("cannot connect to $dsn: ", $DBI::errstr);
        die "Database unavailable\n";
    }
    $DBH->do('SET NAMES utf8') if $dsn =~ /mysql/;
    return $DBH;
}

sub select_row {
    my ($sql, @bind) = @_;
    $QUERY_COUNT++;
    log_debug("SQL: $sql [", join(',', map { defined $_ ? $_ : 'NULL' } @bind), "]");
    my $row = dbh()->selectrow_hashref($sql, undef, @bind);
    log_error("select_row failed: ", dbh()->errstr) if dbh()->err;
    return $row;
}

sub select_all {
    my ($sql, @bind) = @_;
    $QUERY_COUNT++;
    log_debug("SQL: $sql");
    my $rows = dbh()->selectall_arrayref($sql, { Slice => {} }, @bind);
    return $rows || [];
}

sub execute {
    my ($sql, @bind) = @_;
    $QUERY_COUNT++;
    my $rv = dbh()->do($sql, undef, @bind);
    if (!defined $rv) {
        log_error("execute failed: ", dbh()->errstr, " -- $sql");
        return;
    }
    return $rv;
}

sub last_insert_id {
    my $table = shift;
    return dbh()->last_insert_id(undef, undef, $table, undef);
}

sub txn {
    my ($code) = @_;
    my $dbh = dbh();
    local $dbh->{AutoCommit} = 0;
    local $dbh->{RaiseError} = 1;
    my @result = eval { $code->() };
    if ($@) {
        my $err = $@;
        eval { $dbh->rollback };
        log_error("transaction rolled back: $err");
        return;
    }
    $dbh->commit;
    return wantarray ? @result : $result[0];
}

sub disconnect {
    $DBH->disconnect if $DBH;
    undef $DBH;
}

1;

__END__

=head1 NAME

LibSys::DB - the one true database handle

=head1 SYNOPSIS

    my $row = LibSys::DB::select_row('SELECT * FROM books WHERE id = ?', $id);
    LibSys::DB::execute('UPDATE loans SET returned_on = NOW() WHERE id = ?', $loan_id);

=head1 CAVEATS

C<txn> does not nest.  Do not call it from inside another C<txn>.

=cut
