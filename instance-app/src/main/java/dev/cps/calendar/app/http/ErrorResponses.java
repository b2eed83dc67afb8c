package dev.cps.calendar.app.http;

import dev.cps.calendar.app.domain.BookingConflictException;
import dev.cps.calendar.app.domain.BookingNotFoundException;
import dev.cps.calendar.app.domain.InvalidBookingException;
import dev.cps.calendar.app.store.StorageFullException;
import dev.cps.calendar.app.store.StoreUnavailableException;
import dev.cps.calendar.app.store.UnreadableStoredData;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every failure becomes {@code {"error": "<code>", "message": "<what is wrong>"}} with its status:
 * domain exceptions, Javalin's own (body too large, ...), unknown routes and wrong methods alike.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final String ANSWERED = "api-error-answered";

    private ErrorResponses() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(ApiError.class, (e, ctx) -> answer(ctx, e));
        routes.exception(InvalidBookingException.class, (e, ctx) -> answer(ctx, ApiError.invalid(e.getMessage())));
        routes.exception(BookingConflictException.class, (e, ctx) -> answer(ctx, new ApiError(409, "conflict", e.getMessage())));
        routes.exception(BookingNotFoundException.class, (e, ctx) -> answer(ctx, ApiError.notFound(e.getMessage())));
        routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            answer(ctx, ApiError.redisUnavailable());
        });
        routes.exception(StorageFullException.class, (e, ctx) -> {
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            answer(ctx, ApiError.storageFull());
        });
        routes.exception(UnreadableStoredData.class, (e, ctx) -> {
            // what Redis holds is wrong, not the request: the operator's log says what, the client gets no details
            LOG.error("{} {}: the stored data cannot be read: {}", ctx.method(), ctx.path(), e.getMessage());
            answer(ctx, ApiError.unreadableData());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, fromJavalin(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> {
            if (clientWentAway(e)) {
                // not the app's failure: one line, no stack trace; nobody reads the answer
                LOG.info("{} {}: the client left before its request body was complete", ctx.method(), ctx.path());
                answer(ctx, ApiError.invalid("the request body ended before its announced length"));
                return;
            }
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, new ApiError(500, "internal", "something went wrong on our side"));
        });
        routes.error(408, ctx -> answerUnlessAnswered(ctx, ApiError.forStatus(408,
                "the request body arrived too slowly; send it at once")));
        routes.error(404, ctx -> answerUnlessAnswered(ctx,
                ApiError.notFound("nothing here: " + ctx.method() + " " + ctx.path())));
        routes.error(405, ctx -> answerUnlessAnswered(ctx,
                ApiError.methodNotAllowed(ctx.method() + " is not allowed on " + ctx.path())));
    }

    public static void answer(Context ctx, ApiError error) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("message", error.getMessage());
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(error.status()).json(body);
    }

    private static void answerUnlessAnswered(Context ctx, ApiError error) {
        if (ctx.attribute(ANSWERED) == null) {
            answer(ctx, error);
        }
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.io.EofException) {
                return true;
            }
        }
        return false;
    }

    private static ApiError fromJavalin(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 413 -> ApiError.tooLarge(JsonBody.MAX_BYTES);
            case 404 -> ApiError.notFound("nothing here: " + ctx.method() + " " + ctx.path());
            case 405 -> ApiError.methodNotAllowed(ctx.method() + " is not allowed on " + ctx.path());
            case 415 -> ApiError.unsupportedMediaType(null);
            default -> ApiError.forStatus(e.getStatus(), e.getMessage());
        };
    }
}
