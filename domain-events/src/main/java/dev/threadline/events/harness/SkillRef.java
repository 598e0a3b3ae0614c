package dev.threadline.events.harness;

import java.util.Objects;

/** A skill a harness or a skill pack uses: its catalogue name ({@code owner/repo/skillId}) and a description. */
public record SkillRef(String name, String description) {

    public SkillRef {
        Objects.requireNonNull(name, "name");
    }
}
