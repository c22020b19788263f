package fi.ketju.message;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * The ids the hub makes up for messages and chains: time-ordered UUIDs (RFC 9562 version 7), so that each new row
 * lands at the end of every index keyed by one (the message, its body, deliveries, measure facts, audit events by
 * message or chain) instead of on a random page of it. With random ids each insert read and rewrote a page anywhere in
 * those indexes, which outgrow the database's page cache within hours. An id says when it was made, to the
 * millisecond, which the message's acceptance time says anyway; nothing about the person.
 */
public final class MessageIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private MessageIds() {
    }

    public static UUID next() {
        return GENERATOR.generate();
    }
}
