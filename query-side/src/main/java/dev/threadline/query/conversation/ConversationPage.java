package dev.threadline.query.conversation;

import java.util.List;

/** One page of the conversation list; pass {@code nextCursor} back as {@code cursor} for the next (null: no more). */
record ConversationPage(List<ConversationView> items, String nextCursor) {}
