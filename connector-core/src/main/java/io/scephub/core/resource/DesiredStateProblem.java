package io.scephub.core.resource;

import java.util.Objects;

/**
 * A desired value the vendor does not accept, found while reading and before anything is written
 * (e.g. a group name that does not exist in the MDM's directory).
 *
 * @param enrollment the enrollment whose value it is, or null for a connector-level setting
 * @param field the field within the enrollment ({@code groups.include[0]}), or, with no
 *        enrollment, the path from the file's root ({@code mdm.workspaceone.organizationGroup})
 * @param message what is wrong and what was expected, without secrets
 */
public record DesiredStateProblem(String enrollment, String field, String message) {
    public DesiredStateProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** A problem with one enrollment's value. */
    public static DesiredStateProblem ofEnrollment(String enrollment, String field, String message) {
        return new DesiredStateProblem(Objects.requireNonNull(enrollment, "enrollment"), field, message);
    }

    /** A problem with a connector-level setting, by its path from the file's root. */
    public static DesiredStateProblem ofSetting(String path, String message) {
        return new DesiredStateProblem(null, path, message);
    }

    @Override
    public String toString() {
        return (enrollment == null ? field : "enrollment '" + enrollment + "' " + field) + ": " + message;
    }
}
