package io.scephub.intune;

import com.microsoft.kiota.serialization.ValuedEnum;
import java.util.Collection;
import java.util.EnumSet;
import java.util.stream.Collectors;

/** Converts between Graph SDK enums (plain and flag) and the strings Graph sends on the wire. */
final class GraphEnums {

    private GraphEnums() {
    }

    static <E extends Enum<E> & ValuedEnum> E parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.getValue().equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(value + " is not a Graph " + type.getSimpleName() + " value");
    }

    /** A flag enum from its comma-joined wire form. */
    static <E extends Enum<E> & ValuedEnum> EnumSet<E> parseFlags(Class<E> type, String commaJoined) {
        EnumSet<E> set = EnumSet.noneOf(type);
        for (String part : commaJoined.split(",")) {
            if (!part.isBlank()) {
                set.add(parse(type, part.trim()));
            }
        }
        return set;
    }

    static String value(ValuedEnum value) {
        return value == null ? null : value.getValue();
    }

    /** A flag enum in its wire form, members in a stable (alphabetical) order so values compare equal. */
    static String flags(Collection<? extends ValuedEnum> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        return IntuneVocabulary.flags(values.stream().map(ValuedEnum::getValue).collect(Collectors.toList()));
    }
}
