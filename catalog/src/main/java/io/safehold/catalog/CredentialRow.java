package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/** A stored credential; the secret fields hold AES-GCM ciphertext, never plain text. */
public record CredentialRow(
    UUID id,
    String name,
    String kind,
    String username,
    byte[] secretEnc,
    byte[] passphraseEnc,
    Instant createdAt) {}
