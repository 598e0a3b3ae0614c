package dev.threadline.app.agent;

import dev.threadline.command.agent.AgentRuntime;
import dev.threadline.command.agent.OpenAiCompatibleAgent;
import dev.threadline.command.agent.OpenAiCompatibleSettings;
import dev.threadline.command.agent.ScriptedAgent;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The agent runtime: an OpenAI-compatible provider when THREADLINE_LLM_BASE_URL is set, else the scripted agent. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AgentConfiguration.class);

    @Bean
    AgentRuntime agentRuntime(
            @Value("${threadline.llm.base-url:}") String baseUrl,
            @Value("${threadline.llm.api-key:}") String apiKey,
            @Value("${threadline.llm.model:gpt-4o-mini}") String model,
            @Value("${threadline.llm.connect-timeout:5s}") Duration connectTimeout,
            @Value("${threadline.llm.response-timeout:60s}") Duration responseTimeout,
            @Value("${threadline.agent.scripted.pace:25ms}") Duration pace,
            WebClient.Builder webClients) {
        if (baseUrl.isBlank()) {
            log.info("Agent runtime: built-in scripted agent (offline, deterministic); set THREADLINE_LLM_BASE_URL for"
                    + " a real model");
            return new ScriptedAgent(pace);
        }
        log.info("Agent runtime: OpenAI-compatible provider at {} (default model {})", baseUrl, model);
        return new OpenAiCompatibleAgent(
                new OpenAiCompatibleSettings(
                        URI.create(baseUrl), apiKey.isBlank() ? null : apiKey, model, connectTimeout, responseTimeout),
                webClients);
    }
}
