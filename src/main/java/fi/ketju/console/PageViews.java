package fi.ketju.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The overview's refresh requests would otherwise keep a forgotten session alive for ever: the idle timeout
 * (server.servlet.session.timeout) counts from the last page a person opened, which this notes in the session; a
 * refresh after that long ends the session instead of answering.
 */
@Configuration(proxyBeanMethods = false)
class PageViews implements WebMvcConfigurer {

    static final String REFRESH = "/console/overview/figures";
    private static final String LAST_PAGE_VIEW = PageViews.class.getName() + ".lastPageView";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Not the stylesheet and the script either: a browser fetches them side by side while the page's own request may
        // not have saved the session yet, and two requests each adding the attribute to the JDBC session collided (a
        // duplicate key; the script was answered 500).
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.setAttribute(LAST_PAGE_VIEW, Instant.now());
                }
                return true;
            }
        }).addPathPatterns("/console/**").excludePathPatterns(REFRESH, "/console/*.css", "/console/*.js");
    }

    /** Whether the person has opened no page for the session's idle timeout (or never did): then it is ended. */
    static boolean idle(HttpSession session) {
        boolean idle = !(session.getAttribute(LAST_PAGE_VIEW) instanceof Instant last)
                || last.plus(Duration.ofSeconds(session.getMaxInactiveInterval())).isBefore(Instant.now());
        if (idle) {
            session.invalidate();
        }
        return idle;
    }
}
