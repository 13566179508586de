package LibSys::Search::Query;
# Answers a search from the flat-file index that LibSys::Search::Indexer
# builds.  Returns book ids only: turning ids into objects is the
# caller's business (LibSys::Catalog::Search does it), which keeps this
# package out of Catalog.  Keep it that way.

use strict;
use warnings;
use LibSys::Config;
use LibSys::Log ();
use LibSys::Util qw(trim is_blank paginate);
use LibSys::Search::Indexer qw(tokenize);
use LibSys::FlatFile::Index;

use constant MAX_HITS     => 1000;
use constant PREFIX_TERMS => 50;

our %FIELD_INDEX = (
    keyword => 'search_keyword',
    title   => 'search_title',
    author  => 'search_author',
    subject => 'search_subject',
);

sub new {
    my ($class, %args) = @_;
    my $field = $args{field} || 'keyword';
    $field = 'keyword' unless exists $FIELD_INDEX{$field};
    my $query = trim($args{query});
    my $self = bless {
        query    => $query,
        field    => $field,
        mode     => ($args{mode} || 'and') eq 'or' ? 'or' : 'and',
        truncate => $args{truncate} || $query =~ /\*\s*$/ ? 1 : 0,
    }, $class;
    return $self;
}

sub terms {
    my $self = shift;
    return @{ $self->{terms} ||= [ tokenize($self->{query}) ] };
}

sub term_index {
    my $self = shift;
    return $self->{index} ||= LibSys::FlatFile::Index->new($FIELD_INDEX{ $self->{field} });
}

sub _ids_for_term {
    my ($self, $term, $prefix) = @_;
    my $ix = $self->term_index;
    return $ix->lookup($term) unless $prefix;
    my %ids;
    $ids{$_} = 1 for map { $ix->lookup($_) } $ix->prefix($term, PREFIX_TERMS);
    return keys %ids;
}

sub book_ids {
    my $self = shift;
    return @{ $self->{hits} } if $self->{hits};
    my @terms = $self->terms;
    return () if is_blank($self->{query}) || !@terms;

    my (%score, %matched);
    for my $i (0 .. $#terms) {
        my $prefix = $self->{truncate} && $i == $#terms;
        foreach my $id ($self->_ids_for_term($terms[$i], $prefix)) {
            $score{$id}++;
            $matched{$id}{$i} = 1;
        }
    }
    my @ids = keys %score;
    if ($self->{mode} eq 'and') {
        @ids = grep { keys %{ $matched{$_} } == @terms } @ids;
    }
    @ids = sort { $score{$b} <=> $score{$a} || $b <=> $a } @ids;
    if (@ids > MAX_HITS) {
        LibSys::Log::warn_once('index-too-broad',
            "index search '$self->{query}' matched " . scalar(@ids) . " books");
        splice(@ids, MAX_HITS);
    }
    $self->{hits} = \@ids;
    return @ids;
}

sub count {
    my $self = shift;
    my @ids = $self->book_ids;
    return scalar @ids;
}

sub page {
    my ($self, $page, $per_page) = @_;
    my @ids = $self->book_ids;
    $per_page ||= LibSys::Config::get('search_page_size', 20);
    my $pager = paginate(scalar @ids, $page, $per_page);
    my $last  = $pager->{offset} + $pager->{limit} - 1;
    $last = $#ids if $last > $#ids;
    my @slice = $last >= $pager->{offset} ? @ids[ $pager->{offset} .. $last ] : ();
    return (\@slice, $pager);
}

sub suggest_terms {
    my ($self, $limit) = @_;
    my @terms = $self->terms or return [];
    return [ $self->term_index->prefix($terms[-1], $limit || 10) ];
}

1;
