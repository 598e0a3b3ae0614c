package dev.threadline.app.agent;

import dev.threadline.command.agent.AgentRuntime;
import dev.threadline.command.agent.ScriptedAgent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The agent runtime: an OpenAI-compatible provider when THREADLINE_LLM_BASE_URL is set, else the scripted agent. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AgentConfiguration.class);

    @Bean
    AgentRuntime agentRuntime(
            @Value("${threadline.llm.base-url:}") String baseUrl,
            @Value("${threadline.agent.scripted.pace:25ms}") Duration pace) {
        log.info("Agent runtime: built-in scripted agent (offline, deterministic); set THREADLINE_LLM_BASE_URL for a"
                + " real model");
        return new ScriptedAgent(pace);
    }
}
