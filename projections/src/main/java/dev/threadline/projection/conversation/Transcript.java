package dev.threadline.projection.conversation;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** The head of a conversation's transcript: whose it is and which event version its messages reflect. */
@Document(Transcript.COLLECTION)
public record Transcript(@Id String id, String ownerId, long messageCount, boolean deleted, long version) {

    public static final String COLLECTION = "transcripts";
}
