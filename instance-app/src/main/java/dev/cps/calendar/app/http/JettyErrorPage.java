package dev.cps.calendar.app.http;

import dev.cps.calendar.api.ContractJson;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to a request Jetty refuses before the app sees it (a bad Host, an ambiguous path, a
 * URI or headers too long, a body that trickles): the app's JSON error shape and security
 * headers, instead of Jetty's HTML page.
 */
final class JettyErrorPage extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        write(response, callback, ApiError.forStatus(code, plain(code, message)));
    }

    static void write(Response response, Callback callback, ApiError error) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("message", error.getMessage());
        response.setStatus(error.status());
        SecurityHeaders.ALL.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put("Cache-Control", "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, ContractJson.write(body), callback);
    }

    /** Jetty's reason where it is one a person can read, otherwise what the status means. */
    private static String plain(int code, String message) {
        boolean internal = message == null || message.isBlank() || message.contains("Exception") || message.contains("org.eclipse");
        String reason = internal ? null : message;
        String what = switch (code) {
            case 400 -> "the request is malformed";
            case 408 -> "the request was not sent in time";
            case 413 -> "the request body is too large";
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            case 500 -> "something went wrong on our side";
            default -> "the request cannot be served";
        };
        boolean sameWords = reason == null || reason.equalsIgnoreCase(what)
                || reason.equalsIgnoreCase(org.eclipse.jetty.http.HttpStatus.getMessage(code));
        return sameWords ? what : what + ": " + reason;
    }
}
