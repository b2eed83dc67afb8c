package dev.cps.calendar.app.http;

/** An answer other than success: its HTTP status, a stable code for programs and a message for people. */
public class ApiError extends RuntimeException {

    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiError invalid(String message) {
        return new ApiError(400, "invalid", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not-found", message);
    }

    public static ApiError methodNotAllowed(String message) {
        return new ApiError(405, "method-not-allowed", message);
    }

    public static ApiError notAcceptable(String message) {
        return new ApiError(406, "not-acceptable", message);
    }

    public static ApiError tooLarge(int maxBytes) {
        return new ApiError(413, "too-large", "the request body is larger than " + maxBytes + " bytes");
    }

    public static ApiError unsupportedMediaType(String contentType) {
        return new ApiError(415, "unsupported-media-type",
                "send the body as Content-Type: application/json" + (contentType == null ? "" : ", not " + contentType));
    }

    public static ApiError notProvisioned() {
        return new ApiError(503, "not-provisioned", "this calendar is not provisioned yet");
    }

    /** The same words whatever failed inside: people get no internal addresses or driver messages. */
    public static ApiError redisUnavailable() {
        return new ApiError(503, "redis-unavailable", "the calendar's storage (Redis) is unreachable; try again shortly");
    }

    /** Reads still work; a write needs an operator to free space or raise the limit. */
    public static ApiError storageFull() {
        return new ApiError(507, "storage-full", "the calendar's storage (Redis) is full, so nothing can be booked or "
                + "changed; reading works; ask the operator to free space or raise its memory limit");
    }

    /** Redis holds something this app cannot read where a request needs it: the server's fault, never the client's. */
    public static ApiError unreadableData() {
        return new ApiError(500, "unreadable-data", "the calendar's storage holds data this app cannot read here; "
                + "the app's log says what; ask the operator");
    }

    /** An error known only by its status, as Jetty or Javalin give it: the code that status has everywhere. */
    public static ApiError forStatus(int status, String message) {
        String code = switch (status) {
            case 400 -> "invalid";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "timeout";
            case 413 -> "too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "invalid";
        };
        return new ApiError(status, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
