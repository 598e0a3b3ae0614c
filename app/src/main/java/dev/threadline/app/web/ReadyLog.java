package dev.threadline.app.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Says, once the server listens, where it is and how to start using it. */
@Component
class ReadyLog implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ReadyLog.class);

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String base = "http://localhost:" + event.getWebServer().getPort();
        log.info("Threadline is listening on {} (health {}/actuator/health, API {}/swagger-ui.html)", base, base, base);
        if (event.getApplicationContext().containsBean("devTokens")) {
            log.info(
                    "Get a development token: curl -X POST {}/api/dev/token -H 'content-type: application/json' -d"
                            + " '{\"userId\":\"alice\"}'",
                    base);
        }
    }
}
