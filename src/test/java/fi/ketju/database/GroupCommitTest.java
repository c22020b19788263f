package fi.ketju.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** Numbers each write as it begins, and remembers the highest number that has ended. */
    static final class NumberedWrites implements GroupCommit.Write {
        final AtomicLong begun = new AtomicLong();
        final AtomicLong highestEnded = new AtomicLong();

        @Override
        public void run() throws Exception {
            long number = begun.incrementAndGet();
            Thread.sleep(1);
            highestEnded.accumulateAndGet(number, Math::max);
        }
    }

    @Test
    void aLoneCommitterIsWrittenAtOnceEvenRightAfterAWrite() {
        NumberedWrites writes = new NumberedWrites();
        GroupCommit groupCommit = new GroupCommit(writes, Duration.ofHours(1), () -> false);

        // Were it to wait for the spacing with nobody else to join, the second call would take an hour.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            groupCommit.awaitDurable();
            groupCommit.awaitDurable();
        });

        assertThat(writes.highestEnded).hasValue(2);
        assertThat(groupCommit.writes()).isEqualTo(2);
        assertThat(groupCommit.commits()).isEqualTo(2);
    }

    @Test
    void everyCallReturnsOnlyAfterAWriteThatBeganAfterItAndCommitsShareWrites() throws Exception {
        NumberedWrites writes = new NumberedWrites();
        GroupCommit groupCommit = new GroupCommit(writes, Duration.ofMillis(2), () -> true);
        AtomicInteger tooEarly = new AtomicInteger();
        int threads = 16;
        int commitsEach = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> committers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                committers.add(pool.submit(() -> {
                    for (int i = 0; i < commitsEach; i++) {
                        // A write already under way when the commit was done may have missed it.
                        long begunBefore = writes.begun.get();
                        groupCommit.awaitDurable();
                        if (writes.highestEnded.get() <= begunBefore) {
                            tooEarly.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> committer : committers) {
                committer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(tooEarly).as("calls that returned before a write begun after them had ended").hasValue(0);
        assertThat(groupCommit.commits()).isEqualTo(threads * commitsEach);
        assertThat(groupCommit.writes()).as("writes for %d commits", threads * commitsEach)
                .isEqualTo(writes.begun.get())
                .isLessThan(threads * commitsEach / 4);
    }

    @Test
    void aFailedWriteFailsItsWriterAndTheNextCallWritesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GroupCommit groupCommit = new GroupCommit(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.io.IOException("disk full");
            }
        }, Duration.ZERO, () -> false);

        assertThatThrownBy(groupCommit::awaitDurable).hasMessage("disk full");
        assertThat(groupCommit.commits()).isZero();

        groupCommit.awaitDurable();
        assertThat(calls).hasValue(2);
        assertThat(groupCommit.commits()).isEqualTo(2);
        assertThat(groupCommit.writes()).isEqualTo(1);
    }
}
