package io.scephub.core.resource;

import java.util.List;

/**
 * What a connector found: the objects it owns, notices for the plan (e.g. an unmanaged object
 * with a colliding name, which is reported and never touched), and desired values the vendor
 * does not accept (e.g. unknown group names), which stop the plan before anything is applied, and
 * the objects that carry a marker another object carries too (which {@code validate --online} fails).
 */
public record ReadResult(List<ActualResource> resources, List<String> notices, List<DesiredStateProblem> problems,
                         List<OwnedIndex.Duplicate> duplicates) {
    public ReadResult {
        resources = List.copyOf(resources);
        notices = List.copyOf(notices);
        problems = List.copyOf(problems);
        duplicates = List.copyOf(duplicates);
    }

    public ReadResult(List<ActualResource> resources, List<String> notices, List<DesiredStateProblem> problems) {
        this(resources, notices, problems, List.of());
    }

    public ReadResult(List<ActualResource> resources, List<String> notices) {
        this(resources, notices, List.of());
    }

    public static ReadResult of(List<ActualResource> resources) {
        return new ReadResult(resources, List.of(), List.of());
    }
}
