package dev.threadline.events.harness;

/** How a harness's sandbox is set up. Owner infrastructure: never shown to anyone else. */
public record SandboxConfig(
        Boolean persistent,
        Boolean autoStart,
        String defaultLanguage,
        String resourceTier,
        String snapshotId,
        String gitRepo,
        Boolean networkRestricted) {}
