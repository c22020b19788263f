package fi.ketju.fhir.peer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A stock HAPI FHIR JPA server, R4, at http://localhost:{port}/fhir: every resource type's REST interactions and
 * the system-level ones (transaction, batch) as HAPI's JPA server has them, nothing of Ketju's.
 * Usage: JpaPeer &lt;port&gt; [&lt;pid&gt;]: ready once GET /fhir/metadata answers; gone when process pid is (the test
 * that started it, however that ends).
 */
public final class JpaPeer {

    private JpaPeer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        if (args.length > 1) {
            ProcessHandle.of(Long.parseLong(args[1])).ifPresent(starter -> starter.onExit().thenRun(() -> System.exit(0)));
        }
        long started = System.nanoTime();
        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(PeerConfiguration.class);

        RestfulServer fhir = new RestfulServer(spring.getBean(FhirContext.class));
        fhir.registerProviders(spring.getBean(ResourceProviderFactory.class).createProviders());
        fhir.registerProvider(spring.getBean(JpaSystemProvider.class));
        fhir.setPagingProvider(spring.getBean(DatabaseBackedPagingProvider.class));

        Server jetty = new Server(port);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        jetty.setHandler(context);
        jetty.start();
        System.out.printf("HAPI FHIR JPA server at http://localhost:%d/fhir, started in %d ms%n",
                port, (System.nanoTime() - started) / 1_000_000);
        jetty.join();
    }
}
