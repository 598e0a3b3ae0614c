package dev.threadline.command.skillpack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.events.DomainException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports the skills of a public GitHub repository (DOMAIN.md §3.7): finds every {@code SKILL.md} directly under
 * {@code skills/}, {@code .agents/skills/} or {@code .claude/skills/} on {@code main} (else {@code master}), reads
 * at most {@value #MAX_SKILLS} of them, {@value #CONCURRENCY} at a time, and the repository's AGENTS.md and
 * CLAUDE.md. It contacts only the pinned GitHub hosts.
 */
public class SkillRepoImporter {

    static final int MAX_SKILLS = 60;
    static final int CONCURRENCY = 4;
    static final int MAX_SKILL_ID_LENGTH = 80;
    static final int MAX_TREE_BYTES = 10 * 1024 * 1024;
    static final int MAX_FILE_BYTES = 256 * 1024;
    static final List<String> BRANCHES = List.of("main", "master");
    static final List<String> SKILL_BASES = List.of("skills", ".agents/skills", ".claude/skills");

    private static final Pattern SOURCE = Pattern.compile("[\\w.-]+/[\\w.-]+");
    private static final Pattern URL_PREFIX = Pattern.compile("(?i)^https?://github\\.com/");
    static final String BAD_SOURCE = "Enter a GitHub repo as owner/repo (e.g. greensock/gsap-skills).";

    /** One imported skill: catalogue name {@code owner/repo/id}, its description and its SKILL.md. */
    public record ImportedSkill(String name, String description, String detail) {}

    /** What an import found: skills sorted by name, the top-level markdown files, and how many were found. */
    public record SkillRepoImport(
            String source,
            List<ImportedSkill> skills,
            String agentsMd,
            String claudeMd,
            int discovered,
            int imported) {}

    private final PinnedHostClient client;
    private final GitHubSettings settings;
    private final ObjectMapper json;

    public SkillRepoImporter(GitHubSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.client = new PinnedHostClient(settings);
        this.json = json;
    }

    /** Blocking. Refusals are {@link DomainException}s with messages meant for the person importing. */
    public SkillRepoImport importRepo(String input) {
        String source = normalize(input);
        String owner = source.substring(0, source.indexOf('/'));
        String repo = source.substring(source.indexOf('/') + 1);
        Tree tree = tree(owner, repo);
        List<String> ids = skillIds(tree.paths());
        if (ids.isEmpty()) {
            throw DomainException.notFound(
                    "No skills found in %s. Expected SKILL.md files at skills/<name>/SKILL.md.".formatted(source));
        }
        List<String> chosen = ids.stream().sorted().limit(MAX_SKILLS).toList();
        List<ImportedSkill> skills = fetchSkills(owner, repo, tree, chosen, source);
        return new SkillRepoImport(
                source,
                skills.stream()
                        .sorted(Comparator.comparing(ImportedSkill::name))
                        .toList(),
                raw(owner, repo, tree.branch(), List.of("AGENTS.md")),
                raw(owner, repo, tree.branch(), List.of("CLAUDE.md")),
                ids.size(),
                skills.size());
    }

    /** {@code owner/repo} from what a person typed; anything else is refused with {@link #BAD_SOURCE}. */
    static String normalize(String input) {
        if (input == null) {
            throw DomainException.invalid(BAD_SOURCE);
        }
        String source = URL_PREFIX.matcher(input.strip()).replaceFirst("");
        source = source.replaceAll("/+$", "");
        if (source.endsWith(".git")) {
            source = source.substring(0, source.length() - 4);
        }
        source = source.replaceAll("/+$", "");
        if (!SOURCE.matcher(source).matches()) {
            throw DomainException.invalid(BAD_SOURCE);
        }
        for (String segment : source.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw DomainException.invalid(BAD_SOURCE);
            }
        }
        return source;
    }

    /** Skill ids: directories holding a SKILL.md right under one of the skill bases; ids safe as a directory name. */
    static List<String> skillIds(List<String> paths) {
        List<String> ids = new ArrayList<>();
        for (String path : paths) {
            for (String base : SKILL_BASES) {
                String prefix = base + "/";
                if (path.startsWith(prefix) && path.endsWith("/SKILL.md")) {
                    String id = path.substring(prefix.length(), path.length() - "/SKILL.md".length());
                    if (isSafeId(id) && !ids.contains(id)) {
                        ids.add(id);
                    }
                }
            }
        }
        return ids;
    }

    static boolean isSafeId(String id) {
        return !id.isEmpty()
                && id.length() <= MAX_SKILL_ID_LENGTH
                && !id.contains("/")
                && !id.contains("\\")
                && !id.equals(".")
                && !id.equals("..");
    }

    private record Tree(String branch, List<String> paths) {}

    private Tree tree(String owner, String repo) {
        boolean rateLimited = false;
        for (String branch : BRANCHES) {
            PinnedHostClient.Answer answer = client.get(
                    settings.apiBase(),
                    List.of("repos", owner, repo, "git", "trees", branch),
                    "recursive=1",
                    MAX_TREE_BYTES);
            if (answer.status() == 429 || (answer.status() == 403 && "0".equals(answer.rateLimitRemaining()))) {
                rateLimited = true;
                break;
            }
            if (answer.status() == 200 && answer.body() != null) {
                List<String> paths = new ArrayList<>();
                for (JsonNode entry : parse(answer.body()).path("tree")) {
                    if ("blob".equals(entry.path("type").asText())) {
                        paths.add(entry.path("path").asText());
                    }
                }
                return new Tree(branch, paths);
            }
            if (answer.status() >= 500) {
                throw new DomainException(
                        DomainException.Code.UPSTREAM_FAILED,
                        "GitHub answered %d; try again later".formatted(answer.status()));
            }
        }
        if (rateLimited) {
            throw new DomainException(
                    DomainException.Code.RATE_LIMITED,
                    "GitHub's rate limit for anonymous requests is used up. Try again later, or ask the operator to set"
                            + " GITHUB_TOKEN (5,000 requests an hour).");
        }
        throw DomainException.notFound("Couldn't find a public GitHub repo %s/%s.".formatted(owner, repo));
    }

    private List<ImportedSkill> fetchSkills(String owner, String repo, Tree tree, List<String> ids, String source) {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<ImportedSkill>> pending = new ArrayList<>();
            for (String id : ids) {
                pending.add(pool.submit(() -> fetchSkill(owner, repo, tree, id, source)));
            }
            List<ImportedSkill> skills = new ArrayList<>();
            for (Future<ImportedSkill> skill : pending) {
                ImportedSkill found = skill.get();
                if (found != null) {
                    skills.add(found);
                }
            }
            return skills;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DomainException refusal) {
                throw refusal;
            }
            throw new DomainException(DomainException.Code.UPSTREAM_FAILED, "Reading the skills from GitHub failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainException(DomainException.Code.UPSTREAM_FAILED, "Interrupted while reading the skills");
        } finally {
            pool.shutdownNow();
        }
    }

    private ImportedSkill fetchSkill(String owner, String repo, Tree tree, String id, String source) {
        for (String base : SKILL_BASES) {
            if (!tree.paths().contains(base + "/" + id + "/SKILL.md")) {
                continue;
            }
            List<String> path = new ArrayList<>(List.of(base.split("/")));
            path.add(id);
            path.add("SKILL.md");
            String markdown = raw(owner, repo, tree.branch(), path);
            if (markdown != null) {
                return new ImportedSkill(source + "/" + id, frontMatter(markdown, "description"), markdown);
            }
        }
        return null;
    }

    /** A file from the raw host, or null when absent. */
    private String raw(String owner, String repo, String branch, List<String> path) {
        List<String> segments = new ArrayList<>(List.of(owner, repo, branch));
        segments.addAll(path);
        PinnedHostClient.Answer answer = client.get(settings.rawBase(), segments, null, MAX_FILE_BYTES);
        return answer.status() == 200 ? answer.body() : null;
    }

    /** A field of the YAML front matter ({@code ---} … {@code ---}) at the top of a SKILL.md, unquoted; or null. */
    static String frontMatter(String markdown, String field) {
        String[] lines = markdown.replace("\r\n", "\n").split("\n");
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            return null;
        }
        Pattern line = Pattern.compile("^" + Pattern.quote(field) + "\\s*:\\s*(.*)$");
        for (int i = 1; i < lines.length && !lines[i].strip().equals("---"); i++) {
            Matcher matcher = line.matcher(lines[i]);
            if (matcher.matches()) {
                String value = matcher.group(1).strip();
                if (value.length() >= 2
                        && (value.startsWith("\"") && value.endsWith("\"")
                                || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new DomainException(DomainException.Code.UPSTREAM_FAILED, "GitHub answered something unreadable");
        }
    }
}
