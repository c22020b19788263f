package fi.ketju.database;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Many committers, one write: a caller whose commit is done asks {@link #awaitDurable()}, and returns once a write
 * that began after its request has ended. The first caller to find no write under way does it for all who are
 * waiting then, so under load one write covers many commits. When other transactions that wrote are still under way
 * (their commits may follow at once), it waits until {@code spacing} has passed since the previous write began, so
 * that they can join it; a lone committer, or one whose previous write began longer ago, writes at once (PostgreSQL's
 * commit_delay and commit_siblings, in short). A failed write fails its writer only; those waiting try again.
 */
final class GroupCommit {

    /** The write that makes every commit done before it began durable. */
    @FunctionalInterface
    interface Write {
        void run() throws Exception;
    }

    private final Write write;
    private final long spacingNanos;
    private final BooleanSupplier othersUnderWay;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writeEnded = lock.newCondition();
    private long requested;
    private boolean writing;
    private long lastWriteBegan = System.nanoTime() - Long.MAX_VALUE / 2;
    // Changed under the lock; volatile for the counts read without it.
    private volatile long durable;
    private volatile long writes;

    GroupCommit(Write write, Duration spacing, BooleanSupplier othersUnderWay) {
        this.write = write;
        this.spacingNanos = spacing.toNanos();
        this.othersUnderWay = othersUnderWay;
    }

    /** Returns once every commit this thread finished before calling it is durable. */
    void awaitDurable() throws Exception {
        lock.lock();
        try {
            long ticket = ++requested;
            while (durable < ticket) {
                if (writing) {
                    writeEnded.awaitUninterruptibly();
                } else {
                    writeFor();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Commits made durable so far. */
    long commits() {
        return durable;
    }

    /** Writes done so far: fewer than the commits they made durable when commits come together. */
    long writes() {
        return writes;
    }

    /** Called holding the lock; holds it again on return. */
    private void writeFor() throws Exception {
        writing = true;
        long covered = 0;
        boolean written = false;
        try {
            long pause = lastWriteBegan + spacingNanos - System.nanoTime();
            if (pause > 0 && othersUnderWay.getAsBoolean()) {
                lock.unlock();
                try {
                    LockSupport.parkNanos(pause);
                } finally {
                    lock.lock();
                }
            }
            // Every ticket taken so far belongs to a commit already done: this write covers them all.
            covered = requested;
            lastWriteBegan = System.nanoTime();
            lock.unlock();
            try {
                write.run();
                written = true;
            } finally {
                lock.lock();
            }
        } finally {
            writing = false;
            if (written) {
                durable = Math.max(durable, covered);
                writes++;
            }
            writeEnded.signalAll();
        }
    }
}
