use strict;
use warnings;

# Deferred notifications.  Rows in notify_queue are drained by
# bin/nightly-fines.  Written in 2017 by someone who liked new syntax.

package LibSys::Notify::Queue {
    use LibSys::DB;
    use LibSys::Log qw(log_error);
    use LibSys::Util qw(is_blank);

    our %CHANNEL_ALIAS = (mail => 'Email', email => 'Email', text => 'SMS');

    sub enqueue {
        my ($class, %msg) = @_;
        return 0 if is_blank($msg{to});
        LibSys::DB::execute(
            'INSERT INTO notify_queue (channel, recipient, template, payload, queued_at) VALUES (?, ?, ?, ?, NOW())',
            $msg{channel} || 'email', $msg{to}, $msg{template}, $msg{payload} || '');
        return 1;
    }

    sub handler_for {
        my ($class, $channel) = @_;
        my $name = $CHANNEL_ALIAS{ lc $channel } || ucfirst lc $channel;
        my $handler = "LibSys::Notify::$name";
        unless (eval "require $handler") {
            log_error("no notify handler for '$channel': $@");
            return;
        }
        return $handler;
    }

    sub drain {
        my ($class, $limit) = @_;
        my $rows = LibSys::DB::select_all(
            'SELECT * FROM notify_queue WHERE sent_at IS NULL ORDER BY queued_at LIMIT ?', $limit || 200);
        my $sent = 0;
        for my $row (@$rows) {
            my $handler = $class->handler_for($row->{channel}) or next;
            my $ok = $handler->new(to => $row->{recipient}, template => $row->{template})->send;
            if ($ok) {
                LibSys::DB::execute('UPDATE notify_queue SET sent_at = NOW() WHERE id = ?', $row->{id});
                $sent++;
            }
        }
        return $sent;
    }
}

1;
