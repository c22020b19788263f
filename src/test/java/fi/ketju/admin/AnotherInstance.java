package fi.ketju.admin;

import static org.awaitility.Awaitility.await;

import fi.ketju.audit.SingletonLocks;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Another hub instance on the shared database (issue 15) that has claimed the next version of a route or mapping
 * and is still putting it in force (its transaction open) when this instance's deploy, checked against the version
 * before, comes in.
 */
record AnotherInstance(PlatformTransactionManager transactions) {

    /** What this instance answers to {@code ours}, sent while {@code theirs} is recorded but not yet committed. */
    HttpResponse<String> deploysFirst(Runnable theirs, Supplier<HttpResponse<String>> ours) throws InterruptedException, ExecutionException {
        AtomicReference<CompletableFuture<HttpResponse<String>>> answer = new AtomicReference<>();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            theirs.run();
            answer.set(CompletableFuture.supplyAsync(ours));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> answer.get().isDone() || aDeployWaitsForTheLock());
        });
        return answer.get().get();
    }

    /** Whether a deploy here has read the version in force it was checked against and waits for the lock this transaction holds. */
    private static boolean aDeployWaitsForTheLock() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack ->
                Arrays.stream(stack).anyMatch(frame -> frame.getClassName().endsWith(SingletonLocks.class.getSimpleName())
                        && frame.getMethodName().equals("lock"))
                && Arrays.stream(stack).anyMatch(frame -> frame.getClassName().endsWith("Administration")
                        && frame.getMethodName().equals("deploy")));
    }
}
