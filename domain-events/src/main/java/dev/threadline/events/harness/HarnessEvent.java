package dev.threadline.events.harness;

/** Every event of a harness names it. */
public interface HarnessEvent {

    HarnessId harnessId();
}
