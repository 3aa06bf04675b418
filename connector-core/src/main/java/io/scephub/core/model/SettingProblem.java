package io.scephub.core.model;

/**
 * A validation problem a connector found, located by a path relative to the file's root
 * (e.g. {@code mdm.intune.tenantId} or {@code enrollments[1].challenge}).
 */
public record SettingProblem(String path, String message) {
}
