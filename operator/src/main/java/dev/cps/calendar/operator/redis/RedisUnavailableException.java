package dev.cps.calendar.operator.redis;

/** Redis did not answer (or refused the operator's admin credentials): the reconcile is retried with backoff. */
public class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
