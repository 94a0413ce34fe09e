package dev.moniker.guardrail;

import java.util.List;

/** A pure function from a text to what it finds in it, in order of position. No state, no network. */
public interface Detector {

    List<Finding> find(String text);
}
