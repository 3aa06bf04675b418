package io.scephub.core.model;

/**
 * The longest names a vendor accepts, as its connector declares them: for the objects scephub names
 * ({@code scephub <enrollment>}) and for the groups an enrollment names. {@code source} says where the
 * vendor publishes each limit, or that it is unverified; {@code vendor} and {@code objectWord} word the message.
 */
public record NameLimits(String vendor, String objectWord, int objectName, String groupWord, int groupName, String source) {
    public NameLimits {
        if (objectName < 1 || groupName < 1) {
            throw new IllegalArgumentException("name limits are positive");
        }
    }
}
