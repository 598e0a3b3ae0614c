package dev.threadline.app.skillpack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.command.skillpack.GitHubSettings;
import dev.threadline.command.skillpack.SkillRepoImporter;
import java.net.URI;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Skill import contacts only the configured GitHub hosts (defaults: api.github.com, raw.githubusercontent.com). */
@Configuration(proxyBeanMethods = false)
class SkillImportConfiguration {

    @Bean
    SkillRepoImporter skillRepoImporter(
            @Value("${threadline.skills.github.api-base-url}") URI apiBase,
            @Value("${threadline.skills.github.raw-base-url}") URI rawBase,
            @Value("${threadline.skills.github.token:}") String token,
            @Value("${threadline.skills.github.connect-timeout:5s}") Duration connectTimeout,
            @Value("${threadline.skills.github.timeout:15s}") Duration timeout,
            ObjectMapper json) {
        return new SkillRepoImporter(new GitHubSettings(apiBase, rawBase, token, connectTimeout, timeout), json);
    }
}
