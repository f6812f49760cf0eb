package io.ringcast.engine.match;

/**
 * Called by {@link TopicTrie#walk} for each bucket whose pattern matches the walked topic.
 * Implementations run on the match stage's thread, per event, and must not allocate.
 */
interface BucketVisitor
{
    /** Visits one matching bucket. @return how many subscriptions it contributed. */
    int visit(SubscriptionBucket bucket);
}
