package dev.threadline.projection.conversation;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A message a rewind took out of its transcript ({@code rewindVersion}: the rewind's version), kept as it was so that
 * undoing the rewind can put it back. The transcript query never reads these.
 */
@Document(RewoundMessage.COLLECTION)
public record RewoundMessage(@Id String id, String conversationId, long rewindVersion, TranscriptMessage message) {

    public static final String COLLECTION = "transcript_rewound_messages";
}
