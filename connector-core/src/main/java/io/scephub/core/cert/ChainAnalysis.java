package io.scephub.core.cert;

import java.util.List;

/**
 * How the certificates of a file chain together. {@code properOrder} lists file positions leaf
 * first, then each issuer up to the root; with several chains in one file they follow each other.
 */
public record ChainAnalysis(
        List<Integer> fileOrder,
        List<Integer> properOrder,
        boolean wrongOrder,
        int chainCount,
        List<ChainLink> links,
        boolean signaturesVerify,
        boolean endsInSelfSignedRoot) {
    public ChainAnalysis {
        fileOrder = List.copyOf(fileOrder);
        properOrder = List.copyOf(properOrder);
        links = List.copyOf(links);
    }
}
