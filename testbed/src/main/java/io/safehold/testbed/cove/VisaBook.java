package io.safehold.testbed.cove;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The visas the emulator has issued. A login opens a chain; every call on the chain keeps it alive
 * for another {@code lifetime}; every {@code rotateEvery} calls the chain gets a new visa, and the
 * one it replaces stays valid for {@code grace} only. This is the documented behaviour of Cove
 * (each response carries a new visa, a chain dies after 15 minutes without a call) made stricter,
 * so a client that does not follow the newest visa fails here.
 */
final class VisaBook {

  private static final class Chain {
    final CoveTenant tenant;
    Visa current;
    int callsOnCurrent;

    Chain(CoveTenant tenant) {
      this.tenant = tenant;
    }
  }

  private static final class Visa {
    final String token;
    final Chain chain;
    Instant expiresAt;
    Instant supersededAt;

    Visa(String token, Chain chain, Instant expiresAt) {
      this.token = token;
      this.chain = chain;
      this.expiresAt = expiresAt;
    }
  }

  private final Clock clock;
  private final Duration lifetime;
  private final Duration grace;
  private final int rotateEvery;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Visa> visas = new HashMap<>();

  VisaBook(Clock clock, Duration lifetime, Duration grace, int rotateEvery) {
    this.clock = clock;
    this.lifetime = lifetime;
    this.grace = grace;
    this.rotateEvery = rotateEvery;
  }

  /** Opens a new chain for a tenant that just logged in and returns its first visa. */
  synchronized String open(CoveTenant tenant) {
    Chain chain = new Chain(tenant);
    issue(chain);
    return chain.current.token;
  }

  /**
   * Checks the visa a call carries and counts the call on its chain.
   *
   * @return the tenant the visa was issued to
   * @throws RpcError when the visa is missing, unknown, expired or superseded too long ago
   */
  synchronized CoveTenant admit(String token) throws RpcError {
    if (token == null || token.isEmpty()) {
      throw new RpcError(
          RpcError.OPERATION_FAILED, "Operation failed: the request carries no visa; call Login");
    }
    Visa visa = visas.get(token);
    if (visa == null) {
      throw new RpcError(RpcError.OPERATION_FAILED, "Operation failed: the visa is not valid");
    }
    Instant now = clock.instant();
    boolean expired = !now.isBefore(visa.expiresAt);
    boolean pastGrace = visa.supersededAt != null && !now.isBefore(visa.supersededAt.plus(grace));
    if (expired || pastGrace) {
      throw new RpcError(RpcError.OPERATION_FAILED, "Operation failed: the visa has expired");
    }
    Chain chain = visa.chain;
    chain.current.expiresAt = now.plus(lifetime);
    chain.callsOnCurrent++;
    return chain.tenant;
  }

  /**
   * The visa to send back after a call admitted with {@code token}: the chain's newest, rotated
   * first when the chain has had {@code rotateEvery} calls on its current visa.
   */
  synchronized String respond(String token) {
    Chain chain = visas.get(token).chain;
    if (chain.callsOnCurrent >= rotateEvery) {
      chain.current.supersededAt = clock.instant();
      issue(chain);
    }
    return chain.current.token;
  }

  /** The newest visa of the chain {@code token} belongs to, or null for an unknown visa. */
  synchronized String newestOf(String token) {
    Visa visa = token == null ? null : visas.get(token);
    return visa == null ? null : visa.chain.current.token;
  }

  /** Ends every chain, as 15 minutes without a call would. */
  synchronized void expireAll() {
    Instant now = clock.instant();
    visas.values().forEach(visa -> visa.expiresAt = now);
  }

  private void issue(Chain chain) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Visa visa = new Visa(token, chain, clock.instant().plus(lifetime));
    visas.put(token, visa);
    chain.current = visa;
    chain.callsOnCurrent = 0;
  }
}
