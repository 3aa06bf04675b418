package io.scephub.core.model;

import java.util.List;

/** Which CA issues the device certificates: Okta's own, or a customer CA whose chain is uploaded to Okta. */
public sealed interface CaSpec permits CaSpec.OktaCa, CaSpec.CustomCa {

    /** Okta as the CA: Okta adds the Device Access extension itself, and there is no SCEP renewal. */
    record OktaCa() implements CaSpec {
    }

    /** A customer CA: the chain (DER certificates, issuing CA first, root last) is uploaded to Okta. */
    record CustomCa(String name, List<byte[]> chainDer, String source) implements CaSpec {
        public CustomCa {
            chainDer = chainDer.stream().map(byte[]::clone).toList();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof CustomCa other) || !name.equals(other.name) || chainDer.size() != other.chainDer.size()) {
                return false;
            }
            for (int i = 0; i < chainDer.size(); i++) {
                if (!java.util.Arrays.equals(chainDer.get(i), other.chainDer.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = name.hashCode();
            for (byte[] der : chainDer) {
                h = 31 * h + java.util.Arrays.hashCode(der);
            }
            return h;
        }

        @Override
        public String toString() {
            return "CustomCa[name=" + name + ", certificates=" + chainDer.size() + ", source=" + source + "]";
        }
    }
}
